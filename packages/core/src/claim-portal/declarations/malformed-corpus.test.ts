// A generated corpus of malformed declaration files, each filed through the service: every one must fail
// initial validation with exactly the problems (and rows) it was built with, and write nothing but its
// rejection record and the audit row that says so.
import { useTestDatabase } from '@cape/db/testing';
import { entryCheckDigit } from '@cape/domain';
import { createEntrySummary, Prng } from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import type { FileProblemCode } from './declaration-file.ts';
import { fileDeclaration } from './file-declaration.ts';
import { brokerAccount, filingInput, LAUNCH_DAY } from './testing.ts';

const db = await useTestDatabase();

interface Specimen {
  name: string;
  bytes: Uint8Array;
  /** Each expected problem with the spreadsheet rows it must list (empty for whole-file problems). */
  expected: [FileProblemCode, number[]][];
}

function valid(filer: string, transaction: number): string {
  const first10 = `${filer}${String(transaction).padStart(7, '0')}`;
  return `${first10}${entryCheckDigit(first10)}`;
}

const SAVE_AS = 'CSV (Comma delimited)';

/** Entry-number defects the domain parser names, each as a cell value (all are 'MALFORMED_ENTRY_NUMBER'). */
function malformedCells(rng: Prng): string[] {
  const good = valid('B76', rng.int(1, 9_999_999));
  const wrongCheck = `${good.slice(0, 10)}${(Number(good[10]) + rng.int(1, 9)) % 10}`;
  return [
    wrongCheck, // BAD_CHECK_DIGIT
    `${good.slice(0, 10)}X`, // NON_NUMERIC_CHECK_DIGIT
    `B76-O${good.slice(4, 10)}-${good[10]}`, // NON_NUMERIC_TRANSACTION_NUMBER (letter O)
    `000${good.slice(3)}`, // INVALID_FILER_CODE
    good.slice(0, 8), // BAD_LENGTH
    `${good}7`, // BAD_LENGTH
    'B76#0324527*8', // BAD_CHARACTERS
    'ſUN-7654321-9', // BAD_CHARACTERS (long s, no Unicode case folding)
    '261103162', // PROBABLE_LOST_LEADING_ZERO (two zeros)
    '2611103162', // PROBABLE_LOST_LEADING_ZERO (one zero, no valid candidate)
  ];
}

function csvOf(lines: string[], eol: string): Uint8Array {
  return Buffer.from(`${lines.join(eol)}${eol}`);
}

