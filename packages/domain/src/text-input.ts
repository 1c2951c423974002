/**
 * Cleanup shared by the identifier parsers: values arrive from CSV cells and web forms, so they may carry
 * a UTF-8 byte-order mark, surrounding whitespace (including a stray CR from CRLF files) and the quotes a
 * spreadsheet puts around text.
 */

const QUOTES = new Set(['"', "'"]);

/** Removes a matching pair of surrounding quotes, repeatedly (`'"x"'` -> `x`), so the result is stable. */
export function stripSurroundingQuotes(value: string): string {
  let current = value;
  while (current.length >= 2 && QUOTES.has(current[0]!) && current.at(-1) === current[0]) {
    current = current.slice(1, -1);
  }
  return current;
}

const EXCEL_TEXT_FORMULA = /^="(.*)"$/s;

/**
 * Unwraps the Excel text formula `="..."` that ACE writes around numbers in its downloads (so Excel keeps
 * leading zeros), repeatedly; anything else is returned unchanged.
 */
export function unwrapExcelTextFormula(value: string): string {
  let current = value;
  for (let m = EXCEL_TEXT_FORMULA.exec(current); m !== null; m = EXCEL_TEXT_FORMULA.exec(current)) {
    current = m[1]!;
  }
  return current;
}

/** Removes surrounding quotes and Excel's `="..."` wrapper, in any nesting, until nothing changes. */
export function unwrapCell(value: string): string {
  let current = value;
  for (;;) {
    const next = unwrapExcelTextFormula(stripSurroundingQuotes(current));
    if (next === current) return current;
    current = next;
  }
}

/** BOM anywhere, outer whitespace, surrounding quotes and Excel's `="..."` wrapper removed; idempotent. */
export function cleanCell(raw: string): string {
  let current = raw.replaceAll('\uFEFF', '');
  for (;;) {
    const next = unwrapCell(current.trim());
    if (next === current) return current;
    current = next;
  }
}

/**
 * Upper-cases ASCII letters only. `String#toUpperCase` folds some non-ASCII letters into ASCII ones
 * (U+017F long s becomes S, U+0131 dotless i becomes I, U+00DF sharp s becomes SS), which would let a
 * look-alike identifier pass as a real one; identifiers are ASCII, so everything else is left for the
 * character check to reject.
 */
export function asciiUpperCase(value: string): string {
  return value.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** Lists distinct characters for a message, e.g. `"@", "/"`; invisible ones are shown as code points. */
export function describeCharacters(chars: Iterable<string>): string {
  return [...new Set(chars)]
    .map((c) =>
      /^[\x21-\x7e]$/.test(c)
        ? `"${c}"`
        : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    )
    .join(', ');
}
