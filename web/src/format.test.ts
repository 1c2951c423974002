import { describe, expect, it } from 'vitest';
import { countLabel, entryTypeName, flagLabel, formatCents, formatDate, humanize } from './format.ts';

describe('formatCents', () => {
  it.each([
    ['0', '$0.00'],
    ['5', '$0.05'],
    ['50', '$0.50'],
    ['100', '$1.00'],
    ['123456', '$1,234.56'],
    ['100000', '$1,000.00'],
    ['99999999', '$999,999.99'],
    ['00012345', '$123.45'],
    ['-1', '-$0.01'],
    ['-0', '$0.00'],
    ['-123456789', '-$1,234,567.89'],
  ])('formats %s as %s', (cents, expected) => {
    expect(formatCents(cents)).toBe(expected);
  });

  it('keeps every digit of amounts beyond floating-point precision', () => {
    expect(formatCents('123456789012345678901')).toBe('$1,234,567,890,123,456,789.01');
    // 2^53 + 1 cents: a float would round this to ...992.
    expect(formatCents('9007199254740993')).toBe('$90,071,992,547,409.93');
  });

  it.each(['', '12.34', '1e6', 'abc', '--1', '1,000'])('rejects %j', (value) => {
    expect(() => formatCents(value)).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('formats a business date without a time zone', () => {
    expect(formatDate('2025-04-09')).toBe('Apr 9, 2025');
    expect(formatDate('2024-12-31')).toBe('Dec 31, 2024');
    expect(formatDate('2025-01-01')).toBe('Jan 1, 2025');
  });

  it('passes unexpected shapes through', () => {
    expect(formatDate('2025-13-01')).toBe('2025-13-01');
    expect(formatDate('soon')).toBe('soon');
  });
});

describe('labels', () => {
  it('humanizes enum constants', () => {
    expect(humanize('UNDER_REVIEW')).toBe('Under review');
    expect(humanize('BROKER')).toBe('Broker');
  });

  it('counts', () => {
    expect(countLabel(0, 'entry', 'entries')).toBe('0 entries');
    expect(countLabel(1, 'entry', 'entries')).toBe('1 entry');
    expect(countLabel(12345, 'entry', 'entries')).toBe('12,345 entries');
  });

  it('names entry types and flags', () => {
    expect(entryTypeName('01')).toBe('Consumption');
    expect(entryTypeName('99')).toBeUndefined();
    expect(flagLabel('ADCVD_1504D').label).toBe('AD/CVD 1504(d)');
    expect(flagLabel('SOMETHING_NEW').label).toBe('Something new');
  });
});
