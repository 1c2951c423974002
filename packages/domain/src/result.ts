/** Outcome of a parser: a value, or a specific error a person can act on. Parsers never throw for bad input. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** The error shape every parser in this package returns: a stable code plus a human message. */
export interface ParseError<C extends string> {
  code: C;
  message: string;
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
