// Entry-summary ingestion (docs/ingestion.md): how entries reach CAPE, as ABI filings reach ACE. A filer
// uploads the entries filed under its own filer codes, the operator anyone's. The file is streamed once:
// each chunk is hashed and handed to the CSV parser, each row is checked with the domain's parsers and
// COPYed into a temporary staging table; the checks across rows and against the database run in SQL, and
// only a file without a single error is merged (INSERT ... SELECT, UPDATE ... FROM). A file either loads
// whole or writes nothing but the record of its refusal.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withTenantConnection } from '@cape/db';
import type { IsoDate } from '@cape/domain';
import { CsvError, parse } from 'csv-parse';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { attributionOf } from '../../audit.ts';
import { requireTenantActor } from '../../authorization.ts';
import { type ApiTokenActor, type ServiceContext, tenantOfActor, type UserActor } from '../../context.ts';
import { describeNonCsv } from '../declarations/declaration-file.ts';
import { columnForHeader, INGESTION_COLUMNS, type IngestionColumnKey } from './format.ts';
import { type IngestingRole, mergeStagedEntries, readSetErrors, runSetChecks } from './merge.ts';
import { type RawRow, type RowError, RowValidator } from './row-validation.ts';
import { COPY_STAGED_ROWS, CREATE_STAGING_TABLES, stagedRowText } from './staging.ts';

/** Larger files are refused unread: 128 MiB holds about 800,000 rows (a 100,000-entry file is ~30 MB). */
export const MAX_INGESTION_FILE_BYTES = 128 * 1024 * 1024;
/** A refused file reports this many errors in full (the count is always complete). */
export const MAX_REPORTED_ERRORS = 1_000;
/** Memory for the set-based checks and the merge, per sort or hash (the default 4 MB spills to disk). */
const WORK_MEM = '128MB';
/** Staged rows per write to the COPY stream. */
const ROWS_PER_COPY_CHUNK = 500;
/** Bytes looked at to tell a workbook, UTF-16 or binary file from CSV text. */
const SNIFF_BYTES = 8_192;

export interface IngestionUpload {
  fileName: string;
  content: AsyncIterable<Uint8Array>;
}

export type EntryIngestionOutcome = 'LOADED' | 'REFUSED';

/** The record of one ingestion, as stored (entry_summary_ingestions) and returned. */
export interface EntryIngestion {
  id: string;
  organizationId: string;
  uploadedByUserId: string;
  apiTokenId: string | null;
  fileName: string;
  fileSha256: string;
  fileSizeBytes: bigint;
  outcome: EntryIngestionOutcome;
  businessDate: IsoDate;
  rowCount: number;
  entryCount: number;
  createdCount: number;
  updatedCount: number;
  versionedCount: number;
  unchangedCount: number;
  errorCount: number;
  /** The first MAX_REPORTED_ERRORS errors in row order. */
  errors: RowError[];
  startedAt: Date;
  finishedAt: Date;
}

export interface IngestionResult extends EntryIngestion {
  /**
   * Entries on an accepted CAPE declaration whose liquidation status or date this file changed (a suspended
   * or extended entry that liquidated: its refund is due now). Also in the audit record's details; those CAPE
   * was waiting for got an outbox event (see merge.ts).
   */
  liquidationChangesAfterAcceptance: { entrySummaryId: string; entryNumber: string }[];
}

const SAVE_AS_CSV =
  'Save the sheet as "CSV (Comma delimited) (*.csv)" and upload that file; the template shows the columns.';

/** What was read of the file, and every problem found while reading it. */
class FileReading {
  readonly hash = createHash('sha256');
  sizeBytes = 0;
  /** Records read including the header (the spreadsheet row number of the last one). */
  records = 0;
  /** True once the file as a whole is refused: the rest is only hashed. */
  stopped = false;
  readonly errors: RowError[] = [];
  errorCount = 0;

  addError(error: RowError): void {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(error);
  }

  /** A problem of the whole file (row 1: the header, or where the file stopped being readable). */
  refuse(error: RowError): void {
    this.addError(error);
    this.stopped = true;
  }

