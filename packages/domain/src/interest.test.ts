import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from './calendar-date';
import { applyInterestFactor, computeInterest, interestFactor } from './interest';
import { OVERPAYMENT_RATE_TABLE, OVERPAYMENT_RATES, OVERPAYMENT_RATES_VERSION } from './overpayment-rates';

describe('overpayment rate table', () => {
  it('holds 2024-Q4 .. 2026-Q4 from docs/domain.md, in basis points, all confirmed', () => {
    expect(
      OVERPAYMENT_RATES.map((r) => [r.quarter, r.nonCorporateBasisPoints, r.corporateBasisPoints]),
    ).toEqual([
      ['2024-Q4', 800, 700],
      ['2025-Q1', 700, 600],
      ['2025-Q2', 700, 600],
      ['2025-Q3', 700, 600],
      ['2025-Q4', 700, 600],
      ['2026-Q1', 700, 600],
      ['2026-Q2', 600, 500],
      ['2026-Q3', 700, 600],
      ['2026-Q4', 700, 600],
    ]);
    expect(OVERPAYMENT_RATES.every((r) => r.confirmed)).toBe(true);
    expect(OVERPAYMENT_RATE_TABLE.version).toBe(OVERPAYMENT_RATES_VERSION);
    expect(OVERPAYMENT_RATES_VERSION).toBe('overpayment-rates-2026-Q4.1');
  });
});

/**
 * Oracle cases computed by hand as exact fractions. A daily factor is (B*10000 + bp)/(B*10000): 7% over 365
 * days is 3,650,700/3,650,000 = 36,507/36,500; 6% is 18,253/18,250; 7% over 366 is 3,660,700/3,660,000.
 */
