import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abaCheckDigit, isValidAbaRoutingNumber } from './aba-routing';

describe('isValidAbaRoutingNumber', () => {
  it.each(['021000021', '111000025', '011000015'])('%s is valid (docs/domain.md 8.2)', (n) => {
    expect(isValidAbaRoutingNumber(n)).toBe(true);
  });

  it.each(['123456789', '02100002', '0210000210', '02100002a', ' 021000021', '021-000-021', ''])(
    '%j is invalid',
    (n) => {
      expect(isValidAbaRoutingNumber(n)).toBe(false);
    },
  );

  it.each([
    ['000000000', 'all zeros passes the checksum but is no routing number'],
    ['130000006', 'prefix 13 is unassigned'],
    ['500000005', 'prefix 50 is unassigned'],
    ['900000003', 'prefix 90 is unassigned'],
  ])('%s is invalid: %s', (n) => {
    expect(isValidAbaRoutingNumber(n)).toBe(false);
  });

  it.each(['221000012', '322271627', '610000005', '800000006'])(
    '%s has an assigned prefix and is valid',
    (n) => {
      expect(isValidAbaRoutingNumber(n)).toBe(true);
    },
  );

  it('any single-digit change of a valid number is caught (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('021000021', '111000025', '011000015'),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (n, pos, delta) => {
          const changed = `${n.slice(0, pos)}${(Number(n[pos]) + delta) % 10}${n.slice(pos + 1)}`;
          expect(isValidAbaRoutingNumber(changed)).toBe(false);
        },
      ),
    );
  });
});

describe('abaCheckDigit', () => {
  it.each([
    ['02100002', 1],
    ['11100002', 5],
    ['01100001', 5],
  ])('%s -> %i (docs/domain.md 8.2 examples)', (first8, digit) => {
    expect(abaCheckDigit(first8)).toBe(digit);
  });

  it('rejects anything but 8 digits', () => {
    expect(() => abaCheckDigit('0210000')).toThrow(RangeError);
    expect(() => abaCheckDigit('0210000a')).toThrow(RangeError);
  });
});
