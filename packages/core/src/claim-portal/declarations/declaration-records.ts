// Writing declarations and their entry results. The entries of a declaration go in with ONE statement; the
// partial unique index declaration_entries_accepted_once (an entry on at most one accepted declaration) is the
// arbiter of ON CONFLICT DO NOTHING, so when filings overlap each entry is accepted exactly once and the
// others record it, in a second statement, as already on the winner's declaration.
import type { Prisma, TenantTransaction } from '@cape/db';
import { claimNumberFor, type IsoDate } from '@cape/domain';
import type { FileProblem } from './declaration-file.ts';
import { alreadyOnDeclarationDetail, type EntryReasonView, type EvaluatedEntry } from './evaluate-entries.ts';

/** What a declaration is, as services return it. */
export interface DeclarationView {
  id: string;
  organizationId: string;
  claimNumber: string | null;
  status: DeclarationStatus;
  fileName: string;
  fileSha256: string;
  fileSizeBytes: number;
  /** Rows holding an entry number. */
  rowCount: number;
  acceptedCount: number;
  rejectedCount: number;
  acceptedPrincipalCents: bigint;
  filingDate: IsoDate;
  ruleSetVersion: string;
  certificationVersion: string;
  certifiedAt: Date;
  submittedAt: Date;
  submittedByUserId: string;
  apiTokenId: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  idempotencyKey: string | null;
  /** File-level problems (FAILED_INITIAL_VALIDATION only). */
  fileProblems: FileProblem[];
  decidedByUserId: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  /** The approving admin's request (the two-person rule's second certification). */
  decisionClientAddress: string | null;
  decisionUserAgent: string | null;
  reworkOfId: string | null;
}

export type DeclarationStatus =
  | 'AWAITING_APPROVAL'
  | 'APPROVAL_DECLINED'
  | 'FAILED_INITIAL_VALIDATION'
  | 'ACCEPTED'
  | 'ACCEPTED_WITH_ERRORS'
  | 'REJECTED';

export const DECLARATION_SELECT = {
  id: true,
  organizationId: true,
  claimNumber: true,
  status: true,
  fileName: true,
  fileSha256: true,
  fileSizeBytes: true,
  rowCount: true,
  acceptedCount: true,
  rejectedCount: true,
  acceptedPrincipalCents: true,
  filingDate: true,
  ruleSetVersion: true,
  certificationVersion: true,
  certifiedAt: true,
  submittedAt: true,
  submittedByUserId: true,
  apiTokenId: true,
  clientAddress: true,
  userAgent: true,
  idempotencyKey: true,
  fileErrors: true,
  decidedByUserId: true,
  decidedAt: true,
  decisionNote: true,
  decisionClientAddress: true,
  decisionUserAgent: true,
  reworkOfId: true,
} as const satisfies Prisma.CapeDeclarationSelect;

type DeclarationRow = Prisma.CapeDeclarationGetPayload<{ select: typeof DECLARATION_SELECT }>;

export function declarationView(row: DeclarationRow): DeclarationView {
  const { fileErrors, filingDate, status, ...rest } = row;
  return {
    ...rest,
    status: status as DeclarationStatus,
    filingDate: filingDate.toISOString().slice(0, 10),
    fileProblems: (fileErrors ?? []) as unknown as FileProblem[],
  };
}