describe('computeInterest: exact-rational oracle cases', () => {
  const at = (principalCents: bigint, depositDate: string, endDate: string, corporate: boolean): bigint =>
    computeInterest({ principalCents, depositDate, endDate, corporate }).interestCents;

  it('a half-cent tie rounds up: 54,750 x 700/3,650,000 = 10.5 -> 11 (not 10)', () => {
    expect(at(54_750n, '2025-05-01', '2025-05-02', false)).toBe(11n);
    // Either side of the tie: 10.4998... and 10.5001...
    expect(at(54_749n, '2025-05-01', '2025-05-02', false)).toBe(10n);
    expect(at(54_751n, '2025-05-01', '2025-05-02', false)).toBe(11n);
  });

  it('a tie after two days of compounding: (36,507/36,500)^2 - 1 = 511,049/36,500^2; 666,125,000 cents -> 255,524.5 -> 255,525', () => {
    expect(at(666_125_000n, '2025-05-01', '2025-05-03', false)).toBe(255_525n);
    expect(at(666_124_999n, '2025-05-01', '2025-05-03', false)).toBe(255_524n);
  });

  it('a corporate tie: 9,125 x 600/3,650,000 = 1.5 -> 2', () => {
    expect(at(9_125n, '2025-05-01', '2025-05-02', true)).toBe(2n);
  });

  it('a leap-year tie (366-day basis): 18,300 x 700/3,660,000 = 3.5 -> 4', () => {
    expect(at(18_300n, '2024-12-02', '2024-12-03', true)).toBe(4n);
    // On a 365-day basis it would be 3.5096 -> 4 too, so check the basis on a non-tie: 1,000,000 cents.
    // 1,000,000 x 700/3,660,000 = 191.26 -> 191 (365 would give 191.78 -> 192).
    expect(at(1_000_000n, '2024-12-02', '2024-12-03', true)).toBe(191n);
  });

  it('across a quarter with a rate change (7% then 6%): 36,507/36,500 x 18,253/18,250 = 666,362,271/666,125,000', () => {
    // 1,000,000 x 237,271/666,125,000 = 356.196 -> 356; 333,062,500 x ... = 118,635.5 -> 118,636
    expect(at(1_000_000n, '2026-03-31', '2026-04-02', false)).toBe(356n);
    expect(at(333_062_500n, '2026-03-31', '2026-04-02', false)).toBe(118_636n);
  });

  it('one day: $10,000.00 x 700/3,650,000 = 191.78 -> 192 cents, with its segment', () => {
    const r = computeInterest({
      principalCents: 1_000_000n,
      depositDate: '2025-03-10',
      endDate: '2025-03-11',
      corporate: false,
    });
    expect(r.interestCents).toBe(192n);
    expect(r.days).toBe(1);
    expect(r.segments).toEqual([
      {
        quarter: '2025-Q1',
        from: '2025-03-10',
        until: '2025-03-11',
        days: 1,
        rateBasisPoints: 700,
        dayBasis: 365,
        rateQuarter: '2025-Q1',
        estimated: false,
      },
    ]);
    expect(r.estimatedQuarters).toEqual([]);
    expect(r.unconfirmedRateQuarters).toEqual([]);
    expect(r.ratesVersion).toBe(OVERPAYMENT_RATES_VERSION);
  });

  it('same day gives zero', () => {
    const r = computeInterest({
      principalCents: 1_000_000n,
      depositDate: '2025-03-10',
      endDate: '2025-03-10',
      corporate: true,
    });
    expect(r.interestCents).toBe(0n);
    expect(r.days).toBe(0);
    expect(r.segments).toEqual([]);
  });

  it('longer periods (checked with Python fractions day by day)', () => {
    // 62 days at 6%/365 corporate: 51,215.2387 -> 51,215
    expect(at(5_000_000n, '2025-12-01', '2026-02-01', true)).toBe(51_215n);
    // 47 days at 6% (2025-Q4), 90 at 6% (2026-Q1), 14 at 5% (2026-Q2): 305,399.8405 -> 305,400
    expect(at(12_345_678n, '2025-11-15', '2026-04-15', true)).toBe(305_400n);
    // 30 days at 8%/366 in 2024: 16,445.5061 -> 16,446 (with /365 it would be 16,491)
    expect(at(2_500_000n, '2024-11-01', '2024-12-01', false)).toBe(16_446n);
    // 17 days at 8%/366 then 14 at 7%/365: 642,063.9530 -> 642,064
    expect(at(100_000_000n, '2024-12-15', '2025-01-15', false)).toBe(642_064n);
    // 16 days at 6% (2026-Q2) then 14 at the confirmed 7% of 2026-Q3: 5,328.7424 -> 5,329
    expect(at(1_000_000n, '2026-06-15', '2026-07-15', false)).toBe(5_329n);
  });

  it('docs/domain.md section 6.2 worked examples', () => {
    expect(at(100_000n, '2025-12-30', '2026-01-02', false)).toBe(58n); // 3 days at 7%/365: 57.545
    // 290 days at 7% (6%), then 64 days of 2026-Q2 at 6% (5%): 68,366.439 and 58,056.609
    expect(at(1_000_000n, '2025-06-15', '2026-06-04', false)).toBe(68_366n);
    expect(at(1_000_000n, '2025-06-15', '2026-06-04', true)).toBe(58_057n);
  });

  it('2027-Q1 has no published rate: the 2026-Q4 rate is carried forward and the quarter flagged', () => {
    // Two days at 7%/365: 1,000,000 x 511,049/1,332,250,000 = 383.598 -> 384
    const r = computeInterest({
      principalCents: 1_000_000n,
      depositDate: '2026-12-31',
      endDate: '2027-01-02',
      corporate: false,
    });
    expect(r.interestCents).toBe(384n);
    expect(r.estimatedQuarters).toEqual(['2027-Q1']);
    expect(r.segments[1]).toMatchObject({
      quarter: '2027-Q1',
      rateQuarter: '2026-Q4',
      rateBasisPoints: 700,
      estimated: true,
    });
  });

  it('uses a caller-supplied table and flags a gap and unconfirmed rates inside it', () => {
    const rates = {
      version: 'test',
      rates: [
        {
          quarter: '2025-Q3',
          nonCorporateBasisPoints: 400,
          corporateBasisPoints: 300,
          confirmed: false,
          source: 't',
        },
        {
          quarter: '2025-Q1',
          nonCorporateBasisPoints: 1000,
          corporateBasisPoints: 900,
          confirmed: true,
          source: 't',
        },
      ],
    } as const;
    const r = computeInterest({
      principalCents: 100n,
      depositDate: '2025-03-31',
      endDate: '2025-07-02',
      corporate: true,
      rates,
    });
    expect(r.ratesVersion).toBe('test');
    expect(r.segments.map((s) => [s.quarter, s.rateQuarter, s.rateBasisPoints, s.estimated])).toEqual([
      ['2025-Q1', '2025-Q1', 900, false],
      ['2025-Q2', '2025-Q1', 900, true],
      ['2025-Q3', '2025-Q3', 300, false],
    ]);
    expect(r.estimatedQuarters).toEqual(['2025-Q2']);
    expect(r.unconfirmedRateQuarters).toEqual(['2025-Q3']);
  });

  it('throws RangeError for bad input', () => {
    const base = { principalCents: 100n, depositDate: '2025-03-10', endDate: '2025-03-11', corporate: false };
    expect(() => computeInterest({ ...base, endDate: '2025-03-09' })).toThrow(RangeError);
    expect(() => computeInterest({ ...base, principalCents: -1n })).toThrow(RangeError);
    expect(() => computeInterest({ ...base, depositDate: '2025-3-10' })).toThrow(RangeError);
    expect(() => computeInterest({ ...base, depositDate: '2024-09-30' })).toThrow(/No overpayment rate/);
  });

  it('zero principal earns zero', () => {
    expect(at(0n, '2025-01-01', '2026-01-01', true)).toBe(0n);
  });
});

