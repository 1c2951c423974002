import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiUpperCase,
  cleanCell,
  describeCharacters,
  stripSurroundingQuotes,
  unwrapExcelTextFormula,
} from './text-input';

describe('text input cleanup', () => {
  it('strips BOM, whitespace and matching quotes', () => {
    expect(cleanCell('\uFEFF "x" \r')).toBe('x');
    expect(cleanCell(`'" x "'`)).toBe('x');
    expect(cleanCell('"x')).toBe('"x');
    expect(cleanCell(`"x'`)).toBe(`"x'`);
    expect(stripSurroundingQuotes('"')).toBe('"');
    expect(stripSurroundingQuotes('""')).toBe('');
  });

  it('unwraps ACE\'s Excel text formula ="...", nested in quotes or not', () => {
    expect(cleanCell('="002"')).toBe('002');
    expect(cleanCell(' "="002"" ')).toBe('002');
    expect(cleanCell('="\'002\'"')).toBe('002');
    expect(cleanCell('=002')).toBe('=002');
    expect(cleanCell('="002')).toBe('="002');
    expect(unwrapExcelTextFormula('=="002"')).toBe('=="002"');
    expect(unwrapExcelTextFormula('="="002""')).toBe('002');
  });

  it('upper-cases ASCII letters only', () => {
    expect(asciiUpperCase('b76-\u017Fun-\u0131\u00DF')).toBe('B76-\u017FUN-\u0131\u00DF');
    // What String#toUpperCase would have done: fold look-alikes into ASCII.
    expect('\u017F\u0131\u00DF'.toUpperCase()).toBe('SISS');
  });

  it('cleanCell is idempotent (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '=', '\r', '\uFEFF'), maxLength: 12 }),
        (s) => {
          expect(cleanCell(cleanCell(s))).toBe(cleanCell(s));
        },
      ),
    );
  });

  it('describes characters, invisible ones by code point', () => {
    expect(describeCharacters(['/', '/', '@'])).toBe('"/", "@"');
    expect(describeCharacters([' ', '\u2013'])).toBe('U+0020, U+2013');
  });
});
