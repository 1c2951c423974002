/**
 * The tariff numbers reported on one entry line: the Chapter 1-97 number with its MFN duty first, then the
 * Chapter 99 numbers that applied to that country of origin on the entry date. IEEPA headings and their
 * rates are looked up in @cape/domain's registry (so the data follows it when it is corrected); the
 * country-specific reciprocal rates the registry leaves open come from reference-data.ts.
 */
import { classifyChapter99, type IsoDate, ieepaHeadingOn } from '@cape/domain';
import type { Prng } from './prng.ts';
import {
  type Ch99RatePeriod,
  type CountryProfile,
  type Product,
  SECTION_122_PERIOD,
  SECTION_232_PERIODS,
  SECTION_301_HEADINGS,
} from './reference-data.ts';

/** Mirrors the TariffClass enum of the database. */
export type TariffClass =
  | 'HTS_CHAPTER_1_97'
  | 'IEEPA'
  | 'SECTION_232'
  | 'SECTION_301'
  | 'SECTION_122'
  | 'SECTION_201'
  | 'SECTION_338'
  | 'OTHER_CH99';

export interface GeneratedTariff {
  sequence: number;
  /** 10 digits for Chapter 1-97 numbers, 8 for Chapter 99 headings; no dots. */
  htsNumber: string;
  tariffClass: TariffClass;
  rateText: string;
  dutyCents: bigint;
}

/** A Chapter 99 heading that applies to a line, before duty is computed. */
interface Ch99Charge {
  heading: string;
  basisPoints: number;
}

const BASIS_POINTS_PER_UNIT = 10_000n;

/** value x rate, rounded half up to the cent, in integer arithmetic. */
export function dutyFor(enteredValueCents: bigint, basisPoints: number): bigint {
  return (enteredValueCents * BigInt(basisPoints) + BASIS_POINTS_PER_UNIT / 2n) / BASIS_POINTS_PER_UNIT;
}

/** "25%", "7.5%", "2.65%" or "Free". */
export function rateText(basisPoints: number): string {
  if (basisPoints === 0) return 'Free';
  const whole = Math.trunc(basisPoints / 100);
  const fraction = basisPoints % 100;
  if (fraction === 0) return `${whole}%`;
  return `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}%`;
}

/** The database's tariff class of an HTS number. Throws RangeError when it is not 8 or 10 digits. */
export function tariffClassOf(htsNumber: string): TariffClass {
  const ch99 = classifyChapter99(htsNumber);
  if (!ch99.ok) throw new RangeError(ch99.error.message);
  return ch99.value === 'NOT_CH99' ? 'HTS_CHAPTER_1_97' : ch99.value;
}

// Cache: the registry lookup parses dates; lines hit the same (heading, date) pairs over and over.
const registryRates = new Map<string, number | null>();

/** The registry's rate for an IEEPA heading on a date, in basis points; null when it varies by country. */
function registryBasisPoints(heading: string, date: IsoDate): number | null {
  const key = `${heading}|${date}`;
  const cached = registryRates.get(key);
  if (cached !== undefined || registryRates.has(key)) return cached ?? null;
  const inForce = ieepaHeadingOn(heading, date);
  if (inForce === null) {
    throw new Error(`Generator bug: IEEPA heading ${heading} is not in force on ${date} in the registry`);
  }
  registryRates.set(key, inForce.rateBasisPoints);
  return inForce.rateBasisPoints;
}

function ieepa(heading: string, date: IsoDate, fallbackBasisPoints?: number): Ch99Charge {
  const basisPoints = registryBasisPoints(heading, date) ?? fallbackBasisPoints;
  if (basisPoints === undefined) {
    throw new Error(
      `Generator bug: IEEPA heading ${heading} has no fixed rate on ${date}; pass the country rate`,
    );
  }
  return { heading, basisPoints };
}

function periodOn(periods: readonly Ch99RatePeriod[] | undefined, date: IsoDate): Ch99RatePeriod | undefined {
  return periods?.find((p) => p.from <= date && date < p.until);
}

const SECTION_232_FAMILIES = new Set(['STEEL', 'ALUMINUM', 'COPPER', 'AUTO', 'AUTO_PART', 'LUMBER']);

