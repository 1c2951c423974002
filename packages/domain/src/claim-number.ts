import { err, ok, type ParseError, type Result } from './result';
import { cleanCell, describeCharacters } from './text-input';

/**
 * CAPE claim numbers (docs/domain.md, decisions: "Claim number"): 12 digits like CBP's, our own sequence of 11
 * digits followed by a check digit, so a mistyped number is caught before it is looked up. The check digit
 * is Damm's (a totally anti-symmetric quasigroup of order 10): it detects every single-digit error and every
 * transposition of two adjacent digits, which the Luhn scheme of entry numbers misses for 09 <-> 90.
 * The sequence starts at 10,000,000,000 so a claim number never starts with 0 (a spreadsheet would drop it).
 */

/** A 12-digit claim number, e.g. '100000000018'. */
export type ClaimNumber = string;

export const CLAIM_NUMBER_LENGTH = 12;
/** Sequence values that give a claim number: 11 digits, the first not 0. */
export const FIRST_CLAIM_SEQUENCE = 10_000_000_000n;
export const LAST_CLAIM_SEQUENCE = 99_999_999_999n;

// Damm's operation table (H. M. Damm, 2004); row = interim digit, column = next digit.
const DAMM_TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function dammInterim(digits: string): number {
  let interim = 0;
  for (const digit of digits) interim = DAMM_TABLE[interim]![Number(digit)]!;
  return interim;
}

/** The check digit of the first 11 digits. Throws RangeError unless given exactly 11 digits. */
export function claimNumberCheckDigit(body: string): number {
  if (!/^[0-9]{11}$/.test(body)) {
    throw new RangeError(`claimNumberCheckDigit needs 11 digits, got ${JSON.stringify(body)}`);
  }
  return dammInterim(body);
}

/**
 * The claim number for a value of the claim-number sequence. Throws RangeError outside
 * FIRST_CLAIM_SEQUENCE..LAST_CLAIM_SEQUENCE (a programming or configuration error, not user input).
 */
export function claimNumberFor(sequenceValue: bigint): ClaimNumber {
  if (sequenceValue < FIRST_CLAIM_SEQUENCE || sequenceValue > LAST_CLAIM_SEQUENCE) {
    throw new RangeError(
      `Claim-number sequence values run from ${FIRST_CLAIM_SEQUENCE} to ${LAST_CLAIM_SEQUENCE}, got ${sequenceValue}`,
    );
  }
  const body = sequenceValue.toString();
  return `${body}${claimNumberCheckDigit(body)}`;
}

export const CLAIM_NUMBER_ERROR_CODES = ['EMPTY', 'BAD_CHARACTERS', 'BAD_LENGTH', 'BAD_CHECK_DIGIT'] as const;
export type ClaimNumberErrorCode = (typeof CLAIM_NUMBER_ERROR_CODES)[number];
export type ClaimNumberError = ParseError<ClaimNumberErrorCode>;

function fail(code: ClaimNumberErrorCode, message: string): Result<ClaimNumber, ClaimNumberError> {
  return err({ code, message });
}

/**
 * Validates a claim number as typed or pasted: spaces and hyphens are ignored, as are a BOM, surrounding
 * quotes and Excel's `="..."` text wrapper (our downloads write numbers that way).
 */
export function parseClaimNumber(raw: string): Result<ClaimNumber, ClaimNumberError> {
  const n = cleanCell(raw).replace(/[\s-]/gu, '');
  if (n.length === 0) return fail('EMPTY', 'The claim number is empty.');
  const bad = [...n].filter((c) => !/[0-9]/.test(c));
  if (bad.length > 0) {
    return fail(
      'BAD_CHARACTERS',
      `Claim number "${n}" contains ${describeCharacters(bad)}; a claim number has only digits.`,
    );
  }
  if (n.length !== CLAIM_NUMBER_LENGTH || n[0] === '0') {
    return fail(
      'BAD_LENGTH',
      `Claim number "${n}" has ${n.length} digits${n[0] === '0' ? ' and starts with 0' : ''}; a CAPE claim number has ${CLAIM_NUMBER_LENGTH} digits and never starts with 0.`,
    );
  }
  if (dammInterim(n) !== 0) {
    return fail(
      'BAD_CHECK_DIGIT',
      `Claim number "${n}" is not valid: its last digit does not match the others, so a digit is probably mistyped or two digits are swapped.`,
    );
  }
  return ok(n);
}

export function isValidClaimNumber(raw: string): boolean {
  return parseClaimNumber(raw).ok;
}
