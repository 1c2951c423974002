import Decimal from 'decimal.js';
import { type IsoDate, toDayNumber } from './calendar-date';
import { htsHeading } from './chapter99';

/**
 * Effective-dated registry of IEEPA Chapter 99 headings and their additional ad valorem rates
 * (docs/domain.md 5.1). Data, not logic: a corrected rate or date is a one-line change plus a new version string.
 * Exported so the synthetic data generator can pick real headings and rates.
 */
export const IEEPA_HEADINGS_VERSION = 'ieepa-headings-2026.1';

/** First day IEEPA duty was collected (China/Hong Kong opioid order). */
export const IEEPA_COLLECTION_START: IsoDate = '2025-02-04';
/** First entry date on which IEEPA duty was no longer collected (CSMS #67834313). */
export const IEEPA_COLLECTION_END: IsoDate = '2026-02-24';

export interface IeepaRatePeriod {
  /** Entered (or withdrawn for consumption) on or after this date. */
  from: IsoDate;
  /** Exclusive end. */
  until: IsoDate;
  /** Additional ad valorem percent as an exact decimal string; '0' = exemption; null = varies by country or product. */
  ratePercent: string | null;
}

export interface IeepaHeading {
  /** Dotted 8-digit heading, e.g. '9903.01.10'. */
  heading: string;
  program: string;
  /** Country the heading applies to, or null when any country / several. */
  country: string | null;
  /** Non-overlapping, sorted by date. */
  periods: readonly IeepaRatePeriod[];
  /** False where docs/domain.md marks the heading number, rate or a date as unconfirmed. */
  confirmed: boolean;
  note: string | null;
}

type PeriodSpec = readonly [from: IsoDate, ratePercent: string | null];

interface HeadingSpec {
  program: string;
  country?: string;
  /** Each period runs until the next one starts; the last until `until` (default: collection end). */
  periods: readonly PeriodSpec[];
  until?: IsoDate;
  confirmed?: boolean;
  note?: string;
}

function item(sub: '01' | '02', n: number): string {
  return `9903.${sub}.${String(n).padStart(2, '0')}`;
}

function headings(sub: '01' | '02', first: number, last: number, spec: HeadingSpec): IeepaHeading[] {
  const until = spec.until ?? IEEPA_COLLECTION_END;
  const periods = spec.periods.map(([from, ratePercent], i) => ({
    from,
    until: spec.periods[i + 1]?.[0] ?? until,
    ratePercent,
  }));
  const result: IeepaHeading[] = [];
  for (let n = first; n <= last; n++) {
    result.push({
      heading: item(sub, n),
      program: spec.program,
      country: spec.country ?? null,
      periods,
      confirmed: spec.confirmed ?? true,
      note: spec.note ?? null,
    });
  }
  return result;
}

const COUNTRY_SPECIFIC_APRIL: Readonly<Record<number, string>> = {
  50: 'European Union',
  53: 'Japan',
  54: 'South Korea',
  55: 'India',
  72: 'Vietnam',
  75: 'Cambodia',
};

function aprilCountrySpecific(): IeepaHeading[] {
  const result: IeepaHeading[] = [];
  for (let n = 43; n <= 76; n++) {
    if (n === 63) continue; // China has its own history below.
    const country = COUNTRY_SPECIFIC_APRIL[n];
    result.push(
      ...headings('01', n, n, {
        program: 'Reciprocal, country-specific rate (11%-50%), suspended after one day',
        ...(country === undefined ? {} : { country }),
        periods: [['2025-04-09', null]],
        until: '2025-04-10',
      }),
    );
  }
  return result;
}

