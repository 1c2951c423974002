import { addDays, daysBetween, type IsoDate, toDayNumber } from './calendar-date';
import { classifyChapter99 } from './chapter99';
import type { EligibilityReasonCode } from './eligibility-reasons';
import {
  describeEntryType,
  type EligibilityContext,
  type EntryForEligibility,
  type LiquidationStatus,
  liquidationStatusOn,
} from './entry';
import { sameImporterNumber } from './importer-number';
import {
  findMalformedHtsTariffs,
  findRefundableIeepaTariffs,
  isInIeepaCollectionPeriod,
  type RefundableIeepaTariff,
} from './refundable-ieepa';
import { type Phase1RuleSet, ruleSetForFilingDate } from './rule-sets';
import { asciiUpperCase, cleanCell } from './text-input';

/**
 * CAPE Phase 1 entry-level eligibility (docs/domain.md, liquidation status and declarations, with the Phase 2
 * reconciliation rule and the 2026-07-07 warehouse rule). Every applicable reason is collected, in the order
 * of ELIGIBILITY_REASON_CODES, so a filer can fix everything at once instead of one rejection per upload.
 */

export interface EligibilityReason {
  code: EligibilityReasonCode;
  /** Entry-specific explanation (dates, types, lines). The catalog holds the generic text and the fix. */
  detail: string;
}

export type EligibilityResult =
  | {
      decision: 'ACCEPTED';
      ruleSetVersion: string;
      /** What the refund principal will be made of (the same rule computeRefund uses). */
      refundableIeepaTariffs: RefundableIeepaTariff[];
      /** The status the rules used: a liquidation dated after the filing date counts as UNLIQUIDATED. */
      liquidationStatus: LiquidationStatus;
      /** Filing date minus liquidation date for liquidated entries, otherwise null; never negative. */
      daysSinceLiquidation: number | null;
    }
  | { decision: 'REJECTED'; ruleSetVersion: string; reasons: EligibilityReason[] };

function filerKey(code: string): string {
  return asciiUpperCase(cleanCell(code));
}

/** IEEPA numbers on the entry, for messages; malformed numbers are reported separately. */
function ieepaTariffList(entry: EntryForEligibility): string[] {
  return entry.lines.flatMap((line) =>
    line.tariffs
      .filter((t) => {
        const ch99 = classifyChapter99(t.htsNumber);
        return ch99.ok && ch99.value === 'IEEPA';
      })
      .map((t) => `${t.htsNumber} on line ${line.lineNumber}`),
  );
}

function filerReason(entry: EntryForEligibility, context: EligibilityContext): string | null {
  if (context.filer.kind === 'IMPORTER') {
    return context.filer.iorNumbers.some((own) => sameImporterNumber(own, entry.iorNumber))
      ? null
      : `The entry's importer of record ${entry.iorNumber} is not one of this importer account's IOR numbers.`;
  }
  const own = new Set(context.filer.filerCodes.map(filerKey));
  return own.has(filerKey(entry.filerCode))
    ? null
    : `The entry was filed under filer code ${entry.filerCode}, which is not one of this broker's filer codes.`;
}

function reconReason(entry: EntryForEligibility, ruleSet: Phase1RuleSet): string | null {
  if (!entry.reconciliationFlagged) return null;
  const acceptedTypes = ruleSet.reconFlaggedTypesAcceptedWithout09;
  if (acceptedTypes.length === 0) {
    return 'The entry is flagged for reconciliation; under this rule set no reconciliation-flagged entry is accepted.';
  }
  if (!acceptedTypes.includes(entry.entryType)) {
    return `The entry is flagged for reconciliation and is ${describeEntryType(entry.entryType)}; only types ${acceptedTypes.join(', ')} flagged for reconciliation are accepted.`;
  }
  if (entry.reconciliationEntryFiled) {
    return 'The entry is flagged for reconciliation and a type 09 reconciliation entry has already been filed; such entries are deferred to a later phase.';
  }
  return null;
}

function liquidationReason(
  entry: EntryForEligibility,
  status: LiquidationStatus,
  context: EligibilityContext,
  ruleSet: Phase1RuleSet,
): { code: EligibilityReasonCode; detail: string } | null {
  if (status === 'FINAL') {
    return { code: 'FINAL_LIQUIDATION', detail: 'The entry is in final liquidation status.' };
  }
  if (status !== 'LIQUIDATED') return null;
  const liquidated = entry.liquidationDate as IsoDate;
  const days = daysBetween(liquidated, context.filingDate);
  if (days <= ruleSet.liquidatedWindowDays) return null;
  return {
    code: 'LIQUIDATED_OUTSIDE_WINDOW',
    detail:
      `The entry liquidated on ${liquidated}, ${days} days before the filing date ${context.filingDate}; ` +
      `the limit is ${ruleSet.liquidatedWindowDays} days (last eligible filing date ${addDays(liquidated, ruleSet.liquidatedWindowDays)}).`,
  };
}

function malformedHtsReason(entry: EntryForEligibility): string | null {
  const malformed = findMalformedHtsTariffs(entry);
  if (malformed.length === 0) return null;
  return malformed.map((t) => `Line ${t.lineNumber}: ${t.error.message}`).join(' ');
}

