/**
 * Fast calendar helpers for the generator: day numbers (integers) internally, 'YYYY-MM-DD' strings out.
 * The string of each day is computed once (millions of rows reuse a few hundred dates).
 */
import { dayOfWeekOfDayNumber, FRIDAY, fromDayNumber, type IsoDate, toDayNumber } from '@cape/domain';

const isoByDayNumber = new Map<number, IsoDate>();

export function isoOf(dayNumber: number): IsoDate {
  let iso = isoByDayNumber.get(dayNumber);
  if (iso === undefined) {
    iso = fromDayNumber(dayNumber);
    isoByDayNumber.set(dayNumber, iso);
  }
  return iso;
}

export function dayNumberOf(date: IsoDate): number {
  return toDayNumber(date);
}

export function isWorkingDay(dayNumber: number): boolean {
  const weekday = dayOfWeekOfDayNumber(dayNumber);
  return weekday !== 0 && weekday !== 6;
}

/** Working days (Monday-Friday) in [from, until). */
export function workingDaysBetween(from: IsoDate, until: IsoDate): number[] {
  const days: number[] = [];
  for (let day = toDayNumber(from); day < toDayNumber(until); day++) {
    if (isWorkingDay(day)) days.push(day);
  }
  return days;
}

export function addWorkingDays(dayNumber: number, workingDays: number): number {
  let day = dayNumber;
  let remaining = workingDays;
  while (remaining > 0) {
    day++;
    if (isWorkingDay(day)) remaining--;
  }
  return day;
}

/** The first Friday on or after the day. */
export function fridayOnOrAfter(dayNumber: number): number {
  return dayNumber + ((FRIDAY - dayOfWeekOfDayNumber(dayNumber) + 7) % 7);
}
