/**
 * Calendar dates as ISO strings ('YYYY-MM-DD').
 *
 * Business dates in CAPE (entry, liquidation, filing, deposit) are calendar dates with no time of day.
 * Using `Date` invites local-time-zone bugs, so dates are converted to a day number (days since
 * 1970-01-01) with pure integer arithmetic (proleptic Gregorian calendar, H. Hinnant's algorithm).
 */

/** A calendar date 'YYYY-MM-DD' (years 0001-9999). */
export type IsoDate = string;

/** A calendar quarter, e.g. '2025-Q4'. */
export type QuarterKey = `${number}-Q${1 | 2 | 3 | 4}`;

/** 0 = Sunday ... 5 = Friday, 6 = Saturday (same convention as `Date#getUTCDay`). */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const FRIDAY: DayOfWeek = 5;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MIN_DAY_NUMBER = -719162; // 0001-01-01
const MAX_DAY_NUMBER = 2932896; // 9999-12-31

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): 365 | 366 {
  return isLeapYear(year) ? 366 : 365;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parseParts(value: string): Ymd | null {
  const match = ISO_DATE.exec(value);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True when `value` is a real calendar date written exactly as 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseParts(value) !== null;
}

function partsOrThrow(value: IsoDate): Ymd {
  const parts = parseParts(value);
  if (parts === null)
    throw new RangeError(`Not a calendar date in YYYY-MM-DD form: ${JSON.stringify(value)}`);
  return parts;
}

/** Days since 1970-01-01 (negative before). Throws RangeError for anything but a valid 'YYYY-MM-DD'. */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = partsOrThrow(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Inverse of `toDayNumber`. Throws RangeError outside years 0001-9999 or for non-integers. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber) || dayNumber < MIN_DAY_NUMBER || dayNumber > MAX_DAY_NUMBER) {
    throw new RangeError(`Day number ${dayNumber} is outside years 0001-9999`);
  }
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`addDays needs a whole number of days, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** `to - from` in calendar days (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1, usable as an `Array#sort` comparator. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  return Math.sign(toDayNumber(a) - toDayNumber(b)) as -1 | 0 | 1;
}

export function dayOfWeek(date: IsoDate): DayOfWeek {
  return dayOfWeekOfDayNumber(toDayNumber(date));
}

/** For callers that already work in day numbers (bulk generators). */
export function dayOfWeekOfDayNumber(dayNumber: number): DayOfWeek {
  // 1970-01-01 was a Thursday (4); the double modulo keeps negative day numbers positive.
  return ((((dayNumber + 4) % 7) + 7) % 7) as DayOfWeek;
}

export function yearOf(date: IsoDate): number {
  return partsOrThrow(date).year;
}

export function quarterOf(date: IsoDate): QuarterKey {
  const { year, month } = partsOrThrow(date);
  return `${year}-Q${Math.ceil(month / 3) as 1 | 2 | 3 | 4}`;
}

/** First day of the quarter after the one containing `date`. */
export function startOfNextQuarter(date: IsoDate): IsoDate {
  const { year, month } = partsOrThrow(date);
  const nextQuarterMonth = Math.ceil(month / 3) * 3 + 1;
  if (nextQuarterMonth <= 12) return `${pad(year, 4)}-${pad(nextQuarterMonth, 2)}-01`;
  return fromDayNumber(toDayNumber(`${pad(year, 4)}-12-31`) + 1);
}
