import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { ValidationError } from './errors.ts';

/** zod at the edge: a typed value, or a ValidationError listing every problem with its input path. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  path = 'input',
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: [path, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ValidationError(
    `The input has ${issues.length} problem${issues.length === 1 ? '' : 's'}.`,
    issues,
  );
}

/**
 * For query arguments, where a typed error union would burden every reader: the same problems, as a
 * GraphQL error that Yoga passes through unmasked (code BAD_USER_INPUT, issues in extensions).
 */
export function parseArguments<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  path: string,
): z.output<Schema> {
  try {
    return parseInput(schema, input, path);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const detail = error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new GraphQLError(`Invalid arguments. ${detail}`, {
      extensions: { code: 'BAD_USER_INPUT', issues: error.issues },
    });
  }
}

const INT8_MAX = 2n ** 63n - 1n;

/** An id from PostgreSQL's bigint (entry ids, cursors made of them): digits, no larger than int8 allows. */
export const BigintIdSchema = z
  .string()
  .regex(/^\d{1,19}$/, 'must be digits')
  .transform((digits) => BigInt(digits))
  .refine((id) => id <= INT8_MAX, 'is larger than any id');

/** A cursor from a previous page of a keyset-paged connection over bigint ids, checked at the edge. */
export function parseIdCursor(cursor: string | null | undefined): bigint | undefined {
  if (cursor == null) return undefined;
  const parsed = BigintIdSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new GraphQLError('Invalid cursor: use a cursor from a previous page.', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}