  get dataRows(): number {
    return Math.max(0, this.records - 1);
  }
}

/** Thrown inside the transaction to roll it back; carries what the refusal record needs. */
class IngestionRefused extends Error {
  constructor(
    readonly errors: RowError[],
    readonly errorCount: number,
    readonly entryCount: number,
  ) {
    super('The file was refused.');
  }
}

/**
 * Ingests one file of entry summaries for the acting filer (or operator) and returns its record: LOADED
 * with what changed, or REFUSED with every error (and nothing written but the record and its audit row).
 */
export async function ingestEntrySummaries(
  context: ServiceContext,
  upload: IngestionUpload,
): Promise<IngestionResult> {
  const actor = requireTenantActor(context.actor, 'entry:ingest');
  const businessDate = await context.clock.today();
  const startedAt = context.clock.now();
  const reading = new FileReading();
  const ingestionId = randomUUID();
  const tenant = tenantOfActor(actor);
  // Operations staff act through the operator's database role (the service context's client for them).
  const role: IngestingRole = actor.organizationKind === 'OPERATOR' ? 'operator' : 'filer';
  const unknownFilerCodeProblem =
    role === 'operator'
      ? 'Filer code %s (the first three characters of the entry number) is not registered to any filer.'
      : "Filer code %s (the first three characters of the entry number) is not one of your organization's filer codes.";
  try {
    return await withTenantConnection(context.db, tenant, async (client) => {
      // Sorts and hashes over a 100,000-entry file fit in memory instead of spilling to disk.
      await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
      await client.query(CREATE_STAGING_TABLES);
      await streamIntoStaging(client, upload.content, reading, new RowValidator(businessDate));
      if (!reading.stopped && reading.dataRows === 0) {
        reading.refuse({
          row: 1,
          column: null,
          value: null,
          problem: 'The file has no entry rows, only a header (or nothing at all).',
          fix: 'Add one row per tariff number of each entry below the header, as in the template.',
        });
      }
      if (reading.stopped) throw new IngestionRefused(reading.errors, reading.errorCount, 0);

      await runSetChecks(client, { role, unknownFilerCodeProblem });
      const setErrors = await readSetErrors(client, MAX_REPORTED_ERRORS);
      if (reading.errorCount + setErrors.count > 0) {
        const errors = [...reading.errors, ...setErrors.errors]
          .sort((a, b) => a.row - b.row)
          .slice(0, MAX_REPORTED_ERRORS);
        const entries = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest_entries');
        throw new IngestionRefused(errors, reading.errorCount + setErrors.count, entries.rows[0]!.n);
      }

      const counts = await mergeStagedEntries(client, role, businessDate);
      const { liquidationChangesAfterAcceptance, ...entryCounts } = counts;
      const record = await insertIngestionRecord(client, actor, {
        id: ingestionId,
        fileName: upload.fileName,
        fileSha256: reading.hash.digest('hex'),
        fileSizeBytes: reading.sizeBytes,
        outcome: 'LOADED',
        businessDate,
        rowCount: reading.dataRows,
        ...entryCounts,
        errorCount: 0,
        errors: [],
        startedAt,
      });
      await insertAuditRecord(client, actor, record, { liquidationChangesAfterAcceptance });
      return { ...record, liquidationChangesAfterAcceptance };
    });
  } catch (error) {
    if (!(error instanceof IngestionRefused)) throw error;
    // The data transaction rolled back (the whole upload had been read and hashed); the refusal is recorded
    // on its own.
    return await withTenantConnection(context.db, tenant, async (client) => {
      const record = await insertIngestionRecord(client, actor, {
        id: ingestionId,
        fileName: upload.fileName,
        fileSha256: reading.hash.digest('hex'),
        fileSizeBytes: reading.sizeBytes,
        outcome: 'REFUSED',
        businessDate,
        rowCount: reading.dataRows,
        entryCount: error.entryCount,
        createdCount: 0,
        updatedCount: 0,
        versionedCount: 0,
        unchangedCount: 0,
        errorCount: error.errorCount,
        errors: error.errors,
        startedAt,
      });
      await insertAuditRecord(client, actor, record, {});
      return { ...record, liquidationChangesAfterAcceptance: [] };
    });
  }
}

