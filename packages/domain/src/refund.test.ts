import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CH99_CLASSES } from './chapter99';
import { evaluatePhase1Eligibility } from './eligibility';
import type { EntryForEligibility, EntryLine } from './entry';
import { computeRefund, type RefundComputation } from './refund';

const lines: EntryLine[] = [
  {
    lineNumber: 1,
    countryOfOrigin: 'CN',
    enteredValueCents: 1_000_000n,
    tariffs: [
      { htsNumber: '8471.30.0100', dutyCents: 0n, rateText: 'Free' },
      { htsNumber: '9903.88.15', dutyCents: 75_000n, rateText: '7.5%' },
      { htsNumber: '9903.01.24', dutyCents: 200_000n, rateText: '20%' },
      { htsNumber: '9903.01.25', dutyCents: 100_000n, rateText: '10%' },
    ],
  },
  {
    lineNumber: 2,
    countryOfOrigin: 'CA',
    enteredValueCents: 500_000n,
    tariffs: [
      { htsNumber: '7208.51.0030', dutyCents: 0n },
      { htsNumber: '9903.81.87', dutyCents: 250_000n, rateText: '50%' },
      { htsNumber: '9903.01.10', dutyCents: 175_000n, rateText: '35%' },
    ],
  },
  {
    lineNumber: 3,
    countryOfOrigin: 'MX',
    enteredValueCents: 200_000n,
    tariffs: [
      { htsNumber: '9403.60.8081', dutyCents: 0n },
      { htsNumber: '9903.01.27', dutyCents: 0n, rateText: '0%' },
      { htsNumber: '9903.03.01', dutyCents: 20_000n, rateText: '10%' },
    ],
  },
  {
    lineNumber: 4,
    countryOfOrigin: 'DE',
    enteredValueCents: 300_000n,
    tariffs: [{ htsNumber: '8708.99.8180', dutyCents: 7_500n, rateText: '2.5%' }],
  },
];

