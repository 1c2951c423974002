import { addDays, compareIsoDates, dayOfWeek, FRIDAY, type IsoDate } from './calendar-date';
import { type LiquidationStatus, WAREHOUSE_ENTRY_TYPES } from './entry';

/**
 * Liquidation calendar (docs/domain.md 3.2): ACE liquidates weekly on
 * Fridays; CBP may reliquidate voluntarily within 90 days after liquidation.
 */

export const RELIQUIDATION_AUTHORITY_DAYS = 90;
export const DEFAULT_REVIEW_DAYS = 14;

/** The first Friday strictly after `date`. */
export function nextWeeklyLiquidationDate(after: IsoDate): IsoDate {
  const offset = (FRIDAY - dayOfWeek(after) + 7) % 7;
  return addDays(after, offset === 0 ? 7 : offset);
}

/** `date` itself when it is a Friday, otherwise the Friday before it. */
export function lastFridayOnOrBefore(date: IsoDate): IsoDate {
  return addDays(date, -((dayOfWeek(date) - FRIDAY + 7) % 7));
}

/** Last day CBP can reliquidate voluntarily: liquidation date + 90 days. */
export function reliquidationDeadline(liquidationDate: IsoDate): IsoDate {
  return addDays(liquidationDate, RELIQUIDATION_AUTHORITY_DAYS);
}

/** End of CBP's review after a declaration is accepted. Throws RangeError unless reviewDays is a whole number >= 0. */
export function reviewPeriodEnd(acceptanceDate: IsoDate, reviewDays: number = DEFAULT_REVIEW_DAYS): IsoDate {
  if (!Number.isInteger(reviewDays) || reviewDays < 0) {
    throw new RangeError(`Review period must be a whole number of days >= 0, got ${reviewDays}`);
  }
  return addDays(acceptanceDate, reviewDays);
}

export interface LiquidationScheduleInput {
  entryType: string;
  liquidationStatus: LiquidationStatus;
  liquidationDate: IsoDate | null;
  /** Date the entry was accepted on a CAPE declaration. */
  acceptanceDate: IsoDate;
  reviewDays?: number;
}

export type LiquidationSchedule =
  | { action: 'LIQUIDATE'; date: IsoDate; reviewEnd: IsoDate }
  | {
      action: 'RELIQUIDATE';
      date: IsoDate;
      reviewEnd: IsoDate;
      deadline: IsoDate;
      /** True when the deadline forced a date on or before the end of the review period. */
      reviewShortened: boolean;
      /** True when no Friday after acceptance was left before the deadline, so the deadline itself is used. */
      offCycle: boolean;
    }
  | { action: 'KEEP_STATUS'; status: LiquidationStatus; reason: 'STATUS_PENDING' | 'WAREHOUSE_ENTRY' }
  | { action: 'NOT_SCHEDULABLE'; reason: 'FINAL_LIQUIDATION' }
  | { action: 'NOT_SCHEDULABLE'; reason: 'RELIQUIDATION_DEADLINE_PASSED'; deadline: IsoDate };

/**
 * When an accepted entry is (re)liquidated.
 * - Unliquidated: first Friday after the review period (warehouse entries keep their status instead).
 * - Liquidated: first Friday after review, but never after day 90 from the original liquidation. If that
 *   Friday is too late, the last Friday on/before the deadline that is after acceptance is used; if there is
 *   none, the deadline day itself (off cycle); if even the deadline is not after acceptance, it cannot be scheduled.
 * - Extended, suspended, under review: status kept; the refund is computed when the entry liquidates.
 * - Final: not schedulable (such entries are not eligible).
 * Throws RangeError for a LIQUIDATED entry without a liquidation date.
 */
export function scheduleLiquidation(input: LiquidationScheduleInput): LiquidationSchedule {
  const reviewEnd = reviewPeriodEnd(input.acceptanceDate, input.reviewDays);
  switch (input.liquidationStatus) {
    case 'EXTENDED':
    case 'SUSPENDED':
    case 'UNDER_REVIEW':
      return { action: 'KEEP_STATUS', status: input.liquidationStatus, reason: 'STATUS_PENDING' };
    case 'FINAL':
      return { action: 'NOT_SCHEDULABLE', reason: 'FINAL_LIQUIDATION' };
    case 'UNLIQUIDATED':
      if (WAREHOUSE_ENTRY_TYPES.includes(input.entryType)) {
        return { action: 'KEEP_STATUS', status: 'UNLIQUIDATED', reason: 'WAREHOUSE_ENTRY' };
      }
      return { action: 'LIQUIDATE', date: nextWeeklyLiquidationDate(reviewEnd), reviewEnd };
    case 'LIQUIDATED': {
      if (input.liquidationDate === null) throw new RangeError('A LIQUIDATED entry needs a liquidation date');
      const deadline = reliquidationDeadline(input.liquidationDate);
      const firstFriday = nextWeeklyLiquidationDate(reviewEnd);
      if (compareIsoDates(firstFriday, deadline) <= 0) {
        return {
          action: 'RELIQUIDATE',
          date: firstFriday,
          reviewEnd,
          deadline,
          reviewShortened: false,
          offCycle: false,
        };
      }
      const lastFriday = lastFridayOnOrBefore(deadline);
      if (compareIsoDates(lastFriday, input.acceptanceDate) > 0) {
        return {
          action: 'RELIQUIDATE',
          date: lastFriday,
          reviewEnd,
          deadline,
          reviewShortened: true,
          offCycle: false,
        };
      }
      if (compareIsoDates(deadline, input.acceptanceDate) > 0) {
        return {
          action: 'RELIQUIDATE',
          date: deadline,
          reviewEnd,
          deadline,
          reviewShortened: true,
          offCycle: true,
        };
      }
      return { action: 'NOT_SCHEDULABLE', reason: 'RELIQUIDATION_DEADLINE_PASSED', deadline };
    }
  }
}
