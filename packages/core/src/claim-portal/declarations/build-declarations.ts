// Building declarations instead of typing them. From the account's entries (filtered by importer, entry
// dates, liquidation status, port) those the rules accept today and no accepted declaration holds, as
// template CSVs of at most 9,999 entries and under 1 MB each, or filed at once. And rework: from a
// declaration's rejected entries, the follow-up declaration with those whose problem has since been fixed
// (a post-summary correction, a lifted flag).
import { type TenantTransaction, withTenant } from '@cape/db';
import { type IsoDate, isIsoDate, type LiquidationStatus, sameImporterNumber } from '@cape/domain';
import { requireTenantActor } from '../../authorization.ts';
import { type ApiTokenActor, type ServiceContext, tenantOfActor, type UserActor } from '../../context.ts';
import { NotAllowedError } from '../../errors.ts';
import {
  DECLARATION_HEADER,
  type DeclarationFileRow,
  MAX_DECLARATION_ENTRIES,
  MAX_DECLARATION_FILE_BYTES,
} from './declaration-file.ts';
import type { EvaluatedEntry } from './evaluate-entries.ts';
import { type Attestation, type FilingResult, fileDeclaration } from './file-declaration.ts';
import { type FilerScope, loadFilerScope, validateEntries } from './validate-declaration.ts';

export interface BuildFilters {
  /** Only entries of this importer of record (any spelling of the number). */
  iorNumber?: string | null;
  entryDateFrom?: IsoDate | null;
  entryDateTo?: IsoDate | null;
  liquidationStatuses?: LiquidationStatus[] | null;
  portCode?: string | null;
}

export interface BuiltFile {
  fileName: string;
  content: string;
  entryCount: number;
  /** Refundable IEEPA duty of the file's entries. */
  ieepaPrincipalCents: bigint;
}

export interface BuildResult {
  filingDate: IsoDate;
  /** Entries matching the filters. */
  consideredCount: number;
  /** Of those, accepted by the rules today and on no accepted declaration. */
  eligibleCount: number;
  files: BuiltFile[];
}

const CHUNK = MAX_DECLARATION_ENTRIES;

function checkFilters(filters: BuildFilters): void {
  for (const date of [filters.entryDateFrom, filters.entryDateTo]) {
    if (date != null && !isIsoDate(date)) throw new NotAllowedError(`"${date}" is not a date (YYYY-MM-DD).`);
  }
  if (filters.portCode != null && !/^[0-9]{4}$/.test(filters.portCode)) {
    throw new NotAllowedError('A port code has 4 digits.');
  }
}

/** Template CSVs of the entries, in order, each within CBP's limits. */
export function declarationFiles(
  entries: readonly EvaluatedEntry[],
  filingDate: IsoDate,
  prefix: string,
): BuiltFile[] {
  const chunks: EvaluatedEntry[][] = [];
  let current: EvaluatedEntry[] = [];
  let bytes = DECLARATION_HEADER.length + 2;
  for (const entry of entries) {
    const lineBytes = entry.entryNumber.length + 2;
    if (current.length === CHUNK || bytes + lineBytes >= MAX_DECLARATION_FILE_BYTES) {
      chunks.push(current);
      current = [];
      bytes = DECLARATION_HEADER.length + 2;
    }
    current.push(entry);
    bytes += lineBytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk, i) => ({
    fileName: `${prefix}_${filingDate}_${i + 1}_of_${chunks.length}.csv`,
    content: `${[DECLARATION_HEADER, ...chunk.map((e) => e.entryNumber)].join('\r\n')}\r\n`,
    entryCount: chunk.length,
    ieepaPrincipalCents: chunk.reduce((sum, e) => sum + (e.ieepaPrincipalCents ?? 0n), 0n),
  }));
}

async function eligibleOf(
  context: ServiceContext,
  actor: UserActor | ApiTokenActor,
  entryNumbers: (scope: FilerScope, tx: TenantTransaction) => Promise<string[]>,
  filingDate: IsoDate,
): Promise<{ considered: number; evaluated: EvaluatedEntry[] }> {
  return await withTenant(
    context.db,
    tenantOfActor(actor),
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      const scope = await loadFilerScope(tx, actor);
      const numbers = await entryNumbers(scope, tx);
      const evaluated: EvaluatedEntry[] = [];
      // The same one-read validation as filing, a declaration's worth of entries at a time.
      for (let start = 0; start < numbers.length; start += CHUNK) {
        const rows: DeclarationFileRow[] = numbers
          .slice(start, start + CHUNK)
          .map((entryNumber, i) => ({ row: start + i + 2, rawValue: entryNumber, entryNumber }));
        const validation = await validateEntries(tx, scope, rows, filingDate);
        evaluated.push(...validation.entries);
      }
      return { considered: numbers.length, evaluated };
    },
    { timeoutMs: 120_000 },
  );
}