function refundOf(
  entry: Pick<EntryForEligibility, 'entryNumber' | 'entryDate' | 'lines'>,
): RefundComputation {
  const r = computeRefund(entry);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('computeRefund', () => {
  it('removes IEEPA duty per line and keeps everything else (hand-computed)', () => {
    const r = refundOf({ entryNumber: 'B7603245278', entryDate: '2025-08-01', lines });
    // Line 1: 0 + 75,000 + 200,000 + 100,000 deposited; the two IEEPA tariffs (300,000) refunded.
    // Line 2: 0 + 250,000 + 175,000; IEEPA 175,000. Line 3: 20,000, the 0% IEEPA line refunds nothing.
    expect(
      r.lines.map((l) => [l.lineNumber, l.originalDutyCents, l.ieepaPrincipalCents, l.recalculatedDutyCents]),
    ).toEqual([
      [1, 375_000n, 300_000n, 75_000n],
      [2, 425_000n, 175_000n, 250_000n],
      [3, 20_000n, 0n, 20_000n],
      [4, 7_500n, 0n, 7_500n],
    ]);
    expect(r.ieepaPrincipalCents).toBe(475_000n);
    expect(r.originalDutyCents).toBe(827_500n);
    expect(r.recalculatedDutyCents).toBe(352_500n);
    expect(r.recalculatedDutyByClass).toEqual({
      IEEPA: 0n,
      SECTION_232: 250_000n,
      SECTION_301: 75_000n,
      SECTION_122: 20_000n,
      SECTION_201: 0n,
      SECTION_338: 0n,
      OTHER_CH99: 0n,
      NOT_CH99: 7_500n,
    });
    expect(r.lines[2]?.removedTariffs.map((t) => t.htsNumber)).toEqual(['9903.01.27']);
    expect(r.newSummaryLines[0]?.tariffs.map((t) => t.htsNumber)).toEqual(['8471.30.0100', '9903.88.15']);
    expect(r.newSummaryLines[1]).toMatchObject({
      lineNumber: 2,
      countryOfOrigin: 'CA',
      enteredValueCents: 500_000n,
    });
    expect(r.entryNumber).toBe('B7603245278');
    expect(r.unrefundedIeepaTariffs).toEqual([]);
  });

  it('refunds what eligibility accepted: 9903.01.25 at 100 cents and 9903.01.33 (0% exemption) at 5,000 refund 100', () => {
    const entry: EntryForEligibility = {
      entryNumber: 'B7603245278',
      entryType: '01',
      entryDate: '2025-06-10',
      filerCode: 'B76',
      iorNumber: '12-345678900',
      summaryStatus: 'ACCEPTED',
      inAce: true,
      liquidationStatus: 'UNLIQUIDATED',
      liquidationDate: null,
      reconciliationFlagged: false,
      reconciliationEntryFiled: false,
      drawbackDesignated: false,
      openProtest: false,
      adcvdPendingLiquidation1504d: false,
      ieepaDutyPaidBySurety: false,
      lines: [
        {
          lineNumber: 1,
          countryOfOrigin: 'VN',
          enteredValueCents: 1_000n,
          tariffs: [
            { htsNumber: '9903.01.25', dutyCents: 100n },
            { htsNumber: '9903.01.33', dutyCents: 5_000n },
          ],
        },
      ],
    };
    const eligibility = evaluatePhase1Eligibility(entry, {
      filingDate: '2026-04-20',
      filer: { kind: 'IMPORTER', iorNumbers: ['12-345678900'] },
      alreadyOnAcceptedDeclaration: false,
    });
    expect(eligibility).toMatchObject({
      decision: 'ACCEPTED',
      refundableIeepaTariffs: [{ htsNumber: '9903.01.25', dutyCents: 100n }],
    });
    const r = refundOf(entry);
    expect(r.ieepaPrincipalCents).toBe(100n);
    // The 5,000 cents reported on an exemption heading are not refunded and do not vanish: they stay on the
    // entry and are listed for an operator.
    expect(r.originalDutyCents).toBe(5_100n);
    expect(r.recalculatedDutyCents).toBe(5_000n);
    expect(r.recalculatedDutyByClass.IEEPA).toBe(5_000n);
    expect(r.unrefundedIeepaTariffs).toEqual([
      { lineNumber: 1, htsNumber: '9903.01.33', dutyCents: 5_000n, reason: 'EXEMPTION_HEADING' },
    ]);
  });

  it('an entry dated after collection ended refunds nothing and keeps its IEEPA duty', () => {
    const r = refundOf({ entryNumber: 'X', entryDate: '2026-03-02', lines: [lines[0]!] });
    expect(r.ieepaPrincipalCents).toBe(0n);
    expect(r.recalculatedDutyCents).toBe(375_000n);
    expect(r.unrefundedIeepaTariffs.map((t) => t.reason)).toEqual([
      'OUTSIDE_COLLECTION_PERIOD',
      'OUTSIDE_COLLECTION_PERIOD',
    ]);
  });

  it('an entry without lines refunds nothing', () => {
    const r = refundOf({ entryNumber: 'X', entryDate: '2025-06-10', lines: [] });
    expect([r.ieepaPrincipalCents, r.recalculatedDutyCents, r.originalDutyCents]).toEqual([0n, 0n, 0n]);
  });

  it('a tariff number that is not 8 or 10 digits is a typed error naming every such tariff', () => {
    const bad: EntryLine = {
      ...lines[3]!,
      tariffs: [
        { htsNumber: '9903.01.2', dutyCents: 500n },
        { htsNumber: '8708.99.8180', dutyCents: 7_500n },
        { htsNumber: '', dutyCents: 1n },
      ],
    };
    const r = computeRefund({ entryNumber: 'B7603245278', entryDate: '2025-06-10', lines: [lines[0]!, bad] });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'MALFORMED_HTS_NUMBER',
        tariffs: [
          { lineNumber: 4, htsNumber: '9903.01.2', dutyCents: 500n, error: { code: 'BAD_DIGIT_COUNT' } },
          { lineNumber: 4, htsNumber: '', dutyCents: 1n, error: { code: 'NO_DIGITS' } },
        ],
      },
    });
    expect(!r.ok && r.error.message).toContain(
      'Entry B7603245278: line 4: HTS number "9903.01.2" has 7 digits',
    );
  });

  it('throws on negative duty', () => {
    const bad: EntryLine = { ...lines[3]!, tariffs: [{ htsNumber: '8708.99.8180', dutyCents: -1n }] };
    expect(() => computeRefund({ entryNumber: 'X', entryDate: '2025-06-10', lines: [bad] })).toThrow(
      RangeError,
    );
  });

  /**
   * Oracle: for each HTS number the test uses, whether it is a dutiable IEEPA heading on 2025-08-15 (stated
   * by hand from docs/domain.md's heading table, not from the code), and the refund is the sum of the duty
   * on those tariffs when the entry is inside the collection period; the deposited total is the plain sum
   * of the input duties.
   */
  const REFUNDABLE_ON_2025_08_15: Record<string, boolean> = {
    '9903.01.25': true, // reciprocal baseline 10%
    '9903-02-35': true, // country-specific reciprocal, written with hyphens
    'HTS 9903.01.24': true, // China opioid 20%
    '9903.01.33': false, // 0% exemption: products subject to Section 232
    '9903.01.27': false, // 0% exemption: USMCA goods of Mexico
    '9903.88.15': false, // Section 301
    '9903.81.87': false, // Section 232
    '9903.03.01': false, // Section 122
    '9903.45.21': false, // Section 201
    '9903.96.01': false, // unconfirmed IEEPA companion: never refunded
    '8471.30.0100': false, // Chapter 1-97
  };

  it('principal = duty on the refundable tariffs, deposited = input sum, and nothing else changes (property)', () => {
    const hts = fc.constantFrom(...Object.keys(REFUNDABLE_ON_2025_08_15));
    const tariff = fc.record({ htsNumber: hts, dutyCents: fc.bigInt({ min: 0n, max: 10n ** 12n }) });
    const line = fc.record({
      lineNumber: fc.nat(999),
      countryOfOrigin: fc.constant('CN'),
      enteredValueCents: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      tariffs: fc.array(tariff, { maxLength: 5 }),
    });
    const entryDate = fc.constantFrom('2025-08-15', '2026-03-02');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), entryDate, (ls, date) => {
        const r = refundOf({ entryNumber: 'X', entryDate: date, lines: ls });
        const all = ls.flatMap((l) => l.tariffs);
        let deposited = 0n;
        let principal = 0n;
        for (const t of all) {
          deposited += t.dutyCents;
          if (date === '2025-08-15' && REFUNDABLE_ON_2025_08_15[t.htsNumber]) principal += t.dutyCents;
        }
        expect(r.originalDutyCents).toBe(deposited);
        expect(r.ieepaPrincipalCents).toBe(principal);
        expect(r.recalculatedDutyCents).toBe(deposited - principal);
        const byClass = CH99_CLASSES.reduce((sum, c) => sum + r.recalculatedDutyByClass[c], 0n);
        expect(byClass).toBe(deposited - principal);
        // Kept: every tariff that is not refundable, except IEEPA numbers with no duty.
        const ieepaZero = (t: (typeof all)[number]): boolean =>
          t.dutyCents === 0n && /^(9903\.01|9903-02|HTS 9903\.01)/.test(t.htsNumber);
        const refundable = (t: (typeof all)[number]): boolean =>
          date === '2025-08-15' && REFUNDABLE_ON_2025_08_15[t.htsNumber] === true && t.dutyCents > 0n;
        expect(r.newSummaryLines.flatMap((l) => l.tariffs)).toEqual(
          all.filter((t) => !refundable(t) && !ieepaZero(t)),
        );
      }),
    );
  });
});
