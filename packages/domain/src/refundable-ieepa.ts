import { type IsoDate, toDayNumber } from './calendar-date';
import { type Ch99Class, classifyChapter99, type HtsNumberError } from './chapter99';
import type { EntryForEligibility, EntryTariffLine } from './entry';
import { IEEPA_COLLECTION_END, IEEPA_COLLECTION_START, ieepaHeadingOn } from './ieepa-headings';

/**
 * The one rule for "refundable IEEPA tariff" (docs/domain.md, Chapter 99 and refunds), shared by the
 * eligibility check and the refund computation so that the entry CAPE accepts for N cents refunds exactly
 * N cents: an IEEPA Chapter 99 number (9903.01/9903.02), carrying duty above zero, on an entry dated inside
 * the IEEPA collection period, and not a 0% exemption heading in the registry on that date. Headings missing
 * from the registry (or outside its dates) still count: the duty was deposited, and refusing it would be worse.
 */

export interface IeepaCollectionPeriod {
  /** First entry date IEEPA duty was collected. */
  ieepaCollectionStart: IsoDate;
  /** First entry date it no longer was (exclusive end). */
  ieepaCollectionEnd: IsoDate;
}

export const IEEPA_COLLECTION_PERIOD: IeepaCollectionPeriod = Object.freeze({
  ieepaCollectionStart: IEEPA_COLLECTION_START,
  ieepaCollectionEnd: IEEPA_COLLECTION_END,
});

/** Why an IEEPA tariff carries no refund. */
export type UnrefundableIeepaReason = 'NO_DUTY' | 'OUTSIDE_COLLECTION_PERIOD' | 'EXEMPTION_HEADING';

export type TariffRefundVerdict =
  | { kind: 'MALFORMED_HTS_NUMBER'; error: HtsNumberError }
  | { kind: 'NOT_IEEPA'; ch99Class: Exclude<Ch99Class, 'IEEPA'> }
  | {
      kind: 'REFUNDABLE_IEEPA';
      /** Registry rate on the entry date; null when it varies by country or the heading is not in the registry. */
      ratePercent: string | null;
      inRegistry: boolean;
    }
  | { kind: 'UNREFUNDABLE_IEEPA'; reason: UnrefundableIeepaReason };

export function isInIeepaCollectionPeriod(entryDate: IsoDate, period: IeepaCollectionPeriod): boolean {
  const day = toDayNumber(entryDate);
  return day >= toDayNumber(period.ieepaCollectionStart) && day < toDayNumber(period.ieepaCollectionEnd);
}

/** Sorts one tariff of an entry dated `entryDate`; see the module comment for the rule. */
export function judgeTariffForRefund(
  tariff: Pick<EntryTariffLine, 'htsNumber' | 'dutyCents'>,
  entryDate: IsoDate,
  period: IeepaCollectionPeriod = IEEPA_COLLECTION_PERIOD,
): TariffRefundVerdict {
  const ch99 = classifyChapter99(tariff.htsNumber);
  if (!ch99.ok) return { kind: 'MALFORMED_HTS_NUMBER', error: ch99.error };
  if (ch99.value !== 'IEEPA') return { kind: 'NOT_IEEPA', ch99Class: ch99.value };
  if (tariff.dutyCents <= 0n) return { kind: 'UNREFUNDABLE_IEEPA', reason: 'NO_DUTY' };
  if (!isInIeepaCollectionPeriod(entryDate, period)) {
    return { kind: 'UNREFUNDABLE_IEEPA', reason: 'OUTSIDE_COLLECTION_PERIOD' };
  }
  const registry = ieepaHeadingOn(tariff.htsNumber, entryDate);
  if (registry !== null && !registry.dutiable)
    return { kind: 'UNREFUNDABLE_IEEPA', reason: 'EXEMPTION_HEADING' };
  return {
    kind: 'REFUNDABLE_IEEPA',
    ratePercent: registry === null ? null : registry.ratePercent,
    inRegistry: registry !== null,
  };
}

export interface TariffOnLine {
  lineNumber: number;
  htsNumber: string;
  dutyCents: bigint;
}

export interface RefundableIeepaTariff extends TariffOnLine {
  ratePercent: string | null;
  inRegistry: boolean;
}

export interface MalformedHtsTariff extends TariffOnLine {
  error: HtsNumberError;
}

/** Every tariff of an entry whose HTS number is not 8 or 10 digits: the entry cannot be processed as is. */
export function findMalformedHtsTariffs(entry: Pick<EntryForEligibility, 'lines'>): MalformedHtsTariff[] {
  const result: MalformedHtsTariff[] = [];
  for (const line of entry.lines) {
    for (const tariff of line.tariffs) {
      const ch99 = classifyChapter99(tariff.htsNumber);
      if (!ch99.ok) {
        result.push({
          lineNumber: line.lineNumber,
          htsNumber: tariff.htsNumber,
          dutyCents: tariff.dutyCents,
          error: ch99.error,
        });
      }
    }
  }
  return result;
}

/** The refundable IEEPA tariffs of an entry, in line order. */
export function findRefundableIeepaTariffs(
  entry: Pick<EntryForEligibility, 'entryDate' | 'lines'>,
  period: IeepaCollectionPeriod = IEEPA_COLLECTION_PERIOD,
): RefundableIeepaTariff[] {
  const result: RefundableIeepaTariff[] = [];
  for (const line of entry.lines) {
    for (const tariff of line.tariffs) {
      const verdict = judgeTariffForRefund(tariff, entry.entryDate, period);
      if (verdict.kind !== 'REFUNDABLE_IEEPA') continue;
      result.push({
        lineNumber: line.lineNumber,
        htsNumber: tariff.htsNumber,
        dutyCents: tariff.dutyCents,
        ratePercent: verdict.ratePercent,
        inRegistry: verdict.inRegistry,
      });
    }
  }
  return result;
}
