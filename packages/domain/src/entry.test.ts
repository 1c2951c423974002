import { describe, expect, it } from 'vitest';
import {
  describeEntryType,
  ENTRY_SUMMARY_STATUSES,
  LIQUIDATION_STATUSES,
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

  it('describes entry types', () => {
    expect(describeEntryType('23')).toBe('type 23 (temporary importation under bond)');
    expect(describeEntryType('86')).toBe('type 86');
  });
});
