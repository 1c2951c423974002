import { describe, expect, it } from 'vitest';
import { PHASE1_RULE_SETS, ruleSetForFilingDate } from './rule-sets';

describe('rule sets', () => {
  it.each([
    ['2026-04-20', 'cape-phase1-2026-04-20'],
    ['2026-06-28', 'cape-phase1-2026-04-20'],
    ['2026-06-29', 'cape-phase2-2026-06-29'],
    ['2026-07-06', 'cape-phase2-2026-06-29'],
    ['2026-07-07', 'cape-warehouse-2026-07-07'],
    ['2027-01-01', 'cape-warehouse-2026-07-07'],
  ])('filing on %s uses %s', (date, version) => {
    expect(ruleSetForFilingDate(date).version).toBe(version);
  });

  it('there is no rule set before CAPE opened', () => {
    expect(() => ruleSetForFilingDate('2026-04-19')).toThrow(/2026-04-20/);
    expect(() => ruleSetForFilingDate('2026-4-20')).toThrow(RangeError);
  });

  it('phase 2 only changes the reconciliation rule; 2026-07-07 only adds warehouse types 21/22', () => {
    const [p1, p2, warehouse] = PHASE1_RULE_SETS;
    expect(p1?.reconFlaggedTypesAcceptedWithout09).toEqual([]);
    expect(p2?.reconFlaggedTypesAcceptedWithout09).toEqual(['01', '02', '06']);
    expect(p2?.excludedEntryTypes).toEqual(p1?.excludedEntryTypes);
    expect(p1?.liquidatedWindowDays).toBe(80);
    expect(p1?.entryTypesNotAllowed).toEqual([]);
    expect(p2?.entryTypesNotAllowed).toEqual([]);
    expect(warehouse?.entryTypesNotAllowed).toEqual(['21', '22']);
    const { version: _v, effectiveFrom: _f, description: _d, entryTypesNotAllowed: _t, ...rest } = warehouse!;
    const { version: _v2, effectiveFrom: _f2, description: _d2, entryTypesNotAllowed: _t2, ...phase2 } = p2!;
    expect(rest).toEqual(phase2);
  });
});
