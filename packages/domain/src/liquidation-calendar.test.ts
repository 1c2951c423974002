import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDayNumber, toDayNumber } from './calendar-date';
import {
  FEDERAL_HOLIDAY_CALENDAR,
  federalHolidayOn,
  isCapeProcessingDay,
  LIQUIDATION_TIMING_VERSION,
  lastProcessingDayOnOrBefore,
  nextProcessingDayAfter,
  observedFederalHolidays,
  processingDayOnOrAfter,
  readObservedFederalHolidays,
  reliquidationDeadline,
  scheduleLiquidation,
} from './liquidation-calendar';

/**
 * The independent oracle: OPM's published federal holidays (as observed) for 2026 and 2027, written out by
 * hand, weekdays from JavaScript's Date in UTC, and the rule walked one day at a time.
 */
const OPM_HOLIDAYS = new Set([
  '2026-01-01', // New Year's Day (Thu)
  '2026-01-19', // Martin Luther King Jr. (Mon)
  '2026-02-16', // Washington's Birthday (Mon)
  '2026-05-25', // Memorial Day (Mon)
  '2026-06-19', // Juneteenth (Fri)
  '2026-07-03', // Independence Day, observed: July 4 is a Saturday
  '2026-09-07', // Labor Day (Mon)
  '2026-10-12', // Columbus Day (Mon)
  '2026-11-11', // Veterans Day (Wed)
  '2026-11-26', // Thanksgiving (Thu)
  '2026-12-25', // Christmas (Fri)
  '2027-01-01', // New Year's Day (Fri)
  '2027-01-18', // Martin Luther King Jr. (Mon)
  '2027-02-15', // Washington's Birthday (Mon)
  '2027-05-31', // Memorial Day (Mon)
  '2027-06-18', // Juneteenth, observed: June 19 is a Saturday
  '2027-07-05', // Independence Day, observed: July 4 is a Sunday
  '2027-09-06', // Labor Day (Mon)
  '2027-10-11', // Columbus Day (Mon)
  '2027-11-11', // Veterans Day (Thu)
  '2027-11-25', // Thanksgiving (Thu)
  '2027-12-24', // Christmas, observed: December 25 is a Saturday
  '2027-12-31', // New Year's Day 2028, observed: January 1 is a Saturday
]);

const DAY_MS = 86_400_000;
const utc = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string => iso(utc(date) + days * DAY_MS);

function oracleIsProcessingDay(date: string): boolean {
  const weekday = new Date(utc(date)).getUTCDay();
  return weekday >= 1 && weekday <= 4 && !OPM_HOLIDAYS.has(date);
}

function oracleFirstProcessingDayFrom(date: string): string {
  let day = date;
  while (!oracleIsProcessingDay(day)) day = plusDays(day, 1);
  return day;
}

describe('federal holidays from @18f/us-federal-holidays', () => {
  it('match OPM for 2026 and 2027, observed dates included', () => {
    const fromLibrary = [...observedFederalHolidays(2026).keys(), ...observedFederalHolidays(2027).keys()];
    expect(fromLibrary.sort()).toEqual([...OPM_HOLIDAYS].sort());
    expect(federalHolidayOn('2027-07-05')).toBe('Independence Day');
    expect(federalHolidayOn('2027-07-04')).toBeNull(); // the Sunday itself: observed on Monday
    expect(federalHolidayOn('2027-12-31')).toBe("New Year's Day"); // of 2028, observed on Friday
    expect(federalHolidayOn('2026-04-20')).toBeNull();
  });

  it('do not depend on the process time zone', () => {
    const original = process.env.TZ;
    try {
      const byZone = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York'].map((zone) => {
        process.env.TZ = zone;
        return [2026, 2027, 2028].map((year) => [...readObservedFederalHolidays(year).entries()]);
      });
      for (const lists of byZone) expect(lists).toEqual(byZone[0]);
      expect(byZone[0]![0]!.map(([date]) => date)).toEqual([...OPM_HOLIDAYS].filter((d) => d < '2027'));
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });

  it('names the installed library version', () => {
    const version = createRequire(import.meta.url)('@18f/us-federal-holidays/package.json').version;
    expect(FEDERAL_HOLIDAY_CALENDAR).toBe(`@18f/us-federal-holidays@${version}`);
  });
});