export async function buildDeclarations(
  context: ServiceContext,
  filters: BuildFilters = {},
): Promise<BuildResult> {
  const actor = requireTenantActor(context.actor, 'declaration:file');
  checkFilters(filters);
  const filingDate = await context.clock.today();
  const { considered, evaluated } = await eligibleOf(
    context,
    actor,
    async (scope, tx) => {
      const own = scope.filer.kind === 'BROKER' ? 'e.filer_organization_id' : 'e.importer_organization_id';
      const rows = await tx.$queryRawUnsafe<{ entry_number: string }[]>(
        `SELECT e.entry_number::text AS entry_number FROM entry_summaries e
         WHERE ${own} = $1::uuid
           AND ($2::date IS NULL OR e.entry_date >= $2::date) AND ($3::date IS NULL OR e.entry_date <= $3::date)
           AND ($4::text[] IS NULL OR e.liquidation_status::text = ANY ($4::text[]))
           AND ($5::text IS NULL OR e.port_code = $5::bpchar)
         ORDER BY e.entry_number`,
        actor.organizationId,
        filters.entryDateFrom ?? null,
        filters.entryDateTo ?? null,
        filters.liquidationStatuses ?? null,
        filters.portCode ?? null,
      );
      return rows.map((r) => r.entry_number);
    },
    filingDate,
  );
  const iorNumber = filters.iorNumber ?? null;
  const eligible = evaluated.filter(
    (e) =>
      e.outcome === 'ACCEPTED' &&
      (iorNumber === null || sameImporterNumber(iorNumber, e.facts.entry!.iorNumber)),
  );
  const consideredCount =
    iorNumber === null
      ? considered
      : evaluated.filter(
          (e) => e.facts.entry !== null && sameImporterNumber(iorNumber, e.facts.entry.iorNumber),
        ).length;
  return {
    filingDate,
    consideredCount,
    eligibleCount: eligible.length,
    files: declarationFiles(eligible, filingDate, 'CAPE_declaration'),
  };
}

/** Builds and files: one declaration per file (each its own filing, claim number and attestation). */
export async function fileBuiltDeclarations(
  context: ServiceContext,
  filters: BuildFilters,
  attestation: Attestation,
): Promise<FilingResult[]> {
  const built = await buildDeclarations(context, filters);
  const results: FilingResult[] = [];
  for (const file of built.files) {
    results.push(
      await fileDeclaration(context, {
        ...attestation,
        fileName: file.fileName,
        content: Buffer.from(file.content),
      }),
    );
  }
  return results;
}

export interface ReworkResult {
  filingDate: IsoDate;
  /** The declaration's rejected entries the rules accept today. */
  fixed: EvaluatedEntry[];
  /** Those still rejected, with today's reasons. */
  stillRejected: EvaluatedEntry[];
  /** The follow-up declaration file (null when nothing is fixed). */
  file: BuiltFile | null;
}

/** What a follow-up of a declaration would hold today: its rejected entries whose problem is fixed. */
export async function buildRework(context: ServiceContext, declarationId: string): Promise<ReworkResult> {
  const actor = requireTenantActor(context.actor, 'declaration:file');
  const filingDate = await context.clock.today();
  if (!/^[0-9a-f-]{36}$/i.test(declarationId)) throw new NotAllowedError('No such declaration.');
  const { evaluated } = await eligibleOf(
    context,
    actor,
    async (_scope, tx) => {
      const declaration = await tx.capeDeclaration.findUnique({
        where: { id: declarationId },
        select: { claimNumber: true },
      });
      if (declaration === null) throw new NotAllowedError('No such declaration.');
      if (declaration.claimNumber === null) {
        throw new NotAllowedError('Only a filed declaration has rejected entries to rework.');
      }
      const rejected = await tx.declarationEntry.findMany({
        where: { declarationId, outcome: 'REJECTED', entryNumber: { not: null } },
        orderBy: { rowNumber: 'asc' },
        select: { entryNumber: true },
      });
      return rejected.map((r) => r.entryNumber!);
    },
    filingDate,
  );
  const fixed = evaluated.filter((e) => e.outcome === 'ACCEPTED');
  return {
    filingDate,
    fixed,
    stillRejected: evaluated.filter((e) => e.outcome === 'REJECTED'),
    file:
      fixed.length === 0
        ? null
        : declarationFiles(fixed, filingDate, `CAPE_rework_${declarationId.slice(0, 8)}`)[0]!,
  };
}

/** Files the follow-up declaration of `declarationId` (linked to it), when anything is fixed. */
export async function fileRework(
  context: ServiceContext,
  declarationId: string,
  attestation: Attestation,
): Promise<FilingResult | null> {
  const rework = await buildRework(context, declarationId);
  if (rework.file === null) return null;
  return await fileDeclaration(context, {
    ...attestation,
    fileName: rework.file.fileName,
    content: Buffer.from(rework.file.content),
    reworkOfId: declarationId,
  });
}
