import type { QuarterKey } from './calendar-date';

/**
 * IRS overpayment rates (26 U.S.C. 6621) as republished by CBP each quarter (docs/domain.md, interest).
 * Rates are whole basis points (7% = 700), so interest can be computed in exact rational arithmetic.
 * Quarters missing from the table are not guessed here: the interest calculation carries the last known
 * rate forward and flags those quarters (2027-Q1 was not published when this version was made).
 */
export const OVERPAYMENT_RATES_VERSION = 'overpayment-rates-2026-Q4.1';

export interface OverpaymentRate {
  quarter: QuarterKey;
  nonCorporateBasisPoints: number;
  corporateBasisPoints: number;
  /** False where the published rate rests on fewer than two consistent sources. */
  confirmed: boolean;
  source: string;
}

export interface OverpaymentRateTable {
  version: string;
  rates: readonly OverpaymentRate[];
}

export const OVERPAYMENT_RATES: readonly OverpaymentRate[] = Object.freeze([
  {
    quarter: '2024-Q4',
    nonCorporateBasisPoints: 800,
    corporateBasisPoints: 700,
    confirmed: true,
    source: 'CBP FR notice',
  },
  {
    quarter: '2025-Q1',
    nonCorporateBasisPoints: 700,
    corporateBasisPoints: 600,
    confirmed: true,
    source: 'IRS Rev. Rul. 2024-25',
  },
  {
    quarter: '2025-Q2',
    nonCorporateBasisPoints: 700,
    corporateBasisPoints: 600,
    confirmed: true,
    source: 'CBP FR notice (Apr 2025)',
  },
  {
    quarter: '2025-Q3',
    nonCorporateBasisPoints: 700,
    corporateBasisPoints: 600,
    confirmed: true,
    source: 'IRS IR-2025-59',
  },
  {
    quarter: '2025-Q4',
    nonCorporateBasisPoints: 700,
    corporateBasisPoints: 600,
    confirmed: true,
    source: 'CBP FR notice (Sep 2025)',
  },
  {
    quarter: '2026-Q1',
    nonCorporateBasisPoints: 700,
    corporateBasisPoints: 600,
    confirmed: true,
    source: 'CBP FR notice (Jan 22 2026); Rev. Rul. 2025-22',
  },
  {
    quarter: '2026-Q2',
    nonCorporateBasisPoints: 600,
    corporateBasisPoints: 500,
    confirmed: true,
    source: 'CBP FR notice 2026-09871 (published 2026-05-18)',
  },
  {
    quarter: '2026-Q3',
    nonCorporateBasisPoints: 700,
    corporateBasisPoints: 600,
    confirmed: true,
    source: 'IRB 2026-22 (two independent secondary sources)',
  },
  {
    quarter: '2026-Q4',
    nonCorporateBasisPoints: 700,
    corporateBasisPoints: 600,
    confirmed: true,
    source: 'Rev. Rul. 2026-15, IRB 2026-36 (two secondary sources)',
  },
]);

export const OVERPAYMENT_RATE_TABLE: OverpaymentRateTable = Object.freeze({
  version: OVERPAYMENT_RATES_VERSION,
  rates: OVERPAYMENT_RATES,
});
