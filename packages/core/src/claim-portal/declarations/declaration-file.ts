// Stage 1 of a CAPE declaration, the file level (docs/domain.md 4.2 and 4.3): what makes CBP answer "Failed
// initial validation" for the whole upload. This module reads only the bytes: format, header, columns,
// blank rows, size and count limits, entry-number syntax and duplicates. Whether the filer may list the
// entries needs the database and is checked by the filing service.
//
// Memory: the upload arrives as one buffer; csv-parse's stream parser reads it in slices and hands over each
// record as it completes, and at most MAX_DECLARATION_ENTRIES small row objects are kept, so parsing never
// builds an array of every record (a 1 MB file of short rows would otherwise hold ~80,000 arrays).
import { createHash } from 'node:crypto';
import { type EntryNumberError, formatEntryNumber, parseEntryNumber } from '@cape/domain';
import { CsvError, parse } from 'csv-parse';

/** CBP's QRG: "file < 1 MB". We read 1 MB as 1,048,576 bytes (what Windows and Excel show as 1 MB). */
export const MAX_DECLARATION_FILE_BYTES = 1_048_576;
/** CBP's QRG: at most 9,999 entries per declaration. */
export const MAX_DECLARATION_ENTRIES = 9_999;
/** The template's only header cell (cell A1 of ACEP_CapeEntryNumberUploadTemplate). */
export const DECLARATION_HEADER = 'Entry Number';
/** Bytes handed to the parser at a time. */
const PARSE_SLICE_BYTES = 65_536;
/** At most this many rows are listed per problem (the count is always complete). */
export const MAX_LISTED_ROWS_PER_PROBLEM = 1_000;

export const FILE_PROBLEM_CODES = [
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'NOT_CSV',
  'CSV_SYNTAX',
  'HEADER_MISSING',
  'HEADER_WRONG',
  'NO_ENTRIES',
  'EXTRA_COLUMNS',
  'BLANK_ROWS',
  'TOO_MANY_ENTRIES',
  'MALFORMED_ENTRY_NUMBER',
  'DUPLICATE_ENTRY_NUMBER',
  'ENTRIES_NOT_PERMITTED',
] as const;
export type FileProblemCode = (typeof FILE_PROBLEM_CODES)[number];

/** One row a problem applies to; `row` is the spreadsheet row (row 1 is the header). */
export interface FileProblemRow {
  row: number;
  /** The cell as uploaded (for malformed and duplicate rows), or the whole row for extra columns. */
  value: string;
  detail: string;
  /** For lost leading zeros: the number with them restored, which has a valid check digit. Never applied. */
  suggestion?: string;
}

export interface FileProblem {
  code: FileProblemCode;
  message: string;
  /** The first MAX_LISTED_ROWS_PER_PROBLEM rows concerned (empty for problems of the whole file). */
  rows: FileProblemRow[];
  /** How many rows the problem concerns, listed or not. */
  rowCount: number;
}

/** A row that holds a well-formed entry number. */
export interface DeclarationFileRow {
  row: number;
  rawValue: string;
  /** Normalized, 11 characters. */
  entryNumber: string;
}

export interface InspectedDeclarationFile {
  sha256: string;
  sizeBytes: number;
  /** Rows that hold an entry number (well-formed or not); 0 when the file could not be read as CSV. */
  entryRowCount: number;
  /** Well-formed, distinct-or-not entry rows in file order (empty when the file was not readable). */
  rows: DeclarationFileRow[];
  problems: FileProblem[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SAVE_AS_CSV =
  'Open it in Excel, choose File > Save As, pick "CSV (Comma delimited) (*.csv)" (not "CSV UTF-16" or "Unicode Text"), and upload the .csv file.';

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** What a non-CSV upload is, in words a filer recognizes, with the way out; null when it may be CSV text. */
export function describeNonCsv(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return `The file is an Excel workbook (.xlsx) or another ZIP archive, not a CSV file. ${SAVE_AS_CSV}`;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return `The file is an Excel 97-2003 workbook (.xls), not a CSV file. ${SAVE_AS_CSV}`;
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return `The file is UTF-16 text ("Unicode Text" or "CSV UTF-16"), not a plain CSV file. ${SAVE_AS_CSV}`;
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    return `The file is a PDF document, not a CSV file. ${SAVE_AS_CSV}`;
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    return `The file is a Rich Text (RTF) document, not a CSV file. ${SAVE_AS_CSV}`;
  }
  const sample = bytes.subarray(0, 8192);
  let nulsAtEven = 0;
  let nulsAtOdd = 0;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i]!;
    if (byte === 0) {
      if (i % 2 === 0) nulsAtEven++;
      else nulsAtOdd++;
    } else if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) {
      controls++;
    }
  }
  const nuls = nulsAtEven + nulsAtOdd;
  // UTF-16 without a byte-order mark: ASCII text then has a NUL in every other byte.
  if (nuls > 0 && Math.max(nulsAtEven, nulsAtOdd) >= 0.9 * nuls && nuls >= sample.length / 4) {
    return `The file is UTF-16 text without a byte-order mark, not a plain CSV file. ${SAVE_AS_CSV}`;
  }
  if (nuls > 0 || controls > sample.length / 100) {
    return `The file is binary data (it contains control bytes no text file has), not a CSV file. ${SAVE_AS_CSV}`;
  }
  return null;
}

