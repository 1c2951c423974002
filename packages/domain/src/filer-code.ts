import { err, ok, type ParseError, type Result } from './result';
import { asciiUpperCase, cleanCell, describeCharacters } from './text-input';

/**
 * Entry filer codes (docs/domain.md 1.1): every CATAIR pattern (NNN, ANN, AAN, AAA, ANA, NAN, NNA, NAA) is
 * three letters or digits, except that 000 is outside the NNN range.
 */

export type FilerCode = string;

export const FILER_CODE_ERROR_CODES = ['EMPTY', 'BAD_LENGTH', 'BAD_CHARACTERS', 'ALL_ZEROS'] as const;
export type FilerCodeErrorCode = (typeof FILER_CODE_ERROR_CODES)[number];
export type FilerCodeError = ParseError<FilerCodeErrorCode>;

/** Trims, strips quotes/BOM and upper-cases ASCII letters, then validates. */
export function parseFilerCode(raw: string): Result<FilerCode, FilerCodeError> {
  const s = asciiUpperCase(cleanCell(raw));
  if (s.length === 0) return err({ code: 'EMPTY', message: 'The filer code is empty.' });
  const bad = [...s].filter((c) => !/[A-Z0-9]/.test(c));
  if (bad.length > 0) {
    return err({
      code: 'BAD_CHARACTERS',
      message: `Filer code "${s}" contains ${describeCharacters(bad)}; a filer code has only letters A-Z and digits 0-9.`,
    });
  }
  if (s.length !== 3) {
    return err({
      code: 'BAD_LENGTH',
      message: `Filer code "${s}" has ${s.length} characters; a filer code has exactly 3 (e.g. B76 or 002).`,
    });
  }
  if (s === '000') {
    return err({
      code: 'ALL_ZEROS',
      message: 'Filer code "000" is not valid; numeric filer codes run from 001 to 999.',
    });
  }
  return ok(s);
}

/** Strict check of an already-normalized code: exactly three upper-case letters/digits, not 000. */
export function isValidFilerCode(s: string): boolean {
  return /^[A-Z0-9]{3}$/.test(s) && s !== '000';
}
