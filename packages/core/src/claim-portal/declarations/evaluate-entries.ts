// Applies CAPE's rules (@cape/domain) to the facts of every listed entry: who may list which entry (lifted to
// the file level, as CBP treats authorization), and each entry's outcome with its reasons. No I/O here.
import {
  ELIGIBILITY_REASONS,
  type EligibilityContext,
  type EligibilityFiler,
  type EligibilityReason,
  type EligibilityReasonCode,
  type EntryForEligibility,
  evaluatePhase1Eligibility,
  formatEntryNumber,
  type IsoDate,
  ruleSetForFilingDate,
} from '@cape/domain';
import type { DeclarationFileRow, FileProblemRow } from './declaration-file.ts';
import type { EntryFacts } from './entry-facts.ts';

export interface EntryReasonView {
  code: EligibilityReasonCode;
  /** What applies to this entry (dates, types, lines, the other declaration's claim number). */
  detail: string;
  /** CBP's message where its wording is known. */
  cbpMessage: string | null;
  /** ERROR_DESCRIPTION as the Claim Details download shows it. */
  errorDescription: string;
  fix: string;
}

export type EntryOutcome = 'ACCEPTED' | 'REJECTED';

export interface EvaluatedEntry {
  row: number;
  rawValue: string;
  entryNumber: string;
  entrySummaryId: bigint | null;
  outcome: EntryOutcome;
  reasons: EntryReasonView[];
  /** Refundable IEEPA duty on the entry by the rules (what an accepted entry refunds); null when not found. */
  ieepaPrincipalCents: bigint | null;
  ruleSetVersion: string;
  facts: EntryFacts;
}

export interface Evaluation {
  /** Rows the filer may not list (file level: the whole declaration fails). */
  notPermitted: FileProblemRow[];
  entries: EvaluatedEntry[];
}

function reasonView(code: EligibilityReasonCode, detail: string): EntryReasonView {
  const info = ELIGIBILITY_REASONS[code];
  return {
    code,
    detail,
    cbpMessage: info.cbpMessage,
    errorDescription: info.errorDescription,
    fix: info.fix,
  };
}

/** The message a filer sees for an entry that another accepted declaration already holds. */
export function alreadyOnDeclarationDetail(claimNumber: string): string {
  return `Already on declaration ${claimNumber}.`;
}

interface Judgement {
  ruleSetVersion: string;
  reasons: EligibilityReason[];
  principalCents: bigint;
}

/**
 * evaluatePhase1Eligibility on the facts. When the entry's lines were not read (its stored refundable IEEPA
 * total, kept by ingestion with the rules' own findRefundableIeepaTariffs, is above zero), the rules run
 * without lines: the only line rule that can then fire is NO_DUTIABLE_IEEPA_LINE, which the stored total
 * disproves, so it is dropped; every other rule is decided by the domain exactly as with the lines.
 */
function judge(fact: EntryFacts, entry: EntryForEligibility, context: EligibilityContext): Judgement {
  const result = evaluatePhase1Eligibility(entry, context);
  if (fact.tariffsLoaded) {
    return result.decision === 'ACCEPTED'
      ? {
          ruleSetVersion: result.ruleSetVersion,
          reasons: [],
          principalCents: result.refundableIeepaTariffs.reduce((sum, t) => sum + t.dutyCents, 0n),
        }
      : { ruleSetVersion: result.ruleSetVersion, reasons: result.reasons, principalCents: 0n };
  }
  const reasons =
    result.decision === 'ACCEPTED' ? [] : result.reasons.filter((r) => r.code !== 'NO_DUTIABLE_IEEPA_LINE');
  return { ruleSetVersion: result.ruleSetVersion, reasons, principalCents: fact.ieepaDutyCents! };
}

function notPermittedRow(row: DeclarationFileRow, why: string): FileProblemRow {
  return { row: row.row, value: row.rawValue, detail: `${formatEntryNumber(row.entryNumber)}: ${why}` };
}

/**
 * Runs every listed entry through evaluatePhase1Eligibility. `existing` (importer accounts only) holds the
 * numbers that exist although the filer cannot see them: another importer's entries.
 */
export function evaluateEntries(
  rows: readonly DeclarationFileRow[],
  facts: readonly EntryFacts[],
  filer: EligibilityFiler,
  filingDate: IsoDate,
  existing: ReadonlySet<string> = new Set(),
): Evaluation {
  const ruleSetVersion = ruleSetForFilingDate(filingDate).version;
  const ownFilerCodes = new Set(filer.kind === 'BROKER' ? filer.filerCodes : []);
  const notPermitted: FileProblemRow[] = [];
  const entries: EvaluatedEntry[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const fact = facts[i]!;
    const base = { row: row.row, rawValue: row.rawValue, entryNumber: row.entryNumber, facts: fact };
    if (fact.entry === null) {
      // Not visible to the filer. A broker sees every entry filed under its codes, so another filer code means
      // another filer's entry; an importer cannot see other importers' entries, so existence tells them apart.
      const foreign =
        filer.kind === 'BROKER'
          ? !ownFilerCodes.has(row.entryNumber.slice(0, 3))
          : existing.has(row.entryNumber);
      if (foreign) {
        notPermitted.push(
          notPermittedRow(
            row,
            filer.kind === 'BROKER'
              ? `filer code ${row.entryNumber.slice(0, 3)} is not one of this account's filer codes.`
              : "the entry is not filed for one of this account's importer numbers.",
          ),
        );
        continue;
      }
      entries.push({
        ...base,
        entrySummaryId: null,
        outcome: 'REJECTED',
        reasons: [reasonView('ENTRY_NOT_IN_ACE', 'No entry summary with this number is in ACE.')],
        ieepaPrincipalCents: null,
        ruleSetVersion,
      });
      continue;
    }
    const result = judge(fact, fact.entry, {
      filingDate,
      filer,
      alreadyOnAcceptedDeclaration: fact.acceptedOnClaimNumber !== null,
    });
    if (result.reasons.length === 0) {
      entries.push({
        ...base,
        entrySummaryId: fact.entrySummaryId,
        outcome: 'ACCEPTED',
        reasons: [],
        ieepaPrincipalCents: result.principalCents,
        ruleSetVersion: result.ruleSetVersion,
      });
      continue;
    }
    const unauthorized = result.reasons.find((reason) => reason.code === 'FILER_NOT_AUTHORIZED');
    if (unauthorized !== undefined) {
      notPermitted.push(notPermittedRow(row, unauthorized.detail));
      continue;
    }
    entries.push({
      ...base,
      entrySummaryId: fact.entrySummaryId,
      outcome: 'REJECTED',
      reasons: result.reasons.map((reason) =>
        reasonView(
          reason.code,
          reason.code === 'ALREADY_ON_ACCEPTED_DECLARATION'
            ? alreadyOnDeclarationDetail(fact.acceptedOnClaimNumber!)
            : reason.detail,
        ),
      ),
      ieepaPrincipalCents: result.principalCents,
      ruleSetVersion: result.ruleSetVersion,
    });
  }
  return { notPermitted, entries };
}
