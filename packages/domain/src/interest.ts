import {
  daysInYear,
  fromDayNumber,
  type IsoDate,
  type QuarterKey,
  quarterOf,
  startOfNextQuarter,
  toDayNumber,
  yearOf,
} from './calendar-date';
import { OVERPAYMENT_RATE_TABLE, type OverpaymentRate, type OverpaymentRateTable } from './overpayment-rates';

/**
 * Interest on refunded IEEPA duty (docs/domain.md, interest; 19 CFR 24.3a, 26 U.S.C. 6622): every day d with
 * depositDate <= d < endDate accrues at the overpayment rate of the quarter containing d, rate/365 (366 in
 * leap years), compounded daily, rounded half-up to cents once.
 *
 * Exact rational arithmetic: with the rate in basis points the daily factor is (B*10000 + bp) / (B*10000),
 * B = 365 or 366; the growth over the period is the product of the daily factors, N/D; the interest is
 * round_half_up(principal * (N - D) / D). No decimal precision is involved, so a tie (exactly half a cent) is
 * always a tie and rounds up.
 *
 * Many entries share a (deposit date, end date, corporate) triple, so the factor is computed once with
 * `interestFactor` and applied to each principal with `applyInterestFactor`. The application first multiplies
 * in floating point by (N - D)/D rounded to a double: the product is within a relative 2^-50 of the exact
 * interest, so when its fraction is farther than that from one half, rounding it gives the exact answer.
 * Only near a tie (or for principals of 2^50 cents and more) does it divide the exact integers. Both paths
 * give the exact result; the fast one costs about a tenth of a microsecond.
 *
 * Errors: invalid input (endDate before depositDate, negative principal, a malformed date, a day before the
 * first quarter of the rate table) throws RangeError. These are programming errors, not user input.
 */

export interface InterestSegment {
  /** Quarter the days fall in. */
  quarter: QuarterKey;
  from: IsoDate;
  /** Exclusive. */
  until: IsoDate;
  days: number;
  rateBasisPoints: number;
  dayBasis: 365 | 366;
  /** Quarter whose published rate was used (differs from `quarter` when estimated). */
  rateQuarter: QuarterKey;
  /** True when the quarter has no published rate and the last known one was carried forward. */
  estimated: boolean;
}

export interface InterestPeriod {
  depositDate: IsoDate;
  /** Liquidation or reliquidation date; that day itself does not accrue. */
  endDate: IsoDate;
  corporate: boolean;
  /** Defaults to OVERPAYMENT_RATE_TABLE. */
  rates?: OverpaymentRateTable;
}

export interface InterestInput extends InterestPeriod {
  principalCents: bigint;
}

/** What produced an interest amount: the days, rates and flags of the period. */
export interface InterestBasis {
  days: number;
  corporate: boolean;
  ratesVersion: string;
  segments: InterestSegment[];
  /** Quarters that accrued at a carried-forward rate because none is published yet. */
  estimatedQuarters: QuarterKey[];
  /** Quarters whose published rate is marked unconfirmed in the table. */
  unconfirmedRateQuarters: QuarterKey[];
}

export interface InterestResult extends InterestBasis {
  interestCents: bigint;
  principalCents: bigint;
}

/** Below 2^50 a double holds the principal and the interest exactly, and y + 0.5 is exact. */
const FAST_LIMIT = 2 ** 50;
const FAST_LIMIT_CENTS = BigInt(FAST_LIMIT);
/** Bound on the relative error of the floating-point product (two roundings of 2^-53 each, with margin). */
const FAST_RELATIVE_ERROR = 2 ** -50;

/**
 * The exact growth of a deposit over an interest period: balance = principal * numerator / denominator.
 * Build it with `interestFactor`; apply it with `applyInterestFactor`.
 */
export class InterestFactor implements InterestBasis {
  readonly days: number;
  readonly corporate: boolean;
  readonly ratesVersion: string;
  readonly segments: InterestSegment[];
  readonly estimatedQuarters: QuarterKey[];
  readonly unconfirmedRateQuarters: QuarterKey[];
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** numerator - denominator: interest = principal * excess / denominator. */
  readonly #excess: bigint;
  /** excess / denominator as the nearest double (within a relative 2^-53). */
  readonly #rate: number;

  constructor(basis: InterestBasis, numerator: bigint, denominator: bigint) {
    this.days = basis.days;
    this.corporate = basis.corporate;
    this.ratesVersion = basis.ratesVersion;
    this.segments = basis.segments;
    this.estimatedQuarters = basis.estimatedQuarters;
    this.unconfirmedRateQuarters = basis.unconfirmedRateQuarters;
    this.numerator = numerator;
    this.denominator = denominator;
    this.#excess = numerator - denominator;
    // 128 bits of the quotient, then one rounding to a double and an exact division by a power of two.
    this.#rate = Number((this.#excess << 128n) / denominator) / 2 ** 128;
  }

