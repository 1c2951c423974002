import { describe, expect, it } from 'vitest';
import {
  importerNumberKey,
  isValidImporterNumber,
  parseImporterNumber,
  sameImporterNumber,
} from './importer-number';

describe('parseImporterNumber', () => {
  it.each([
    ['12-345678900', 'EIN', '12-345678900'],
    ['12-3456789AB', 'EIN', '12-3456789AB'],
    ['12-3456789ab', 'EIN', '12-3456789AB'],
    ['123456789AB', 'EIN', '12-3456789AB'],
    ['1234567891A', 'EIN', '12-34567891A'],
    [' "12-345678900" ', 'EIN', '12-345678900'],
    ['123-45-6789', 'SSN', '123-45-6789'],
    ['256-01-0001', 'SSN', '256-01-0001'],
    ['250912-00001', 'CBP_ASSIGNED', '250912-00001'],
  ])('%j is %s %s', (raw, kind, value) => {
    expect(parseImporterNumber(raw)).toEqual({ ok: true, value: { kind, value } });
  });

  it.each([
    ['', 'EMPTY'],
    ['12_345678900', 'BAD_CHARACTERS'],
    ['12 345678900', 'BAD_CHARACTERS'],
    ['12-3456789OO', 'BAD_EIN_SUFFIX'],
    ['12-3456789A1', null],
    ['12-3456789I0', 'BAD_EIN_SUFFIX'],
    ['1234567890Z', 'BAD_EIN_SUFFIX'],
    ['912-70-1234', 'ITIN_NOT_ALLOWED'],
    ['000-12-3456', 'INVALID_SSN'],
    ['666-12-3456', 'INVALID_SSN'],
    ['123-00-3456', 'INVALID_SSN'],
    ['123-45-0000', 'INVALID_SSN'],
    ['12345678900', 'AMBIGUOUS_FORMAT'],
    ['123456789', 'AMBIGUOUS_FORMAT'],
    ['12-3456789', 'BAD_FORMAT'],
    ['1234-5678900', 'BAD_FORMAT'],
    ['ABC', 'BAD_FORMAT'],
  ])('%j -> %s', (raw, code) => {
    const r = parseImporterNumber(raw);
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('messages are specific', () => {
    const msg = (raw: string): string => {
      const r = parseImporterNumber(raw);
      return r.ok ? '' : r.error.message;
    };
    expect(msg('12-3456789OI')).toContain('"O", "I"');
    expect(msg('912-70-1234')).toContain('ITIN');
    expect(msg('12345678900')).toContain('12-345678900');
    expect(msg('12345678900')).toContain('123456-78900');
    expect(msg('123456789')).toContain('123-45-6789');
    expect(msg('ABC')).toContain('NN-NNNNNNNXX');
  });

  it('only ASCII letters count: look-alikes that upper-case to ASCII are rejected', () => {
    // U+0131 (dotless i) upper-cases to "I", U+017F (long s) to "S".
    expect(parseImporterNumber('12-3456789A\u0131')).toMatchObject({
      ok: false,
      error: { code: 'BAD_CHARACTERS' },
    });
    expect(parseImporterNumber('12-3456789\u017FA')).toMatchObject({
      ok: false,
      error: { code: 'BAD_CHARACTERS' },
    });
    expect(parseImporterNumber('="12-345678900"')).toEqual({
      ok: true,
      value: { kind: 'EIN', value: '12-345678900' },
    });
  });

  it('isValidImporterNumber mirrors parse', () => {
    expect(isValidImporterNumber('12-345678900')).toBe(true);
    expect(isValidImporterNumber('912-70-1234')).toBe(false);
  });
});

describe('comparing importer numbers', () => {
  it.each([
    ['12345678900', '12-345678900', true],
    ['12-345678900', ' "12-345678900"\r', true],
    ['12-3456789ab', '123456789AB', true],
    ['\uFEFF123-45-6789', '123456789', true],
    ['12345678900', '123456-78900', true],
    // Same characters, different layouts: an EIN with suffix and a CBP-assigned number are different importers.
    ['12-345678900', '123456-78900', false],
    ['12-345678900', '12-345678901', false],
    ['12-3456789A\u0131', '12-3456789AI', false],
    ['12_345678900', '12345678900', false],
  ])('%j and %j: same importer %s', (a, b, same) => {
    expect(sameImporterNumber(a, b)).toBe(same);
    expect(sameImporterNumber(b, a)).toBe(same);
  });

  it('the key drops only spelling', () => {
    expect(importerNumberKey(' "12-3456789ab" ')).toBe('123456789AB');
    expect(importerNumberKey('12_345678900')).toBe('12_345678900');
  });
});
