import { type IsoDate, toDayNumber } from './calendar-date';
import { WAREHOUSE_ENTRY_TYPES } from './entry';
import { IEEPA_COLLECTION_PERIOD, type IeepaCollectionPeriod } from './refundable-ieepa';

/**
 * CAPE eligibility rule sets: versioned data chosen by the declaration's filing date, so a rule change that
 * takes effect on a date is a new entry here and every decision records which version produced it.
 */

export interface Phase1RuleSet extends IeepaCollectionPeriod {
  version: string;
  /** Applies to declarations filed on or after this date (until the next rule set starts). */
  effectiveFrom: IsoDate;
  description: string;
  /** Entry types CAPE never accepts (drawback types included): EXCLUDED_ENTRY_TYPE. */
  excludedEntryTypes: readonly string[];
  /** Entry types CBP stopped accepting on a date (warehouse entries from 2026-07-07): ENTRY_TYPE_NOT_ALLOWED. */
  entryTypesNotAllowed: readonly string[];
  /** Entry types accepted although flagged for reconciliation, provided no type 09 entry has been filed. */
  reconFlaggedTypesAcceptedWithout09: readonly string[];
  /** A liquidated entry is eligible when filing date - liquidation date <= this many days (inclusive). */
  liquidatedWindowDays: number;
}

const EXCLUDED_ENTRY_TYPES = ['08', '09', '23', '41', '42', '43', '44', '45', '47'] as const;

const PHASE1 = {
  excludedEntryTypes: EXCLUDED_ENTRY_TYPES,
  entryTypesNotAllowed: [],
  reconFlaggedTypesAcceptedWithout09: [],
  liquidatedWindowDays: 80,
  ...IEEPA_COLLECTION_PERIOD,
} as const;

const PHASE2 = { ...PHASE1, reconFlaggedTypesAcceptedWithout09: ['01', '02', '06'] } as const;

export const PHASE1_RULE_SETS: readonly Phase1RuleSet[] = Object.freeze([
  {
    version: 'cape-phase1-2026-04-20',
    effectiveFrom: '2026-04-20',
    description: 'CAPE Phase 1 launch (CSMS #68315804): entries flagged for reconciliation are excluded.',
    ...PHASE1,
  },
  {
    version: 'cape-phase2-2026-06-29',
    effectiveFrom: '2026-06-29',
    description:
      'CAPE Phase 2 (CSMS #69035485): types 01, 02 and 06 flagged for reconciliation are accepted while no type 09 has been filed.',
    ...PHASE2,
  },
  {
    version: 'cape-warehouse-2026-07-07',
    effectiveFrom: '2026-07-07',
    description:
      'Warehouse entries (types 21 and 22) are no longer accepted on declarations (CSMS #69127837, single secondary source); warehouse withdrawals stay in scope.',
    ...PHASE2,
    entryTypesNotAllowed: WAREHOUSE_ENTRY_TYPES,
  },
]);

/** The rule set in force on a filing date. Throws RangeError before CAPE opened (2026-04-20). */
export function ruleSetForFilingDate(filingDate: IsoDate): Phase1RuleSet {
  const day = toDayNumber(filingDate);
  let chosen: Phase1RuleSet | undefined;
  for (const ruleSet of PHASE1_RULE_SETS) {
    if (toDayNumber(ruleSet.effectiveFrom) <= day) chosen = ruleSet;
  }
  if (chosen === undefined) {
    throw new RangeError(
      `CAPE did not accept declarations before ${PHASE1_RULE_SETS[0]!.effectiveFrom}; filing date ${filingDate}`,
    );
  }
  return chosen;
}