/** Builds the corpus from a seed: several variants of every file-level problem, placed at random rows. */
function buildCorpus(seed: number, ownCode: string, foreignEntries: string[]): Specimen[] {
  const rng = Prng.derive(seed, 'malformed declaration corpus');
  const corpus: Specimen[] = [];
  const eols = ['\r\n', '\n'];
  const goodRows = (n: number) => Array.from({ length: n }, () => valid(ownCode, rng.int(1, 9_999_999)));
  const distinct = (n: number) => [...new Set(goodRows(n * 2))].slice(0, n);

  for (const [i, empty] of ['', '\uFEFF', '\r\n', '\n\n\n', '   \r\n  \r\n', ',,,\r\n'].entries()) {
    corpus.push({ name: `empty ${i}`, bytes: Buffer.from(empty), expected: [['FILE_EMPTY', []]] });
  }
  for (const eol of eols) {
    corpus.push({ name: 'header only', bytes: csvOf(['Entry Number'], eol), expected: [['NO_ENTRIES', []]] });
  }
  for (const extra of [1, 1024, 50_000]) {
    const filler = Buffer.alloc(1_048_576 + extra, 'B');
    corpus.push({ name: `too large +${extra}`, bytes: filler, expected: [['FILE_TOO_LARGE', []]] });
  }
  const binaries: [string, Uint8Array][] = [
    ['xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(rng.int(1, 1e9).toString())])],
    ['zip (empty archive)', Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0])],
    ['xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])],
    ['utf-16le bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Entry Number\r\n', 'utf16le')])],
    ['utf-16be bom', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('\0E\0n\0t\0r\0y')])],
    ['utf-16le no bom', Buffer.from(`Entry Number\r\n${goodRows(3).join('\r\n')}`, 'utf16le')],
    ['pdf', Buffer.from('%PDF-1.4\n1 0 obj\n')],
    ['rtf', Buffer.from('{\\rtf1\\ansi Entry Number\\par}')],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, () => rng.int(0, 255)))],
  ];
  for (const [name, bytes] of binaries) {
    corpus.push({ name: `not csv: ${name}`, bytes, expected: [['NOT_CSV', []]] });
  }
  for (const [i, broken] of [
    '"B76-0324527-8',
    'B76-0324527-8\n"ABC',
    `"${'9'.repeat(5000)}"`,
    'A'.repeat(6000),
  ].entries()) {
    corpus.push({
      name: `csv syntax ${i}`,
      bytes: Buffer.from(`Entry Number\n${goodRows(2).join('\n')}\n${broken}\n`),
      expected: [['CSV_SYNTAX', []]],
    });
  }
  for (let i = 0; i < 6; i++) {
    corpus.push({
      name: `header missing ${i}`,
      bytes: csvOf(distinct(rng.int(1, 5)), eols[i % 2]!),
      expected: [['HEADER_MISSING', []]],
    });
  }
  for (const header of [
    'Entry',
    'EntryNumber',
    'Entry No.',
    'Number',
    'ENTRY_NUMBER',
    'Entry  Numbers',
    'Claim',
  ]) {
    corpus.push({
      name: `header wrong: ${header}`,
      bytes: csvOf([header, ...distinct(3)], '\r\n'),
      expected: [['HEADER_WRONG', []]],
    });
  }
  for (let i = 0; i < 12; i++) {
    const rows = distinct(rng.int(3, 12));
    const at = rng.int(0, rows.length - 1);
    const lines = ['Entry Number', ...rows];
    lines[at + 1] = `${lines[at + 1]},${rng.pick(['1200.00', '2025-06-02', 'note', 'x'])}`;
    corpus.push({
      name: `extra column ${i}`,
      bytes: csvOf(lines, eols[i % 2]!),
      expected: [['EXTRA_COLUMNS', [at + 2]]],
    });
  }
  for (let i = 0; i < 12; i++) {
    const rows = distinct(rng.int(2, 12));
    const at = rng.int(1, rows.length - 1); // blank before entry `at` (never after the last)
    const lines = ['Entry Number', ...rows.slice(0, at), rng.pick(['', '  ', ',']), ...rows.slice(at)];
    corpus.push({
      name: `blank row ${i}`,
      bytes: csvOf(lines, eols[i % 2]!),
      expected: [['BLANK_ROWS', [at + 2]]],
    });
  }
  for (let i = 0; i < 3; i++) {
    const rows = Array.from({ length: 10_000 + rng.int(0, 50) }, (_, k) => valid(ownCode, k + 1));
    corpus.push({
      name: `too many entries ${rows.length}`,
      bytes: csvOf(['Entry Number', ...rows], '\r\n'),
      expected: [['TOO_MANY_ENTRIES', []]],
    });
  }
  for (let round = 0; round < 3; round++) {
    for (const cell of malformedCells(rng)) {
      const rows = distinct(rng.int(1, 8));
      const at = rng.int(0, rows.length);
      const lines = ['Entry Number', ...rows.slice(0, at), cell, ...rows.slice(at)];
      corpus.push({
        name: `malformed ${JSON.stringify(cell)}`,
        bytes: csvOf(lines, eols[round % 2]!),
        expected: [['MALFORMED_ENTRY_NUMBER', [at + 2]]],
      });
    }
  }
  for (let i = 0; i < 10; i++) {
    const rows = distinct(rng.int(2, 10));
    const from = rng.int(0, rows.length - 1);
    const spelled = rng.pick([
      (n: string) => n.toLowerCase(),
      (n: string) => `${n.slice(0, 3)}-${n.slice(3, 10)}-${n[10]}`,
      (n: string) => `="${n}"`,
      (n: string) => ` ${n} `,
    ]);
    const lines = ['Entry Number', ...rows, spelled(rows[from]!)];
    corpus.push({
      name: `duplicate ${i}`,
      bytes: csvOf(lines, eols[i % 2]!),
      expected: [['DUPLICATE_ENTRY_NUMBER', [rows.length + 2]]],
    });
  }
  for (let i = 0; i < 8; i++) {
    const rows = distinct(rng.int(1, 6));
    const at = rng.int(0, rows.length);
    const lines = [
      'Entry Number',
      ...rows.slice(0, at),
      foreignEntries[i % foreignEntries.length]!,
      ...rows.slice(at),
    ];
    corpus.push({
      name: `another filer's entry ${i}`,
      bytes: csvOf(lines, '\r\n'),
      expected: [['ENTRIES_NOT_PERMITTED', [at + 2]]],
    });
  }
  // Several problems in one file: all of them are reported, each with its rows.
  for (let i = 0; i < 4; i++) {
    const rows = distinct(6);
    const lines = ['Entry Number', rows[0]!, '', `${rows[1]},9.99`, 'B76#1', rows[2]!, rows[0]!];
    corpus.push({
      name: `several problems ${i}`,
      bytes: csvOf(lines, eols[i % 2]!),
      expected: [
        ['EXTRA_COLUMNS', [4]],
        ['BLANK_ROWS', [3]],
        ['MALFORMED_ENTRY_NUMBER', [5]],
        ['DUPLICATE_ENTRY_NUMBER', [7]],
      ],
    });
  }
  return corpus;
}

