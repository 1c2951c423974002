import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanCell, describeCharacters, stripSurroundingQuotes } from './text-input';

describe('text input cleanup', () => {
  it('strips BOM, whitespace and matching quotes', () => {
    expect(cleanCell('\uFEFF "x" \r')).toBe('x');
    expect(cleanCell(`'" x "'`)).toBe('x');
    expect(cleanCell('"x')).toBe('"x');
    expect(cleanCell(`"x'`)).toBe(`"x'`);
    expect(stripSurroundingQuotes('"')).toBe('"');
    expect(stripSurroundingQuotes('""')).toBe('');
  });

  it('cleanCell is idempotent (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\r', '\uFEFF'), maxLength: 12 }),
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
