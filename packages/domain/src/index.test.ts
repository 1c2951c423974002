import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('public API', () => {
  it('exports the documented names', () => {
    const names = [
      'parseEntryNumber',
      'entryCheckDigit',
      'formatEntryNumber',
      'classifyChapter99',
      'IEEPA_HEADINGS',
      'IEEPA_HEADINGS_VERSION',
      'ieepaHeadingOn',
      'isDutiableIeepaHeading',
      'isValidAbaRoutingNumber',
      'parseImporterNumber',
      'parseFilerCode',
      'isValidFilerCode',
      'evaluatePhase1Eligibility',
      'ELIGIBILITY_REASON_CODES',
      'ELIGIBILITY_REASONS',
      'computeRefund',
      'computeInterest',
      'interestFactor',
      'applyInterestFactor',
      'OVERPAYMENT_RATES',
      'OVERPAYMENT_RATES_VERSION',
      'isCapeProcessingDay',
      'nextProcessingDayAfter',
      'reliquidationDeadline',
      'scheduleLiquidation',
      'LIQUIDATION_TIMING_VERSION',
      'findRefundableIeepaTariffs',
      'sameImporterNumber',
      'chooseRefundRecipient',
      'addDays',
      'daysBetween',
      'dayOfWeek',
      'quarterOf',
      'LIQUIDATION_STATUSES',
      'ENTRY_SUMMARY_STATUSES',
      'CH99_CLASSES',
      'ok',
      'err',
    ];
    for (const name of names) expect(domain, name).toHaveProperty(name);
  });

  it('result helpers build both shapes', () => {
    expect(domain.ok(1)).toEqual({ ok: true, value: 1 });
    expect(domain.err('x')).toEqual({ ok: false, error: 'x' });
  });
});
