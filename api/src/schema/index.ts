// Every type registers itself in its own module; importing them all and building gives the schema.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.ts';
import './scalars.ts';
import './errors.ts';
import './viewer.ts';
import './session.ts';
import './entry.ts';
import './declaration.ts';
import './ingestion.ts';
import './ach-enrollment.ts';
import './form-4811.ts';
import './member.ts';
import './api-token.ts';
import './processing-cycle.ts';
import './review-queue.ts';
import './refund-report.ts';

export const schema = builder.toSchema({ sortSchema: false });

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
