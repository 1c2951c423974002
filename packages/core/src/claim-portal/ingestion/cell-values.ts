// Readers for the cells of the ingestion file that are not CAPE identifiers (those are @cape/domain's):
// dollar amounts, dates, Y/N flags, statuses and small integers. Each returns the value or a problem and
// a fix a person can act on; none guesses.
import { type IsoDate, isIsoDate } from '@cape/domain';

export type CellResult<T> = { ok: true; value: T } | { ok: false; problem: string; fix: string };

function ok<T>(value: T): CellResult<T> {
  return { ok: true, value };
}

function problem<T>(problemText: string, fix: string): CellResult<T> {
  return { ok: false, problem: problemText, fix };
}

/** Cells arrive with surrounding spaces, a stray CR or a BOM from spreadsheets; nothing else is cleaned. */
export function trimCell(raw: string): string {
  return (raw.includes('\uFEFF') ? raw.replaceAll('\uFEFF', '') : raw).trim();
}

// Digits with optional thousands separators in groups of three, optional cents.
const DOLLARS = /^\$?(?<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?<fraction>[0-9]+))?$/;
/** Above any duty or value an entry summary can carry ($1 quadrillion): a typo, not an amount. */
const MAX_CENTS = 100_000_000_000_000_000n;

/**
 * A dollar amount as written in a spreadsheet, read exactly into integer cents: "1234.56", "1,234.56",
 * "$1,234.56", "0.10" (10 cents), "12" or "12.5". More than two decimals ("1.005") is refused, never
 * rounded: an entry summary cannot carry a fraction of a cent.
 */
export function parseDollarsToCents(raw: string): CellResult<bigint> {
  const text = trimCell(raw);
  if (text === '') return problem('The amount is empty.', 'Enter the amount in dollars, e.g. 1250.00.');
  if (text.startsWith('-') || text.startsWith('(')) {
    return problem(
      `"${text}" is negative; amounts on an entry summary are never negative.`,
      'Enter the amount without a minus sign.',
    );
  }
  const match = DOLLARS.exec(text);
  if (!match?.groups) {
    const hint = /^[0-9]+,[0-9]{1,2}$/.test(text)
      ? ' A comma cannot be the decimal separator.'
      : /[eE]/.test(text)
        ? ' Scientific notation (as a spreadsheet shows large numbers) is not an amount.'
        : '';
    return problem(
      `"${text}" is not a dollar amount.${hint}`,
      'Write dollars and cents with a decimal point, e.g. 1234.56 or 1,234.56 (commas only between groups of three digits).',
    );
  }
  const fraction = match.groups.fraction ?? '';
  if (fraction.length > 2) {
    return problem(
      `"${text}" has ${fraction.length} decimal places; an amount has at most two (cents).`,
      'Round the amount to the cent as it appears on the entry summary, e.g. 1.01 rather than 1.005.',
    );
  }
  const whole = match.groups.whole!.replaceAll(',', '');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  if (cents > MAX_CENTS) {
    return problem(`"${text}" is larger than any amount an entry summary carries.`, 'Check the amount.');
  }
  return ok(cents);
}

const US_DATE = /^(?<month>[0-9]{1,2})\/(?<day>[0-9]{1,2})\/(?<year>[0-9]{4})$/;

/** A business date: YYYY-MM-DD, or MM/DD/YYYY as a US spreadsheet re-saves it. Never a two-digit year. */
export function parseBusinessDate(raw: string): CellResult<IsoDate> {
  const text = trimCell(raw);
  const fix = 'Write the date as YYYY-MM-DD, e.g. 2025-06-02 (or MM/DD/YYYY, e.g. 06/02/2025).';
  if (text === '') return problem('The date is empty.', fix);
  let iso = text;
  const us = US_DATE.exec(text);
  if (us?.groups) {
    iso = `${us.groups.year}-${us.groups.month!.padStart(2, '0')}-${us.groups.day!.padStart(2, '0')}`;
  }
  if (!isIsoDate(iso)) return problem(`"${text}" is not a calendar date.`, fix);
  return ok(iso);
}

const YES = new Set(['Y', 'YES', 'TRUE', '1']);
const NO = new Set(['N', 'NO', 'FALSE', '0']);

/** Y/N (also YES/NO, TRUE/FALSE, 1/0, any case); an empty cell takes the column's documented default. */
export function parseFlag(raw: string, emptyMeans: boolean): CellResult<boolean> {
  const text = trimCell(raw).toUpperCase();
  if (text === '') return ok(emptyMeans);
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return problem(
    `"${trimCell(raw)}" is not Y or N.`,
    `Write Y or N (empty means ${emptyMeans ? 'Y' : 'N'}).`,
  );
}

/**
 * One value of a closed list, written in any case with spaces or hyphens for underscores ("Under review"
 * is UNDER_REVIEW). `aliases` maps other spellings people use to a value (CANCELED to CANCELLED).
 */
export function parseChoice<T extends string>(
  raw: string,
  values: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): CellResult<T> {
  const text = trimCell(raw);
  const key = text.toUpperCase().replace(/[\s-]+/g, '_');
  const found = values.find((value) => value === key) ?? aliases[key];
  if (found !== undefined) return ok(found);
  return problem(
    text === '' ? 'The value is empty.' : `"${text}" is not one of the allowed values.`,
    `Write one of ${values.join(', ')}.`,
  );
}

/** A whole number in [min, max] written with digits only ("1", "12"; not "1.0" or "one"). */
export function parseWholeNumber(raw: string, min: number, max: number): CellResult<number> {
  const text = trimCell(raw);
  if (!/^[0-9]{1,6}$/.test(text) || Number(text) < min || Number(text) > max) {
    return problem(
      text === '' ? 'The number is empty.' : `"${text}" is not a whole number from ${min} to ${max}.`,
      `Write a whole number from ${min} to ${max}.`,
    );
  }
  return ok(Number(text));
}
