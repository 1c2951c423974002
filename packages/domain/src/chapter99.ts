import { err, ok, type ParseError, type Result } from './result';

/**
 * Chapter 99 classification (docs/domain.md, Chapter 99): which legal authority an HTSUS 9903 number
 * belongs to. Only IEEPA numbers are removed by CAPE; every other duty on the entry stays.
 *
 * People write HTS numbers in many ways ('9903.01.25', '9903-01-25', '9903.01.25.00.00', 'HTS 9903.01.25'),
 * so every non-digit is removed first, and zeros padded after the 10th digit (the '.00' of
 * 9903.01.25.00.00) are dropped. What is left must be 8 digits (a heading or subheading) or 10 (a
 * statistical reporting number); anything else is an input error, never silently "not Chapter 99": a
 * misread IEEPA number would otherwise be kept as ordinary duty and its IEEPA duty never refunded.
 */

export const CH99_CLASSES = [
  'IEEPA',
  'SECTION_232',
  'SECTION_301',
  'SECTION_122',
  'SECTION_201',
  'SECTION_338',
  'OTHER_CH99',
  'NOT_CH99',
] as const;
export type Ch99Class = (typeof CH99_CLASSES)[number];

export const HTS_NUMBER_ERROR_CODES = ['NO_DIGITS', 'BAD_DIGIT_COUNT'] as const;
export type HtsNumberErrorCode = (typeof HTS_NUMBER_ERROR_CODES)[number];

export interface HtsNumberError extends ParseError<HtsNumberErrorCode> {
  /** The value as given. */
  input: string;
}

/** The digits of a well-formed HTS number: 8 or 10. */
export type HtsDigits = string;

/** Removes every non-digit and zero padding after the 10th digit; the result must have 8 or 10 digits. */
export function parseHtsNumber(raw: string): Result<HtsDigits, HtsNumberError> {
  let digits = raw.replace(/\D/g, '');
  if (digits.length > 10 && /^0+$/.test(digits.slice(10))) digits = digits.slice(0, 10);
  if (digits.length === 8 || digits.length === 10) return ok(digits);
  if (digits.length === 0) {
    return err({
      code: 'NO_DIGITS',
      message: `HTS number ${JSON.stringify(raw)} contains no digits; an HTS number has 8 or 10 digits (e.g. 9903.01.25).`,
      input: raw,
    });
  }
  return err({
    code: 'BAD_DIGIT_COUNT',
    message:
      `HTS number ${JSON.stringify(raw)} has ${digits.length} digits (${digits}) after removing other characters; ` +
      'an HTS number has 8 digits (e.g. 9903.01.25) or 10 (e.g. 8471.30.0100).',
    input: raw,
  });
}

/** The 8-digit heading in dotted form ('9903.01.25'), or null if the text is not a well-formed HTS number. */
export function htsHeading(htsNumber: string): string | null {
  const parsed = parseHtsNumber(htsNumber);
  if (!parsed.ok) return null;
  const d = parsed.value;
  return `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6, 8)}`;
}

const SECTION_232_SUBHEADINGS = new Set(['74', '76', '78', '79', '80', '81', '82', '85', '94']);
const SECTION_301_SUBHEADINGS = new Set(['05', '88', '89', '91', '92']);

function classifyDigits(digits: HtsDigits): Ch99Class {
  if (!digits.startsWith('9903')) return 'NOT_CH99';
  const sub = digits.slice(4, 6);
  const item = Number(digits.slice(6, 8));
  // 9903.96.01-.02 ("IEEPA companion headings") rest on one secondary source: left as OTHER_CH99, never refunded.
  if (sub === '01' || sub === '02') return 'IEEPA';
  if (sub === '03') return item <= 11 ? 'SECTION_122' : 'SECTION_338';
  if (SECTION_232_SUBHEADINGS.has(sub)) return 'SECTION_232';
  if (sub === '04' && item >= 60 && item <= 67) return 'SECTION_232'; // pharma (unconfirmed family)
  if (SECTION_301_SUBHEADINGS.has(sub)) return 'SECTION_301';
  if (sub === '45') return 'SECTION_201';
  return 'OTHER_CH99';
}

/** The authority of an HTS number; an input error (never NOT_CH99) when it is not 8 or 10 digits. */
export function classifyChapter99(htsNumber: string): Result<Ch99Class, HtsNumberError> {
  const parsed = parseHtsNumber(htsNumber);
  return parsed.ok ? ok(classifyDigits(parsed.value)) : parsed;
}
