import { describe, expect, it } from 'vitest';
import { CH99_CLASSES, classifyChapter99, htsHeading, isIeepaHtsNumber } from './chapter99';

describe('classifyChapter99', () => {
  it.each(['9903.01.25', '9903012500', '9903.01.25.00', '99030125', ' 9903 01 25 ', '9903.02.35'])(
    '%j is IEEPA',
    (hts) => {
      expect(classifyChapter99(hts)).toBe('IEEPA');
      expect(isIeepaHtsNumber(hts)).toBe(true);
    },
  );

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
    ['9903.1.25', 'NOT_CH99'],
    ['9903.01.25.001', 'NOT_CH99'],
    ['ABC9903.01.25', 'NOT_CH99'],
    ['', 'NOT_CH99'],
  ])('%j is %s', (hts, cls) => {
    expect(classifyChapter99(hts)).toBe(cls);
  });

  it('exports the class list for schemas', () => {
    expect(CH99_CLASSES).toContain('IEEPA');
    expect(CH99_CLASSES).toHaveLength(8);
  });

  it('normalizes headings', () => {
    expect(htsHeading('9903012500')).toBe('9903.01.25');
    expect(htsHeading('nope')).toBeNull();
  });
});
