import { describe, expect, it } from 'vitest';
import type { EntryLine } from './entry';
import {
  findMalformedHtsTariffs,
  findRefundableIeepaTariffs,
  IEEPA_COLLECTION_PERIOD,
  isInIeepaCollectionPeriod,
  judgeTariffForRefund,
} from './refundable-ieepa';

describe('judgeTariffForRefund: the one rule for a refundable IEEPA tariff', () => {
  it.each([
    ['9903.01.25', 100n, '2025-06-10', { kind: 'REFUNDABLE_IEEPA', ratePercent: '10', inRegistry: true }],
    ['HTS 9903-01-25', 100n, '2025-06-10', { kind: 'REFUNDABLE_IEEPA', ratePercent: '10', inRegistry: true }],
    // A heading missing from the registry still counts: the duty was deposited.
    ['9903.01.40', 100n, '2025-06-10', { kind: 'REFUNDABLE_IEEPA', ratePercent: null, inRegistry: false }],
    ['9903.01.33', 5_000n, '2025-06-10', { kind: 'UNREFUNDABLE_IEEPA', reason: 'EXEMPTION_HEADING' }],
    ['9903.01.25', 0n, '2025-06-10', { kind: 'UNREFUNDABLE_IEEPA', reason: 'NO_DUTY' }],
    ['9903.01.20', 100n, '2025-02-03', { kind: 'UNREFUNDABLE_IEEPA', reason: 'OUTSIDE_COLLECTION_PERIOD' }],
    ['9903.01.20', 100n, '2025-02-04', { kind: 'REFUNDABLE_IEEPA', ratePercent: '10', inRegistry: true }],
    ['9903.01.24', 100n, '2026-02-23', { kind: 'REFUNDABLE_IEEPA', ratePercent: '10', inRegistry: true }],
    ['9903.01.24', 100n, '2026-02-24', { kind: 'UNREFUNDABLE_IEEPA', reason: 'OUTSIDE_COLLECTION_PERIOD' }],
    ['9903.88.15', 100n, '2025-06-10', { kind: 'NOT_IEEPA', ch99Class: 'SECTION_301' }],
    ['8471.30.0100', 100n, '2025-06-10', { kind: 'NOT_IEEPA', ch99Class: 'NOT_CH99' }],
  ] as const)('%j with %s cents on %s', (htsNumber, dutyCents, entryDate, verdict) => {
    expect(judgeTariffForRefund({ htsNumber, dutyCents }, entryDate)).toEqual(verdict);
  });

  it('a malformed number is its own verdict with the parse error', () => {
    expect(judgeTariffForRefund({ htsNumber: '9903.01', dutyCents: 1n }, '2025-06-10')).toMatchObject({
      kind: 'MALFORMED_HTS_NUMBER',
      error: { code: 'BAD_DIGIT_COUNT', input: '9903.01' },
    });
  });

  it('the collection period is [2025-02-04, 2026-02-24)', () => {
    expect(IEEPA_COLLECTION_PERIOD).toEqual({
      ieepaCollectionStart: '2025-02-04',
      ieepaCollectionEnd: '2026-02-24',
    });
    expect(isInIeepaCollectionPeriod('2025-02-03', IEEPA_COLLECTION_PERIOD)).toBe(false);
    expect(isInIeepaCollectionPeriod('2026-02-23', IEEPA_COLLECTION_PERIOD)).toBe(true);
  });

  it('finds refundable and malformed tariffs across lines', () => {
    const lines: EntryLine[] = [
      {
        lineNumber: 1,
        countryOfOrigin: 'CN',
        enteredValueCents: 1_000_000n,
        tariffs: [
          { htsNumber: '8471.30.0100', dutyCents: 0n },
          { htsNumber: '9903.01.24', dutyCents: 200_000n },
          { htsNumber: '9903.01.33', dutyCents: 7n },
          { htsNumber: '9903.01', dutyCents: 3n },
        ],
      },
      {
        lineNumber: 2,
        countryOfOrigin: 'CA',
        enteredValueCents: 100n,
        tariffs: [{ htsNumber: '9903.01.10', dutyCents: 9n }],
      },
    ];
    const entry = { entryDate: '2025-08-01', lines };
    expect(findRefundableIeepaTariffs(entry).map((t) => [t.lineNumber, t.htsNumber, t.ratePercent])).toEqual([
      [1, '9903.01.24', '20'],
      [2, '9903.01.10', '35'],
    ]);
    expect(findMalformedHtsTariffs(entry).map((t) => [t.lineNumber, t.htsNumber, t.error.code])).toEqual([
      [1, '9903.01', 'BAD_DIGIT_COUNT'],
    ]);
  });
});
