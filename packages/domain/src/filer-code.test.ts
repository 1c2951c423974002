import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidFilerCode, parseFilerCode } from './filer-code';

describe('filer codes', () => {
  it.each([
    ['B76', 'B76'],
    ['002', '002'],
    ['b76', 'B76'],
    [' "M2Z"\r', 'M2Z'],
    ['AAA', 'AAA'],
    ['0A0', '0A0'],
    ['="002"', '002'],
  ])('%j -> %s', (raw, value) => {
    expect(parseFilerCode(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'EMPTY'],
    ['  ', 'EMPTY'],
    ['B7', 'BAD_LENGTH'],
    ['B760', 'BAD_LENGTH'],
    ['B-6', 'BAD_CHARACTERS'],
    ['B 6', 'BAD_CHARACTERS'],
    ['000', 'ALL_ZEROS'],
    ['\u017FUN', 'BAD_CHARACTERS'],
    ['B\u0131G', 'BAD_CHARACTERS'],
  ])('%j -> %s', (raw, code) => {
    const r = parseFilerCode(raw);
    expect(r.ok ? null : r.error.code).toBe(code);
    expect(r.ok ? '' : r.error.message.length).toBeGreaterThan(10);
  });

  it('isValidFilerCode is strict about normalized form', () => {
    expect(isValidFilerCode('B76')).toBe(true);
    expect(isValidFilerCode('b76')).toBe(false);
    expect(isValidFilerCode('000')).toBe(false);
    expect(isValidFilerCode('B760')).toBe(false);
  });

  it('every [A-Z0-9]{3} except 000 is valid (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{3}$/), (code) => {
        expect(isValidFilerCode(code)).toBe(code !== '000');
        expect(parseFilerCode(code).ok).toBe(code !== '000');
      }),
    );
  });
});
