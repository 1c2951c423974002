import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CH99_CLASSES } from './chapter99';
import type { EntryLine } from './entry';
import { computeRefund } from './refund';

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

describe('computeRefund', () => {
  it('removes IEEPA duty per line and keeps everything else', () => {
    const r = computeRefund({ entryNumber: 'B7603245278', lines });
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
  });

  it('an entry without lines refunds nothing', () => {
    const r = computeRefund({ entryNumber: 'X', lines: [] });
    expect([r.ieepaPrincipalCents, r.recalculatedDutyCents, r.originalDutyCents]).toEqual([0n, 0n, 0n]);
  });

  it('throws on negative duty', () => {
    const bad: EntryLine = { ...lines[3]!, tariffs: [{ htsNumber: '8708.99.8180', dutyCents: -1n }] };
    expect(() => computeRefund({ entryNumber: 'X', lines: [bad] })).toThrow(RangeError);
  });

  it('principal + new duty = original duty, and non-IEEPA tariffs are untouched (property)', () => {
    const hts = fc.constantFrom(
      '9903.01.25',
      '9903.02.35',
      '9903.88.15',
      '9903.81.87',
      '9903.03.01',
      '9903.45.21',
      '9903.96.01',
      '8471.30.0100',
    );
    const tariff = fc.record({ htsNumber: hts, dutyCents: fc.bigInt({ min: 0n, max: 10n ** 12n }) });
    const line = fc.record({
      lineNumber: fc.nat(999),
      countryOfOrigin: fc.constant('CN'),
      enteredValueCents: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      tariffs: fc.array(tariff, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (ls) => {
        const r = computeRefund({ entryNumber: 'X', lines: ls });
        expect(r.ieepaPrincipalCents + r.recalculatedDutyCents).toBe(r.originalDutyCents);
        const byClass = CH99_CLASSES.reduce((sum, c) => sum + r.recalculatedDutyByClass[c], 0n);
        expect(byClass).toBe(r.recalculatedDutyCents);
        const kept = r.newSummaryLines.flatMap((l) => l.tariffs);
        expect(kept).toEqual(
          ls
            .flatMap((l) => l.tariffs)
            .filter((t) => !t.htsNumber.startsWith('9903.0') || t.htsNumber.startsWith('9903.03')),
        );
      }),
    );
  });
});
