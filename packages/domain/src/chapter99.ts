/**
 * Chapter 99 classification (docs/domain.md 5.2-5.3): which legal authority an HTSUS 9903 number belongs to.
 * Only IEEPA numbers are removed by CAPE; every other duty on the entry stays.
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

/** Accepted spellings: 8 or 10 digits, optionally grouped by dots or spaces (9903.01.25, 9903012500, 9903.01.25.00). */
const HTS_NUMBER = /^\s*(\d{4})[. ]?(\d{2})[. ]?(\d{2})(?:[. ]?(\d{2}))?\s*$/;

/** The 8-digit heading in dotted form ('9903.01.25'), or null if the text is not an HTS number. */
export function htsHeading(htsNumber: string): string | null {
  const m = HTS_NUMBER.exec(htsNumber);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

const SECTION_232_SUBHEADINGS = new Set(['74', '76', '78', '79', '80', '81', '82', '85', '94']);
const SECTION_301_SUBHEADINGS = new Set(['05', '88', '89', '91', '92']);

export function classifyChapter99(htsNumber: string): Ch99Class {
  const heading = htsHeading(htsNumber);
  if (heading === null || !heading.startsWith('9903.')) return 'NOT_CH99';
  const sub = heading.slice(5, 7);
  const item = Number(heading.slice(8, 10));
  // 9903.96.01-.02 ("IEEPA companion headings") rest on one secondary source: left as OTHER_CH99, never refunded.
  if (sub === '01' || sub === '02') return 'IEEPA';
  if (sub === '03') return item <= 11 ? 'SECTION_122' : 'SECTION_338';
  if (SECTION_232_SUBHEADINGS.has(sub)) return 'SECTION_232';
  if (sub === '04' && item >= 60 && item <= 67) return 'SECTION_232'; // pharma (unconfirmed family)
  if (SECTION_301_SUBHEADINGS.has(sub)) return 'SECTION_301';
  if (sub === '45') return 'SECTION_201';
  return 'OTHER_CH99';
}

export function isIeepaHtsNumber(htsNumber: string): boolean {
  return classifyChapter99(htsNumber) === 'IEEPA';
}
