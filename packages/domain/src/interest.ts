import Decimal from 'decimal.js';
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
 * Interest on refunded IEEPA duty (docs/domain.md 6 and the "Interest" decision in 11; 19 CFR 24.3a, 26 U.S.C. 6622):
 * every day d with depositDate <= d < endDate accrues at the overpayment rate of the quarter containing d,
 * rate/365 (366 in leap years), compounded daily, in exact decimal arithmetic, rounded half-up to cents once.
 *
 * Errors: invalid input (endDate before depositDate, negative principal, a malformed date, a day before the
 * first quarter of the rate table) throws RangeError. These are programming errors, not user input.
 */

// 60 significant digits: far beyond cents for any realistic balance, and a private clone so that no other
// code's Decimal settings can change the result.
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

export interface InterestSegment {
  /** Quarter the days fall in. */
  quarter: QuarterKey;
  from: IsoDate;
  /** Exclusive. */
  until: IsoDate;
  days: number;
  ratePercent: string;
  dayBasis: 365 | 366;
  /** Quarter whose published rate was used (differs from `quarter` when estimated). */
  rateQuarter: QuarterKey;
  /** True when the quarter has no published rate and the last known one was carried forward. */
  estimated: boolean;
}

export interface BalanceAccrualInput {
  /** Starting balance in cents as an exact decimal string or bigint (an unrounded balance from an earlier accrual). */
  balanceCents: string | bigint;
  from: IsoDate;
  /** Exclusive: days from <= d < to accrue. */
  to: IsoDate;
  corporate: boolean;
  rates?: OverpaymentRateTable;
}

export interface BalanceAccrual {
  /** Final balance in cents, unrounded (plain decimal notation, up to 60 significant digits). */
  balanceCents: string;
  segments: InterestSegment[];
}

export interface InterestInput {
  principalCents: bigint;
  depositDate: IsoDate;
  /** Liquidation or reliquidation date; that day itself does not accrue. */
  endDate: IsoDate;
  corporate: boolean;
  /** Defaults to OVERPAYMENT_RATE_TABLE. */
  rates?: OverpaymentRateTable;
}

export interface InterestResult {
  interestCents: bigint;
  principalCents: bigint;
  days: number;
  corporate: boolean;
  ratesVersion: string;
  segments: InterestSegment[];
  /** Quarters that accrued at a carried-forward rate because none is published yet. */
  estimatedQuarters: QuarterKey[];
  /** Quarters whose published rate is marked unconfirmed in the table. */
  unconfirmedRateQuarters: QuarterKey[];
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

/**
 * Compounds a balance daily over [from, to). Exposed so that a period can be split (e.g. at a quarter
 * boundary) and the unrounded balance carried into the next part; the result is identical to one call.
 */
export function accrueOverpaymentBalance(input: BalanceAccrualInput): BalanceAccrual {
  const table = input.rates ?? OVERPAYMENT_RATE_TABLE;
  const start = toDayNumber(input.from);
  const end = toDayNumber(input.to);
  if (end < start)
    throw new RangeError(`Interest period ends (${input.to}) before it starts (${input.from})`);
  let balance = new D(
    typeof input.balanceCents === 'bigint' ? input.balanceCents.toString() : input.balanceCents,
  );
  if (balance.isNegative()) throw new RangeError(`Balance must not be negative, got ${input.balanceCents}`);

  const segments: InterestSegment[] = [];
  let day = start;
  while (day < end) {
    const from = fromDayNumber(day);
    const segmentEnd = Math.min(end, toDayNumber(startOfNextQuarter(from)));
    const quarter = quarterOf(from);
    const { rate, estimated } = rateFor(quarter, table.rates);
    const ratePercent = input.corporate ? rate.corporatePercent : rate.nonCorporatePercent;
    const dayBasis = daysInYear(yearOf(from));
    // Quarters never straddle a year, so one daily factor serves the whole segment.
    const factor = new D(ratePercent).div(100).div(dayBasis).plus(1);
    for (let d = day; d < segmentEnd; d++) balance = balance.times(factor);
    segments.push({
      quarter,
      from,
      until: fromDayNumber(segmentEnd),
      days: segmentEnd - day,
      ratePercent,
      dayBasis,
      rateQuarter: rate.quarter,
      estimated,
    });
    day = segmentEnd;
  }
  return { balanceCents: balance.toFixed(), segments };
}

/** Interest in cents on a refunded deposit; see the module comment for the rule and the errors thrown. */
export function computeInterest(input: InterestInput): InterestResult {
  const table = input.rates ?? OVERPAYMENT_RATE_TABLE;
  if (input.principalCents < 0n)
    throw new RangeError(`Principal must not be negative, got ${input.principalCents}`);
  const accrual = accrueOverpaymentBalance({
    balanceCents: input.principalCents,
    from: input.depositDate,
    to: input.endDate,
    corporate: input.corporate,
    rates: table,
  });
  const interest = new D(accrual.balanceCents)
    .minus(input.principalCents.toString())
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const unconfirmed = new Set(table.rates.filter((r) => !r.confirmed).map((r) => r.quarter));
  return {
    interestCents: BigInt(interest.toFixed(0)),
    principalCents: input.principalCents,
    days: accrual.segments.reduce((sum, s) => sum + s.days, 0),
    corporate: input.corporate,
    ratesVersion: table.version,
    segments: accrual.segments,
    estimatedQuarters: accrual.segments.filter((s) => s.estimated).map((s) => s.quarter),
    unconfirmedRateQuarters: accrual.segments
      .filter((s) => unconfirmed.has(s.rateQuarter))
      .map((s) => s.quarter),
  };
}
