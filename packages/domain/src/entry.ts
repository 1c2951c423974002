import { type IsoDate, toDayNumber } from './calendar-date';

/**
 * The entry shape the rules read. Field names are fixed so the database layer can map rows to it; the
 * const arrays let the schema mirror the enumerations.
 */

export const LIQUIDATION_STATUSES = [
  'UNLIQUIDATED',
  'LIQUIDATED',
  'EXTENDED',
  'SUSPENDED',
  'UNDER_REVIEW',
  'FINAL',
] as const;
export type LiquidationStatus = (typeof LIQUIDATION_STATUSES)[number];

export const ENTRY_SUMMARY_STATUSES = ['ACCEPTED', 'CANCELLED', 'REJECTED'] as const;
export type EntrySummaryStatus = (typeof ENTRY_SUMMARY_STATUSES)[number];

export interface EntryTariffLine {
  htsNumber: string;
  dutyCents: bigint;
  rateText?: string;
}

/** tariffs[0] is usually the Chapter 1-97 number; Chapter 99 numbers are further tariffs on the same line. */
export interface EntryLine {
  lineNumber: number;
  countryOfOrigin: string;
  enteredValueCents: bigint;
  tariffs: EntryTariffLine[];
}

export interface EntryForEligibility {
  entryNumber: string;
  /** Two digits, e.g. '01'. */
  entryType: string;
  entryDate: IsoDate;
  filerCode: string;
  iorNumber: string;
  summaryStatus: EntrySummaryStatus;
  inAce: boolean;
  liquidationStatus: LiquidationStatus;
  liquidationDate: IsoDate | null;
  reconciliationFlagged: boolean;
  reconciliationEntryFiled: boolean;
  drawbackDesignated: boolean;
  openProtest: boolean;
  adcvdPendingLiquidation1504d: boolean;
  /** The IEEPA duty was paid in whole or in part by a surety: outside CAPE Phase 1. */
  ieepaDutyPaidBySurety: boolean;
  lines: EntryLine[];
}

/**
 * The liquidation status the rules use for a declaration filed on `filingDate`. ACE shows liquidations
 * scheduled for a later date ("pending"); a LIQUIDATED entry whose liquidation date is after the filing date
 * has not liquidated yet, so it counts as UNLIQUIDATED for eligibility and scheduling (never a negative day
 * count). Every other status is taken as it is.
 */
export function liquidationStatusOn(
  entry: Pick<EntryForEligibility, 'liquidationStatus' | 'liquidationDate'>,
  filingDate: IsoDate,
): LiquidationStatus {
  if (
    entry.liquidationStatus === 'LIQUIDATED' &&
    entry.liquidationDate !== null &&
    toDayNumber(entry.liquidationDate) > toDayNumber(filingDate)
  ) {
    return 'UNLIQUIDATED';
  }
  return entry.liquidationStatus;
}

export type EligibilityFiler =
  | { kind: 'IMPORTER'; iorNumbers: string[] }
  | { kind: 'BROKER'; filerCodes: string[] };

export interface EligibilityContext {
  filingDate: IsoDate;
  filer: EligibilityFiler;
  alreadyOnAcceptedDeclaration: boolean;
}

/**
 * Warehouse entry types (warehouse, re-warehouse). Until 2026-07-06 IEEPA lines are removed but the refund
 * waits until the warehouse entry liquidates; from 2026-07-07 CAPE rejects them (rule set
 * cape-warehouse-2026-07-07). Warehouse withdrawals (31, 32, 34, 38) are ordinary entries for CAPE.
 */
export const WAREHOUSE_ENTRY_TYPES: readonly string[] = Object.freeze(['21', '22']);

const ENTRY_TYPE_NAMES: Readonly<Record<string, string>> = {
  '01': 'consumption - free and dutiable',
  '02': 'consumption - quota/visa',
  '03': 'consumption - AD/CVD',
  '06': 'consumption - foreign-trade zone',
  '07': 'quota/visa and AD/CVD',
  '08': 'duty deferral',
  '09': 'reconciliation summary',
  '11': 'informal - free and dutiable',
  '21': 'warehouse',
  '22': 're-warehouse',
  '23': 'temporary importation under bond',
  '31': 'warehouse withdrawal for consumption',
  '32': 'warehouse withdrawal - quota/visa',
  '34': 'warehouse withdrawal - AD/CVD',
  '38': 'warehouse withdrawal - quota/visa and AD/CVD',
  '41': 'drawback',
  '42': 'drawback',
  '43': 'drawback',
  '44': 'drawback',
  '45': 'drawback',
  '47': 'drawback (ACE)',
};

/** 'type 08 (duty deferral)', or just 'type 99' for codes without a name here. */
export function describeEntryType(entryType: string): string {
  const name = ENTRY_TYPE_NAMES[entryType];
  return name === undefined ? `type ${entryType}` : `type ${entryType} (${name})`;
}
