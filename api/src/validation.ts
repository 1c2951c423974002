import { GraphQLError } from 'graphql';
import type { z } from 'zod';
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
