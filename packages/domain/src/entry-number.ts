import { err, ok, type ParseError, type Result } from './result';
import { asciiUpperCase, describeCharacters, unwrapCell } from './text-input';

/**
 * Entry numbers (docs/domain.md section 1): 3-character filer code + 7-digit transaction number + check digit,
 * normalized to 11 upper-case characters and displayed as XXX-NNNNNNN-C.
 */

/** An 11-character normalized entry number, e.g. 'B7603245278'. */
export type EntryNumber = string;

export const ENTRY_NUMBER_ERROR_CODES = [
  'EMPTY',
  'BAD_CHARACTERS',
  'PROBABLE_LOST_LEADING_ZERO',
  'BAD_LENGTH',
  'INVALID_FILER_CODE',
  'NON_NUMERIC_TRANSACTION_NUMBER',
  'NON_NUMERIC_CHECK_DIGIT',
  'BAD_CHECK_DIGIT',
] as const;
export type EntryNumberErrorCode = (typeof ENTRY_NUMBER_ERROR_CODES)[number];

export interface EntryNumberError extends ParseError<EntryNumberErrorCode> {
  /** The input after cleanup (what the rules were applied to), for display next to the message. */
  normalized: string;
  /**
   * PROBABLE_LOST_LEADING_ZERO only: the number with the lost zeros restored, when that number has a valid
   * check digit. Shown to the filer as a suggestion; never substituted automatically.
   */
  candidate?: EntryNumber;
}

// CATAIR Appendix E: three runs of the alphabet; the third run starts at S = 2, not 1.
const LETTER_VALUES = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTER_DIGITS = '12345678912345678923456789';

const FIRST_TEN = /^[A-Z0-9]{3}[0-9]{7}$/;

function charValue(ch: string): number {
  const index = LETTER_VALUES.indexOf(ch);
  return index >= 0 ? Number(LETTER_DIGITS[index]) : Number(ch);
}

/**
 * Check digit (0-9) over the filer code and transaction number (Luhn mod 10 after the letter table).
 * Lower case is accepted. Throws RangeError unless the input is 3 letters/digits followed by 7 digits.
 */