describe('CAPE processing days (Monday-Thursday, holidays skipped)', () => {
  it.each([
    ['2026-04-20', true], // Monday
    ['2026-04-23', true], // Thursday
    ['2026-04-24', false], // Friday
    ['2026-04-25', false], // Saturday
    ['2026-04-26', false], // Sunday
    ['2026-09-07', false], // Labor Day (Monday)
    ['2026-11-26', false], // Thanksgiving (Thursday)
    ['2027-07-05', false], // Independence Day observed (Monday)
  ])('%s is a processing day: %s', (date, expected) => {
    expect(isCapeProcessingDay(date)).toBe(expected);
  });

  it('next, on-or-after and on-or-before', () => {
    expect(nextProcessingDayAfter('2026-04-23')).toBe('2026-04-27'); // Thu -> Mon
    expect(nextProcessingDayAfter('2026-09-03')).toBe('2026-09-08'); // Thu -> (Labor Day) Tue
    expect(processingDayOnOrAfter('2026-04-20')).toBe('2026-04-20');
    expect(processingDayOnOrAfter('2026-11-26')).toBe('2026-11-30'); // Thanksgiving -> Mon
    expect(lastProcessingDayOnOrBefore('2026-04-26')).toBe('2026-04-23'); // Sun -> Thu
    expect(lastProcessingDayOnOrBefore('2026-09-07')).toBe('2026-09-03'); // Labor Day -> Thu
  });

  it('agree with the OPM oracle on every day of 2026 and 2027', () => {
    for (let day = toDayNumber('2026-01-01'); day <= toDayNumber('2027-12-24'); day++) {
      const date = fromDayNumber(day);
      expect(isCapeProcessingDay(date), date).toBe(oracleIsProcessingDay(date));
      expect(processingDayOnOrAfter(date), date).toBe(oracleFirstProcessingDayFrom(date));
      expect(nextProcessingDayAfter(date), date).toBe(oracleFirstProcessingDayFrom(plusDays(date, 1)));
    }
  });
});