  /** Interest in cents on `principalCents`, rounded half-up exactly. */
  interestOn(principalCents: bigint): bigint {
    if (principalCents < 0n) throw new RangeError(`Principal must not be negative, got ${principalCents}`);
    if (principalCents < FAST_LIMIT_CENTS) {
      // y is within y * 2^-50 of the exact interest x; the rounding of x can differ from that of y only if
      // a half-cent boundary lies between them, i.e. if y's fraction is that close to one half.
      const y = Number(principalCents) * this.#rate;
      if (y < FAST_LIMIT && Math.abs(y - Math.floor(y) - 0.5) > y * FAST_RELATIVE_ERROR) {
        return BigInt(Math.floor(y + 0.5));
      }
    }
    // At or next to half a cent (or beyond double range): decide with the exact fraction.
    return (2n * principalCents * this.#excess + this.denominator) / (2n * this.denominator);
  }
}

function quarterIndex(quarter: QuarterKey): number {
  const [year, q] = quarter.split('-Q');
  return Number(year) * 4 + Number(q) - 1;
}

function rateFor(
  quarter: QuarterKey,
  rates: readonly OverpaymentRate[],
): { rate: OverpaymentRate; estimated: boolean } {
  const wanted = quarterIndex(quarter);
  let best: OverpaymentRate | undefined;
  for (const r of rates) {
    const index = quarterIndex(r.quarter);
    if (index <= wanted && (best === undefined || index > quarterIndex(best.quarter))) best = r;
  }
  if (best === undefined) {
    throw new RangeError(`No overpayment rate is known for ${quarter} or any earlier quarter`);
  }
  return { rate: best, estimated: quarterIndex(best.quarter) !== wanted };
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** The exact growth factor of a deposit over [depositDate, endDate); see the module comment. */
export function interestFactor(period: InterestPeriod): InterestFactor {
  const table = period.rates ?? OVERPAYMENT_RATE_TABLE;
  const start = toDayNumber(period.depositDate);
  const end = toDayNumber(period.endDate);
  if (end < start) {
    throw new RangeError(`Interest period ends (${period.endDate}) before it starts (${period.depositDate})`);
  }
  const unconfirmed = new Set(table.rates.filter((r) => !r.confirmed).map((r) => r.quarter));
  const segments: InterestSegment[] = [];
  let numerator = 1n;
  let denominator = 1n;
  for (let day = start; day < end; ) {
    const from = fromDayNumber(day);
    const segmentEnd = Math.min(end, toDayNumber(startOfNextQuarter(from)));
    const quarter = quarterOf(from);
    const { rate, estimated } = rateFor(quarter, table.rates);
    const rateBasisPoints = period.corporate ? rate.corporateBasisPoints : rate.nonCorporateBasisPoints;
    const dayBasis = daysInYear(yearOf(from));
    // Quarters never straddle a year, so one daily factor serves the whole segment; reduced to keep N, D small.
    const dailyDenominator = dayBasis * 10_000;
    const dailyNumerator = dailyDenominator + rateBasisPoints;
    const common = gcd(dailyNumerator, dailyDenominator);
    const days = segmentEnd - day;
    numerator *= BigInt(dailyNumerator / common) ** BigInt(days);
    denominator *= BigInt(dailyDenominator / common) ** BigInt(days);
    segments.push({
      quarter,
      from,
      until: fromDayNumber(segmentEnd),
      days,
      rateBasisPoints,
      dayBasis,
      rateQuarter: rate.quarter,
      estimated,
    });
    day = segmentEnd;
  }
  return new InterestFactor(
    {
      days: end - start,
      corporate: period.corporate,
      ratesVersion: table.version,
      segments,
      estimatedQuarters: segments.filter((s) => s.estimated).map((s) => s.quarter),
      unconfirmedRateQuarters: segments.filter((s) => unconfirmed.has(s.rateQuarter)).map((s) => s.quarter),
    },
    numerator,
    denominator,
  );
}

/** Interest in cents on one principal; throws RangeError for a negative principal. */
export function applyInterestFactor(principalCents: bigint, factor: InterestFactor): bigint {
  return factor.interestOn(principalCents);
}

/** Interest in cents on a refunded deposit; see the module comment for the rule and the errors thrown. */
export function computeInterest(input: InterestInput): InterestResult {
  const factor = interestFactor(input);
  return {
    interestCents: applyInterestFactor(input.principalCents, factor),
    principalCents: input.principalCents,
    days: factor.days,
    corporate: factor.corporate,
    ratesVersion: factor.ratesVersion,
    segments: factor.segments,
    estimatedQuarters: factor.estimatedQuarters,
    unconfirmedRateQuarters: factor.unconfirmedRateQuarters,
  };
}
