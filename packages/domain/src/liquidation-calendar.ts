import { allForYear } from '@18f/us-federal-holidays';
import { addDays, compareIsoDates, dayOfWeek, type IsoDate, yearOf } from './calendar-date';
import { type LiquidationStatus, liquidationStatusOn, WAREHOUSE_ENTRY_TYPES } from './entry';

/**
 * When CAPE liquidates or reliquidates an accepted entry (docs/domain.md, liquidation timing; CBP's rule in
 * CSMS #68340863, which replaced our earlier weekly-Friday guess):
 * - CAPE processing runs Monday to Thursday; U.S. federal holidays (as observed: a Sunday holiday on the
 *   Monday after, a Saturday one on the Friday before) are skipped. The holidays come from the maintained
 *   library @18f/us-federal-holidays (OPM's rules), not from a hand-written list. Closures ordered case by
 *   case (an executive order giving a Christmas Eve off) are not in it.
 * - An unliquidated entry liquidates 45 days after the declaration was accepted, moved to the next
 *   processing day when that day is a Friday, a weekend day or a holiday.
 * - An entry liquidated within 80 days is reliquidated on the next processing day after acceptance, never
 *   later than day 90 after the original liquidation (CBP's voluntary reliquidation authority). Our
 *   fallback (docs/domain.md section 11) when the next processing day is past day 90: the latest processing
 *   day from acceptance through day 90 (in practice the acceptance day itself, when it is a processing day),
 *   flagged `deadlineForcedDate`; when there is none, day 90 itself, flagged `offCycle` so an operator sees
 *   that it falls outside the processing days; when acceptance is already after day 90, the entry cannot be
 *   reliquidated and is reported (RELIQUIDATION_DEADLINE_PASSED).
 * - A liquidation dated after the declaration's filing date has not happened yet: the entry is scheduled as
 *   unliquidated.
 * - Extended, suspended and under-review entries keep their status (no date); unliquidated warehouse entries
 *   (21, 22; only on declarations filed before 2026-07-07) keep theirs until the warehouse entry liquidates.
 */

/** Recorded with every schedule, so a later change of the timing rule is visible in the data. */
export const LIQUIDATION_TIMING_VERSION = 'cape-liquidation-timing-2026-11-23';
/** The holiday source and its version (a test keeps this equal to the installed package). */
export const FEDERAL_HOLIDAY_CALENDAR = '@18f/us-federal-holidays@4.0.0';

export const UNLIQUIDATED_LIQUIDATION_DAYS = 45;
export const RELIQUIDATION_AUTHORITY_DAYS = 90;

// ---------------------------------------------------------------- processing days

/**
 * The observed federal holidays that fall in `year`, read from the library (not cached). New Year's Day of
 * the next year is observed on December 31 when January 1 is a Saturday, so that year's list is read too.
 * The library formats dates from local-time date objects it built itself, so the strings do not depend on
 * the process's time zone.
 */
export function readObservedFederalHolidays(year: number): ReadonlyMap<IsoDate, string> {
  const inYear = new Map<IsoDate, string>();
  for (const holiday of [...allForYear(year), ...allForYear(year + 1)]) {
    if (holiday.dateString.startsWith(`${year}-`)) inYear.set(holiday.dateString, holiday.name);
  }
  return inYear;
}

const holidaysByYear = new Map<number, ReadonlyMap<IsoDate, string>>();

/** `readObservedFederalHolidays`, read once per year. */
export function observedFederalHolidays(year: number): ReadonlyMap<IsoDate, string> {
  let holidays = holidaysByYear.get(year);
  if (holidays === undefined) {
    holidays = readObservedFederalHolidays(year);
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

/** The name of the federal holiday observed on `date`, or null. */
export function federalHolidayOn(date: IsoDate): string | null {
  return observedFederalHolidays(yearOf(date)).get(date) ?? null;
}

/** Monday to Thursday and not an observed federal holiday. */
export function isCapeProcessingDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday >= 1 && weekday <= 4 && federalHolidayOn(date) === null;
}

/** `date` itself when it is a processing day, otherwise the next one. */
export function processingDayOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (!isCapeProcessingDay(day)) day = addDays(day, 1);
  return day;
}

/** The first processing day strictly after `date`. */
export function nextProcessingDayAfter(date: IsoDate): IsoDate {
  return processingDayOnOrAfter(addDays(date, 1));
}

/** `date` itself when it is a processing day, otherwise the last one before it. */
export function lastProcessingDayOnOrBefore(date: IsoDate): IsoDate {
  let day = date;
  while (!isCapeProcessingDay(day)) day = addDays(day, -1);
  return day;
}

/** Last day CBP can reliquidate voluntarily: liquidation date + 90 days. */
export function reliquidationDeadline(liquidationDate: IsoDate): IsoDate {
  return addDays(liquidationDate, RELIQUIDATION_AUTHORITY_DAYS);
}