describe('scheduleLiquidation (timing rule cape-liquidation-timing-2026-11-23)', () => {
  const unliquidated = {
    entryType: '01',
    liquidationStatus: 'UNLIQUIDATED',
    liquidationDate: null,
    filingDate: '2026-04-20',
  } as const;
  const at = (acceptanceDate: string) =>
    scheduleLiquidation({ ...unliquidated, filingDate: acceptanceDate, acceptanceDate });

  it('unliquidated: 45 days after acceptance when that is a processing day', () => {
    expect(at('2026-04-20')).toEqual({
      action: 'LIQUIDATE',
      date: '2026-06-04', // Thursday
      dueDate: '2026-06-04',
      pendingLiquidationIgnored: false,
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
  });

  it.each([
    ['2026-04-21', '2026-06-05', '2026-06-08'], // due on a Friday -> Monday
    ['2026-07-24', '2026-09-07', '2026-09-08'], // Labor Day -> Tuesday
    ['2026-08-28', '2026-10-12', '2026-10-13'], // Columbus Day -> Tuesday
    ['2026-09-27', '2026-11-11', '2026-11-12'], // Veterans Day (Wednesday) -> Thursday
    ['2026-10-12', '2026-11-26', '2026-11-30'], // Thanksgiving (Thursday) -> Monday
    ['2026-12-04', '2027-01-18', '2027-01-19'], // Martin Luther King Jr. Day -> Tuesday
    ['2027-05-21', '2027-07-05', '2027-07-06'], // Independence Day observed on Monday -> Tuesday
  ])('unliquidated, accepted %s: due %s, liquidates %s', (acceptanceDate, dueDate, date) => {
    expect(at(acceptanceDate)).toMatchObject({ action: 'LIQUIDATE', dueDate, date });
  });

  const liquidated = (liquidationDate: string, acceptanceDate: string, filingDate = acceptanceDate) =>
    scheduleLiquidation({
      entryType: '01',
      liquidationStatus: 'LIQUIDATED',
      liquidationDate,
      filingDate,
      acceptanceDate,
    });

  it('liquidated within 80 days: reliquidated on the next processing day after acceptance', () => {
    expect(liquidated('2026-02-06', '2026-04-20')).toEqual({
      action: 'RELIQUIDATE',
      date: '2026-04-21',
      deadline: '2026-05-07',
      deadlineForcedDate: false,
      offCycle: false,
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
    expect(liquidated('2026-02-06', '2026-04-23')).toMatchObject({ date: '2026-04-27' }); // Thu -> Mon
  });

  it('never after day 90: the latest processing day from acceptance through day 90', () => {
    // Liquidated Thu 2026-02-12, day 90 is Wed 2026-05-13; filed by day 80, accepted later (held).
    expect(liquidated('2026-02-12', '2026-05-12', '2026-05-01')).toMatchObject({
      date: '2026-05-13',
      deadlineForcedDate: false,
    });
    expect(liquidated('2026-02-12', '2026-05-13', '2026-05-01')).toEqual({
      action: 'RELIQUIDATE',
      date: '2026-05-13',
      deadline: '2026-05-13',
      deadlineForcedDate: true,
      offCycle: false,
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
    // Day 90 on a Friday (2026-05-08): accepted Thursday 05-07, next processing day Monday is too late.
    expect(liquidated('2026-02-07', '2026-05-07', '2026-04-28')).toMatchObject({
      date: '2026-05-07',
      deadlineForcedDate: true,
      offCycle: false,
    });
  });

  it('no processing day left before day 90: day 90 itself, off cycle', () => {
    // Day 90 is Friday 2026-05-08 and the declaration was accepted that day.
    expect(liquidated('2026-02-07', '2026-05-08', '2026-04-28')).toEqual({
      action: 'RELIQUIDATE',
      date: '2026-05-08',
      deadline: '2026-05-08',
      deadlineForcedDate: true,
      offCycle: true,
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
  });

  it('accepted after day 90: cannot be reliquidated, reported', () => {
    expect(liquidated('2026-02-12', '2026-05-14', '2026-05-01')).toEqual({
      action: 'NOT_SCHEDULABLE',
      reason: 'RELIQUIDATION_DEADLINE_PASSED',
      deadline: '2026-05-13',
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
  });

  it.each([
    // docs/domain.md section 3.4 worked examples (declarations filed by day 80, some accepted later)
    ['2026-03-06', '2026-05-14', '2026-05-18', false],
    ['2026-03-06', '2026-05-22', '2026-05-26', false], // Monday 05-25 is Memorial Day
    ['2026-02-27', '2026-05-27', '2026-05-28', false], // day 90
    ['2026-02-27', '2026-05-28', '2026-05-28', true], // next processing day is day 94: the acceptance day
  ])('docs example: liquidated %s, accepted %s -> %s', (liquidationDate, acceptanceDate, date, forced) => {
    expect(liquidated(liquidationDate, acceptanceDate, '2026-05-14')).toMatchObject({
      action: 'RELIQUIDATE',
      date,
      deadlineForcedDate: forced,
      offCycle: false,
    });
  });

  it('a liquidation dated after the filing date is scheduled as unliquidated', () => {
    expect(liquidated('2026-05-15', '2026-04-20')).toEqual({
      action: 'LIQUIDATE',
      date: '2026-06-04',
      dueDate: '2026-06-04',
      pendingLiquidationIgnored: true,
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
  });

  it.each(['EXTENDED', 'SUSPENDED', 'UNDER_REVIEW'] as const)('%s keeps its status, no date', (status) => {
    expect(
      scheduleLiquidation({ ...unliquidated, liquidationStatus: status, acceptanceDate: '2026-04-20' }),
    ).toEqual({
      action: 'KEEP_STATUS',
      status,
      reason: 'STATUS_PENDING',
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
  });

  it('unliquidated warehouse entries keep their status; liquidated ones reliquidate', () => {
    expect(
      scheduleLiquidation({ ...unliquidated, entryType: '21', acceptanceDate: '2026-04-20' }),
    ).toMatchObject({ action: 'KEEP_STATUS', status: 'UNLIQUIDATED', reason: 'WAREHOUSE_ENTRY' });
    expect(
      scheduleLiquidation({
        entryType: '22',
        liquidationStatus: 'LIQUIDATED',
        liquidationDate: '2026-03-06',
        filingDate: '2026-04-20',
        acceptanceDate: '2026-04-20',
      }),
    ).toMatchObject({ action: 'RELIQUIDATE', date: '2026-04-21' });
  });

  it('final liquidation cannot be scheduled', () => {
    expect(
      scheduleLiquidation({ ...unliquidated, liquidationStatus: 'FINAL', acceptanceDate: '2026-04-20' }),
    ).toEqual({
      action: 'NOT_SCHEDULABLE',
      reason: 'FINAL_LIQUIDATION',
      timingVersion: LIQUIDATION_TIMING_VERSION,
    });
  });

  it('throws for a LIQUIDATED entry without a date and for an acceptance before filing', () => {
    expect(() =>
      scheduleLiquidation({ ...unliquidated, liquidationStatus: 'LIQUIDATED', acceptanceDate: '2026-04-20' }),
    ).toThrow(RangeError);
    expect(() =>
      scheduleLiquidation({ ...unliquidated, filingDate: '2026-04-21', acceptanceDate: '2026-04-20' }),
    ).toThrow(/on or after its filing date/);
  });

  it('reliquidation deadline is liquidation + 90 days', () => {
    expect(reliquidationDeadline('2026-02-06')).toBe('2026-05-07');
  });

  it('agrees with the day-by-day oracle for any acceptance in 2026 (property)', () => {
    const day = (from: string, to: string) =>
      fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);
    fc.assert(
      fc.property(
        day('2026-04-20', '2026-11-15'),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: -30, max: 95 }),
        fc.boolean(),
        (filingDate, heldDays, liquidatedDaysBefore, wasLiquidated) => {
          const acceptanceDate = plusDays(filingDate, heldDays);
          const liquidationDate = plusDays(filingDate, -liquidatedDaysBefore);
          const s = scheduleLiquidation({
            entryType: '01',
            liquidationStatus: wasLiquidated ? 'LIQUIDATED' : 'UNLIQUIDATED',
            liquidationDate: wasLiquidated ? liquidationDate : null,
            filingDate,
            acceptanceDate,
          });
          if (!wasLiquidated || liquidatedDaysBefore < 0) {
            expect(s).toMatchObject({
              action: 'LIQUIDATE',
              date: oracleFirstProcessingDayFrom(plusDays(acceptanceDate, 45)),
            });
            return;
          }
          const deadline = plusDays(liquidationDate, 90);
          const next = oracleFirstProcessingDayFrom(plusDays(acceptanceDate, 1));
          // The processing days from acceptance through the deadline, walked one by one.
          let latest: string | null = null;
          for (let d = acceptanceDate; d <= deadline; d = plusDays(d, 1)) {
            if (oracleIsProcessingDay(d)) latest = d;
          }
          if (next <= deadline) {
            expect(s).toMatchObject({
              action: 'RELIQUIDATE',
              date: next,
              deadlineForcedDate: false,
              offCycle: false,
            });
          } else if (latest !== null) {
            expect(s).toMatchObject({
              action: 'RELIQUIDATE',
              date: latest,
              deadlineForcedDate: true,
              offCycle: false,
            });
          } else if (acceptanceDate <= deadline) {
            expect(s).toMatchObject({ action: 'RELIQUIDATE', date: deadline, offCycle: true });
          } else {
            expect(s).toMatchObject({
              action: 'NOT_SCHEDULABLE',
              reason: 'RELIQUIDATION_DEADLINE_PASSED',
              deadline,
            });
          }
          if (s.action === 'RELIQUIDATE') {
            expect(s.date <= deadline && s.date >= acceptanceDate).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
