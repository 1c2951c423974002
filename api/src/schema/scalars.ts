import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

builder.scalarType('Date', {
  description: 'A calendar date (business date), ISO 8601 "YYYY-MM-DD", no time and no time zone.',
  serialize: (value) => value.toISOString().slice(0, 10),
  parseValue: (value) => {
    if (
      typeof value !== 'string' ||
      !ISO_DATE.test(value) ||
      Number.isNaN(Date.parse(`${value}T00:00:00Z`))
    ) {
      throw new GraphQLError(`Date must be "YYYY-MM-DD", got ${JSON.stringify(value)}.`);
    }
    return value;
  },
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with time zone (UTC on output).',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const parsed = typeof value === 'string' ? new Date(value) : null;
    if (!parsed || Number.isNaN(parsed.getTime()))
      throw new GraphQLError('DateTime must be an ISO 8601 string.');
    return parsed;
  },
});

builder.scalarType('Cents', {
  description:
    'An amount of U.S. money in integer cents, as a string of digits (e.g. "1234567" is $12,345.67) so no client ever rounds it through floating point.',
  serialize: (value) => value.toString(),
  parseValue: (value) => {
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    throw new GraphQLError('Cents must be an integer number of cents, e.g. "1234567".');
  },
  parseLiteral: (node) => {
    if ((node.kind === Kind.STRING || node.kind === Kind.INT) && /^-?\d+$/.test(node.value))
      return BigInt(node.value);
    throw new GraphQLError('Cents must be an integer number of cents, e.g. "1234567".');
  },
});

builder.scalarType('File', {
  description:
    'A file sent with the GraphQL multipart request specification (multipart/form-data: operations, map, and the file part). Input only.',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar.');
  },
  parseValue: (value) => {
    // Duck-typed: Yoga's fetch implementation may hand over its own File class rather than Node's.
    if (typeof value === 'object' && value !== null && 'stream' in value && 'name' in value)
      return value as File;
    throw new GraphQLError(
      'File must be a file part of a multipart request (GraphQL multipart request specification).',
    );
  },
});
