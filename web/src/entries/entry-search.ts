// What the entries list is showing, kept in the address (?q=…&status=…&sort=…&dir=…) so it survives a
// reload and can be shared. The entry number rules are the API's own (EntryFilter in the schema).
import { z } from 'zod';
import type { LiquidationStatus } from '../graphql/generated/graphql.ts';

export const LIQUIDATION_STATUSES = [
  'UNLIQUIDATED',
  'EXTENDED',
  'SUSPENDED',
  'UNDER_REVIEW',
  'LIQUIDATED',
  'FINAL',
] as const satisfies readonly LiquidationStatus[];

/** Columns the list can be sorted by (see SORT_LIMIT in EntriesPage for when sorting applies). */
export const ENTRY_SORT_KEYS = [
  'entryNumber',
  'importer',
  'entryDate',
  'liquidation',
  'ieepaDuty',
  'totalDuty',
] as const;
export type EntrySortKey = (typeof ENTRY_SORT_KEYS)[number];

export const EntryNumberSearchSchema = z
  .string()
  .trim()
  .max(20, 'An entry number has 11 characters (13 with hyphens).')
  .regex(/^[A-Za-z0-9\s-]*$/, 'Entry numbers contain only letters, digits and hyphens.');

export const EntrySearchSchema = z.object({
  q: EntryNumberSearchSchema.optional().catch(undefined),
  status: z.enum(LIQUIDATION_STATUSES).optional().catch(undefined),
  sort: z.enum(ENTRY_SORT_KEYS).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
});
export type EntrySearch = z.infer<typeof EntrySearchSchema>;
