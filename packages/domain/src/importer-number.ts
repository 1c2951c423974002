import { err, ok, type ParseError, type Result } from './result';
import { asciiUpperCase, cleanCell, describeCharacters } from './text-input';

/**
 * Importer of record numbers (docs/domain.md 8.1). The hyphen layout is what tells the kinds apart, so the
 * normalized value keeps it: EIN + suffix 'NN-NNNNNNNXX', SSN 'NNN-NN-NNNN', CBP-assigned 'YYDDPP-NNNNN'.
 */

export const IMPORTER_NUMBER_KINDS = ['EIN', 'SSN', 'CBP_ASSIGNED'] as const;
export type ImporterNumberKind = (typeof IMPORTER_NUMBER_KINDS)[number];

export interface ImporterNumber {
  kind: ImporterNumberKind;
  /** Canonical hyphenated, upper-case form; use it as the key when comparing importer numbers. */
  value: string;
}

export const IMPORTER_NUMBER_ERROR_CODES = [
  'EMPTY',
  'BAD_CHARACTERS',
  'AMBIGUOUS_FORMAT',
  'BAD_FORMAT',
  'BAD_EIN_SUFFIX',
  'ITIN_NOT_ALLOWED',
  'INVALID_SSN',
] as const;
export type ImporterNumberErrorCode = (typeof IMPORTER_NUMBER_ERROR_CODES)[number];
export type ImporterNumberError = ParseError<ImporterNumberErrorCode>;

const FORMATS_HELP =
  'Use one of: IRS number with 2-character suffix NN-NNNNNNNXX (e.g. 12-345678900), ' +
  'Social Security number NNN-NN-NNNN, or CBP-assigned number YYDDPP-NNNNN.';

// Suffix characters that broker software rejects because they read like 0, 1 and 2.
const FORBIDDEN_SUFFIX = /[OIZ]/;

function fail(code: ImporterNumberErrorCode, message: string): Result<ImporterNumber, ImporterNumberError> {
  return err({ code, message });
}

function ein(digits9: string, suffix: string): Result<ImporterNumber, ImporterNumberError> {
  const value = `${digits9.slice(0, 2)}-${digits9.slice(2)}${suffix}`;
  if (FORBIDDEN_SUFFIX.test(suffix)) {
    return fail(
      'BAD_EIN_SUFFIX',
      `The suffix "${suffix}" of importer number ${value} uses ${describeCharacters([...suffix].filter((c) => 'OIZ'.includes(c)))}; ` +
        'suffixes may not use the letters O, I or Z (use the digits 0, 1 or 2 if that was meant).',
    );
  }
  return ok({ kind: 'EIN', value });
}

function ssn(area: string, group: string, serial: string): Result<ImporterNumber, ImporterNumberError> {
  const value = `${area}-${group}-${serial}`;
  if (area.startsWith('9')) {
    return fail(
      'ITIN_NOT_ALLOWED',
      `${value} is an ITIN (taxpayer numbers starting with 9), which is not a valid importer number; ` +
        'use an EIN with suffix, an SSN, or request a CBP-assigned number on CBP Form 5106.',
    );
  }
  if (area === '000' || area === '666' || group === '00' || serial === '0000') {
    return fail(
      'INVALID_SSN',
      `${value} cannot be a Social Security number (the Social Security Administration never issues area 000 or 666, ` +
        'group 00 or serial 0000); check the number.',
    );
  }
  return ok({ kind: 'SSN', value });
}

/** Validates an IOR number and returns its kind and canonical form. */
export function parseImporterNumber(raw: string): Result<ImporterNumber, ImporterNumberError> {
  const s = asciiUpperCase(cleanCell(raw));
  if (s.length === 0) return fail('EMPTY', 'The importer number is empty.');
  const bad = [...s].filter((c) => !/[A-Z0-9-]/.test(c));
  if (bad.length > 0) {
    return fail(
      'BAD_CHARACTERS',
      `Importer number "${s}" contains ${describeCharacters(bad)}. ${FORMATS_HELP}`,
    );
  }

  let m = /^([0-9]{2})-([0-9]{7})([A-Z0-9]{2})$/.exec(s);
  if (m) return ein(`${m[1]}${m[2]}`, m[3]!);
  m = /^([0-9]{3})-([0-9]{2})-([0-9]{4})$/.exec(s);
  if (m) return ssn(m[1]!, m[2]!, m[3]!);
  if (/^[0-9]{6}-[0-9]{5}$/.test(s)) return ok({ kind: 'CBP_ASSIGNED', value: s });

  // Without hyphens only a suffix containing a letter identifies the kind.
  m = /^([0-9]{9})([A-Z0-9]{2})$/.exec(s);
  if (m && /[A-Z]/.test(m[2]!)) return ein(m[1]!, m[2]!);
  if (/^[0-9]{11}$/.test(s)) {
    return fail(
      'AMBIGUOUS_FORMAT',
      `Importer number "${s}" could be an IRS number with suffix (${s.slice(0, 2)}-${s.slice(2)}) or a ` +
        `CBP-assigned number (${s.slice(0, 6)}-${s.slice(6)}); write it with hyphens.`,
    );
  }
  if (/^[0-9]{9}$/.test(s)) {
    return fail(
      'AMBIGUOUS_FORMAT',
      `Importer number "${s}" could be a Social Security number (${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}) ` +
        `or an IRS number missing its 2-character suffix (e.g. ${s.slice(0, 2)}-${s.slice(2)}00); write it in full with hyphens.`,
    );
  }
  return fail(
    'BAD_FORMAT',
    `Importer number "${s}" does not match any importer number format. ${FORMATS_HELP}`,
  );
}

export function isValidImporterNumber(raw: string): boolean {
  return parseImporterNumber(raw).ok;
}

/**
 * The spelling-independent form importer numbers are compared in: BOM, outer whitespace, quotes and
 * hyphens removed, ASCII letters upper-cased ('12-345678900', '12345678900' and ' "12-345678900" ' give
 * the same key). Use `sameImporterNumber` to compare; the key alone cannot tell an EIN from a
 * CBP-assigned number with the same eleven characters.
 */
export function importerNumberKey(raw: string): string {
  return asciiUpperCase(cleanCell(raw)).replaceAll('-', '');
}

/**
 * True when two importer numbers name the same importer, whatever their spelling. Numbers written in
 * different hyphen layouts (an EIN 12-345678900 and a CBP-assigned number 123456-78900) are different
 * importers even though their characters agree; a number written without hyphens (ambiguous on its
 * own) matches either. Never compare importer numbers as raw text.
 */
export function sameImporterNumber(a: string, b: string): boolean {
  if (importerNumberKey(a) !== importerNumberKey(b)) return false;
  const parsedA = parseImporterNumber(a);
  const parsedB = parseImporterNumber(b);
  return !parsedA.ok || !parsedB.ok || parsedA.value.kind === parsedB.value.kind;
}
