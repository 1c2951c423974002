import { describe, expect, it } from 'vitest';
import {
  parseBusinessDate,
  parseChoice,
  parseDollarsToCents,
  parseFlag,
  parseWholeNumber,
} from './cell-values.ts';

describe('dollar amounts are read exactly into cents', () => {
  it.each([
    ['0.10', 10n],
    ['0.1', 10n],
    ['12', 1200n],
    ['12.5', 1250n],
    ['1234.56', 123456n],
    ['1,234.56', 123456n],
    ['$1,234.56', 123456n],
    ['1,000,000.01', 100000001n],
    [' 7.05 ', 705n],
    // 2^53 + 1 cents: beyond a double's exact integers, still exact here.
    ['90,071,992,547,409.93', 9_007_199_254_740_993n],
  ])('%j is %s cents', (text, cents) => {
    expect(parseDollarsToCents(text)).toEqual({ ok: true, value: cents });
  });

  it.each([
    ['1.005', 'has 3 decimal places'],
    ['1,23.45', 'is not a dollar amount'],
    ['1,5', 'A comma cannot be the decimal separator'],
    ['1.2E+3', 'Scientific notation'],
    ['-1.00', 'is negative'],
    ['(1.00)', 'is negative'],
    ['', 'is empty'],
    ['12.', 'is not a dollar amount'],
    ['.5', 'is not a dollar amount'],
    ['one', 'is not a dollar amount'],
    ['1000000000000000.01', 'larger than any amount'],
  ])('%j is refused (%s)', (text, problem) => {
    const result = parseDollarsToCents(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toContain(problem);
      expect(result.fix.length).toBeGreaterThan(10);
    }
  });
});

describe('dates, flags, choices and whole numbers', () => {
  it('reads ISO and US dates, never a two-digit year or a day that does not exist', () => {
    expect(parseBusinessDate('2025-06-02')).toEqual({ ok: true, value: '2025-06-02' });
    expect(parseBusinessDate('6/2/2025')).toEqual({ ok: true, value: '2025-06-02' });
    expect(parseBusinessDate('02/29/2024')).toEqual({ ok: true, value: '2024-02-29' });
    for (const bad of ['2025-02-29', '02/29/2025', '6/2/25', '2025-6-2', '', '13/01/2025']) {
      expect(parseBusinessDate(bad).ok).toBe(false);
    }
  });

  it('reads Y/N flags with the column default for an empty cell', () => {
    expect(parseFlag('y', false)).toEqual({ ok: true, value: true });
    expect(parseFlag('No', true)).toEqual({ ok: true, value: false });
    expect(parseFlag('1', false)).toEqual({ ok: true, value: true });
    expect(parseFlag('', true)).toEqual({ ok: true, value: true });
    expect(parseFlag(' ', false)).toEqual({ ok: true, value: false });
    expect(parseFlag('maybe', false).ok).toBe(false);
  });

  it('reads a closed list in any case, with spaces for underscores and known aliases', () => {
    const values = ['UNDER_REVIEW', 'CANCELLED'] as const;
    expect(parseChoice('Under review', values)).toEqual({ ok: true, value: 'UNDER_REVIEW' });
    expect(parseChoice('canceled', values, { CANCELED: 'CANCELLED' })).toEqual({
      ok: true,
      value: 'CANCELLED',
    });
    const refused = parseChoice('done', values);
    expect(!refused.ok && refused.fix).toBe('Write one of UNDER_REVIEW, CANCELLED.');
  });

  it('reads whole numbers in range only', () => {
    expect(parseWholeNumber('12', 1, 99)).toEqual({ ok: true, value: 12 });
    for (const bad of ['0', '100', '1.0', '-1', '', 'one', '1e1']) {
      expect(parseWholeNumber(bad, 1, 99).ok).toBe(false);
    }
  });
});