const RAW: IeepaHeading[] = [
  ...headings('01', 1, 1, {
    program: 'Mexico (border/fentanyl)',
    country: 'Mexico',
    periods: [['2025-03-04', '25']],
  }),
  ...headings('01', 2, 3, {
    program: 'Mexico exemption (e.g. donations)',
    country: 'Mexico',
    periods: [['2025-03-04', '0']],
  }),
  ...headings('01', 4, 4, {
    program: 'Mexico USMCA exemption',
    country: 'Mexico',
    periods: [['2025-03-07', '0']],
    confirmed: false,
    note: 'Heading number unconfirmed.',
  }),
  ...headings('01', 5, 5, {
    program: 'Mexico potash',
    country: 'Mexico',
    periods: [['2025-03-07', '10']],
    confirmed: false,
    note: 'Heading number unconfirmed.',
  }),
  ...headings('01', 10, 10, {
    program: 'Canada (border/fentanyl)',
    country: 'Canada',
    periods: [
      ['2025-03-04', '25'],
      ['2025-08-01', '35'],
    ],
  }),
  ...headings('01', 13, 13, {
    program: 'Canada energy / energy resources',
    country: 'Canada',
    periods: [['2025-03-04', '10']],
  }),
  ...headings('01', 14, 14, {
    program: 'Canada goods entered free under USMCA',
    country: 'Canada',
    periods: [['2025-03-07', '0']],
  }),
  ...headings('01', 15, 15, {
    program: 'Canada potash not USMCA',
    country: 'Canada',
    periods: [['2025-03-07', '10']],
    confirmed: false,
    note: 'Heading number unconfirmed.',
  }),
  ...headings('01', 20, 20, {
    program: 'China/Hong Kong (synthetic opioid), original order',
    country: 'China',
    periods: [['2025-02-04', '10']],
    until: '2025-03-04',
    confirmed: false,
    note: 'End date inferred: 9903.01.24 carries the China/Hong Kong opioid duty from 2025-03-04.',
  }),
  ...headings('01', 21, 23, {
    program: 'China opioid exemption',
    country: 'China',
    periods: [['2025-02-04', '0']],
  }),
  ...headings('01', 24, 24, {
    program: 'China/Hong Kong (synthetic opioid)',
    country: 'China',
    periods: [
      ['2025-03-04', '20'],
      ['2025-11-10', '10'],
    ],
  }),
  ...headings('01', 25, 25, { program: 'Reciprocal baseline, any country', periods: [['2025-04-05', '10']] }),
  ...headings('01', 26, 26, {
    program: 'Reciprocal exemption: USMCA goods of Canada',
    country: 'Canada',
    periods: [['2025-04-05', '0']],
  }),
  ...headings('01', 27, 27, {
    program: 'Reciprocal exemption: USMCA goods of Mexico',
    country: 'Mexico',
    periods: [['2025-04-05', '0']],
  }),
  ...headings('01', 28, 28, {
    program: 'Reciprocal exemption (in transit?)',
    periods: [['2025-04-05', '0']],
    confirmed: false,
    note: 'Meaning and effective date unconfirmed.',
  }),
  ...headings('01', 29, 29, {
    program: 'Reciprocal exemption: column 2 countries (Belarus, Cuba, North Korea, Russia)',
    periods: [['2025-04-05', '0']],
  }),
  ...headings('01', 30, 31, {
    program: 'Reciprocal exemption: donations; informational materials (50 U.S.C. 1702(b))',
    periods: [['2025-04-05', '0']],
  }),
  ...headings('01', 32, 32, {
    program: 'Reciprocal exemption: Annex II excepted products',
    periods: [['2025-04-05', '0']],
  }),
  ...headings('01', 33, 33, {
    program: 'Reciprocal exemption: products subject to Section 232',
    periods: [['2025-04-05', '0']],
  }),
  ...headings('01', 34, 34, {
    program: 'Reciprocal: U.S. content of at least 20% (duty only on the non-U.S. value)',
    periods: [['2025-04-05', '0']],
    note: 'The heading itself carries no duty; the reciprocal duty on the non-U.S. value is reported under 9903.01.25.',
  }),
  ...aprilCountrySpecific(),
  ...headings('01', 63, 63, {
    program: 'China reciprocal',
    country: 'China',
    periods: [
      ['2025-04-09', '84'],
      ['2025-04-10', '125'],
    ],
    until: '2025-05-14',
    confirmed: false,
    note: 'End date (China back on 9903.01.25 at 10%) unconfirmed. The announced 34% was superseded before it applied.',
  }),
  ...headings('01', 77, 77, {
    program: 'Brazil (separate IEEPA order)',
    country: 'Brazil',
    periods: [['2025-08-06', '40']],
  }),
  ...headings('01', 78, 83, {
    program: 'Brazil exemption',
    country: 'Brazil',
    periods: [['2025-08-06', '0']],
  }),
  ...headings('01', 84, 84, {
    program: 'India (Russian-oil order)',
    country: 'India',
    periods: [['2025-08-27', '25']],
  }),
  ...headings('01', 85, 89, { program: 'India exemption', country: 'India', periods: [['2025-08-27', '0']] }),
  ...headings('02', 1, 1, {
    program: 'Reciprocal exemption (in transit?)',
    periods: [['2025-08-07', '0']],
    confirmed: false,
    note: 'Meaning and effective date unconfirmed.',
  }),
  ...headings('02', 2, 18, {
    program: 'Reciprocal, country-specific rate (10%-41%)',
    periods: [['2025-08-07', null]],
  }),
  ...headings('02', 19, 19, {
    program: 'Reciprocal, EU goods with column 1 rate of 15% or more',
    country: 'European Union',
    periods: [['2025-08-07', '0']],
  }),
  ...headings('02', 20, 20, {
    program: 'Reciprocal, EU goods with column 1 rate below 15% (topped up to 15% total)',
    country: 'European Union',
    periods: [['2025-08-07', null]],
  }),
  ...headings('02', 21, 71, {
    program: 'Reciprocal, country-specific rate (10%-41%)',
    periods: [['2025-08-07', null]],
  }),
];