/**
 * Reads the upload to its end (every byte is hashed and counted, even after the file is refused), parsing
 * and staging rows until a problem of the whole file stops it.
 */
async function streamIntoStaging(
  client: pg.ClientBase,
  content: AsyncIterable<Uint8Array>,
  reading: FileReading,
  validator: RowValidator,
): Promise<void> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // ACE's downloads write numbers as ="..." (quotes inside an unquoted cell); the parsers unwrap it.
    relax_quotes: true,
    skip_empty_lines: false,
    // No row of this format comes near it; it stops a runaway quoted field early.
    max_record_size: 64 * 1024,
  });
  const encoder = new RowEncoder(reading, validator);
  const copy = client.query(copyFrom(COPY_STAGED_ROWS));
  const staged = pipeline(parser, encoder, copy).catch((error: unknown) => {
    if (reading.stopped) return;
    if (error instanceof CsvError) {
      reading.refuse({
        row: reading.records + 1,
        column: null,
        value: null,
        problem: `The file cannot be read as CSV from row ${reading.records + 1} on: ${csvProblem(error)}.`,
        fix: `A quotation mark inside a cell is written twice (""); a cell with a comma is quoted. ${SAVE_AS_CSV}`,
      });
      return;
    }
    throw error;
  });
  const stop = () => {
    if (!parser.destroyed) parser.destroy();
  };

  let head: Buffer | null = Buffer.alloc(0);
  const feed = async (bytes: Uint8Array) => {
    if (reading.stopped || parser.destroyed) return;
    if (parser.write(bytes)) return;
    // Wait for the parser to take more, or to end because the file was refused (never rejects).
    const waiting = new AbortController();
    await Promise.race([
      once(parser, 'drain', { signal: waiting.signal }),
      once(parser, 'close', { signal: waiting.signal }),
    ]).catch(() => undefined);
    waiting.abort();
  };
  const sniff = (bytes: Buffer) => {
    const nonCsv = describeNonCsv(bytes);
    if (nonCsv !== null) {
      reading.refuse({ row: 1, column: null, value: null, problem: nonCsv, fix: SAVE_AS_CSV });
      stop();
    }
  };
  for await (const chunk of content) {
    reading.hash.update(chunk);
    reading.sizeBytes += chunk.byteLength;
    if (reading.stopped) continue;
    if (reading.sizeBytes > MAX_INGESTION_FILE_BYTES) {
      reading.refuse({
        row: 1,
        column: null,
        value: null,
        problem: `The file is larger than ${MAX_INGESTION_FILE_BYTES / 1024 / 1024} MiB.`,
        fix: 'Split the entries over several files (each entry with all its rows in one file).',
      });
      stop();
      continue;
    }
    if (head !== null) {
      head = Buffer.concat([head, chunk]);
      if (head.byteLength < SNIFF_BYTES) continue;
      const bytes = head;
      head = null;
      sniff(bytes);
      await feed(bytes);
      continue;
    }
    await feed(chunk);
  }
  if (head !== null && head.byteLength > 0) {
    sniff(head);
    await feed(head);
  }
  if (head !== null && head.byteLength === 0 && reading.sizeBytes === 0) {
    reading.refuse({
      row: 1,
      column: null,
      value: null,
      problem: 'The file is empty.',
      fix: 'Upload the file with the header and one row per tariff number of each entry (see the template).',
    });
    stop();
  }
  if (!parser.destroyed) parser.end();
  await staged;
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quotation mark is opened and never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return 'a row is longer than 64 KB';
    default:
      return 'quotation marks are used in a way CSV does not allow';
  }
}

/** Parsed records in, COPY text out: the header is matched, every data row validated, valid rows staged. */
class RowEncoder extends Transform {
  private columns: (IngestionColumnKey | null)[] = [];
  /** For each column of the format (INGESTION_COLUMNS order), its position in the file's rows. */
  private cellOf: number[] = [];
  /** Staged rows not yet pushed: COPY gets them in batches rather than one message per row. */
  private pending: string[] = [];

