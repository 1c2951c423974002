import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './calendar-date';
import { evaluatePhase1Eligibility } from './eligibility';
import {
  ELIGIBILITY_REASON_CODES,
  ELIGIBILITY_REASONS,
  type EligibilityReasonCode,
} from './eligibility-reasons';
import type { EligibilityContext, EntryForEligibility, EntryLine } from './entry';
import { ruleSetForFilingDate } from './rule-sets';

const chinaLine: EntryLine = {
  lineNumber: 1,
  countryOfOrigin: 'CN',
  enteredValueCents: 1_000_000n,
  tariffs: [
    { htsNumber: '8471.30.0100', dutyCents: 0n, rateText: 'Free' },
    { htsNumber: '9903.88.15', dutyCents: 75_000n, rateText: '7.5%' },
    { htsNumber: '9903.01.24', dutyCents: 200_000n, rateText: '20%' },
    { htsNumber: '9903.01.25', dutyCents: 100_000n, rateText: '10%' },
  ],
};

function entry(overrides: Partial<EntryForEligibility> = {}): EntryForEligibility {
  return {
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
    lines: [chinaLine],
    ...overrides,
  };
}

function context(overrides: Partial<EligibilityContext> = {}): EligibilityContext {
  return {
    filingDate: '2026-04-20',
    filer: { kind: 'IMPORTER', iorNumbers: ['12-345678900'] },
    alreadyOnAcceptedDeclaration: false,
    ...overrides,
  };
}

function codes(e: EntryForEligibility, c: EligibilityContext = context()): EligibilityReasonCode[] {
  const r = evaluatePhase1Eligibility(e, c);
  return r.decision === 'REJECTED' ? r.reasons.map((x) => x.code) : [];
}

function detail(e: EntryForEligibility, c: EligibilityContext = context()): string {
  const r = evaluatePhase1Eligibility(e, c);
  return r.decision === 'REJECTED' ? r.reasons.map((x) => x.detail).join(' | ') : '';
}

