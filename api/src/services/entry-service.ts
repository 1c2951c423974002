// Entry summaries the viewer's organization may see: a broker sees what its filer codes filed, an
// importer what was filed for its IOR numbers (or by itself), an operator everything. The explicit
// filter lets PostgreSQL use the tenant indexes; row-level security still applies underneath.
import { type LiquidationStatus, type Prisma, type PrismaClient, withTenant } from '@cape/db';
import { tenantOf, type Viewer } from '../viewer.ts';
import { requirePermission } from './authorization.ts';

export interface EntryFilter {
  /** A whole or partial entry number; hyphens, spaces and case are ignored. */
  entryNumber?: string | null;
  liquidationStatus?: LiquidationStatus | null;
}

/** A page in keyset order (newest first); `after`/`before` are entry ids from cursors. */
export interface EntryPage {
  after?: bigint;
  before?: bigint;
  limit: number;
  /** Read from the end backwards (for `last`). */
  inverted: boolean;
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

function visibleTo(viewer: Viewer): Prisma.EntrySummaryWhereInput {
  switch (viewer.organizationKind) {
    case 'BROKER':
      return { filerOrganizationId: viewer.organizationId };
    case 'IMPORTER':
      return {
        OR: [
          { importerOrganizationId: viewer.organizationId },
          { filerOrganizationId: viewer.organizationId },
        ],
      };
    case 'OPERATOR':
      return {};
    case 'NOTIFY_PARTY':
      return { id: { lt: 0 } };
  }
}

function matching(filter: EntryFilter | undefined): Prisma.EntrySummaryWhereInput {
  const where: Prisma.EntrySummaryWhereInput = {};
  const fragment = filter?.entryNumber?.replace(/[\s-]/g, '').toUpperCase();
  if (fragment) where.entryNumber = { startsWith: fragment };
  if (filter?.liquidationStatus) where.liquidationStatus = filter.liquidationStatus;
  return where;
}

export async function listEntries(
  prisma: PrismaClient,
  viewer: Viewer | null,
  page: EntryPage,
  filter?: EntryFilter,
) {
  const allowed = requirePermission(viewer, 'entry:read');
  const cursor: Prisma.BigIntFilter = {};
  if (page.after !== undefined) cursor.lt = page.after;
  if (page.before !== undefined) cursor.gt = page.before;
  return await withTenant(prisma, tenantOf(allowed), (tx) =>
    tx.entrySummary.findMany({
      where: { AND: [visibleTo(allowed), matching(filter), { id: cursor }] },
      orderBy: { id: page.inverted ? 'asc' : 'desc' },
      take: Math.min(page.limit, MAX_PAGE_SIZE + 1),
      include: { importer: { select: { partyNumber: true, name: true } } },
    }),
  );
}

export async function countEntries(
  prisma: PrismaClient,
  viewer: Viewer | null,
  filter?: EntryFilter,
): Promise<number> {
  const allowed = requirePermission(viewer, 'entry:read');
  return await withTenant(prisma, tenantOf(allowed), (tx) =>
    tx.entrySummary.count({ where: { AND: [visibleTo(allowed), matching(filter)] } }),
  );
}

export type ListedEntry = Awaited<ReturnType<typeof listEntries>>[number];
