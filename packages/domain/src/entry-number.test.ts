import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  entryCheckDigit,
  formatEntryNumber,
  isValidEntryNumber,
  normalizeEntryNumberInput,
  parseEntryNumber,
} from './entry-number';

/** Every real or worked example in docs/domain.md 1.3-1.5. */
const VALID_NUMBERS = [
  // 1.3 worked examples
  'B76-0324527-8',
  'ABC-1234567-6',
  'M2Z-0012345-8',
  '999-9999999-0',
  // 1.4 CBP ruling HQ H005628
  '002-6110316-2',
  '002-6111115-7',
  '002-6111223-9',
  '002-6111109-0',
  '002-6111082-9',
  '002-6110748-6',
  '002-6111267-6',
  '002-6110711-4',
  '002-6111447-4',
  // 1.4 VWP of America v. US, corrected number
  '551-3518786-6',
  // 1.5 synthetic
  'K9R-5000001-7',
  'EJ4-2500100-8',
  'SUN-7654321-9',
  'AB1-0000001-2',
  'Z99-1234560-2',
  '4TX-0987654-4',
  '112-3456789-6',
];

const ALPHANUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGITS = '0123456789'.split('');

/** Arbitrary valid entry number (11 chars, normalized), built from the check-digit function. */
const validEntryNumber = fc
  .tuple(
    fc.array(fc.constantFrom(...ALPHANUM), { minLength: 3, maxLength: 3 }),
    fc.array(fc.constantFrom(...DIGITS), { minLength: 7, maxLength: 7 }),
  )
  .map(([filer, serial]) => filer.join('') + serial.join(''))
  .filter((first10) => !first10.startsWith('000'))
  .map((first10) => `${first10}${entryCheckDigit(first10)}`);

describe('entryCheckDigit', () => {
  it.each(VALID_NUMBERS)('%s validates', (n) => {
    const s = n.replaceAll('-', '');
    expect(entryCheckDigit(s.slice(0, 10))).toBe(Number(s[10]));
    expect(parseEntryNumber(n)).toEqual({ ok: true, value: s });
  });

  it('uses the three-run letter table with S starting at 2', () => {
    // S=2 T=3 U=4: S00 -> 2,0,0 ... ; a table starting S at 1 would give a different digit.
    expect(entryCheckDigit('S000000000')).toBe(8); // sum 2 -> 8
    expect(entryCheckDigit('J000000000')).toBe(9); // J=1 -> 9
    expect(entryCheckDigit('A000000000')).toBe(9); // A=1
    expect(entryCheckDigit('I000000000')).toBe(1); // I=9
    expect(entryCheckDigit('R000000000')).toBe(1); // R=9
    expect(entryCheckDigit('Z000000000')).toBe(1); // Z=9
    expect(entryCheckDigit('0S00000000')).toBe(6); // S=2 doubled -> 4
    expect(entryCheckDigit('b760324527')).toBe(8); // lower case accepted
  });

  it.each(['B76032452', 'B7603245278', 'B76-032452', 'B76A324527', ''])('throws for %j', (s) => {
    expect(() => entryCheckDigit(s)).toThrow(RangeError);
  });
});

