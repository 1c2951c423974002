// Both stages of validation, shared by filing and preflight: the file (bytes only), then who may list the
// entries (file level) and every entry's eligibility (entry level), with one read of the database.
import type { TenantTransaction } from '@cape/db';
import type { EligibilityFiler, IsoDate } from '@cape/domain';
import type { ApiTokenActor, UserActor } from '../../context.ts';
import {
  type DeclarationFileRow,
  type FileProblem,
  type FileProblemRow,
  MAX_LISTED_ROWS_PER_PROBLEM,
} from './declaration-file.ts';
import { type EntryFacts, existingEntryNumbers, loadEntryFacts } from './entry-facts.ts';
import { type EvaluatedEntry, evaluateEntries } from './evaluate-entries.ts';

export interface FilerScope {
  filer: EligibilityFiler;
  /** The organization's two-person rule. */
  declarationsNeedApproval: boolean;
}

/** What the filing account may list: its filer codes (broker) or its importer numbers (importer). */
export async function loadFilerScope(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
): Promise<FilerScope> {
  const [row] = await tx.$queryRaw<
    { need_approval: boolean; filer_codes: string[]; ior_numbers: string[] }[]
  >`SELECT o.declarations_need_approval AS need_approval,
           ARRAY(SELECT f.code::text FROM filer_codes f WHERE f.organization_id = o.id ORDER BY f.code) AS filer_codes,
           ARRAY(SELECT p.party_number FROM parties p
                 WHERE p.organization_id = o.id AND p.kind = 'IMPORTER_OF_RECORD' ORDER BY p.party_number) AS ior_numbers
    FROM organizations o WHERE o.id = ${actor.organizationId}::uuid`;
  if (row === undefined) throw new Error(`Organization ${actor.organizationId} is not visible to itself`);
  const filer: EligibilityFiler =
    actor.organizationKind === 'IMPORTER'
      ? { kind: 'IMPORTER', iorNumbers: row.ior_numbers }
      : { kind: 'BROKER', filerCodes: row.filer_codes };
  return { filer, declarationsNeedApproval: row.need_approval };
}

export function notPermittedProblem(rows: readonly FileProblemRow[], filer: EligibilityFiler): FileProblem {
  const who =
    filer.kind === 'BROKER'
      ? 'a broker account may list only entries filed under its own filer codes'
      : 'an importer account may list only entries of its own importer numbers';
  return {
    code: 'ENTRIES_NOT_PERMITTED',
    message:
      `${rows.length === 1 ? '1 entry' : `${rows.length.toLocaleString('en-US')} entries`} may not be listed by this account: ${who}. ` +
      'Remove them; the importer of record or the broker that filed the entry summary must declare them.',
    rows: rows.slice(0, MAX_LISTED_ROWS_PER_PROBLEM),
    rowCount: rows.length,
  };
}

export interface EntryValidation {
  /** ENTRIES_NOT_PERMITTED, or null when the filer may list every entry. */
  notPermitted: FileProblem | null;
  entries: EvaluatedEntry[];
  facts: EntryFacts[];
}

/** Stage 2 (and stage 1's authorization) for rows that passed the file checks. */
export async function validateEntries(
  tx: TenantTransaction,
  scope: FilerScope,
  rows: readonly DeclarationFileRow[],
  filingDate: IsoDate,
): Promise<EntryValidation> {
  const facts = await loadEntryFacts(tx, rows);
  const unseen = facts.filter((fact) => fact.entry === null).map((fact) => fact.entryNumber);
  const existing =
    scope.filer.kind === 'IMPORTER' && unseen.length > 0
      ? await existingEntryNumbers(tx, unseen)
      : new Set<string>();
  const evaluation = evaluateEntries(rows, facts, scope.filer, filingDate, existing);
  return {
    notPermitted:
      evaluation.notPermitted.length > 0 ? notPermittedProblem(evaluation.notPermitted, scope.filer) : null,
    entries: evaluation.entries,
    facts,
  };
}