function validate(entry: EntryForEligibility): void {
  if (!/^[0-9]{2}$/.test(entry.entryType)) {
    throw new RangeError(`Entry type must be two digits, got ${JSON.stringify(entry.entryType)}`);
  }
  toDayNumber(entry.entryDate);
  if (entry.liquidationStatus === 'LIQUIDATED' && entry.liquidationDate === null) {
    throw new RangeError(`Entry ${entry.entryNumber} is LIQUIDATED but has no liquidation date`);
  }
}

/**
 * Decides whether an entry may go on a CAPE declaration filed on `context.filingDate`.
 * Throws RangeError for malformed input (dates, entry type, a LIQUIDATED entry without a date, or a filing
 * date before CAPE opened); business outcomes are always returned, never thrown. A tariff number that is
 * not an HTS number is a rejection (MALFORMED_HTS_NUMBER) naming the line, so nothing is dropped silently.
 */
export function evaluatePhase1Eligibility(
  entry: EntryForEligibility,
  context: EligibilityContext,
): EligibilityResult {
  const ruleSet = ruleSetForFilingDate(context.filingDate);
  validate(entry);
  const status = liquidationStatusOn(entry, context.filingDate);
  const reasons: EligibilityReason[] = [];
  const add = (code: EligibilityReasonCode, detail: string | null): void => {
    if (detail !== null) reasons.push({ code, detail });
  };

  add(
    'ENTRY_NOT_IN_ACE',
    entry.inAce ? null : 'The entry is not in ACE (no ACE entry summary or liquidation status).',
  );
  add(
    'ENTRY_SUMMARY_NOT_ACCEPTED',
    entry.summaryStatus === 'ACCEPTED' ? null : `The entry summary is ${entry.summaryStatus.toLowerCase()}.`,
  );
  add('FILER_NOT_AUTHORIZED', filerReason(entry, context));
  add(
    'EXCLUDED_ENTRY_TYPE',
    ruleSet.excludedEntryTypes.includes(entry.entryType)
      ? `Entry ${describeEntryType(entry.entryType)} is excluded from CAPE.`
      : null,
  );
  add(
    'ENTRY_TYPE_NOT_ALLOWED',
    ruleSet.entryTypesNotAllowed.includes(entry.entryType)
      ? `Entry ${describeEntryType(entry.entryType)} is not accepted on declarations filed from ${ruleSet.effectiveFrom} (rule set ${ruleSet.version}).`
      : null,
  );
  add(
    'DRAWBACK_DESIGNATED',
    entry.drawbackDesignated ? 'The entry is designated on a drawback claim.' : null,
  );
  add('RECONCILIATION_FLAGGED', reconReason(entry, ruleSet));
  add('OPEN_PROTEST', entry.openProtest ? 'The entry has an open or suspended protest.' : null);
  add(
    'ADCVD_PENDING_LIQUIDATION_1504D',
    entry.adcvdPendingLiquidation1504d
      ? 'AD/CVD liquidation instructions are pending under 19 U.S.C. 1504(d).'
      : null,
  );
  const liquidation = liquidationReason(entry, status, context, ruleSet);
  if (liquidation !== null) reasons.push(liquidation);
  add(
    'SURETY_PAID_IEEPA_DUTY',
    entry.ieepaDutyPaidBySurety
      ? 'The IEEPA duty on the entry was paid in whole or in part by a surety.'
      : null,
  );
  const malformed = malformedHtsReason(entry);
  add('MALFORMED_HTS_NUMBER', malformed);

  const refundable = findRefundableIeepaTariffs(entry, ruleSet);
  const ieepaTariffs = ieepaTariffList(entry);
  const inPeriod = isInIeepaCollectionPeriod(entry.entryDate, ruleSet);
  // With a malformed number on the entry, "no IEEPA line" could be wrong: that number might be one.
  if (refundable.length === 0 && malformed === null) {
    add(
      'NO_DUTIABLE_IEEPA_LINE',
      ieepaTariffs.length === 0
        ? 'No line has an IEEPA Chapter 99 number (9903.01.xx or 9903.02.xx).'
        : inPeriod
          ? `The IEEPA numbers on the entry (${ieepaTariffs.join(', ')}) carry no duty or are 0% exemption headings on ${entry.entryDate}.`
          : `The entry date ${entry.entryDate} is outside the IEEPA collection period (${ruleSet.ieepaCollectionStart} to ${addDays(ruleSet.ieepaCollectionEnd, -1)}).`,
    );
  }
  add(
    'IEEPA_LINE_AFTER_COLLECTION_END',
    ieepaTariffs.length > 0 && toDayNumber(entry.entryDate) >= toDayNumber(ruleSet.ieepaCollectionEnd)
      ? `The entry is dated ${entry.entryDate}, on or after ${ruleSet.ieepaCollectionEnd} when IEEPA collection stopped, yet lists ${ieepaTariffs.join(', ')}.`
      : null,
  );
  add(
    'ALREADY_ON_ACCEPTED_DECLARATION',
    context.alreadyOnAcceptedDeclaration
      ? 'The entry is already on another accepted CAPE declaration.'
      : null,
  );

  if (reasons.length > 0) return { decision: 'REJECTED', ruleSetVersion: ruleSet.version, reasons };
  return {
    decision: 'ACCEPTED',
    ruleSetVersion: ruleSet.version,
    refundableIeepaTariffs: refundable,
    liquidationStatus: status,
    daysSinceLiquidation:
      status === 'LIQUIDATED' ? daysBetween(entry.liquidationDate as IsoDate, context.filingDate) : null,
  };
}
