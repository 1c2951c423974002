import { describe, expect, it } from 'vitest';
import { compareIsoDates, isIsoDate } from './calendar-date';
import { classifyChapter99 } from './chapter99';
import {
  findIeepaHeading,
  IEEPA_COLLECTION_END,
  IEEPA_HEADINGS,
  IEEPA_HEADINGS_VERSION,
  ieepaHeadingOn,
  isDutiableIeepaHeading,
} from './ieepa-headings';

describe('IEEPA heading registry', () => {
  it('is versioned, sorted, unique and well-formed data', () => {
    expect(IEEPA_HEADINGS_VERSION).toMatch(/^ieepa-headings-/);
    const names = IEEPA_HEADINGS.map((h) => h.heading);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
    for (const h of IEEPA_HEADINGS) {
      expect(classifyChapter99(h.heading)).toEqual({ ok: true, value: 'IEEPA' });
      expect(h.periods.length).toBeGreaterThan(0);
      h.periods.forEach((p, i) => {
        expect(isIsoDate(p.from) && isIsoDate(p.until)).toBe(true);
        expect(compareIsoDates(p.from, p.until)).toBe(-1);
        expect(compareIsoDates(p.until, IEEPA_COLLECTION_END)).toBeLessThanOrEqual(0);
        if (i > 0) expect(p.from).toBe(h.periods[i - 1]!.until);
        if (p.ratePercent !== null) expect(p.ratePercent).toMatch(/^\d+(\.\d{1,2})?$/);
      });
    }
  });

  it('covers every heading group of docs/domain.md 5.1', () => {
    const expected = [
      '9903.01.01',
      '9903.01.02',
      '9903.01.03',
      '9903.01.04',
      '9903.01.05',
      '9903.01.10',
      '9903.01.13',
      '9903.01.14',
      '9903.01.15',
      '9903.01.20',
      '9903.01.21',
      '9903.01.22',
      '9903.01.23',
      '9903.01.24',
      '9903.01.25',
      '9903.01.26',
      '9903.01.27',
      '9903.01.28',
      '9903.01.29',
      '9903.01.30',
      '9903.01.31',
      '9903.01.32',
      '9903.01.33',
      '9903.01.34',
      '9903.01.43',
      '9903.01.63',
      '9903.01.76',
      '9903.01.77',
      '9903.01.78',
      '9903.01.83',
      '9903.01.84',
      '9903.01.85',
      '9903.01.89',
      '9903.02.01',
      '9903.02.02',
      '9903.02.19',
      '9903.02.20',
      '9903.02.71',
    ];
    for (const heading of expected) expect(findIeepaHeading(heading)?.heading).toBe(heading);
    expect(IEEPA_HEADINGS.filter((h) => h.heading >= '9903.01.43' && h.heading <= '9903.01.76')).toHaveLength(
      34,
    );
    expect(IEEPA_HEADINGS.filter((h) => h.heading.startsWith('9903.02.'))).toHaveLength(71);
    expect(findIeepaHeading('9903.01.90')).toBeUndefined();
    expect(findIeepaHeading('not a number')).toBeUndefined();
  });

  it.each([
    // heading, date, rate percent, basis points, dutiable
    ['9903.01.10', '2025-03-04', '25', 2500, true],
    ['9903.01.10', '2025-07-31', '25', 2500, true],
    ['9903.01.10', '2025-08-01', '35', 3500, true],
    ['9903.01.24', '2025-03-04', '20', 2000, true],
    ['9903.01.24', '2025-11-09', '20', 2000, true],
    ['9903.01.24', '2025-11-10', '10', 1000, true],
    ['9903.01.20', '2025-02-04', '10', 1000, true],
    ['9903.01.25', '2025-04-05', '10', 1000, true],
    ['9903.01.25', '2026-02-23', '10', 1000, true],
    ['9903.01.26', '2025-06-01', '0', 0, false],
    ['9903.01.34', '2025-06-01', '0', 0, false],
    ['9903.01.63', '2025-04-09', '84', 8400, true],
    ['9903.01.63', '2025-04-10', '125', 12500, true],
    ['9903.01.77', '2025-08-06', '40', 4000, true],
    ['9903.01.84', '2025-08-27', '25', 2500, true],
    ['9903.01.01', '2025-03-04', '25', 2500, true],
    ['9903.01.13', '2025-05-01', '10', 1000, true],
  ])('%s on %s: %s%%', (heading, date, rate, bps, dutiable) => {
    const on = ieepaHeadingOn(heading, date);
    expect(on?.ratePercent).toBe(rate);
    expect(on?.rateBasisPoints).toBe(bps);
    expect(on?.dutiable).toBe(dutiable);
    expect(isDutiableIeepaHeading(heading, date)).toBe(dutiable);
  });

  it('treats country-specific (null) rates as dutiable, with no basis points', () => {
    const on = ieepaHeadingOn('9903.02.35', '2025-09-01');
    expect(on).toMatchObject({ ratePercent: null, rateBasisPoints: null, dutiable: true });
    expect(ieepaHeadingOn('9903.01.50', '2025-04-09')).toMatchObject({
      country: 'European Union',
      dutiable: true,
    });
    expect(ieepaHeadingOn('9903.02.19', '2025-09-01')?.dutiable).toBe(false);
  });

  it.each([
    ['9903.01.25', '2025-04-04', 'before it took effect'],
    ['9903.01.25', '2026-02-24', 'collection stopped'],
    ['9903.01.24', '2025-03-03', 'before 2025-03-04'],
    ['9903.01.20', '2025-03-04', 'replaced by .24'],
    ['9903.01.50', '2025-04-10', 'suspended after one day'],
    ['9903.01.63', '2025-05-14', 'China back on .25'],
    ['9903.01.99', '2025-06-01', 'unknown heading'],
  ])('%s on %s is not in force (%s)', (heading, date) => {
    expect(ieepaHeadingOn(heading, date)).toBeNull();
    expect(isDutiableIeepaHeading(heading, date)).toBe(false);
  });

  it('accepts every HTS spelling and validates the date', () => {
    expect(ieepaHeadingOn('9903012500', '2025-05-01')?.heading).toBe('9903.01.25');
    expect(ieepaHeadingOn('9903.01.25.00', '2025-05-01')?.heading).toBe('9903.01.25');
    expect(() => ieepaHeadingOn('9903.01.25', '2025-5-1')).toThrow(RangeError);
  });

  it('flags unconfirmed data', () => {
    expect(findIeepaHeading('9903.01.15')?.confirmed).toBe(false);
    expect(findIeepaHeading('9903.01.10')?.confirmed).toBe(true);
  });
});
