import { describe, expect, it } from 'vitest';
import { CH99_CLASSES, classifyChapter99, htsHeading, parseHtsNumber } from './chapter99';

const classOf = (hts: string): string => {
  const r = classifyChapter99(hts);
  return r.ok ? r.value : `error ${r.error.code}`;
};

describe('classifyChapter99', () => {
  it.each([
    '9903.01.25',
    '9903012500',
    '9903.01.25.00',
    '99030125',
    ' 9903 01 25 ',
    '9903.02.35',
    // Spellings people use: every non-digit is removed first.
    '9903-01-25',
    '9903.01.25.00.00',
    'HTS 9903.01.25',
    '9903/01/25',
    '="9903.01.25"',
    '9903\u201301\u201325',
  ])('%j is IEEPA', (hts) => {
    expect(classifyChapter99(hts)).toEqual({ ok: true, value: 'IEEPA' });
  });

  it.each([
    ['9903.80.01', 'SECTION_232'],
    ['9903.81.90', 'SECTION_232'],
    ['9903.82.02', 'SECTION_232'],
    ['9903.85.08', 'SECTION_232'],
    ['9903.78.01', 'SECTION_232'],
    ['9903.94.05', 'SECTION_232'],
    ['9903.74.01', 'SECTION_232'],
    ['9903.76.01', 'SECTION_232'],
    ['9903.79.01', 'SECTION_232'],
    ['9903.04.60', 'SECTION_232'],
    ['9903.04.67', 'SECTION_232'],
    ['9903.04.59', 'OTHER_CH99'],
    ['9903.04.68', 'OTHER_CH99'],
    ['9903.88.01', 'SECTION_301'],
    ['9903.88.15', 'SECTION_301'],
    ['9903.89.10', 'SECTION_301'],
    ['9903.91.01', 'SECTION_301'],
    ['9903.92.10', 'SECTION_301'],
    ['9903.05.01', 'SECTION_301'],
    ['9903.45.21', 'SECTION_201'],
    ['9903.03.01', 'SECTION_122'],
    ['9903.03.11', 'SECTION_122'],
    ['9903.03.12', 'SECTION_338'],
    ['9903.03.16', 'SECTION_338'],
    ['9903.96.01', 'OTHER_CH99'],
    ['9903.52.00', 'OTHER_CH99'],
    ['8471.30.01', 'NOT_CH99'],
    ['8471.30.0100', 'NOT_CH99'],
    ['9902.12.34', 'NOT_CH99'],
    // Not 8 or 10 digits after stripping: an input error, never NOT_CH99.
    ['9903.1.25', 'error BAD_DIGIT_COUNT'],
    ['9903.01.25.001', 'error BAD_DIGIT_COUNT'],
    ['9903.01.2', 'error BAD_DIGIT_COUNT'],
    ['9903.01.25.00.001', 'error BAD_DIGIT_COUNT'],
    ['9903.01.25.10.00', 'IEEPA'],
    ['9903.01.25.00.10', 'error BAD_DIGIT_COUNT'],
    ['8471.30', 'error BAD_DIGIT_COUNT'],
    ['', 'error NO_DIGITS'],
    ['n/a', 'error NO_DIGITS'],
  ])('%j is %s', (hts, cls) => {
    expect(classOf(hts)).toBe(cls);
  });

  it('says how many digits were found and what an HTS number looks like', () => {
    expect(parseHtsNumber('9903.01.2')).toEqual({
      ok: false,
      error: {
        code: 'BAD_DIGIT_COUNT',
        input: '9903.01.2',
        message:
          'HTS number "9903.01.2" has 7 digits (9903012) after removing other characters; an HTS number has 8 digits (e.g. 9903.01.25) or 10 (e.g. 8471.30.0100).',
      },
    });
    expect(parseHtsNumber('HTS 9903.01.25.00.00')).toEqual({ ok: true, value: '9903012500' });
  });

  it('exports the class list for schemas', () => {
    expect(CH99_CLASSES).toContain('IEEPA');
    expect(CH99_CLASSES).toHaveLength(8);
  });

  it('normalizes headings', () => {
    expect(htsHeading('9903012500')).toBe('9903.01.25');
    expect(htsHeading('9903-01-25')).toBe('9903.01.25');
    expect(htsHeading('nope')).toBeNull();
    expect(htsHeading('9903.01.2')).toBeNull();
  });
});
