import { describe, expect, it } from 'vitest';
import {
  describeEntryType,
  ENTRY_SUMMARY_STATUSES,
  LIQUIDATION_STATUSES,
  liquidationStatusOn,
  WAREHOUSE_ENTRY_TYPES,
} from './entry';

describe('entry vocabulary', () => {
  it('exports the enumerations the schema mirrors', () => {
    expect(LIQUIDATION_STATUSES).toEqual([
      'UNLIQUIDATED',
      'LIQUIDATED',
      'EXTENDED',
      'SUSPENDED',
      'UNDER_REVIEW',
      'FINAL',
    ]);
    expect(ENTRY_SUMMARY_STATUSES).toEqual(['ACCEPTED', 'CANCELLED', 'REJECTED']);
    expect(WAREHOUSE_ENTRY_TYPES).toEqual(['21', '22']);
  });

  it('a liquidation dated after the filing date counts as unliquidated', () => {
    const liquidated = { liquidationStatus: 'LIQUIDATED', liquidationDate: '2026-05-01' } as const;
    expect(liquidationStatusOn(liquidated, '2026-04-30')).toBe('UNLIQUIDATED');
    expect(liquidationStatusOn(liquidated, '2026-05-01')).toBe('LIQUIDATED');
    expect(liquidationStatusOn(liquidated, '2026-05-02')).toBe('LIQUIDATED');
    expect(
      liquidationStatusOn({ liquidationStatus: 'FINAL', liquidationDate: '2026-05-01' }, '2026-04-30'),
    ).toBe('FINAL');
    expect(
      liquidationStatusOn({ liquidationStatus: 'LIQUIDATED', liquidationDate: null }, '2026-04-30'),
    ).toBe('LIQUIDATED');
  });

  it('describes entry types', () => {
    expect(describeEntryType('38')).toBe('type 38 (warehouse withdrawal - quota/visa and AD/CVD)');
    expect(describeEntryType('23')).toBe('type 23 (temporary importation under bond)');
    expect(describeEntryType('86')).toBe('type 86');
  });
});
