import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { entryCheckDigit } from '@cape/domain';
import { describe, expect, it, vi } from 'vitest';
import {
  describeNonCsv,
  inspectDeclarationFile,
  MAX_DECLARATION_ENTRIES,
  MAX_DECLARATION_FILE_BYTES,
  MAX_LISTED_ROWS_PER_PROBLEM,
} from './declaration-file.ts';

// Watches the parser: records must be consumed as they are parsed, not buffered (so none accumulate).
const bufferedRecords: number[] = [];
vi.mock('csv-parse', async (importOriginal) => {
  const original = await importOriginal<typeof import('csv-parse')>();
  return {
    ...original,
    parse: (...args: Parameters<typeof original.parse>) => {
      const parser = original.parse(...args);
      const write = parser.write.bind(parser);
      parser.write = ((chunk: Buffer) => {
        const result = write(chunk);
        bufferedRecords.push(parser.readableLength);
        return result;
      }) as typeof parser.write;
      return parser;
    },
  };
});

const csv = (text: string) => Buffer.from(text);

function entry(filer: string, transaction: number): string {
  const first10 = `${filer}${String(transaction).padStart(7, '0')}`;
  return `${first10}${entryCheckDigit(first10)}`;
}

describe('a well-formed declaration file', () => {
  it('yields its rows normalized, accepting BOM, CRLF, hyphens, lower case, quotes and ACE\'s ="..." wrapper', () => {
    const text =
      '\uFEFFEntry Number\r\nB76-0324527-8\r\nb7603245278x\r\n="00261103162"\r\n"002-6111115-7"\r\n  k9r5000001 7 \r\n';
    const result = inspectDeclarationFile(csv(text.replace('b7603245278x', 'abc-1234567-6')));
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.row, r.entryNumber])).toEqual([
      [2, 'B7603245278'],
      [3, 'ABC12345676'],
      [4, '00261103162'],
      [5, '00261111157'],
      [6, 'K9R50000017'],
    ]);
    expect(result.rows[2]!.rawValue).toBe('="00261103162"');
    expect(result.entryRowCount).toBe(5);
  });

  it('takes the header in any letter case, ignores trailing empty cells and blank lines at the end', () => {
    const result = inspectDeclarationFile(csv('ENTRY NUMBER,,\nB76-0324527-8,\n\n\n'));
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });

  it('hashes the exact bytes (SHA-256)', () => {
    const bytes = csv('Entry Number\nB76-0324527-8\n');
    expect(inspectDeclarationFile(bytes).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('accepts exactly 9,999 entries and refuses 10,000', () => {
    const rows = Array.from({ length: MAX_DECLARATION_ENTRIES + 1 }, (_, i) => entry('B76', i + 1));
    expect(inspectDeclarationFile(csv(['Entry Number', ...rows.slice(0, -1)].join('\n'))).problems).toEqual(
      [],
    );
    const tooMany = inspectDeclarationFile(csv(['Entry Number', ...rows].join('\n')));
    expect(tooMany.problems.map((p) => p.code)).toEqual(['TOO_MANY_ENTRIES']);
    expect(tooMany.problems[0]!.message).toContain('10,000 entries');
  });
});

describe('file-level problems', () => {
  const codes = (text: string | Uint8Array) =>
    inspectDeclarationFile(typeof text === 'string' ? csv(text) : text).problems.map((p) => p.code);

  it('names each problem with its rows, all at once', () => {
    const text = [
      'Entry Number',
      'B76-0324527-8', // row 2
      '', // row 3: blank between entries
      '2611103162', // row 4: lost a zero, no valid candidate
      'B76-0324527-8,1200.00', // row 5: extra column and a duplicate of row 2
      '261103162', // row 6: lost two zeros: 002-6110316-2 is valid
    ].join('\n');
    const result = inspectDeclarationFile(csv(text));
    expect(result.problems.map((p) => [p.code, p.rows.map((r) => r.row)])).toEqual([
      ['EXTRA_COLUMNS', [5]],
      ['BLANK_ROWS', [3]],
      ['MALFORMED_ENTRY_NUMBER', [4, 6]],
      ['DUPLICATE_ENTRY_NUMBER', [5]],
    ]);
    const malformed = result.problems.find((p) => p.code === 'MALFORMED_ENTRY_NUMBER')!;
    expect(malformed.rows[1]).toMatchObject({ value: '261103162', suggestion: '002-6110316-2' });
    expect(malformed.rows[0]!.suggestion).toBeUndefined();
    expect(result.problems.find((p) => p.code === 'DUPLICATE_ENTRY_NUMBER')!.rows[0]!.detail).toContain(
      'row 2',
    );
    expect(result.rows).toEqual([]);
  });

  it('tells a missing header from a wrong one', () => {
    expect(codes('B76-0324527-8\nABC-1234567-6\n')).toEqual(['HEADER_MISSING']);
    expect(codes('Entry\nB76-0324527-8\n')).toEqual(['HEADER_WRONG']);
    expect(codes('ENTRY_NUMBER,CLAIM_NUMBER\nB76-0324527-8,100000000001\n')).toEqual([
      'HEADER_WRONG',
      'EXTRA_COLUMNS',
    ]);
    expect(codes('Entry Number,Amount\nB76-0324527-8\n')).toEqual(['EXTRA_COLUMNS']);
  });

  it('refuses empty files and files with only a header', () => {
    expect(codes('')).toEqual(['FILE_EMPTY']);
    expect(codes('\uFEFF')).toEqual(['FILE_EMPTY']);
    expect(codes('\r\n\r\n')).toEqual(['FILE_EMPTY']);
    expect(codes('Entry Number\r\n')).toEqual(['NO_ENTRIES']);
  });

  it('refuses files over 1 MB without reading them', () => {
    const big = Buffer.alloc(MAX_DECLARATION_FILE_BYTES + 1, 0x41);
    const result = inspectDeclarationFile(big);
    expect(result.problems.map((p) => p.code)).toEqual(['FILE_TOO_LARGE']);
    expect(result.problems[0]!.message).toContain('1,048,577 bytes');
  });

  it('says what a non-CSV file is and how to save it as CSV', () => {
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Entry Number\r\n', 'utf16le')]);
    const utf16NoBom = Buffer.from('Entry Number\r\nB76-0324527-8\r\n', 'utf16le');
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3');
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(describeNonCsv(xlsx)).toMatch(
      /^The file is an Excel workbook \(\.xlsx\).*Save As.*CSV \(Comma delimited\)/,
    );
    expect(describeNonCsv(xls)).toMatch(/Excel 97-2003 workbook \(\.xls\)/);
    expect(describeNonCsv(utf16le)).toMatch(/UTF-16 text/);
    expect(describeNonCsv(utf16NoBom)).toMatch(/UTF-16 text without a byte-order mark/);
    expect(describeNonCsv(pdf)).toMatch(/PDF document/);
    expect(describeNonCsv(png)).toMatch(/binary data/);
    expect(describeNonCsv(csv('Entry Number\r\nB76-0324527-8\r\n'))).toBeNull();
    expect(codes(xlsx)).toEqual(['NOT_CSV']);
  });

  it('reports CSV that cannot be read, with the line', () => {
    const result = inspectDeclarationFile(csv('Entry Number\nB76-0324527-8\n"ABC-1234567-6\n'));
    expect(result.problems.map((p) => p.code)).toEqual(['CSV_SYNTAX']);
    expect(result.problems[0]!.message).toMatch(/never closed/);
  });

  it('lists at most 1,000 rows per problem but counts them all', () => {
    const rows = Array.from({ length: 1_500 }, () => 'not-an-entry');
    const [problem] = inspectDeclarationFile(csv(['Entry Number', ...rows].join('\n'))).problems;
    expect(problem).toMatchObject({ code: 'MALFORMED_ENTRY_NUMBER', rowCount: 1_500 });
    expect(problem!.rows).toHaveLength(MAX_LISTED_ROWS_PER_PROBLEM);
  });
});

describe('memory', () => {
  it('buffers no records while reading a 1 MB file, and keeps a bounded number of rows', () => {
    v8.setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const rows = ['Entry Number'];
    for (let i = 1, size = 14; size < MAX_DECLARATION_FILE_BYTES - 20; i++) {
      const row = entry('B76', i);
      rows.push(row);
      size += row.length + 2;
    }
    const file = csv(rows.join('\r\n'));
    expect(file.byteLength).toBeGreaterThan(1_000_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    bufferedRecords.length = 0;
    const result = inspectDeclarationFile(file);
    // 16 slices of 64 KB, after each of which no record waits in the parser.
    expect(bufferedRecords).toEqual(Array(Math.ceil(file.byteLength / 65_536)).fill(0));
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    expect(result.problems.map((p) => p.code)).toEqual(['TOO_MANY_ENTRIES']);
    expect(result.entryRowCount).toBe(rows.length - 1);
    // Holding every record (80,000 arrays of strings) retains about 18 MB here; a few copies of the file at most.
    expect(retained).toBeLessThan(3 * file.byteLength);
  });
});
