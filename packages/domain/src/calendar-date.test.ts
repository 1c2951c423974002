import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  daysInYear,
  fromDayNumber,
  isIsoDate,
  isLeapYear,
  quarterOf,
  startOfNextQuarter,
  toDayNumber,
  yearOf,
} from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2024-02-29', 19782],
    ['2026-04-20', 20563],
    ['0001-01-01', -719162],
    ['9999-12-31', 2932896],
  ])('%s is day %i', (date, n) => {
    expect(toDayNumber(date)).toBe(n);
    expect(fromDayNumber(n)).toBe(date);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '0000-06-01',
    '2025-1-01',
    ' 2025-01-01',
    'x',
  ])('rejects %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
    expect(() => toDayNumber(value)).toThrow(RangeError);
  });

  it('accepts real dates only, including leap days', () => {
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-06-30')).toBe(true);
    expect(isIsoDate(20250101)).toBe(false);
  });

  it('knows leap years', () => {
    expect([1900, 2000, 2024, 2025].map(isLeapYear)).toEqual([false, true, true, false]);
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2025)).toBe(365);
  });

  it('rejects day numbers outside 0001-9999 and fractions', () => {
    expect(() => fromDayNumber(2932897)).toThrow(RangeError);
    expect(() => fromDayNumber(-719163)).toThrow(RangeError);
    expect(() => fromDayNumber(1.5)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-30', 80)).toBe('2026-04-20'); // CAPE launch day: 80-day window began 2026-01-30
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-30', '2026-04-20')).toBe(80);
    expect(daysBetween('2026-04-20', '2026-01-30')).toBe(-80);
  });

  it('compares dates', () => {
    expect(compareIsoDates('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareIsoDates('2025-01-02', '2025-01-02')).toBe(0);
    expect(compareIsoDates('2025-01-03', '2025-01-02')).toBe(1);
  });

  it('gives the day of week (0 = Sunday), also before 1970', () => {
    expect(dayOfWeek('2026-04-24')).toBe(5);
    expect(dayOfWeek('2026-04-20')).toBe(1);
    expect(dayOfWeek('1969-12-31')).toBe(3);
    expect(dayOfWeek('0001-01-01')).toBe(1);
  });

  it('gives years and quarters', () => {
    expect(yearOf('2025-07-04')).toBe(2025);
    expect(
      ['2025-01-01', '2025-03-31', '2025-04-01', '2025-09-30', '2025-10-01', '2025-12-31'].map(quarterOf),
    ).toEqual(['2025-Q1', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2025-Q4']);
    expect(startOfNextQuarter('2025-02-14')).toBe('2025-04-01');
    expect(startOfNextQuarter('2025-09-30')).toBe('2025-10-01');
    expect(startOfNextQuarter('2025-11-30')).toBe('2026-01-01');
    expect(() => startOfNextQuarter('9999-12-01')).toThrow(RangeError);
  });

  it('agrees with the UTC calendar of Date for any day number (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (n) => {
        const iso = fromDayNumber(n);
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(iso);
        expect(toDayNumber(iso)).toBe(n);
        expect(dayOfWeek(iso)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
    );
  });
});