describe('interestFactor + applyInterestFactor', () => {
  it('gives the exact fraction and applies it to many principals', () => {
    const factor = interestFactor({ depositDate: '2025-05-01', endDate: '2025-05-03', corporate: false });
    expect([factor.numerator, factor.denominator]).toEqual([36_507n ** 2n, 36_500n ** 2n]);
    expect(factor.days).toBe(2);
    expect([54_750n, 666_125_000n, 0n].map((p) => applyInterestFactor(p, factor))).toEqual([
      21n, // 54,750 x 511,049/1,332,250,000 = 21.0020 -> 21
      255_525n,
      0n,
    ]);
    expect(() => applyInterestFactor(-5n, factor)).toThrow(RangeError);
  });

  it('stays exact beyond the floating-point range: a principal of 2^60 cents, or interest of 2^50 cents and more', () => {
    const big = 2n ** 60n;
    const oneDay = interestFactor({ depositDate: '2025-05-01', endDate: '2025-05-02', corporate: false });
    // round(P x 7/36,500), half up
    expect(applyInterestFactor(big, oneDay)).toBe((2n * big * 7n + 36_500n) / 73_000n);
    // 30 days at 10,000% a year: daily 4,650,000/3,650,000 = 93/73; interest on 2^49 cents exceeds 2^50.
    const rates = {
      version: 'absurd',
      rates: [
        {
          quarter: '2025-Q2',
          nonCorporateBasisPoints: 1_000_000,
          corporateBasisPoints: 0,
          confirmed: true,
          source: 't',
        },
      ],
    } as const;
    const huge = interestFactor({
      depositDate: '2025-05-01',
      endDate: '2025-05-31',
      corporate: false,
      rates,
    });
    const principal = 2n ** 49n;
    const n = 93n ** 30n;
    const d = 73n ** 30n;
    expect(applyInterestFactor(principal, huge)).toBe((2n * principal * (n - d) + d) / (2n * d));
    expect(applyInterestFactor(principal, huge) > 2n ** 50n).toBe(true);
  });
});

/** A second method: walk day by day with exact fractions and a rate table stated here, not the code's. */
const ORACLE_RATES: Record<string, readonly [nonCorporate: bigint, corporate: bigint]> = {
  '2024-4': [800n, 700n],
  '2025-1': [700n, 600n],
  '2025-2': [700n, 600n],
  '2025-3': [700n, 600n],
  '2025-4': [700n, 600n],
  '2026-1': [700n, 600n],
  '2026-2': [600n, 500n],
  '2026-3': [700n, 600n],
  '2026-4': [700n, 600n],
};

function oracleInterest(principal: bigint, depositDate: string, endDate: string, corporate: boolean): bigint {
  let n = 1n;
  let d = 1n;
  for (let day = new Date(`${depositDate}T00:00:00Z`); day < new Date(`${endDate}T00:00:00Z`); ) {
    const year = day.getUTCFullYear();
    const key = `${year}-${Math.floor(day.getUTCMonth() / 3) + 1}`;
    const rates = ORACLE_RATES[key] ?? ORACLE_RATES['2026-4']!; // 2027: the last known rate
    const basis = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1 ? 3_660_000n : 3_650_000n;
    n *= basis + rates[corporate ? 1 : 0];
    d *= basis;
    day = new Date(day.getTime() + 86_400_000);
  }
  // round half up of principal * (n - d) / d
  return (2n * principal * (n - d) + d) / (2n * d);
}

describe('computeInterest against the day-by-day oracle (property)', () => {
  const day = fc
    .integer({ min: toDayNumber('2024-10-01'), max: toDayNumber('2027-03-31') })
    .map(fromDayNumber);
  it('agrees for any principal and period', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        day,
        fc.integer({ min: 0, max: 200 }),
        fc.boolean(),
        (principal, depositDate, days, corporate) => {
          const endDate = addDays(depositDate, days);
          fc.pre(endDate <= '2027-03-31');
          expect(
            computeInterest({ principalCents: principal, depositDate, endDate, corporate }).interestCents,
          ).toBe(oracleInterest(principal, depositDate, endDate, corporate));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rounds every exact tie up: principal (2k+1) x D/2 earns ((2k+1)(N - D) + 1)/2 when D is even and N - D odd', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 20 }),
        (d, days, corporate, k) => {
          const endDate = addDays(d, days);
          fc.pre(endDate <= '2027-03-31');
          const factor = interestFactor({ depositDate: d, endDate, corporate });
          const excess = factor.numerator - factor.denominator;
          fc.pre(factor.denominator % 2n === 0n && excess % 2n === 1n);
          const odd = BigInt(2 * k + 1);
          // principal x (N - D)/D = (2k+1)(N - D)/2: a whole number and a half.
          const principal = (odd * factor.denominator) / 2n;
          const tieRoundedUp = (odd * excess + 1n) / 2n;
          expect(applyInterestFactor(principal, factor)).toBe(tieRoundedUp);
          expect(oracleInterest(principal, d, endDate, corporate)).toBe(tieRoundedUp);
        },
      ),
      { numRuns: 200 },
    );
  });
});