/** The registry, sorted by heading. */
export const IEEPA_HEADINGS: readonly IeepaHeading[] = Object.freeze(
  [...RAW].sort((a, b) => (a.heading < b.heading ? -1 : 1)),
);

const BY_HEADING = new Map(IEEPA_HEADINGS.map((h) => [h.heading, h]));

/** The registry entry for an HTS number in any accepted spelling, or undefined if it is not a known IEEPA heading. */
export function findIeepaHeading(htsNumber: string): IeepaHeading | undefined {
  const heading = htsHeading(htsNumber);
  return heading === null ? undefined : BY_HEADING.get(heading);
}

export interface IeepaHeadingOnDate {
  heading: string;
  program: string;
  country: string | null;
  ratePercent: string | null;
  /** The rate in basis points (25% = 2500), null when the rate varies by country or product. */
  rateBasisPoints: number | null;
  /** True when the heading imposed duty on that date (rate > 0, or a country-specific rate). */
  dutiable: boolean;
  confirmed: boolean;
  period: IeepaRatePeriod;
}

/** The heading's rate in force on `date`, or null when the heading is unknown or not in force that day. */
export function ieepaHeadingOn(htsNumber: string, date: IsoDate): IeepaHeadingOnDate | null {
  const day = toDayNumber(date);
  const h = findIeepaHeading(htsNumber);
  const period = h?.periods.find((p) => toDayNumber(p.from) <= day && day < toDayNumber(p.until));
  if (h === undefined || period === undefined) return null;
  const rate = period.ratePercent;
  return {
    heading: h.heading,
    program: h.program,
    country: h.country,
    ratePercent: rate,
    rateBasisPoints: rate === null ? null : new Decimal(rate).times(100).toNumber(),
    dutiable: rate === null || new Decimal(rate).gt(0),
    confirmed: h.confirmed,
    period,
  };
}

export function isDutiableIeepaHeading(htsNumber: string, date: IsoDate): boolean {
  return ieepaHeadingOn(htsNumber, date)?.dutiable === true;
}
