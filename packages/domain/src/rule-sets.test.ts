import { describe, expect, it } from 'vitest';
import { PHASE1_RULE_SETS, ruleSetForFilingDate } from './rule-sets';

describe('rule sets', () => {
  it.each([
    ['2026-04-20', 'cape-phase1-2026-04-20'],
    ['2026-06-28', 'cape-phase1-2026-04-20'],
    ['2026-06-29', 'cape-phase2-2026-06-29'],
    ['2027-01-01', 'cape-phase2-2026-06-29'],
  ])('filing on %s uses %s', (date, version) => {
    expect(ruleSetForFilingDate(date).version).toBe(version);
  });

  it('there is no rule set before CAPE opened', () => {
    expect(() => ruleSetForFilingDate('2026-04-19')).toThrow(/2026-04-20/);
    expect(() => ruleSetForFilingDate('2026-4-20')).toThrow(RangeError);
  });

  it('phase 2 only changes the reconciliation rule', () => {
    const [p1, p2] = PHASE1_RULE_SETS;
    expect(p1?.reconFlaggedTypesAcceptedWithout09).toEqual([]);
    expect(p2?.reconFlaggedTypesAcceptedWithout09).toEqual(['01', '02', '06']);
    expect(p2?.excludedEntryTypes).toEqual(p1?.excludedEntryTypes);
    expect(p1?.liquidatedWindowDays).toBe(80);
  });
});