  constructor(
    private readonly reading: FileReading,
    private readonly validator: RowValidator,
  ) {
    super({ writableObjectMode: true });
  }

  override _transform(
    record: string[],
    _encoding: BufferEncoding,
    done: (error?: Error | null, data?: string) => void,
  ) {
    const reading = this.reading;
    reading.records++;
    const row = reading.records;
    if (row === 1) {
      const problems = this.readHeader(record);
      if (problems.length === 0) return done();
      for (const problem of problems) reading.addError(problem);
      reading.stopped = true;
      return done(new Error('header refused'));
    }
    if (record.every((cell) => cell.trim() === '')) {
      reading.addError({
        row,
        column: null,
        value: null,
        problem: 'The row is empty.',
        fix: 'Delete empty rows (a spreadsheet may save formatted but empty rows as rows of commas).',
      });
      return done();
    }
    if (record.length !== this.columns.length) {
      reading.addError({
        row,
        column: null,
        value: record.join(',').slice(0, 200),
        problem: `The row has ${record.length} cells; the header has ${this.columns.length}.`,
        fix: 'Give every row one cell per column of the header; a cell that contains a comma is quoted ("10,000.00").',
      });
      return done();
    }
    // Keys in the same order for every row, so every row object has the same shape (fast property reads).
    const raw: Partial<Record<IngestionColumnKey, string>> = {};
    for (let k = 0; k < INGESTION_COLUMNS.length; k++)
      raw[INGESTION_COLUMNS[k]!.key] = record[this.cellOf[k]!]!;
    const result = this.validator.validate(row, raw as RawRow);
    for (const error of result.errors) reading.addError(error);
    if (result.row !== null) this.pending.push(stagedRowText(result.row));
    if (this.pending.length >= ROWS_PER_COPY_CHUNK) this.pushPending();
    done();
  }

  override _flush(done: (error?: Error | null) => void) {
    this.pushPending();
    done();
  }

  private pushPending(): void {
    if (this.pending.length === 0) return;
    this.push(this.pending.join(''));
    this.pending = [];
  }

  private readHeader(cells: string[]): RowError[] {
    const problems: RowError[] = [];
    const seen = new Set<IngestionColumnKey>();
    const headerProblem = (column: string | null, problem: string, fix: string) =>
      problems.push({ row: 1, column, value: column, problem, fix });
    if (cells.length === 1 && /[;\t]/.test(cells[0]!)) {
      headerProblem(
        null,
        'The header is a single cell: the file separates its columns with semicolons or tabs, not commas.',
        SAVE_AS_CSV,
      );
      return problems;
    }
    this.columns = cells.map((cell) => {
      const column = columnForHeader(cell);
      if (column === undefined) {
        headerProblem(
          cell,
          `"${cell.trim()}" is not a column of the entry-summary file.`,
          `Use the template's header: ${INGESTION_COLUMNS.map((c) => c.header).join(', ')}.`,
        );
        return null;
      }
      if (seen.has(column.key)) {
        headerProblem(cell, `The column "${column.header}" appears twice.`, 'Keep one column of each name.');
      }
      seen.add(column.key);
      return column.key;
    });
    this.cellOf = INGESTION_COLUMNS.map((column) => this.columns.indexOf(column.key));
    const missing = INGESTION_COLUMNS.filter((column) => !seen.has(column.key));
    if (missing.length > 0) {
      headerProblem(
        null,
        `The header lacks ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.map((c) => `"${c.header}"`).join(', ')}.`,
        'Start from the template: every column is required (a cell may be empty where the format allows it).',
      );
    }
    return problems;
  }
}

/** What the service knows of an ingestion before it is stored (the rest comes from the actor and the row). */
type IngestionRecordInput = Omit<
  EntryIngestion,
  'organizationId' | 'uploadedByUserId' | 'apiTokenId' | 'fileSizeBytes' | 'finishedAt'
> & { fileSizeBytes: number };