/** Collects rows for one problem code, keeping a complete count but a bounded list. */
class ProblemRows {
  readonly rows: FileProblemRow[] = [];
  count = 0;

  add(row: FileProblemRow): void {
    this.count++;
    if (this.rows.length < MAX_LISTED_ROWS_PER_PROBLEM) this.rows.push(row);
  }
}

function isHeader(cell: string): boolean {
  return (
    cell
      .replace(/^\uFEFF/, '')
      .trim()
      .replace(/\s+/g, ' ')
      .toLowerCase() === 'entry number'
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function entryNumberProblem(error: EntryNumberError, row: number, value: string): FileProblemRow {
  return {
    row,
    value,
    detail: error.message,
    ...(error.candidate === undefined ? {} : { suggestion: formatEntryNumber(error.candidate) }),
  };
}

function problem(code: FileProblemCode, message: string, rows: ProblemRows | null = null): FileProblem {
  return { code, message, rows: rows?.rows ?? [], rowCount: rows?.count ?? 0 };
}

interface RecordState {
  header: string[] | null;
  entryRows: number;
  /** Blank rows seen since the last entry row: only blank rows followed by an entry count as problems. */
  pendingBlank: FileProblemRow[];
  blank: ProblemRows;
  extraColumns: ProblemRows;
  malformed: ProblemRows;
  duplicates: ProblemRows;
  firstRowOf: Map<string, number>;
  rows: DeclarationFileRow[];
}

function readRecord(state: RecordState, record: string[], row: number): void {
  if (state.header === null) {
    state.header = record;
    return;
  }
  const cells = record.map((cell) => cell.trim());
  // Trailing empty cells carry nothing (Excel writes them for formatted but empty columns).
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width--;
  if (width === 0) {
    state.pendingBlank.push({ row, value: '', detail: `Row ${row} is blank.` });
    return;
  }
  for (const blank of state.pendingBlank) state.blank.add(blank);
  state.pendingBlank = [];
  state.entryRows++;
  if (width > 1) {
    state.extraColumns.add({
      row,
      value: record.slice(0, width).join(','),
      detail: `Row ${row} has ${width} columns; only the entry number (column A) is allowed.`,
    });
  }
  const rawValue = record[0]!;
  const parsed = parseEntryNumber(rawValue);
  if (!parsed.ok) {
    state.malformed.add(entryNumberProblem(parsed.error, row, rawValue));
    return;
  }
  // Past the limit the file fails as too large anyway: further rows are counted and checked for form, but not
  // remembered, so memory stays bounded by MAX_DECLARATION_ENTRIES rows whatever the file holds.
  if (state.entryRows > MAX_DECLARATION_ENTRIES + 1) return;
  const entryNumber = parsed.value;
  const first = state.firstRowOf.get(entryNumber);
  if (first !== undefined) {
    state.duplicates.add({
      row,
      value: rawValue,
      detail: `Entry ${formatEntryNumber(entryNumber)} is listed again; it is already on row ${first}.`,
    });
    return;
  }
  state.firstRowOf.set(entryNumber, row);
  state.rows.push({ row, rawValue, entryNumber });
}

function csvSyntaxProblem(error: CsvError): FileProblem {
  const line = typeof error.lines === 'number' ? ` near line ${error.lines}` : '';
  const what =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quotation mark is opened and never closed'
      : error.code === 'CSV_MAX_RECORD_SIZE'
        ? 'a single row is far longer than any entry number'
        : 'quotation marks are used in a way CSV does not allow';
  return problem(
    'CSV_SYNTAX',
    `The file cannot be read as CSV${line}: ${what}. Entry numbers need no quotation marks. ${SAVE_AS_CSV}`,
  );
}

/**
 * Stage 1 without the database: every problem of the file, each with its rows. A file with no problems
 * yields its entry rows in file order.
 */
export function inspectDeclarationFile(bytes: Uint8Array): InspectedDeclarationFile {
  const base = { sha256: sha256Hex(bytes), sizeBytes: bytes.byteLength };
  const fail = (found: FileProblem) => ({ ...base, entryRowCount: 0, rows: [], problems: [found] });

  if (bytes.byteLength > MAX_DECLARATION_FILE_BYTES) {
    return fail(
      problem(
        'FILE_TOO_LARGE',
        `The file is ${bytes.byteLength.toLocaleString('en-US')} bytes; a declaration file must be smaller than 1 MB (${MAX_DECLARATION_FILE_BYTES.toLocaleString('en-US')} bytes). ` +
          `A file of ${MAX_DECLARATION_ENTRIES.toLocaleString('en-US')} entry numbers is about 130 KB: remove everything but the entry-number column, or split the entries over several declarations.`,
      ),
    );
  }
  const nonCsv = describeNonCsv(bytes);
  if (nonCsv !== null) return fail(problem('NOT_CSV', nonCsv));

  const state: RecordState = {
    header: null,
    entryRows: 0,
    pendingBlank: [],
    blank: new ProblemRows(),
    extraColumns: new ProblemRows(),
    malformed: new ProblemRows(),
    duplicates: new ProblemRows(),
    firstRowOf: new Map(),
    rows: [],
  };
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // ACE's downloads write numbers as ="..." (quotes inside an unquoted cell); the entry-number parser unwraps it.
    relax_quotes: true,
    skip_empty_lines: false,
    // No entry number row comes near this; it stops a runaway quoted field early.
    max_record_size: 4096,
  });
  // Records are consumed as the parser emits them (synchronously, in flowing mode): none is kept beyond
  // what readRecord remembers. The spreadsheet row is the record's position (a blank line is a record too).
  let row = 0;
  parser.on('data', (record: string[]) => readRecord(state, record, ++row));
  parser.on('error', () => {});
  for (let offset = 0; offset < bytes.byteLength && !parser.errored; offset += PARSE_SLICE_BYTES) {
    parser.write(bytes.subarray(offset, offset + PARSE_SLICE_BYTES));
  }
  parser.end();
  if (parser.errored) {
    if (parser.errored instanceof CsvError) return fail(csvSyntaxProblem(parser.errored));
    throw parser.errored;
  }

  if (state.header === null || (state.header.every((cell) => cell.trim() === '') && state.entryRows === 0)) {
    return fail(problem('FILE_EMPTY', 'The file is empty: it has no header row and no entry numbers.'));
  }

  const problems: FileProblem[] = [];
  const headerCells = state.header.map((cell) => cell.trim());
  let headerWidth = headerCells.length;
  while (headerWidth > 0 && headerCells[headerWidth - 1] === '') headerWidth--;
  if (!isHeader(headerCells[0] ?? '')) {
    if (parseEntryNumber(headerCells[0] ?? '').ok) {
      problems.push(
        problem(
          'HEADER_MISSING',
          `Row 1 holds an entry number, but it must hold the header "${DECLARATION_HEADER}". Insert a first row with "${DECLARATION_HEADER}" in column A (as in the template) and upload again.`,
        ),
      );
    } else {
      problems.push(
        problem(
          'HEADER_WRONG',
          `Row 1 must be the header "${DECLARATION_HEADER}" (column A), but it reads "${state.header.join(',').slice(0, 80)}". Use the template's header.`,
        ),
      );
    }
  } else if (headerWidth > 1) {
    state.extraColumns.add({
      row: 1,
      value: state.header.slice(0, headerWidth).join(','),
      detail: `The header row has ${headerWidth} columns; the template has one, "${DECLARATION_HEADER}".`,
    });
  }

  // A file whose only row is an entry number lacks the header, not entries.
  if (state.entryRows === 0 && problems[0]?.code !== 'HEADER_MISSING') {
    problems.push(problem('NO_ENTRIES', 'The file has no entry numbers below the header.'));
  }
  if (state.extraColumns.count > 0) {
    problems.push(
      problem(
        'EXTRA_COLUMNS',
        `${plural(state.extraColumns.count, 'row has', 'rows have')} more than one column. A declaration file has exactly one column, the entry number: delete every other column (amounts, dates, notes).`,
        state.extraColumns,
      ),
    );
  }
  if (state.blank.count > 0) {
    problems.push(
      problem(
        'BLANK_ROWS',
        `${plural(state.blank.count, 'blank row')} between entry numbers. Delete the blank rows (a blank row often means an entry number went missing).`,
        state.blank,
      ),
    );
  }
  if (state.entryRows > MAX_DECLARATION_ENTRIES) {
    problems.push(
      problem(
        'TOO_MANY_ENTRIES',
        `The file lists ${state.entryRows.toLocaleString('en-US')} entries; a declaration may hold at most ${MAX_DECLARATION_ENTRIES.toLocaleString('en-US')}. Split them over several declarations (there is no limit on the number of declarations).`,
      ),
    );
  }
  if (state.malformed.count > 0) {
    problems.push(
      problem(
        'MALFORMED_ENTRY_NUMBER',
        `${plural(state.malformed.count, 'entry number is', 'entry numbers are')} not well-formed (11 characters: filer code, 7-digit transaction number, check digit). Each row says what is wrong.`,
        state.malformed,
      ),
    );
  }
  if (state.duplicates.count > 0) {
    problems.push(
      problem(
        'DUPLICATE_ENTRY_NUMBER',
        `${plural(state.duplicates.count, 'row repeats', 'rows repeat')} an entry number listed earlier in the file. List each entry once.`,
        state.duplicates,
      ),
    );
  }
  return { ...base, entryRowCount: state.entryRows, rows: problems.length === 0 ? state.rows : [], problems };
}