describe('a generated corpus of malformed declaration files', () => {
  it('fails each one with its own problems and rows, and writes nothing but the rejection record', async () => {
    const broker = await brokerAccount(db.owner, db.app);
    const other = await brokerAccount(db.owner, db.app);
    const foreign = [];
    for (let i = 0; i < 3; i++) {
      foreign.push((await createEntrySummary(db.owner, { filerCode: other.filerCodes[0]! })).entryNumber);
    }
    const corpus = buildCorpus(20_260_420, broker.filerCodes[0]!, foreign);
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    const entriesBefore = await db.owner.entrySummary.count();

    for (const specimen of corpus) {
      const { declaration, entries } = await fileDeclaration(
        broker.on(LAUNCH_DAY),
        filingInput(specimen.bytes, { fileName: `${specimen.name}.csv` }),
      );
      const found = declaration.fileProblems.map((p) => [p.code, p.rows.map((r) => r.row)]);
      expect(found, specimen.name).toEqual(specimen.expected);
      expect(declaration, specimen.name).toMatchObject({
        status: 'FAILED_INITIAL_VALIDATION',
        claimNumber: null,
        acceptedCount: 0,
        rejectedCount: 0,
      });
      expect(entries).toBeNull();
      for (const problem of declaration.fileProblems) expect(problem.message.length).toBeGreaterThan(20);
      if (specimen.expected[0]![0] === 'NOT_CSV') {
        expect(declaration.fileProblems[0]!.message, specimen.name).toContain(SAVE_AS);
      }
    }

    // One rejection record per file and one audit row each; no entry rows, no claim numbers, no other change.
    const declarations = await db.owner.capeDeclaration.findMany({
      where: { organizationId: broker.organizationId },
    });
    expect(declarations).toHaveLength(corpus.length);
    expect(
      declarations.every((d) => d.status === 'FAILED_INITIAL_VALIDATION' && d.claimNumber === null),
    ).toBe(true);
    expect(await db.owner.declarationEntry.count()).toBe(0);
    const audit = await db.owner.auditLogEntry.groupBy({
      by: ['action'],
      where: { organizationId: broker.organizationId },
      _count: true,
    });
    expect(audit).toEqual([{ action: 'declaration.refused', _count: corpus.length }]);
    expect(await db.owner.entrySummary.count()).toBe(entriesBefore);
  });
});
