import type { QuarterKey } from './calendar-date';

/**
 * IRS overpayment rates (26 U.S.C. 6621) as republished by CBP each quarter (docs/domain.md section 6).
 * Percent values are exact decimal strings. Quarters missing from the table are not guessed here:
 * the interest calculation carries the last known rate forward and flags those quarters.
 */
export const OVERPAYMENT_RATES_VERSION = 'overpayment-rates-2026-Q2.1';

export interface OverpaymentRate {
  quarter: QuarterKey;
  nonCorporatePercent: string;
  corporatePercent: string;
  /** False where docs/domain.md marks the published rate as (partly) unconfirmed. */
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
    nonCorporatePercent: '8',
    corporatePercent: '7',
    confirmed: true,
    source: 'CBP FR notice',
  },
  {
    quarter: '2025-Q1',
    nonCorporatePercent: '7',
    corporatePercent: '6',
    confirmed: true,
    source: 'IRS Rev. Rul. 2024-25',
  },
  {
    quarter: '2025-Q2',
    nonCorporatePercent: '7',
    corporatePercent: '6',
    confirmed: true,
    source: 'CBP FR notice (Apr 2025)',
  },
  {
    quarter: '2025-Q3',
    nonCorporatePercent: '7',
    corporatePercent: '6',
    confirmed: true,
    source: 'IRS IR-2025-59',
  },
  {
    quarter: '2025-Q4',
    nonCorporatePercent: '7',
    corporatePercent: '6',
    confirmed: true,
    source: 'CBP FR notice (Sep 2025)',
  },
  {
    quarter: '2026-Q1',
    nonCorporatePercent: '7',
    corporatePercent: '6',
    confirmed: true,
    source: 'CBP FR notice (Jan 22 2026); Rev. Rul. 2025-22',
  },
  {
    quarter: '2026-Q2',
    nonCorporatePercent: '6',
    corporatePercent: '5',
    confirmed: false,
    source: 'single secondary source; partly unconfirmed',
  },
]);

export const OVERPAYMENT_RATE_TABLE: OverpaymentRateTable = Object.freeze({
  version: OVERPAYMENT_RATES_VERSION,
  rates: OVERPAYMENT_RATES,
});
