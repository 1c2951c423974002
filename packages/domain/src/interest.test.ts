import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from './calendar-date';
import { accrueOverpaymentBalance, computeInterest } from './interest';
import { OVERPAYMENT_RATE_TABLE, OVERPAYMENT_RATES, OVERPAYMENT_RATES_VERSION } from './overpayment-rates';

describe('overpayment rate table', () => {
  it('holds 2024-Q4 .. 2026-Q2 from docs/domain.md section 6', () => {
    expect(OVERPAYMENT_RATES.map((r) => r.quarter)).toEqual([
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
    expect(OVERPAYMENT_RATES[0]).toMatchObject({ nonCorporatePercent: '8', corporatePercent: '7' });
    expect(OVERPAYMENT_RATES[6]).toMatchObject({
      nonCorporatePercent: '6',
      corporatePercent: '5',
      confirmed: false,
    });
    expect(OVERPAYMENT_RATE_TABLE.version).toBe(OVERPAYMENT_RATES_VERSION);
  });
});

describe('computeInterest (hand-checked)', () => {
  it('$10,000.00 for one day at 7% non-corporate in 2025: 10000 * 0.07 / 365 = $1.9178 -> 192 cents', () => {
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
        ratePercent: '7',
        dayBasis: 365,
        rateQuarter: '2025-Q1',
        estimated: false,
      },
    ]);
    expect(r.estimatedQuarters).toEqual([]);
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

  it('corporate, 2025-Q4 -> 2026-Q1: $50,000.00 from 2025-12-01 to 2026-02-01 at 6%/365 for 62 days', () => {
    // 5,000,000 * ((1 + 0.06/365)^62 - 1) = 51,215.2387... cents
    const r = computeInterest({
      principalCents: 5_000_000n,
      depositDate: '2025-12-01',
      endDate: '2026-02-01',
      corporate: true,
    });
    expect(r.interestCents).toBe(51_215n);
    expect(r.segments.map((s) => [s.quarter, s.days, s.ratePercent])).toEqual([
      ['2025-Q4', 31, '6'],
      ['2026-Q1', 31, '6'],
    ]);
  });

  it('corporate across three quarters with a rate change (6% -> 5% in 2026-Q2)', () => {
    // 47 days at 6% (2025-Q4), 90 days at 6% (2026-Q1), 14 days at 5% (2026-Q2) on $123,456.78: 305,399.84 cents
    const r = computeInterest({
      principalCents: 12_345_678n,
      depositDate: '2025-11-15',
      endDate: '2026-04-15',
      corporate: true,
    });
    expect(r.interestCents).toBe(305_400n);
    expect(r.segments.map((s) => [s.quarter, s.days, s.ratePercent])).toEqual([
      ['2025-Q4', 47, '6'],
      ['2026-Q1', 90, '6'],
      ['2026-Q2', 14, '5'],
    ]);
    expect(r.unconfirmedRateQuarters).toEqual(['2026-Q2']);
  });

  it('2024 is a leap year: 366-day divisor ($25,000.00, 30 days at 8% non-corporate = 16,445.51 cents)', () => {
    const r = computeInterest({
      principalCents: 2_500_000n,
      depositDate: '2024-11-01',
      endDate: '2024-12-01',
      corporate: false,
    });
    expect(r.interestCents).toBe(16_446n);
    expect(r.segments[0]?.dayBasis).toBe(366);
    // With 365 the result would be 16,491 cents (16,490.71): the divisor matters.
    const with365 = new Decimal('2500000')
      .times(new Decimal(1).plus(new Decimal('0.08').div(365)).pow(30))
      .minus(2500000);
    expect(with365.toDecimalPlaces(0).toNumber()).toBe(16_491);
  });

  it('year-end crossing switches both rate and divisor (2024-Q4 8%/366 -> 2025-Q1 7%/365)', () => {
    const r = computeInterest({
      principalCents: 100_000_000n,
      depositDate: '2024-12-15',
      endDate: '2025-01-15',
      corporate: false,
    });
    expect(r.interestCents).toBe(642_064n);
    expect(r.segments.map((s) => [s.days, s.ratePercent, s.dayBasis])).toEqual([
      [17, '8', 366],
      [14, '7', 365],
    ]);
  });

  it('carries the last known rate into unpublished quarters and flags them', () => {
    const r = computeInterest({
      principalCents: 1_000_000n,
      depositDate: '2026-06-15',
      endDate: '2026-07-15',
      corporate: false,
    });
    expect(r.interestCents).toBe(4_943n);
    expect(r.estimatedQuarters).toEqual(['2026-Q3']);
    expect(r.segments[1]).toMatchObject({
      quarter: '2026-Q3',
      rateQuarter: '2026-Q2',
      ratePercent: '6',
      estimated: true,
    });
    expect(r.unconfirmedRateQuarters).toEqual(['2026-Q2', '2026-Q3']);
  });

  it('uses a caller-supplied table and flags a gap inside it', () => {
    const rates = {
      version: 'test',
      rates: [
        { quarter: '2025-Q3', nonCorporatePercent: '4', corporatePercent: '3', confirmed: true, source: 't' },
        {
          quarter: '2025-Q1',
          nonCorporatePercent: '10',
          corporatePercent: '9',
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
    expect(r.segments.map((s) => [s.quarter, s.rateQuarter, s.ratePercent, s.estimated])).toEqual([
      ['2025-Q1', '2025-Q1', '9', false],
      ['2025-Q2', '2025-Q1', '9', true],
      ['2025-Q3', '2025-Q3', '3', false],
    ]);
    expect(r.estimatedQuarters).toEqual(['2025-Q2']);
  });

  it('throws RangeError for bad input', () => {
    const base = { principalCents: 100n, depositDate: '2025-03-10', endDate: '2025-03-11', corporate: false };
    expect(() => computeInterest({ ...base, endDate: '2025-03-09' })).toThrow(RangeError);
    expect(() => computeInterest({ ...base, principalCents: -1n })).toThrow(RangeError);
    expect(() => computeInterest({ ...base, depositDate: '2025-3-10' })).toThrow(RangeError);
    expect(() => computeInterest({ ...base, depositDate: '2024-09-30' })).toThrow(/No overpayment rate/);
    expect(() =>
      accrueOverpaymentBalance({ balanceCents: '-5', from: '2025-01-01', to: '2025-01-02', corporate: true }),
    ).toThrow(RangeError);
  });

  it('zero principal earns zero', () => {
    expect(
      computeInterest({
        principalCents: 0n,
        depositDate: '2025-01-01',
        endDate: '2026-01-01',
        corporate: true,
      }).interestCents,
    ).toBe(0n);
  });
});

const FIRST = toDayNumber('2024-10-01');
const LAST = toDayNumber('2027-06-30');
const day = fc.integer({ min: FIRST, max: LAST }).map(fromDayNumber);
const principal = fc.bigInt({ min: 0n, max: 10_000_000_000_00n });

describe('computeInterest (properties)', () => {
  it('is monotonic in the end date', () => {
    fc.assert(
      fc.property(
        principal,
        day,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (p, d, n, extra, corporate) => {
          const a = computeInterest({ principalCents: p, depositDate: d, endDate: addDays(d, n), corporate });
          const b = computeInterest({
            principalCents: p,
            depositDate: d,
            endDate: addDays(d, n + extra),
            corporate,
          });
          expect(b.interestCents >= a.interestCents).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('is monotonic in the principal', () => {
    fc.assert(
      fc.property(
        principal,
        principal,
        day,
        fc.integer({ min: 0, max: 400 }),
        fc.boolean(),
        (p1, p2, d, n, corporate) => {
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const input = { depositDate: d, endDate: addDays(d, n), corporate };
          expect(
            computeInterest({ ...input, principalCents: hi }).interestCents >=
              computeInterest({ ...input, principalCents: lo }).interestCents,
          ).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('splitting at a quarter boundary (or any day) and carrying the unrounded balance gives the same result', () => {
    fc.assert(
      fc.property(
        principal,
        day,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.boolean(),
        fc.boolean(),
        (p, d, n, k, atQuarter, corporate) => {
          const end = addDays(d, n);
          let split = addDays(d, k % (n + 1));
          if (atQuarter) {
            // The first quarter start after the deposit date, if it lies inside the period.
            const candidate = accrueOverpaymentBalance({ balanceCents: 0n, from: d, to: end, corporate })
              .segments[1]?.from;
            if (candidate !== undefined) split = candidate;
          }
          const whole = accrueOverpaymentBalance({ balanceCents: p, from: d, to: end, corporate });
          const first = accrueOverpaymentBalance({ balanceCents: p, from: d, to: split, corporate });
          const second = accrueOverpaymentBalance({
            balanceCents: first.balanceCents,
            from: split,
            to: end,
            corporate,
          });
          expect(second.balanceCents).toBe(whole.balanceCents);
          const interest = computeInterest({
            principalCents: p,
            depositDate: d,
            endDate: end,
            corporate,
          }).interestCents;
          expect(interest).toBe(
            BigInt(
              new Decimal(second.balanceCents)
                .minus(p.toString())
                .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
                .toFixed(0),
            ),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('is zero for the same day and positive for a day on a principal of at least 4,000 cents (0.5 cent a day at the lowest rate)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 4_000n, max: 10_000_000_000_00n }),
        day,
        fc.boolean(),
        (p, d, corporate) => {
          expect(
            computeInterest({ principalCents: p, depositDate: d, endDate: d, corporate }).interestCents,
          ).toBe(0n);
          expect(
            computeInterest({ principalCents: p, depositDate: d, endDate: addDays(d, 1), corporate })
              .interestCents > 0n,
          ).toBe(true);
        },
      ),
    );
  });
});
