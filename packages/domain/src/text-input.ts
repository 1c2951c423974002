/**
 * Cleanup shared by the identifier parsers: values arrive from CSV cells and web forms, so they may carry
 * a UTF-8 byte-order mark, surrounding whitespace (including a stray CR from CRLF files) and the quotes a
 * spreadsheet puts around text.
 */

const QUOTES = new Set(['"', "'"]);

/** Removes a matching pair of surrounding quotes, repeatedly (`'"x"'` -> `x`), so the result is stable. */
export function stripSurroundingQuotes(value: string): string {
  let current = value;
  while (current.length >= 2 && QUOTES.has(current[0]!) && current.at(-1) === current[0]) {
    current = current.slice(1, -1);
  }
  return current;
}

/** BOM anywhere, outer whitespace and surrounding quotes removed; idempotent. */
export function cleanCell(raw: string): string {
  let current = raw.replaceAll('\uFEFF', '');
  for (;;) {
    const next = stripSurroundingQuotes(current.trim());
    if (next === current) return current;
    current = next;
  }
}

/** Lists distinct characters for a message, e.g. `"@", "/"`; invisible ones are shown as code points. */
export function describeCharacters(chars: Iterable<string>): string {
  return [...new Set(chars)]
    .map((c) =>
      /^[\x21-\x7e]$/.test(c)
        ? `"${c}"`
        : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    )
    .join(', ');
}