/** The reciprocal (9903.01.25 family / 9903.02) charge for a non-USMCA country, or null before it existed. */
function reciprocal(
  country: CountryProfile,
  product: Product,
  date: IsoDate,
  subjectTo232: boolean,
): Ch99Charge[] {
  if (date < '2025-04-05') return [];
  if (subjectTo232) return [ieepa('99030133', date)]; // exemption: products subject to Section 232
  if (product.category === 'PHARMA') return [ieepa('99030132', date)]; // Annex II excepted products
  if (country.code === 'CN') {
    // 84%/125% under 9903.01.63 from 2025-04-09 until the truce; 10% under 9903.01.25 before and after.
    if (date >= '2025-04-09' && date < '2025-05-14') return [ieepa('99030163', date)];
    return [ieepa('99030125', date)];
  }
  if (date === '2025-04-09' && country.aprilCountryHeading !== null) {
    return [ieepa(country.aprilCountryHeading.heading, date, country.aprilCountryHeading.basisPoints)];
  }
  if (date < '2025-08-07') return [ieepa('99030125', date)];
  const regime = country.regime;
  switch (regime.kind) {
    case 'BASELINE':
    case 'USMCA_PARTNER':
      return [ieepa('99030125', date)];
    case 'COUNTRY_SPECIFIC':
      return [ieepa(regime.heading, date, regime.basisPoints)];
    case 'EU_TOP_UP':
      // Column 1 rate of 15% or more: no reciprocal duty; below: topped up to 15% in total.
      return product.mfnBasisPoints >= 1500
        ? [ieepa('99030219', date)]
        : [ieepa('99030220', date, 1500 - product.mfnBasisPoints)];
  }
}

/** IEEPA charges on a line (empty outside the collection period 2025-02-04 .. 2026-02-23). */
function ieepaCharges(country: CountryProfile, product: Product, date: IsoDate, rng: Prng): Ch99Charge[] {
  if (date < '2025-02-04' || date >= '2026-02-24') return [];
  const subjectTo232 =
    SECTION_232_FAMILIES.has(product.category) &&
    periodOn(SECTION_232_PERIODS[product.category], date) !== undefined;
  switch (country.code) {
    case 'CN':
      return [
        ieepa(date < '2025-03-04' ? '99030120' : '99030124', date),
        ...reciprocal(country, product, date, subjectTo232),
      ];
    case 'MX':
    case 'CA': {
      if (date < '2025-03-04') return [];
      const mexico = country.code === 'MX';
      // From 2025-03-07 most North American goods claimed USMCA preference and entered under an exemption.
      const usmca = date >= '2025-03-07' && rng.chance(0.6);
      if (usmca) {
        if (date >= '2025-04-05') return [ieepa(mexico ? '99030127' : '99030126', date)];
        return [ieepa(mexico ? '99030104' : '99030114', date)];
      }
      if (subjectTo232) return [];
      if (!mexico && product.category === 'ENERGY') return [ieepa('99030113', date)];
      return [ieepa(mexico ? '99030101' : '99030110', date)];
    }
    case 'BR': {
      const charges = reciprocal(country, product, date, subjectTo232);
      if (date >= '2025-08-06') {
        // Some Brazilian goods (e.g. aircraft parts, orange juice) are exempt from the separate order.
        charges.push(ieepa(rng.chance(0.2) ? '99030178' : '99030177', date));
      }
      return charges;
    }
    case 'IN': {
      const charges = reciprocal(country, product, date, subjectTo232);
      if (date >= '2025-08-27')
        charges.push(ieepa(product.category === 'PHARMA' ? '99030185' : '99030184', date));
      return charges;
    }
    default:
      return reciprocal(country, product, date, subjectTo232);
  }
}

function nonIeepaCharges(country: CountryProfile, product: Product, date: IsoDate, rng: Prng): Ch99Charge[] {
  const charges: Ch99Charge[] = [];
  if (country.code === 'CN' && product.section301 !== null) {
    charges.push(rng.pick(SECTION_301_HEADINGS[product.section301]));
  }
  const section232 = periodOn(SECTION_232_PERIODS[product.category], date);
  if (section232 !== undefined) charges.push(section232);
  const northAmerican = country.code === 'MX' || country.code === 'CA';
  if (date >= SECTION_122_PERIOD.from && date < SECTION_122_PERIOD.until && !northAmerican) {
    charges.push(SECTION_122_PERIOD);
  }
  return charges;
}

/**
 * All tariffs of one line, sequence 1 being the Chapter 1-97 number. Returns the list and the IEEPA share so
 * the caller can keep the entry totals consistent without re-classifying.
 */
export function lineTariffs(
  country: CountryProfile,
  product: Product,
  entryDate: IsoDate,
  enteredValueCents: bigint,
  rng: Prng,
): GeneratedTariff[] {
  const tariffs: GeneratedTariff[] = [
    {
      sequence: 1,
      htsNumber: product.hts,
      tariffClass: 'HTS_CHAPTER_1_97',
      rateText: rateText(product.mfnBasisPoints),
      dutyCents: dutyFor(enteredValueCents, product.mfnBasisPoints),
    },
  ];
  const charges = [
    ...ieepaCharges(country, product, entryDate, rng),
    ...nonIeepaCharges(country, product, entryDate, rng),
  ];
  for (const charge of charges) {
    tariffs.push({
      sequence: tariffs.length + 1,
      htsNumber: charge.heading,
      tariffClass: tariffClassOf(charge.heading),
      rateText: rateText(charge.basisPoints),
      dutyCents: dutyFor(enteredValueCents, charge.basisPoints),
    });
  }
  return tariffs;
}