/** A business date for a @db.Date column. */
export function dateColumn(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export async function nextClaimNumber(tx: TenantTransaction): Promise<string> {
  const [row] = await tx.$queryRaw<{ value: bigint }[]>`SELECT nextval('cape_claim_number_seq') AS value`;
  return claimNumberFor(BigInt(row!.value));
}

const DETAIL_SEPARATOR = '\u001f';

const INSERT_ENTRIES_SQL = `
WITH inserted AS (
  INSERT INTO declaration_entries (declaration_id, row_number, organization_id, raw_value, entry_number,
                                   entry_summary_id, outcome, reason_codes, reason_details, rule_set_version,
                                   ieepa_principal_cents)
  SELECT $1::uuid, r.row_number, $2::uuid, r.raw_value, r.entry_number, r.entry_summary_id,
         r.outcome::"DeclarationEntryOutcome", string_to_array(r.reason_codes, ','),
         string_to_array(r.reason_details, E'\\x1f'), r.rule_set_version, r.principal
  FROM unnest($3::int[], $4::text[], $5::bpchar[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[],
              $11::bigint[])
       AS r(row_number, raw_value, entry_number, entry_summary_id, outcome, reason_codes, reason_details,
            rule_set_version, principal)
  -- One order for every filing: overlapping filings wait on each other's entries in the same order (no deadlock).
  ORDER BY r.entry_summary_id NULLS LAST
  ON CONFLICT (entry_summary_id) WHERE outcome = 'ACCEPTED' DO NOTHING
  RETURNING row_number
)
SELECT count(*)::int AS inserted FROM inserted`;

async function insertEntries(
  tx: TenantTransaction,
  declarationId: string,
  organizationId: string,
  entries: readonly EvaluatedEntry[],
): Promise<number> {
  const [result] = await tx.$queryRawUnsafe<{ inserted: number }[]>(
    INSERT_ENTRIES_SQL,
    declarationId,
    organizationId,
    entries.map((e) => e.row),
    entries.map((e) => e.rawValue),
    entries.map((e) => e.entryNumber),
    entries.map((e) => e.entrySummaryId?.toString() ?? null),
    entries.map((e) => e.outcome),
    entries.map((e) => e.reasons.map((r) => r.code).join(',')),
    entries.map((e) =>
      e.reasons.map((r) => r.detail.replaceAll(DETAIL_SEPARATOR, ' ')).join(DETAIL_SEPARATOR),
    ),
    entries.map((e) => e.ruleSetVersion),
    entries.map((e) => e.ieepaPrincipalCents?.toString() ?? null),
  );
  return result!.inserted;
}

/**
 * Inserts the evaluated entries of a declaration. Accepted entries another filing accepted first (the
 * partial unique index turned them away) are recorded as rejected, naming that filing's claim number.
 * Returns the entries as recorded.
 */
export async function recordDeclarationEntries(
  tx: TenantTransaction,
  declarationId: string,
  organizationId: string,
  entries: readonly EvaluatedEntry[],
  alreadyDeclared: (claimNumber: string) => EntryReasonView,
): Promise<EvaluatedEntry[]> {
  const inserted = await insertEntries(tx, declarationId, organizationId, entries);
  if (inserted === entries.length) return [...entries];

  // Lost races: accepted here, but another filing's insert of the same entry committed first.
  const missing = await tx.$queryRawUnsafe<{ row_number: number }[]>(
    `SELECT r.row_number FROM unnest($2::int[]) AS r(row_number)
     WHERE NOT EXISTS (SELECT 1 FROM declaration_entries d WHERE d.declaration_id = $1::uuid AND d.row_number = r.row_number)`,
    declarationId,
    entries.map((e) => e.row),
  );
  const missingRows = new Set(missing.map((m) => m.row_number));
  const lost = entries.filter((e) => missingRows.has(e.row));
  const claims = await tx.$queryRawUnsafe<{ entry_summary_id: bigint; claim_number: string }[]>(
    'SELECT entry_summary_id, claim_number FROM app_entries_on_accepted_declarations($1::bigint[])',
    lost.map((e) => e.entrySummaryId!.toString()),
  );
  const claimOf = new Map(claims.map((c) => [c.entry_summary_id.toString(), c.claim_number]));
  const rejected = lost.map((e): EvaluatedEntry => {
    const claim = claimOf.get(e.entrySummaryId!.toString());
    if (claim === undefined) {
      throw new Error(`Entry ${e.entryNumber} lost an acceptance race but no accepted declaration holds it`);
    }
    return { ...e, outcome: 'REJECTED', reasons: [alreadyDeclared(claim)] };
  });
  const again = await insertEntries(tx, declarationId, organizationId, rejected);
  if (again !== rejected.length) throw new Error('Rejected entries could not be recorded');
  const byRow = new Map(rejected.map((e) => [e.row, e]));
  return entries.map((e) => byRow.get(e.row) ?? e);
}

export { alreadyOnDeclarationDetail };

export interface DeclarationTotals {
  acceptedCount: number;
  rejectedCount: number;
  acceptedPrincipalCents: bigint;
  status: 'ACCEPTED' | 'ACCEPTED_WITH_ERRORS' | 'REJECTED';
}

/** CBP's claim statuses: all entries accepted, some dropped, or none accepted. */
export function totalsOf(entries: readonly EvaluatedEntry[]): DeclarationTotals {
  let acceptedCount = 0;
  let acceptedPrincipalCents = 0n;
  for (const entry of entries) {
    if (entry.outcome !== 'ACCEPTED') continue;
    acceptedCount++;
    acceptedPrincipalCents += entry.ieepaPrincipalCents ?? 0n;
  }
  const rejectedCount = entries.length - acceptedCount;
  const status = acceptedCount === 0 ? 'REJECTED' : rejectedCount === 0 ? 'ACCEPTED' : 'ACCEPTED_WITH_ERRORS';
  return { acceptedCount, rejectedCount, acceptedPrincipalCents, status };
}