export function entryCheckDigit(first10: string): number {
  const s = asciiUpperCase(first10);
  if (!FIRST_TEN.test(s)) {
    throw new RangeError(
      `entryCheckDigit needs a 3-character filer code and 7 digits, got ${JSON.stringify(first10)}`,
    );
  }
  let total = 0;
  for (let i = 0; i < 10; i++) {
    let d = charValue(s[i]!);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return (10 - (total % 10)) % 10;
}

/**
 * The cleanup applied before validation: BOM, all whitespace (spaces, tabs, CR/LF) and hyphens removed,
 * surrounding quotes and ACE's Excel text wrapper `="..."` stripped, ASCII letters upper-cased (no Unicode
 * case folding: `ſUN` stays `ſUN` and is rejected). Idempotent.
 */
export function normalizeEntryNumberInput(raw: string): string {
  // Separators go first so that quotes which end up outermost are still stripped: keeps this idempotent.
  return asciiUpperCase(unwrapCell(raw.replace(/[\s\uFEFF-]/gu, '')));
}

function fail(
  code: EntryNumberErrorCode,
  message: string,
  normalized: string,
): Result<EntryNumber, EntryNumberError> {
  return err({ code, message, normalized });
}

function display(s: string): string {
  return `${s.slice(0, 3)}-${s.slice(3, 10)}${s.length > 10 ? `-${s.slice(10)}` : ''}`;
}

/**
 * A spreadsheet that reads an entry number as a number drops its leading zeros: filer codes 010-099 lose
 * one (10 digits left), 001-009 lose two (9 digits left). Such a value is reported with the restored
 * candidate when that candidate has a valid check digit; it is never repaired silently.
 */
function lostLeadingZeros(n: string): EntryNumberError | null {
  if (!/^[0-9]{9,10}$/.test(n)) return null;
  const zeros = 11 - n.length;
  const restored = `${'0'.repeat(zeros)}${n}`;
  const valid =
    restored.slice(0, 3) !== '000' && entryCheckDigit(restored.slice(0, 10)) === Number(restored[10]);
  const what = zeros === 1 ? 'a leading zero was' : 'two leading zeros were';
  const hint = valid
    ? ` With ${zeros === 1 ? 'the zero' : 'the zeros'} restored it would read ${display(restored)}, which has a valid check digit.`
    : ` Adding ${zeros === 1 ? 'a zero' : 'two zeros'} in front does not give a valid entry number either, so check the whole number.`;
  return {
    code: 'PROBABLE_LOST_LEADING_ZERO',
    message:
      `Entry number "${n}" has ${n.length} digits instead of 11: ${what} probably lost by a spreadsheet ` +
      '(filer codes 010-099 start with one zero, 001-009 with two). Format the column as text and enter the ' +
      `number again; it is not corrected automatically.${hint}`,
    normalized: n,
    ...(valid ? { candidate: restored } : {}),
  };
}

/** Validates and normalizes an entry number as typed or uploaded. Never repairs a value silently. */
export function parseEntryNumber(raw: string): Result<EntryNumber, EntryNumberError> {
  const n = normalizeEntryNumberInput(raw);
  if (n.length === 0) return fail('EMPTY', 'The entry number is empty.', n);

  const bad = [...n].filter((c) => !/[A-Z0-9]/.test(c));
  if (bad.length > 0) {
    return fail(
      'BAD_CHARACTERS',
      `Entry number "${n}" contains ${describeCharacters(bad)}; only letters A-Z and digits 0-9 are allowed ` +
        '(hyphens and spaces are ignored).',
      n,
    );
  }

  const lostZeros = lostLeadingZeros(n);
  if (lostZeros !== null) return err(lostZeros);

  if (n.length !== 11) {
    return fail(
      'BAD_LENGTH',
      `Entry number "${n}" has ${n.length} characters; an entry number has 11: a 3-character filer code, ` +
        'a 7-digit transaction number and a check digit (e.g. B76-0324527-8).',
      n,
    );
  }

  const filer = n.slice(0, 3);
  if (filer === '000') {
    return fail(
      'INVALID_FILER_CODE',
      'Filer code "000" (the first three characters) is not a valid filer code; numeric filer codes run from 001 to 999.',
      n,
    );
  }

  const transaction = n.slice(3, 10);
  if (!/^[0-9]{7}$/.test(transaction)) {
    const letters = [...transaction].filter((c) => !/[0-9]/.test(c));
    const letterO = letters.includes('O') ? ' (a letter O typed for a zero is a common cause)' : '';
    return fail(
      'NON_NUMERIC_TRANSACTION_NUMBER',
      `Characters 4-10 of "${display(n)}" are the transaction number and must be 7 digits, but "${transaction}" ` +
        `contains ${describeCharacters(letters)}${letterO}.`,
      n,
    );
  }

  const expected = entryCheckDigit(n.slice(0, 10));
  const given = n[10]!;
  if (!/[0-9]/.test(given)) {
    return fail(
      'NON_NUMERIC_CHECK_DIGIT',
      `The last character of "${display(n)}" is the check digit and must be a digit, not "${given}"; ` +
        `for ${display(n.slice(0, 10))} it would be ${expected}.`,
      n,
    );
  }
  if (Number(given) !== expected) {
    return fail(
      'BAD_CHECK_DIGIT',
      `Check digit ${given} does not match: for ${display(n.slice(0, 10))} the check digit is ${expected}. ` +
        'The number is probably mistyped; compare it with the entry summary.',
      n,
    );
  }
  return ok(n);
}

export function isValidEntryNumber(raw: string): boolean {
  return parseEntryNumber(raw).ok;
}

/**
 * XXX-NNNNNNN-C. Accepts any spelling `normalizeEntryNumberInput` cleans to 11 letters/digits (the check
 * digit is not verified here; use `parseEntryNumber` for that). Throws RangeError otherwise.
 */
export function formatEntryNumber(n: string): string {
  const s = normalizeEntryNumberInput(n);
  if (!/^[A-Z0-9]{11}$/.test(s)) {
    throw new RangeError(`formatEntryNumber needs 11 letters or digits, got ${JSON.stringify(n)}`);
  }
  return display(s);
}
