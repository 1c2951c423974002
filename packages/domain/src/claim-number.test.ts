import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLAIM_NUMBER_ERROR_CODES,
  claimNumberCheckDigit,
  claimNumberFor,
  FIRST_CLAIM_SEQUENCE,
  isValidClaimNumber,
  LAST_CLAIM_SEQUENCE,
  parseClaimNumber,
} from './claim-number';

const sequenceValue = fc.bigInt({ min: FIRST_CLAIM_SEQUENCE, max: LAST_CLAIM_SEQUENCE });

describe('claim number check digit (Damm)', () => {
  it("matches Damm's published example: 572 has check digit 4 (leading zeros do not change it)", () => {
    expect(claimNumberCheckDigit('00000000572')).toBe(4);
  });

  it('matches a hand computation for the first sequence value', () => {
    // 1 -> 3; then ten zeros: 3->1, 1->7, 7->8, 8->9, 9->2, 2->4, 4->6, 6->5, 5->3, 3->1.
    expect(claimNumberFor(FIRST_CLAIM_SEQUENCE)).toBe('100000000001');
    expect(claimNumberFor(LAST_CLAIM_SEQUENCE)).toHaveLength(12);
  });

  it('refuses bodies that are not 11 digits and sequence values outside the range', () => {
    expect(() => claimNumberCheckDigit('1234')).toThrow(RangeError);
    expect(() => claimNumberFor(FIRST_CLAIM_SEQUENCE - 1n)).toThrow(RangeError);
    expect(() => claimNumberFor(LAST_CLAIM_SEQUENCE + 1n)).toThrow(RangeError);
  });

  it('every claim number it makes is 12 digits, never starts with 0, and parses back to itself', () => {
    fc.assert(
      fc.property(sequenceValue, (value) => {
        const claim = claimNumberFor(value);
        expect(claim).toMatch(/^[1-9][0-9]{11}$/);
        expect(claim.slice(0, 11)).toBe(value.toString());
        expect(parseClaimNumber(claim)).toEqual({ ok: true, value: claim });
      }),
    );
  });

  it('catches every single mistyped digit and every swap of two different adjacent digits', () => {
    fc.assert(
      fc.property(sequenceValue, fc.nat(11), fc.integer({ min: 1, max: 9 }), (value, at, delta) => {
        const claim = claimNumberFor(value);
        const mistyped = `${claim.slice(0, at)}${(Number(claim[at]) + delta) % 10}${claim.slice(at + 1)}`;
        // A mistyped first digit 0 is caught too, by the length rule.
        expect(isValidClaimNumber(mistyped)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(sequenceValue, fc.nat(10), (value, at) => {
        const claim = claimNumberFor(value);
        fc.pre(claim[at] !== claim[at + 1]);
        const swapped = `${claim.slice(0, at)}${claim[at + 1]}${claim[at]}${claim.slice(at + 2)}`;
        expect(isValidClaimNumber(swapped)).toBe(false);
      }),
    );
  });
});

describe('parseClaimNumber', () => {
  it('ignores spaces, hyphens, quotes, a BOM and the ="..." wrapper of our downloads', () => {
    for (const spelling of ['1000-0000-0001', ' 100000000001 ', '="100000000001"', '\uFEFF"100000000001"']) {
      expect(parseClaimNumber(spelling)).toEqual({ ok: true, value: '100000000001' });
    }
  });

  it('says what is wrong', () => {
    const code = (raw: string) => {
      const result = parseClaimNumber(raw);
      return result.ok ? 'OK' : result.error.code;
    };
    expect(code('')).toBe('EMPTY');
    expect(code('10000000000l')).toBe('BAD_CHARACTERS');
    expect(code('10000000001')).toBe('BAD_LENGTH');
    expect(code('010000000001')).toBe('BAD_LENGTH');
    expect(code('100000000002')).toBe('BAD_CHECK_DIGIT');
    const leadingZero = parseClaimNumber('010000000001');
    expect(!leadingZero.ok && leadingZero.error.message).toContain('starts with 0');
    const badCharacter = parseClaimNumber('10000000000l');
    expect(!badCharacter.ok && badCharacter.error.message).toContain('"l"');
    expect(CLAIM_NUMBER_ERROR_CODES).toEqual(['EMPTY', 'BAD_CHARACTERS', 'BAD_LENGTH', 'BAD_CHECK_DIGIT']);
  });
});