describe('parseEntryNumber', () => {
  it('rejects the VWP typo 551-2518786-6 and names the expected digit 8', () => {
    const r = parseEntryNumber('551-2518786-6');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_CHECK_DIGIT');
    expect(r.error.message).toContain('the check digit is 8');
    expect(r.error.message).toContain('551-2518786');
    expect(r.error.normalized).toBe('55125187866');
  });

  it.each([
    ['b76-0324527-8', 'lower case'],
    ['B76 0324527 8', 'spaces'],
    ['  B7603245278  ', 'surrounding spaces'],
    ['"B76-0324527-8"', 'double quotes'],
    ["'B76-0324527-8'", 'single quotes'],
    ['\uFEFFB76-0324527-8', 'BOM'],
    ['B76-0324527-8\r', 'stray CR'],
    ['B76-0324527-8\r\n', 'CRLF'],
    ['"B76-0324527-8"\r', 'quotes and CR'],
    ['\t"\'b76-0324527-8\'" ', 'nested quotes and a tab'],
    ['="B76-0324527-8"', "ACE's Excel text wrapper"],
    [' "="b76-0324527-8""\r', 'Excel wrapper inside quotes'],
    ['="\'b76-0324527-8\'"', 'single quotes inside the Excel wrapper'],
  ])('normalizes %j (%s)', (raw) => {
    expect(parseEntryNumber(raw)).toEqual({ ok: true, value: 'B7603245278' });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['""', 'EMPTY'],
    ['\uFEFF\r\n', 'EMPTY'],
    ['B76/0324527/8', 'BAD_CHARACTERS'],
    ['"B76-0324527-8', 'BAD_CHARACTERS'],
    ['B76_0324527_8', 'BAD_CHARACTERS'],
    ['0026110316', 'PROBABLE_LOST_LEADING_ZERO'],
    ['261103162', 'PROBABLE_LOST_LEADING_ZERO'],
    ['2-6110316-2', 'PROBABLE_LOST_LEADING_ZERO'],
    ['="261103162"', 'PROBABLE_LOST_LEADING_ZERO'],
    ['26110316', 'BAD_LENGTH'],
    ['\u017FUN-7654321-9', 'BAD_CHARACTERS'],
    ['SUN-7654321-9\u0307', 'BAD_CHARACTERS'],
    ['\u0131\u0131\u0131-0000000-0', 'BAD_CHARACTERS'],
    ['=B76-0324527-8', 'BAD_CHARACTERS'],
    ['="B76-0324527-8', 'BAD_CHARACTERS'],
    ['02-6110316-2', 'PROBABLE_LOST_LEADING_ZERO'],
    ['B7603245', 'BAD_LENGTH'],
    ['B760324527', 'BAD_LENGTH'],
    ['B76-0324527-88', 'BAD_LENGTH'],
    ['000-0000000-0', 'INVALID_FILER_CODE'],
    ['B76-03245A7-8', 'NON_NUMERIC_TRANSACTION_NUMBER'],
    ['B76-O324527-8', 'NON_NUMERIC_TRANSACTION_NUMBER'],
    ['B76-0324527-X', 'NON_NUMERIC_CHECK_DIGIT'],
    ['B76-0324527-7', 'BAD_CHECK_DIGIT'],
  ])('%j -> %s', (raw, code) => {
    const r = parseEntryNumber(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('explains a lost leading zero and never repairs it', () => {
    const r = parseEntryNumber('0261103162');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('PROBABLE_LOST_LEADING_ZERO');
    expect(r.error.message).toContain('a leading zero was probably lost by a spreadsheet');
    expect(r.error.message).toContain('002-6110316-2, which has a valid check digit');
    // 002-6110316-2 is a real entry number (CBP ruling HQ H005628), valid independently of our code.
    expect(r.error.candidate).toBe('00261103162');
    const bad = parseEntryNumber('0261103163');
    expect(!bad.ok && bad.error.message).toContain('does not give a valid entry number');
    expect(!bad.ok && 'candidate' in bad.error).toBe(false);
  });

  it('docs/domain.md section 1.6 example: 055-1234567-8 saved as a number', () => {
    expect(parseEntryNumber('055-1234567-8')).toEqual({ ok: true, value: '05512345678' });
    expect(parseEntryNumber('5512345678')).toMatchObject({ ok: false, error: { candidate: '05512345678' } });
  });

  it('a 9-digit value lost two zeros (filer codes 001-009) and names the valid candidate', () => {
    // Filer 002 read as a number in a spreadsheet: 002-6111115-7 (HQ H005628) becomes 261111157.
    const r = parseEntryNumber('261111157');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'PROBABLE_LOST_LEADING_ZERO', normalized: '261111157', candidate: '00261111157' },
    });
    if (r.ok) return;
    expect(r.error.message).toContain('has 9 digits instead of 11: two leading zeros were probably lost');
    expect(r.error.message).toContain('002-6111115-7, which has a valid check digit');
    // Check digit 8 instead of 7: 00261111158 is not a valid number, so no candidate.
    const bad = parseEntryNumber('261111158');
    expect(bad).toMatchObject({ ok: false, error: { code: 'PROBABLE_LOST_LEADING_ZERO' } });
    expect(!bad.ok && 'candidate' in bad.error).toBe(false);
    expect(!bad.ok && bad.error.message).toContain(
      'Adding two zeros in front does not give a valid entry number',
    );
    // Restoring two zeros in front of a leading zero would give filer code 000, which does not exist.
    const zeroFiler = parseEntryNumber('000000000');
    expect(!zeroFiler.ok && 'candidate' in zeroFiler.error).toBe(false);
  });

  it('only ASCII letters count: Unicode letters that upper-case to ASCII are rejected, by code point', () => {
    // U+017F (long s) upper-cases to "S": SUN-7654321-9 is valid, this look-alike must not be.
    const r = parseEntryNumber('\u017FUN-7654321-9');
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_CHARACTERS', normalized: '\u017FUN76543219' } });
    expect(!r.ok && r.error.message).toContain('U+017F');
    expect(() => entryCheckDigit('\u017FUN7654321')).toThrow(RangeError);
    expect(() => formatEntryNumber('\u017FUN76543219')).toThrow(RangeError);
  });

  it('messages name what is wrong', () => {
    const msg = (raw: string): string => {
      const r = parseEntryNumber(raw);
      return r.ok ? '' : r.error.message;
    };
    expect(msg('B76/0324527/8')).toContain('"/"');
    expect(msg('B76\u00A00324527\u00A08')).toBe(''); // NBSP is whitespace and is ignored
    expect(msg('B76\u20130324527\u20138')).toContain('U+2013'); // en dash is not a hyphen
    expect(msg('B7603245')).toContain('has 8 characters');
    expect(msg('000-0000000-0')).toContain('"000"');
    expect(msg('B76-O324527-8')).toContain('letter O');
    expect(msg('B76-03245A7-8')).not.toContain('letter O');
    expect(msg('B76-0324527-X')).toContain('it would be 8');
  });

  it('isValidEntryNumber mirrors parse', () => {
    expect(isValidEntryNumber('B76-0324527-8')).toBe(true);
    expect(isValidEntryNumber('B76-0324527-7')).toBe(false);
  });

  it('changing any single character of a valid number makes it invalid (property)', () => {
    fc.assert(
      fc.property(
        validEntryNumber,
        fc.integer({ min: 3, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (n, pos, delta) => {
          const changed = `${n.slice(0, pos)}${(Number(n[pos]) + delta) % 10}${n.slice(pos + 1)}`;
          expect(parseEntryNumber(changed).ok).toBe(false);
        },
      ),
    );
  });

  it('changing a filer-code digit makes it invalid (property)', () => {
    fc.assert(
      fc.property(
        validEntryNumber,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 9 }),
        (n, pos, delta) => {
          fc.pre(/[0-9]/.test(n[pos]!));
          const changed = `${n.slice(0, pos)}${(Number(n[pos]) + delta) % 10}${n.slice(pos + 1)}`;
          fc.pre(changed.slice(0, 3) !== '000');
          expect(parseEntryNumber(changed).ok).toBe(false);
        },
      ),
    );
  });

  it('accepts every generated valid number in any decorated spelling (property)', () => {
    const decorate = fc.record({
      hyphens: fc.boolean(),
      lower: fc.boolean(),
      quote: fc.constantFrom('', '"', "'"),
      excelWrapper: fc.boolean(),
      bom: fc.boolean(),
      cr: fc.boolean(),
    });
    fc.assert(
      fc.property(validEntryNumber, decorate, (n, d) => {
        let s = d.hyphens ? formatEntryNumber(n) : n;
        if (d.lower) s = s.toLowerCase();
        s = `${d.quote}${s}${d.quote}`;
        if (d.excelWrapper) s = `="${s}"`;
        if (d.bom) s = `\uFEFF${s}`;
        if (d.cr) s = `${s}\r`;
        expect(parseEntryNumber(s)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('normalization is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        const once = normalizeEntryNumberInput(s);
        expect(normalizeEntryNumberInput(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'B', '1', '-', ' ', '"', "'", '=', '\r', '\uFEFF', '\u017F'),
          maxLength: 16,
        }),
        (s) => {
          const once = normalizeEntryNumberInput(s);
          expect(normalizeEntryNumberInput(once)).toBe(once);
          // Parsing the normalized text gives the same outcome as parsing the raw text.
          expect(parseEntryNumber(once)).toEqual(parseEntryNumber(s));
        },
      ),
    );
  });
});

describe('formatEntryNumber', () => {
  it('formats as XXX-NNNNNNN-C', () => {
    expect(formatEntryNumber('B7603245278')).toBe('B76-0324527-8');
    expect(formatEntryNumber('b76 0324527 8')).toBe('B76-0324527-8');
  });

  it.each(['B760324527', 'B76-0324527-88', 'B76/0324527/8'])('throws for %j', (s) => {
    expect(() => formatEntryNumber(s)).toThrow(RangeError);
  });

  it('round-trips with parseEntryNumber (property)', () => {
    fc.assert(
      fc.property(validEntryNumber, (n) => {
        const formatted = formatEntryNumber(n);
        expect(formatted).toMatch(/^[A-Z0-9]{3}-[0-9]{7}-[0-9]$/);
        expect(parseEntryNumber(formatted)).toEqual({ ok: true, value: n });
        expect(formatEntryNumber(formatted)).toBe(formatted);
      }),
    );
  });
});