interface IngestionRow {
  id: string;
  organization_id: string;
  uploaded_by_user_id: string;
  api_token_id: string | null;
  file_name: string;
  file_sha256: string;
  file_size_bytes: string;
  outcome: EntryIngestionOutcome;
  business_date: string;
  row_count: number;
  entry_count: number;
  created_count: number;
  updated_count: number;
  versioned_count: number;
  unchanged_count: number;
  error_count: number;
  errors: RowError[];
  started_at: Date;
  finished_at: Date;
}

/** The columns of entry_summary_ingestions, read as the service returns them. */
export const INGESTION_COLUMNS_SQL = `id, organization_id, uploaded_by_user_id, api_token_id, file_name, file_sha256,
  file_size_bytes::text, outcome, business_date::text, row_count, entry_count, created_count, updated_count,
  versioned_count, unchanged_count, error_count, errors, started_at, finished_at`;

export function ingestionFromRow(row: IngestionRow): EntryIngestion {
  return {
    id: row.id,
    organizationId: row.organization_id,
    uploadedByUserId: row.uploaded_by_user_id,
    apiTokenId: row.api_token_id,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    fileSizeBytes: BigInt(row.file_size_bytes),
    outcome: row.outcome,
    businessDate: row.business_date,
    rowCount: row.row_count,
    entryCount: row.entry_count,
    createdCount: row.created_count,
    updatedCount: row.updated_count,
    versionedCount: row.versioned_count,
    unchangedCount: row.unchanged_count,
    errorCount: row.error_count,
    errors: row.errors,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

async function insertIngestionRecord(
  client: pg.ClientBase,
  actor: UserActor | ApiTokenActor,
  input: IngestionRecordInput,
): Promise<EntryIngestion> {
  const { actorUserId, apiTokenId } = attributionOf(actor);
  const result = await client.query<IngestionRow>(
    `INSERT INTO entry_summary_ingestions (
       id, organization_id, uploaded_by_user_id, api_token_id, file_name, file_sha256, file_size_bytes, outcome,
       business_date, row_count, entry_count, created_count, updated_count, versioned_count, unchanged_count,
       error_count, errors, started_at)
     VALUES ($18, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     RETURNING ${INGESTION_COLUMNS_SQL}`,
    [
      actor.organizationId,
      actorUserId,
      apiTokenId,
      input.fileName,
      input.fileSha256,
      input.fileSizeBytes,
      input.outcome,
      input.businessDate,
      input.rowCount,
      input.entryCount,
      input.createdCount,
      input.updatedCount,
      input.versionedCount,
      input.unchangedCount,
      input.errorCount,
      JSON.stringify(input.errors),
      input.startedAt,
      input.id,
    ],
  );
  return ingestionFromRow(result.rows[0]!);
}

/** The audit row of an ingestion, in its transaction (same fields as recordAudit writes through Prisma). */
async function insertAuditRecord(
  client: pg.ClientBase,
  actor: UserActor | ApiTokenActor,
  record: EntryIngestion,
  extra: Record<string, unknown>,
): Promise<void> {
  const { actorUserId, apiTokenId } = attributionOf(actor);
  await client.query(
    `INSERT INTO audit_log (organization_id, actor_user_id, api_token_id, action, subject_type, subject_id, details)
     VALUES ($1, $2, $3, $4, 'entry_summary_ingestion', $5, $6)`,
    [
      actor.organizationId,
      actorUserId,
      apiTokenId,
      record.outcome === 'LOADED' ? 'entry_summary_ingestion.loaded' : 'entry_summary_ingestion.refused',
      record.id,
      JSON.stringify({
        fileName: record.fileName,
        fileSha256: record.fileSha256,
        fileSizeBytes: record.fileSizeBytes.toString(),
        rowCount: record.rowCount,
        entryCount: record.entryCount,
        createdCount: record.createdCount,
        updatedCount: record.updatedCount,
        versionedCount: record.versionedCount,
        unchangedCount: record.unchangedCount,
        errorCount: record.errorCount,
        ...extra,
      }),
    ],
  );
}
