// Past ingestions: an uploader's organization sees its own, the operator everyone's (row-level security on
// entry_summary_ingestions says the same underneath). Newest first, in keyset pages.
import { type EntrySummaryIngestionModel, type Prisma, withTenant } from '@cape/db';
import { requireTenantActor } from '../../authorization.ts';
import { type ServiceContext, tenantOfActor } from '../../context.ts';
import type { EntryIngestion } from './ingest.ts';
import type { RowError } from './row-validation.ts';

export const MAX_INGESTION_PAGE_SIZE = 100;

/** A position in the list: the started-at instant and id of an ingestion (ties broken by id). */
export interface IngestionCursor {
  startedAt: Date;
  id: string;
}

export interface IngestionPage {
  /** Ingestions older than this one. */
  after?: IngestionCursor;
  /** Ingestions newer than this one. */
  before?: IngestionCursor;
  limit: number;
  /** Read from the oldest end (for `last`). */
  inverted: boolean;
}

function toIngestion(row: EntrySummaryIngestionModel): EntryIngestion {
  return {
    ...row,
    outcome: row.outcome,
    businessDate: row.businessDate.toISOString().slice(0, 10),
    errors: row.errors as unknown as RowError[],
  };
}

function olderThan(cursor: IngestionCursor): Prisma.EntrySummaryIngestionWhereInput {
  return {
    OR: [{ startedAt: { lt: cursor.startedAt } }, { startedAt: cursor.startedAt, id: { lt: cursor.id } }],
  };
}

function newerThan(cursor: IngestionCursor): Prisma.EntrySummaryIngestionWhereInput {
  return {
    OR: [{ startedAt: { gt: cursor.startedAt } }, { startedAt: cursor.startedAt, id: { gt: cursor.id } }],
  };
}

export async function listEntryIngestions(
  context: ServiceContext,
  page: IngestionPage,
): Promise<EntryIngestion[]> {
  const actor = requireTenantActor(context.actor, 'entry:ingest');
  const where: Prisma.EntrySummaryIngestionWhereInput[] = [];
  // The operator sees every organization's; others are limited by row-level security and, for the planner
  // (organization_id, started_at index), explicitly.
  if (actor.organizationKind !== 'OPERATOR') where.push({ organizationId: actor.organizationId });
  if (page.after) where.push(olderThan(page.after));
  if (page.before) where.push(newerThan(page.before));
  const direction = page.inverted ? 'asc' : 'desc';
  const rows = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.entrySummaryIngestion.findMany({
      where: { AND: where },
      orderBy: [{ startedAt: direction }, { id: direction }],
      take: Math.min(page.limit, MAX_INGESTION_PAGE_SIZE + 1),
    }),
  );
  return rows.map(toIngestion);
}

/** One ingestion by id, or null when there is none the actor may see. */
export async function findEntryIngestion(
  context: ServiceContext,
  id: string,
): Promise<EntryIngestion | null> {
  const actor = requireTenantActor(context.actor, 'entry:ingest');
  const row = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.entrySummaryIngestion.findUnique({ where: { id } }),
  );
  return row === null ? null : toIngestion(row);
}
