import { addDays, compareIsoDates, type IsoDate } from './calendar-date';
import type { EligibilityReasonCode } from './eligibility-reasons';
import { type EntryForEligibility, liquidationStatusOn } from './entry';

/**
 * What a filer can do about an entry CAPE Phase 1 rejects (docs/domain.md, clocks and Phase 1 rules), shown
 * before filing so nobody misses a deadline waiting for CAPE:
 * - PROTEST: the entry liquidated and the 180-day protest period (19 U.S.C. 1514) is still running; the
 *   deadline is the last day to protest. An entry with a protest already open: that protest is the path.
 * - LATER_PHASE: CBP has said such entries come in a later CAPE phase (reconciliation-flagged entries with a
 *   filed type 09; liquidations that are final, for which CBP and the courts are working on a later route).
 * - NONE: no other route through CAPE or a protest; the reason's fix says what, if anything, can be done.
 */

/** 19 U.S.C. 1514: a protest is filed within 180 days after liquidation (or reliquidation). */
export const PROTEST_PERIOD_DAYS = 180;

export type OtherPath =
  | { kind: 'PROTEST'; deadline: IsoDate | null; explanation: string }
  | { kind: 'LATER_PHASE'; explanation: string }
  | { kind: 'NONE'; explanation: string };

/** Last day to protest a liquidation (liquidation date + 180 days). */
export function protestDeadline(liquidationDate: IsoDate): IsoDate {
  return addDays(liquidationDate, PROTEST_PERIOD_DAYS);
}

const LATER_PHASE_REASONS: readonly EligibilityReasonCode[] = [
  'RECONCILIATION_FLAGGED',
  'FINAL_LIQUIDATION',
  'LIQUIDATED_OUTSIDE_WINDOW',
];

/**
 * The other path for an entry rejected with `reasons` on a declaration filed on `filingDate`. Throws
 * RangeError when called without reasons (an accepted entry needs no other path).
 */
export function otherPathFor(
  entry: Pick<EntryForEligibility, 'liquidationStatus' | 'liquidationDate'>,
  reasons: readonly EligibilityReasonCode[],
  filingDate: IsoDate,
): OtherPath {
  if (reasons.length === 0) throw new RangeError('An accepted entry has no other path');
  if (reasons.includes('ALREADY_ON_ACCEPTED_DECLARATION')) {
    return {
      kind: 'NONE',
      explanation: 'The entry is already on an accepted declaration: its refund comes through that one.',
    };
  }
  if (reasons.includes('OPEN_PROTEST')) {
    return {
      kind: 'PROTEST',
      deadline: null,
      explanation: 'A protest is already open on the entry: its decision is the route to the refund.',
    };
  }
  const status = liquidationStatusOn(entry, filingDate);
  if ((status === 'LIQUIDATED' || status === 'FINAL') && entry.liquidationDate !== null) {
    const deadline = protestDeadline(entry.liquidationDate);
    if (compareIsoDates(filingDate, deadline) <= 0) {
      return {
        kind: 'PROTEST',
        deadline,
        explanation: `The entry liquidated on ${entry.liquidationDate}: a protest claiming the IEEPA duty can be filed until ${deadline} (180 days, 19 U.S.C. 1514).`,
      };
    }
  }
  if (reasons.some((reason) => LATER_PHASE_REASONS.includes(reason))) {
    return {
      kind: 'LATER_PHASE',
      explanation: reasons.includes('RECONCILIATION_FLAGGED')
        ? 'CBP takes reconciliation-flagged entries in later CAPE phases; watch for CBP messages.'
        : 'The liquidation is final and the protest period is over: CBP expects such entries in a later phase or through the courts.',
    };
  }
  return {
    kind: 'NONE',
    explanation: 'No other route through CAPE or a protest; see the fix for each reason.',
  };
}