describe('evaluatePhase1Eligibility', () => {
  it('accepts a clean unliquidated entry and names the rule set and the dutiable IEEPA tariffs', () => {
    expect(evaluatePhase1Eligibility(entry(), context())).toEqual({
      decision: 'ACCEPTED',
      ruleSetVersion: 'cape-phase1-2026-04-20',
      refundableIeepaTariffs: [
        { lineNumber: 1, htsNumber: '9903.01.24', dutyCents: 200_000n, ratePercent: '20', inRegistry: true },
        { lineNumber: 1, htsNumber: '9903.01.25', dutyCents: 100_000n, ratePercent: '10', inRegistry: true },
      ],
      liquidationStatus: 'UNLIQUIDATED',
      daysSinceLiquidation: null,
    });
  });

  it.each<[string, Partial<EntryForEligibility>, Partial<EligibilityContext>, EligibilityReasonCode]>([
    ['not in ACE', { inAce: false }, {}, 'ENTRY_NOT_IN_ACE'],
    ['cancelled', { summaryStatus: 'CANCELLED' }, {}, 'ENTRY_SUMMARY_NOT_ACCEPTED'],
    ['rejected', { summaryStatus: 'REJECTED' }, {}, 'ENTRY_SUMMARY_NOT_ACCEPTED'],
    ['other IOR', { iorNumber: '98-765432100' }, {}, 'FILER_NOT_AUTHORIZED'],
    [
      'a CBP-assigned IOR with the same characters as the account EIN',
      { iorNumber: '123456-78900' },
      {},
      'FILER_NOT_AUTHORIZED',
    ],
    ['drawback designated', { drawbackDesignated: true }, {}, 'DRAWBACK_DESIGNATED'],
    ['recon flagged (phase 1)', { reconciliationFlagged: true }, {}, 'RECONCILIATION_FLAGGED'],
    ['open protest', { openProtest: true }, {}, 'OPEN_PROTEST'],
    [
      'AD/CVD 1504(d)',
      { entryType: '03', adcvdPendingLiquidation1504d: true },
      {},
      'ADCVD_PENDING_LIQUIDATION_1504D',
    ],
    [
      'final liquidation',
      { liquidationStatus: 'FINAL', liquidationDate: '2025-10-01' },
      {},
      'FINAL_LIQUIDATION',
    ],
    [
      'liquidated 81 days before filing',
      { liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-01-29' },
      {},
      'LIQUIDATED_OUTSIDE_WINDOW',
    ],
    [
      'no IEEPA number',
      { lines: [{ ...chinaLine, tariffs: [chinaLine.tariffs[0]!, chinaLine.tariffs[1]!] }] },
      {},
      'NO_DUTIABLE_IEEPA_LINE',
    ],
    ['already declared', {}, { alreadyOnAcceptedDeclaration: true }, 'ALREADY_ON_ACCEPTED_DECLARATION'],
    ['IEEPA duty paid by a surety', { ieepaDutyPaidBySurety: true }, {}, 'SURETY_PAID_IEEPA_DUTY'],
  ])('rejects: %s', (_name, e, c, code) => {
    const r = evaluatePhase1Eligibility(entry(e), context(c));
    expect(r).toMatchObject({ decision: 'REJECTED', ruleSetVersion: 'cape-phase1-2026-04-20' });
    expect(codes(entry(e), context(c))).toEqual([code]);
  });

  it.each(['08', '09', '23', '41', '42', '43', '44', '45', '47'])('excludes entry type %s', (entryType) => {
    expect(codes(entry({ entryType }))).toEqual(['EXCLUDED_ENTRY_TYPE']);
  });

  it('says which type was excluded', () => {
    expect(detail(entry({ entryType: '08' }))).toBe('Entry type 08 (duty deferral) is excluded from CAPE.');
  });

  it.each(['01', '02', '03', '06', '07', '11', '21', '31', '86'])('accepts entry type %s', (entryType) => {
    expect(evaluatePhase1Eligibility(entry({ entryType }), context()).decision).toBe('ACCEPTED');
  });

  describe('80-day window (inclusive)', () => {
    it('liquidated 80 days before filing is eligible', () => {
      const r = evaluatePhase1Eligibility(
        entry({ liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-01-30' }),
        context(),
      );
      expect(r).toMatchObject({ decision: 'ACCEPTED', daysSinceLiquidation: 80 });
    });

    it('81 days is not, and the message gives the dates', () => {
      const e = entry({ liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-01-29' });
      expect(detail(e)).toContain('2026-01-29, 81 days before the filing date 2026-04-20');
      expect(detail(e)).toContain('last eligible filing date 2026-04-19');
    });

    it.each(['EXTENDED', 'SUSPENDED', 'UNDER_REVIEW'] as const)(
      '%s entries are eligible',
      (liquidationStatus) => {
        expect(evaluatePhase1Eligibility(entry({ liquidationStatus }), context()).decision).toBe('ACCEPTED');
      },
    );
  });

  describe('reconciliation (Phase 2 from 2026-06-29)', () => {
    const flagged = { reconciliationFlagged: true };

    it('phase 1 rejects every recon-flagged entry', () => {
      expect(codes(entry(flagged), context({ filingDate: '2026-06-28' }))).toEqual([
        'RECONCILIATION_FLAGGED',
      ]);
      expect(detail(entry(flagged))).toContain('no reconciliation-flagged entry is accepted');
    });

    it.each(['01', '02', '06'])('phase 2 accepts flagged type %s with no type 09 filed', (entryType) => {
      const r = evaluatePhase1Eligibility(
        entry({ ...flagged, entryType }),
        context({ filingDate: '2026-06-29' }),
      );
      expect(r).toMatchObject({ decision: 'ACCEPTED', ruleSetVersion: 'cape-phase2-2026-06-29' });
    });

    it('phase 2 still rejects when the type 09 was filed', () => {
      const e = entry({ ...flagged, reconciliationEntryFiled: true });
      const c = context({ filingDate: '2026-06-29' });
      expect(evaluatePhase1Eligibility(e, c)).toMatchObject({
        decision: 'REJECTED',
        ruleSetVersion: 'cape-phase2-2026-06-29',
      });
      expect(codes(e, c)).toEqual(['RECONCILIATION_FLAGGED']);
      expect(detail(e, c)).toContain('type 09 reconciliation entry has already been filed');
    });

    it('phase 2 rejects flagged entries of other types', () => {
      const e = entry({ ...flagged, entryType: '03' });
      const c = context({ filingDate: '2026-07-01' });
      expect(codes(e, c)).toEqual(['RECONCILIATION_FLAGGED']);
      expect(detail(e, c)).toContain('only types 01, 02, 06');
    });

    it('a filed type 09 without the flag does not matter', () => {
      expect(evaluatePhase1Eligibility(entry({ reconciliationEntryFiled: true }), context()).decision).toBe(
        'ACCEPTED',
      );
    });
  });

  describe('who may list the entry', () => {
    it('importer account: IOR numbers compared in canonical form', () => {
      const c = context({ filer: { kind: 'IMPORTER', iorNumbers: ['123456789AB', '250912-00001'] } });
      expect(evaluatePhase1Eligibility(entry({ iorNumber: '12-3456789ab' }), c).decision).toBe('ACCEPTED');
      expect(evaluatePhase1Eligibility(entry({ iorNumber: '250912-00001' }), c).decision).toBe('ACCEPTED');
      expect(codes(entry({ iorNumber: '12-345678900' }), c)).toEqual(['FILER_NOT_AUTHORIZED']);
      expect(detail(entry({ iorNumber: '12-345678900' }), c)).toContain('12-345678900 is not one of');
      // Unparseable numbers still compare (trimmed, upper case) rather than crash.
      const raw = context({ filer: { kind: 'IMPORTER', iorNumbers: ['12345678900'] } });
      expect(evaluatePhase1Eligibility(entry({ iorNumber: ' 12345678900 ' }), raw).decision).toBe('ACCEPTED');
    });

    it('importer account: an IOR number written without hyphens matches the hyphenated one, both ways', () => {
      const hyphenless = context({ filer: { kind: 'IMPORTER', iorNumbers: ['12345678900'] } });
      expect(evaluatePhase1Eligibility(entry({ iorNumber: '12-345678900' }), hyphenless).decision).toBe(
        'ACCEPTED',
      );
      expect(evaluatePhase1Eligibility(entry({ iorNumber: '12345678900' }), context()).decision).toBe(
        'ACCEPTED',
      );
      expect(evaluatePhase1Eligibility(entry({ iorNumber: '="12-345678900"' }), context()).decision).toBe(
        'ACCEPTED',
      );
    });

    it('broker account: the entry filer code must be one of the broker codes, any IOR', () => {
      const c = context({ filer: { kind: 'BROKER', filerCodes: ['b76', 'M2Z'] } });
      expect(evaluatePhase1Eligibility(entry({ iorNumber: '98-765432100' }), c).decision).toBe('ACCEPTED');
      expect(codes(entry({ filerCode: 'K9R' }), c)).toEqual(['FILER_NOT_AUTHORIZED']);
      expect(detail(entry({ filerCode: 'K9R' }), c)).toContain(
        "filer code K9R, which is not one of this broker's",
      );
    });
  });

  describe('IEEPA lines', () => {
    const withTariffs = (
      tariffs: EntryLine['tariffs'],
      overrides: Partial<EntryForEligibility> = {},
    ): EntryForEligibility => entry({ lines: [{ ...chinaLine, tariffs }], ...overrides });

    it('0% exemption headings alone do not count, even when duty is reported on them', () => {
      const e = withTariffs([
        { htsNumber: '8703.23.0190', dutyCents: 25_000n },
        { htsNumber: '9903.01.33', dutyCents: 0n },
        { htsNumber: '9903.01.26', dutyCents: 5n },
      ]);
      expect(codes(e)).toEqual(['NO_DUTIABLE_IEEPA_LINE']);
      expect(detail(e)).toContain('9903.01.33 on line 1, 9903.01.26 on line 1');
    });

    it('a dutiable heading with zero duty does not count', () => {
      expect(codes(withTariffs([{ htsNumber: '9903.01.25', dutyCents: 0n }]))).toEqual([
        'NO_DUTIABLE_IEEPA_LINE',
      ]);
    });

    it('a heading missing from the registry still counts when duty was deposited', () => {
      const r = evaluatePhase1Eligibility(
        withTariffs([{ htsNumber: '9903.01.40', dutyCents: 1_000n }]),
        context(),
      );
      expect(r).toMatchObject({
        decision: 'ACCEPTED',
        refundableIeepaTariffs: [{ htsNumber: '9903.01.40', ratePercent: null, inRegistry: false }],
      });
    });

    it.each(['9903012500', '9903-01-25', '9903.01.25.00.00', 'HTS 9903.01.25', '9903/01/25'])(
      'the HTS spelling %j is recognised as IEEPA',
      (htsNumber) => {
        expect(
          evaluatePhase1Eligibility(withTariffs([{ htsNumber, dutyCents: 1n }]), context()).decision,
        ).toBe('ACCEPTED');
      },
    );

    it('a tariff number that is not 8 or 10 digits rejects the entry and names the line; never "no IEEPA line"', () => {
      const e = entry({
        lines: [
          { ...chinaLine, tariffs: [{ htsNumber: '9903.01.2', dutyCents: 100_000n }] },
          { ...chinaLine, lineNumber: 2, tariffs: [{ htsNumber: '8471.30.0100', dutyCents: 0n }] },
        ],
      });
      expect(codes(e)).toEqual(['MALFORMED_HTS_NUMBER']);
      expect(detail(e)).toContain('Line 1: HTS number "9903.01.2" has 7 digits (9903012)');
      // The malformed number is reported even when another line has a refundable IEEPA tariff.
      const mixed = entry({
        lines: [chinaLine, { ...chinaLine, lineNumber: 2, tariffs: [{ htsNumber: 'n/a', dutyCents: 5n }] }],
      });
      expect(codes(mixed)).toEqual(['MALFORMED_HTS_NUMBER']);
      expect(detail(mixed)).toContain('Line 2: HTS number "n/a" contains no digits');
    });

    it('entries before IEEPA collection started have nothing to refund', () => {
      const e = withTariffs([{ htsNumber: '9903.01.20', dutyCents: 1_000n }], { entryDate: '2025-02-03' });
      expect(codes(e)).toEqual(['NO_DUTIABLE_IEEPA_LINE']);
      expect(detail(e)).toContain('outside the IEEPA collection period (2025-02-04 to 2026-02-23)');
    });

    it('the last collection day 2026-02-23 is in; 2026-02-24 with an IEEPA line is a data error', () => {
      expect(evaluatePhase1Eligibility(entry({ entryDate: '2026-02-23' }), context()).decision).toBe(
        'ACCEPTED',
      );
      const e = entry({ entryDate: '2026-02-24' });
      expect(codes(e)).toEqual(['NO_DUTIABLE_IEEPA_LINE', 'IEEPA_LINE_AFTER_COLLECTION_END']);
      expect(detail(e)).toContain(
        'on or after 2026-02-24 when IEEPA collection stopped, yet lists 9903.01.24 on line 1',
      );
    });

    it('after collection ended without IEEPA lines only the missing line is reported', () => {
      expect(
        codes(withTariffs([{ htsNumber: '9903.03.01', dutyCents: 10_000n }], { entryDate: '2026-03-02' })),
      ).toEqual(['NO_DUTIABLE_IEEPA_LINE']);
    });
  });

  describe('warehouse entries (rule set cape-warehouse-2026-07-07)', () => {
    it.each([
      ['21', '2026-07-06', 'cape-phase2-2026-06-29', []],
      ['22', '2026-07-06', 'cape-phase2-2026-06-29', []],
      ['21', '2026-07-07', 'cape-warehouse-2026-07-07', ['ENTRY_TYPE_NOT_ALLOWED']],
      ['22', '2026-09-01', 'cape-warehouse-2026-07-07', ['ENTRY_TYPE_NOT_ALLOWED']],
      ['31', '2026-07-07', 'cape-warehouse-2026-07-07', []],
      ['32', '2026-07-07', 'cape-warehouse-2026-07-07', []],
      ['34', '2026-07-07', 'cape-warehouse-2026-07-07', []],
      ['38', '2026-07-07', 'cape-warehouse-2026-07-07', []],
    ] as const)('type %s filed %s (%s): %j', (entryType, filingDate, version, expected) => {
      const r = evaluatePhase1Eligibility(entry({ entryType }), context({ filingDate }));
      expect(r.ruleSetVersion).toBe(version);
      expect(codes(entry({ entryType }), context({ filingDate }))).toEqual(expected);
    });

    it("carries CBP's text and names the rule set", () => {
      expect(ELIGIBILITY_REASONS.ENTRY_TYPE_NOT_ALLOWED.cbpMessage).toBe('ENTRY TYPE NOT ALLOWED');
      expect(detail(entry({ entryType: '21' }), context({ filingDate: '2026-07-07' }))).toBe(
        'Entry type 21 (warehouse) is not accepted on declarations filed from 2026-07-07 (rule set cape-warehouse-2026-07-07).',
      );
    });
  });

  describe('surety-paid IEEPA duty', () => {
    it('is outside Phase 1 with a plain fix', () => {
      expect(codes(entry({ ieepaDutyPaidBySurety: true }))).toEqual(['SURETY_PAID_IEEPA_DUTY']);
      expect(ELIGIBILITY_REASONS.SURETY_PAID_IEEPA_DUTY).toMatchObject({
        cbpMessage: null,
        errorDescription: 'IEEPA DUTY PAID BY SURETY',
      });
      expect(ELIGIBILITY_REASONS.SURETY_PAID_IEEPA_DUTY.fix).toContain('surety');
    });
  });

  describe('a liquidation date after the filing date (ACE "pending")', () => {
    it('counts as unliquidated: accepted, no window check, no negative day count', () => {
      const e = entry({ liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-05-01' });
      expect(evaluatePhase1Eligibility(e, context())).toMatchObject({
        decision: 'ACCEPTED',
        liquidationStatus: 'UNLIQUIDATED',
        daysSinceLiquidation: null,
      });
      // Liquidated on the filing day itself: 0 days, liquidated.
      const sameDay = entry({ liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-04-20' });
      expect(evaluatePhase1Eligibility(sameDay, context())).toMatchObject({
        liquidationStatus: 'LIQUIDATED',
        daysSinceLiquidation: 0,
      });
    });
  });

  it('collects every applicable reason in the catalog order', () => {
    const e = entry({
      inAce: false,
      summaryStatus: 'CANCELLED',
      iorNumber: '98-765432100',
      entryType: '47',
      drawbackDesignated: true,
      reconciliationFlagged: true,
      openProtest: true,
      adcvdPendingLiquidation1504d: true,
      liquidationStatus: 'LIQUIDATED',
      liquidationDate: '2025-12-01',
      entryDate: '2026-03-01',
      ieepaDutyPaidBySurety: true,
    });
    const all = codes(e, context({ alreadyOnAcceptedDeclaration: true }));
    // FINAL excludes the window check, a type is either excluded or not allowed, and a malformed number
    // replaces "no IEEPA line" (tested above).
    const notHere = ['FINAL_LIQUIDATION', 'ENTRY_TYPE_NOT_ALLOWED', 'MALFORMED_HTS_NUMBER'];
    expect(all).toEqual(ELIGIBILITY_REASON_CODES.filter((c) => !notHere.includes(c)));
  });

  it('reasons are unique and in catalog order for any combination (property)', () => {
    const flags = fc.record({
      inAce: fc.boolean(),
      summaryStatus: fc.constantFrom('ACCEPTED', 'CANCELLED', 'REJECTED'),
      entryType: fc.constantFrom(
        '01',
        '02',
        '03',
        '06',
        '08',
        '09',
        '11',
        '21',
        '22',
        '23',
        '31',
        '38',
        '47',
      ),
      entryDate: fc.constantFrom('2025-01-15', '2025-06-10', '2026-02-23', '2026-02-24'),
      liquidationStatus: fc.constantFrom(
        'UNLIQUIDATED',
        'LIQUIDATED',
        'EXTENDED',
        'SUSPENDED',
        'UNDER_REVIEW',
        'FINAL',
      ),
      reconciliationFlagged: fc.boolean(),
      reconciliationEntryFiled: fc.boolean(),
      drawbackDesignated: fc.boolean(),
      openProtest: fc.boolean(),
      adcvdPendingLiquidation1504d: fc.boolean(),
      ieepaDutyPaidBySurety: fc.boolean(),
      iorNumber: fc.constantFrom('12-345678900', '98-765432100', '12345678900'),
    } as const);
    const ctx = fc.record({
      filingDate: fc.constantFrom(
        '2026-04-20',
        '2026-06-28',
        '2026-06-29',
        '2026-07-06',
        '2026-07-07',
        '2026-08-01',
      ),
      alreadyOnAcceptedDeclaration: fc.boolean(),
    });
    fc.assert(
      fc.property(flags, ctx, fc.integer({ min: -60, max: 200 }), (f, c, daysBack) => {
        const liquidated = f.liquidationStatus === 'LIQUIDATED';
        const e = entry({ ...f, liquidationDate: liquidated ? addDays(c.filingDate, -daysBack) : null });
        const r = evaluatePhase1Eligibility(e, context(c));
        const found = r.decision === 'REJECTED' ? r.reasons.map((x) => x.code) : [];
        const indexes = found.map((code) => ELIGIBILITY_REASON_CODES.indexOf(code));
        expect(indexes).toEqual([...new Set(indexes)].sort((a, b) => a - b));
        expect(found.includes('LIQUIDATED_OUTSIDE_WINDOW')).toBe(liquidated && daysBack > 80);
        expect(found.includes('ENTRY_TYPE_NOT_ALLOWED')).toBe(
          ['21', '22'].includes(f.entryType) && c.filingDate >= '2026-07-07',
        );
        expect(found.includes('SURETY_PAID_IEEPA_DUTY')).toBe(f.ieepaDutyPaidBySurety);
        expect(found.includes('FILER_NOT_AUTHORIZED')).toBe(f.iorNumber === '98-765432100');
        if (r.decision === 'ACCEPTED' && r.daysSinceLiquidation !== null) {
          expect(r.daysSinceLiquidation).toBe(daysBack);
          expect(daysBack).toBeGreaterThanOrEqual(0);
        }
        if (r.decision === 'ACCEPTED') {
          expect(r.liquidationStatus).toBe(liquidated && daysBack < 0 ? 'UNLIQUIDATED' : f.liquidationStatus);
        }
        expect(r.ruleSetVersion).toBe(ruleSetForFilingDate(c.filingDate).version);
      }),
    );
  });

  it('throws RangeError for malformed input', () => {
    expect(() => evaluatePhase1Eligibility(entry(), context({ filingDate: '2026-04-19' }))).toThrow(
      RangeError,
    );
    expect(() => evaluatePhase1Eligibility(entry({ entryType: '1' }), context())).toThrow(RangeError);
    expect(() => evaluatePhase1Eligibility(entry({ entryDate: '06/10/2025' }), context())).toThrow(
      RangeError,
    );
    expect(() => evaluatePhase1Eligibility(entry({ liquidationStatus: 'LIQUIDATED' }), context())).toThrow(
      RangeError,
    );
  });
});

describe('reason catalog', () => {
  it('describes every code with a fix, and CBP text where known', () => {
    expect(Object.keys(ELIGIBILITY_REASONS)).toEqual([...ELIGIBILITY_REASON_CODES]);
    for (const code of ELIGIBILITY_REASON_CODES) {
      const info = ELIGIBILITY_REASONS[code];
      expect(info.description.length).toBeGreaterThan(20);
      expect(info.fix.length).toBeGreaterThan(20);
    }
    expect(ELIGIBILITY_REASONS.DRAWBACK_DESIGNATED.cbpMessage).toBe('ENTRY ON DRAWBACK');
    expect(ELIGIBILITY_REASONS.RECONCILIATION_FLAGGED.cbpMessage).toBe('ENTRY SUMMARY FLAGGED FOR RECON');
    expect(ELIGIBILITY_REASONS.ENTRY_SUMMARY_NOT_ACCEPTED.cbpMessage).toBe(
      'ENTRY SUMMARY IS CANCELLED/REJECTED',
    );
    expect(ELIGIBILITY_REASONS.FINAL_LIQUIDATION.cbpMessage).toBe(
      'ENTRY SUMMARY IS IN FINAL LIQUIDATION STATUS',
    );
    // Confirmed by two sources each (docs/domain.md, entry-level messages).
    expect(ELIGIBILITY_REASONS.OPEN_PROTEST.cbpMessage).toBe('PROTEST ON ENTRY');
    expect(ELIGIBILITY_REASONS.NO_DUTIABLE_IEEPA_LINE.cbpMessage).toBe('NO IEEPA HTS ON ENTRY');
    expect(ELIGIBILITY_REASONS.ENTRY_NOT_IN_ACE.cbpMessage).toBeNull();
    for (const code of ELIGIBILITY_REASON_CODES) {
      const info = ELIGIBILITY_REASONS[code];
      // The Claim Details text is CBP's where known, otherwise ours in CBP's upper-case style.
      expect(info.errorDescription).toBe(info.cbpMessage ?? info.errorDescription);
      expect(info.errorDescription).toMatch(/^[A-Z0-9 /().-]+$/);
    }
  });
});
