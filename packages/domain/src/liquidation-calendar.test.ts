import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  fromDayNumber,
  toDayNumber,
} from './calendar-date';
import {
  DEFAULT_REVIEW_DAYS,
  lastFridayOnOrBefore,
  nextWeeklyLiquidationDate,
  reliquidationDeadline,
  reviewPeriodEnd,
  scheduleLiquidation,
} from './liquidation-calendar';

const day = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2027-12-31') }).map(fromDayNumber);

describe('weekly liquidation dates', () => {
  it.each([
    ['2026-04-20', '2026-04-24'], // Monday
    ['2026-04-23', '2026-04-24'], // Thursday
    ['2026-04-24', '2026-05-01'], // a Friday: strictly after
    ['2026-04-25', '2026-05-01'], // Saturday
  ])('first Friday after %s is %s', (date, friday) => {
    expect(nextWeeklyLiquidationDate(date)).toBe(friday);
  });

  it.each([
    ['2026-04-24', '2026-04-24'],
    ['2026-04-23', '2026-04-17'],
    ['2026-04-25', '2026-04-24'],
  ])('last Friday on or before %s is %s', (date, friday) => {
    expect(lastFridayOnOrBefore(date)).toBe(friday);
  });

  it('next and last Friday are Fridays within a week (property)', () => {
    fc.assert(
      fc.property(day, (d) => {
        const next = nextWeeklyLiquidationDate(d);
        expect(dayOfWeek(next)).toBe(5);
        expect(daysBetween(d, next)).toBeGreaterThanOrEqual(1);
        expect(daysBetween(d, next)).toBeLessThanOrEqual(7);
        const last = lastFridayOnOrBefore(d);
        expect(dayOfWeek(last)).toBe(5);
        expect(daysBetween(last, d)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(last, d)).toBeLessThanOrEqual(6);
      }),
    );
  });
});

describe('deadlines and review period', () => {
  it('reliquidation deadline is liquidation + 90 days', () => {
    expect(reliquidationDeadline('2026-02-06')).toBe('2026-05-07');
  });

  it('review period defaults to 14 days and is configurable', () => {
    expect(DEFAULT_REVIEW_DAYS).toBe(14);
    expect(reviewPeriodEnd('2026-04-20')).toBe('2026-05-04');
    expect(reviewPeriodEnd('2026-04-20', 0)).toBe('2026-04-20');
    expect(reviewPeriodEnd('2026-04-20', 30)).toBe('2026-05-20');
    expect(() => reviewPeriodEnd('2026-04-20', -1)).toThrow(RangeError);
    expect(() => reviewPeriodEnd('2026-04-20', 1.5)).toThrow(RangeError);
  });
});