// ---------------------------------------------------------------- schedule

export interface LiquidationScheduleInput {
  entryType: string;
  liquidationStatus: LiquidationStatus;
  liquidationDate: IsoDate | null;
  /** Filing date of the declaration: a liquidation dated after it counts as unliquidated. */
  filingDate: IsoDate;
  /** Date the declaration was accepted (on or after the filing date). */
  acceptanceDate: IsoDate;
}

interface Versioned {
  timingVersion: string;
}

export type LiquidationSchedule = Versioned &
  (
    | {
        action: 'LIQUIDATE';
        date: IsoDate;
        /** Acceptance + 45 days, before moving to a processing day. */
        dueDate: IsoDate;
        /** True for a LIQUIDATED entry whose liquidation date is after the filing date. */
        pendingLiquidationIgnored: boolean;
      }
    | {
        action: 'RELIQUIDATE';
        date: IsoDate;
        /** Liquidation date + 90 days. */
        deadline: IsoDate;
        /**
         * True when the next processing day after acceptance was past the deadline, so an earlier date was
         * used: the latest processing day from acceptance through the deadline, or the deadline itself.
         */
        deadlineForcedDate: boolean;
        /** True when no processing day was left, so the deadline day itself is used outside the cycle. */
        offCycle: boolean;
      }
    | { action: 'KEEP_STATUS'; status: LiquidationStatus; reason: 'STATUS_PENDING' | 'WAREHOUSE_ENTRY' }
    | { action: 'NOT_SCHEDULABLE'; reason: 'FINAL_LIQUIDATION' }
    | { action: 'NOT_SCHEDULABLE'; reason: 'RELIQUIDATION_DEADLINE_PASSED'; deadline: IsoDate }
  );

/**
 * When an accepted entry is (re)liquidated; see the module comment for the rule. Throws RangeError for a
 * LIQUIDATED entry without a liquidation date or an acceptance before the filing date.
 */
export function scheduleLiquidation(input: LiquidationScheduleInput): LiquidationSchedule {
  const timingVersion = LIQUIDATION_TIMING_VERSION;
  if (compareIsoDates(input.acceptanceDate, input.filingDate) < 0) {
    throw new RangeError(
      `A declaration is accepted on or after its filing date; got acceptance ${input.acceptanceDate}, filing ${input.filingDate}`,
    );
  }
  if (input.liquidationStatus === 'LIQUIDATED' && input.liquidationDate === null) {
    throw new RangeError('A LIQUIDATED entry needs a liquidation date');
  }
  const status = liquidationStatusOn(input, input.filingDate);
  switch (status) {
    case 'EXTENDED':
    case 'SUSPENDED':
    case 'UNDER_REVIEW':
      return { action: 'KEEP_STATUS', status, reason: 'STATUS_PENDING', timingVersion };
    case 'FINAL':
      return { action: 'NOT_SCHEDULABLE', reason: 'FINAL_LIQUIDATION', timingVersion };
    case 'UNLIQUIDATED': {
      if (WAREHOUSE_ENTRY_TYPES.includes(input.entryType)) {
        return { action: 'KEEP_STATUS', status, reason: 'WAREHOUSE_ENTRY', timingVersion };
      }
      const dueDate = addDays(input.acceptanceDate, UNLIQUIDATED_LIQUIDATION_DAYS);
      return {
        action: 'LIQUIDATE',
        date: processingDayOnOrAfter(dueDate),
        dueDate,
        pendingLiquidationIgnored: input.liquidationStatus === 'LIQUIDATED',
        timingVersion,
      };
    }
    case 'LIQUIDATED': {
      const deadline = reliquidationDeadline(input.liquidationDate as IsoDate);
      const next = nextProcessingDayAfter(input.acceptanceDate);
      if (compareIsoDates(next, deadline) <= 0) {
        return {
          action: 'RELIQUIDATE',
          date: next,
          deadline,
          deadlineForcedDate: false,
          offCycle: false,
          timingVersion,
        };
      }
      // Past the deadline: the latest processing day on or before it, unless that is before acceptance.
      const latest = lastProcessingDayOnOrBefore(deadline);
      if (compareIsoDates(latest, input.acceptanceDate) >= 0) {
        return {
          action: 'RELIQUIDATE',
          date: latest,
          deadline,
          deadlineForcedDate: true,
          offCycle: false,
          timingVersion,
        };
      }
      if (compareIsoDates(deadline, input.acceptanceDate) >= 0) {
        return {
          action: 'RELIQUIDATE',
          date: deadline,
          deadline,
          deadlineForcedDate: true,
          offCycle: true,
          timingVersion,
        };
      }
      return { action: 'NOT_SCHEDULABLE', reason: 'RELIQUIDATION_DEADLINE_PASSED', deadline, timingVersion };
    }
  }
}