describe('scheduleLiquidation', () => {
  const base = { entryType: '01', liquidationDate: null, acceptanceDate: '2026-04-20' } as const;

  it('unliquidated: first Friday after review', () => {
    expect(scheduleLiquidation({ ...base, liquidationStatus: 'UNLIQUIDATED' })).toEqual({
      action: 'LIQUIDATE',
      date: '2026-05-08',
      reviewEnd: '2026-05-04',
    });
    expect(scheduleLiquidation({ ...base, liquidationStatus: 'UNLIQUIDATED', reviewDays: 3 })).toMatchObject({
      date: '2026-04-24',
    });
    // Review ending on a Friday waits for the next Friday.
    expect(scheduleLiquidation({ ...base, liquidationStatus: 'UNLIQUIDATED', reviewDays: 4 })).toMatchObject({
      date: '2026-05-01',
    });
  });

  it('liquidated well inside 90 days: first Friday after review', () => {
    expect(
      scheduleLiquidation({ ...base, liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-03-01' }),
    ).toEqual({
      action: 'RELIQUIDATE',
      date: '2026-05-08',
      reviewEnd: '2026-05-04',
      deadline: '2026-05-30',
      reviewShortened: false,
      offCycle: false,
    });
  });

  it('liquidated near day 90: the last Friday on or before the deadline', () => {
    expect(
      scheduleLiquidation({ ...base, liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-02-06' }),
    ).toEqual({
      action: 'RELIQUIDATE',
      date: '2026-05-01',
      reviewEnd: '2026-05-04',
      deadline: '2026-05-07',
      reviewShortened: true,
      offCycle: false,
    });
  });

  it('no Friday left before the deadline: the deadline itself, off cycle', () => {
    expect(
      scheduleLiquidation({
        ...base,
        acceptanceDate: '2026-05-02',
        liquidationStatus: 'LIQUIDATED',
        liquidationDate: '2026-02-06',
      }),
    ).toMatchObject({ action: 'RELIQUIDATE', date: '2026-05-07', offCycle: true, reviewShortened: true });
  });

  it('deadline already reached at acceptance: not schedulable', () => {
    expect(
      scheduleLiquidation({
        ...base,
        acceptanceDate: '2026-05-07',
        liquidationStatus: 'LIQUIDATED',
        liquidationDate: '2026-02-06',
      }),
    ).toEqual({ action: 'NOT_SCHEDULABLE', reason: 'RELIQUIDATION_DEADLINE_PASSED', deadline: '2026-05-07' });
  });

  it.each(['EXTENDED', 'SUSPENDED', 'UNDER_REVIEW'] as const)('%s keeps its status', (status) => {
    expect(scheduleLiquidation({ ...base, liquidationStatus: status })).toEqual({
      action: 'KEEP_STATUS',
      status,
      reason: 'STATUS_PENDING',
    });
  });

  it('unliquidated warehouse entries keep their status; liquidated ones reliquidate', () => {
    expect(scheduleLiquidation({ ...base, entryType: '21', liquidationStatus: 'UNLIQUIDATED' })).toEqual({
      action: 'KEEP_STATUS',
      status: 'UNLIQUIDATED',
      reason: 'WAREHOUSE_ENTRY',
    });
    expect(
      scheduleLiquidation({
        ...base,
        entryType: '22',
        liquidationStatus: 'LIQUIDATED',
        liquidationDate: '2026-03-01',
      }),
    ).toMatchObject({ action: 'RELIQUIDATE' });
  });

  it('final liquidation cannot be scheduled', () => {
    expect(scheduleLiquidation({ ...base, liquidationStatus: 'FINAL' })).toEqual({
      action: 'NOT_SCHEDULABLE',
      reason: 'FINAL_LIQUIDATION',
    });
  });

  it('throws for a LIQUIDATED entry without a date', () => {
    expect(() => scheduleLiquidation({ ...base, liquidationStatus: 'LIQUIDATED' })).toThrow(RangeError);
  });

  it('a reliquidation is never after day 90, never before acceptance, and on a Friday unless off cycle (property)', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 95 }),
        fc.integer({ min: 0, max: 30 }),
        (liquidationDate, acceptedAfter, reviewDays) => {
          const acceptanceDate = addDays(liquidationDate, acceptedAfter);
          const s = scheduleLiquidation({
            entryType: '01',
            liquidationStatus: 'LIQUIDATED',
            liquidationDate,
            acceptanceDate,
            reviewDays,
          });
          const deadline = addDays(liquidationDate, 90);
          if (s.action === 'RELIQUIDATE') {
            expect(compareIsoDates(s.date, deadline)).toBeLessThanOrEqual(0);
            expect(compareIsoDates(s.date, acceptanceDate)).toBe(1);
            expect(dayOfWeek(s.date) === 5).toBe(!s.offCycle);
            if (!s.reviewShortened)
              expect(s.date).toBe(nextWeeklyLiquidationDate(addDays(acceptanceDate, reviewDays)));
          } else {
            expect(s).toEqual({
              action: 'NOT_SCHEDULABLE',
              reason: 'RELIQUIDATION_DEADLINE_PASSED',
              deadline,
            });
            expect(compareIsoDates(acceptanceDate, deadline)).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});
