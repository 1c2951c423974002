/**
 * Bulk-loads synthetic data with COPY ... FROM STDIN as the owner role, in ONE transaction: a failure
 * anywhere rolls everything back. Ids for entry summaries and lines are reserved from their sequences up
 * front, so child rows reference parents without round trips; rows are generated and written in chunks
 * so memory stays flat however many entries are asked for.
 */
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { GeneratedEntry } from '../generator/entries.ts';
import {
  generateSyntheticData,
  generateWorldFor,
  type ResolvedSyntheticDataOptions,
  type SyntheticDataOptions,
} from '../generator/synthetic-data.ts';
import type { World } from '../generator/world.ts';
import { COPY_TABLES, type CopyTable, copyStatement, entryChunkRows, worldRows } from './copy-rows.ts';
import {
  type DroppedDefinitions,
  dropEntryTableDefinitions,
  ENTRY_TABLES,
  readEntryTableDefinitions,
  recreateEntryTableForeignKeys,
  recreateEntryTableIndexes,
} from './entry-table-constraints.ts';

/**
 * - 'keep': foreign keys and indexes stay and are checked row by row (best for small loads into big tables;
 *   takes no exclusive locks on shared tables).
 * - 'rebuild': drop the entry tables' foreign keys and secondary indexes, load, re-create (best for big loads;
 *   holds exclusive locks on the entry tables and their parents until commit).
 * - 'auto': rebuild when loading at least 100,000 entries and at least a fifth of what the table holds.
 *   Measured on the 2-core dev machine: per-row checks cost ~70 s per million new entries, a rebuild ~11 s
 *   per million entries in the table, so rebuilding wins until the table is about six times the load.
 */
export type ConstraintStrategy = 'auto' | 'keep' | 'rebuild';

export interface LoadProgress {
  entries: number;
  lines: number;
  tariffs: number;
  totalEntries: number;
}

export interface LoadSyntheticDataOptions extends SyntheticDataOptions {
  /** Owner-role connection URL (bulk loads bypass row-level security as the table owner). */
  ownerUrl: string;
  /** Entries generated and written per COPY round; default 20,000. */
  chunkSize?: number;
  constraintStrategy?: ConstraintStrategy;
  /** Called after each chunk; throwing aborts the load (and rolls it back). */
  onProgress?: (progress: LoadProgress) => void | Promise<void>;
  /** Runs inside the load's transaction just before commit (e.g. the demo's users and memberships). */
  beforeCommit?: (client: pg.ClientBase, world: World) => Promise<void>;
  /** Phase timings and notes. */
  log?: (message: string) => void;
}

export interface PhaseTiming {
  phase: string;
  seconds: number;
}

export interface LoadReport {
  options: ResolvedSyntheticDataOptions;
  entries: number;
  lines: number;
  tariffs: number;
  organizations: number;
  parties: number;
  filerCodes: string[];
  firstEntrySummaryId: number;
  constraintStrategy: 'keep' | 'rebuild';
  /** Wall-clock seconds from connecting to commit. */
  seconds: number;
  phases: PhaseTiming[];
  world: Pick<World, 'brokers' | 'featuredImporters' | 'notifyParties'>;
}

const LOADER_LOCK_KEY = 7_340_212; // arbitrary, constant: "CAPE synthetic data loads" (one at a time)
const DEFAULT_CHUNK_SIZE = 20_000;
const MAX_LINES_PER_ENTRY = 4;

async function copyIn(client: pg.ClientBase, target: CopyTable, data: Buffer | string): Promise<void> {
  if (data.length === 0) return;
  const stream = client.query(copyFrom(copyStatement(target)));
  const finished = once(stream, 'finish');
  // Written in slices so the socket's backpressure is respected.
  const slice = 1 << 20;
  for (let offset = 0; offset < data.length; offset += slice) {
    const part =
      typeof data === 'string' ? data.slice(offset, offset + slice) : data.subarray(offset, offset + slice);
    if (!stream.write(part)) await once(stream, 'drain');
  }
  stream.end();
  await finished;
}

async function sequenceOf(client: pg.ClientBase, table: string): Promise<string> {
  const result = await client.query<{ seq: string }>('select pg_get_serial_sequence($1, $2) as seq', [
    table,
    'id',
  ]);
  const seq = result.rows[0]?.seq;
  if (!seq) throw new Error(`Table ${table} has no id sequence`);
  return seq;
}

async function chooseStrategy(
  client: pg.ClientBase,
  requested: ConstraintStrategy,
  entries: number,
): Promise<'keep' | 'rebuild'> {
  if (requested !== 'auto') return requested;
  if (entries < 100_000) return 'keep';
  const estimate = await client.query<{ rows: number }>(
    "select greatest(reltuples, 0)::float8 as rows from pg_class where oid = 'entry_summaries'::regclass",
  );
  return entries >= 0.2 * (estimate.rows[0]?.rows ?? 0) ? 'rebuild' : 'keep';
}

/** Generates the world, regenerating until none of its party numbers is already in the database. */
async function worldWithoutCollisions(
  client: pg.ClientBase,
  options: SyntheticDataOptions,
  usedFilerCodes: ReadonlySet<string>,
): Promise<{ world: World; unavailablePartyNumbers: Set<string> }> {
  const unavailablePartyNumbers = new Set<string>();
  for (let attempt = 0; attempt < 10; attempt++) {
    const world = generateWorldFor({
      ...options,
      unavailableFilerCodes: usedFilerCodes,
      unavailablePartyNumbers,
    });
    const clashes = await client.query<{ party_number: string }>(
      'select party_number from parties where party_number = any($1::text[])',
      [world.parties.map((p) => p.partyNumber)],
    );
    if (clashes.rows.length === 0) return { world, unavailablePartyNumbers };
    for (const row of clashes.rows) unavailablePartyNumbers.add(row.party_number);
  }
  throw new Error('Could not generate party numbers that are not already in the database');
}

export async function loadSyntheticData(options: LoadSyntheticDataOptions): Promise<LoadReport> {
  const started = performance.now();
  const phases: PhaseTiming[] = [];
  const log = options.log ?? (() => {});
  let phaseStart = started;
  const endPhase = (phase: string) => {
    const now = performance.now();
    const seconds = (now - phaseStart) / 1000;
    phases.push({ phase, seconds });
    log(`${phase}: ${seconds.toFixed(2)} s`);
    phaseStart = now;
  };

  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      const report = await loadInTransaction(client, options, endPhase, log);
      await client.query('COMMIT');
      endPhase('commit');
      return { ...report, seconds: (performance.now() - started) / 1000, phases };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}

async function loadInTransaction(
  client: pg.Client,
  options: LoadSyntheticDataOptions,
  endPhase: (phase: string) => void,
  log: (message: string) => void,
): Promise<Omit<LoadReport, 'seconds' | 'phases'>> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  // Memory for the index builds and the foreign-key validation joins; nothing durable depends on a
  // synchronous commit of generated data.
  await client.query("SET LOCAL maintenance_work_mem = '512MB'");
  await client.query("SET LOCAL work_mem = '256MB'");
  await client.query('SET LOCAL synchronous_commit = off');
  await client.query('select pg_advisory_xact_lock($1)', [LOADER_LOCK_KEY]);
  const strategy = await chooseStrategy(client, options.constraintStrategy ?? 'auto', options.entries);
  // Writers of the entry tables wait until this load commits, so the reserved id ranges stay ours.
  await client.query(
    `LOCK TABLE ${ENTRY_TABLES.join(', ')} IN ${strategy === 'rebuild' ? 'ACCESS EXCLUSIVE' : 'SHARE ROW EXCLUSIVE'} MODE`,
  );
  endPhase(`lock (${strategy} constraints)`);

  const usedCodes = await client.query<{ code: string }>('select code from filer_codes');
  const usedFilerCodes = new Set(usedCodes.rows.map((r) => r.code));
  const { world, unavailablePartyNumbers } = await worldWithoutCollisions(client, options, usedFilerCodes);
  for (const rows of worldRows(world)) await copyIn(client, rows.target, rows.text);
  endPhase(
    `parties (${world.organizations.length} organizations, ${world.parties.length} parties, ${world.filerCodes.length} filer codes)`,
  );

  const entriesSeq = await sequenceOf(client, 'entry_summaries');
  const linesSeq = await sequenceOf(client, 'entry_lines');
  const n = options.entries;
  const firstEntrySummaryId = Number(
    (await client.query<{ id: string }>('select nextval($1::regclass) as id', [entriesSeq])).rows[0]!.id,
  );
  const firstEntryLineId = Number(
    (await client.query<{ id: string }>('select nextval($1::regclass) as id', [linesSeq])).rows[0]!.id,
  );
  // Reserve the ranges now (the line count is only known at the end: reserve the maximum, trim later).
  if (n > 0) {
    await client.query('select setval($1::regclass, $2)', [entriesSeq, firstEntrySummaryId + n - 1]);
    await client.query('select setval($1::regclass, $2)', [
      linesSeq,
      firstEntryLineId + n * MAX_LINES_PER_ENTRY - 1,
    ]);
  }

  let dropped: DroppedDefinitions | null = null;
  if (strategy === 'rebuild') {
    dropped = await readEntryTableDefinitions(client);
    await dropEntryTableDefinitions(client, dropped);
    endPhase(`drop ${dropped.foreignKeys.length} foreign keys and ${dropped.indexes.length} indexes`);
  }

  const data = generateSyntheticData({
    ...options,
    unavailableFilerCodes: usedFilerCodes,
    unavailablePartyNumbers,
    firstEntrySummaryId,
    firstEntryLineId,
  });
  const progress: LoadProgress = { entries: 0, lines: 0, tariffs: 0, totalEntries: n };
  const timings = { generate: 0, encode: 0, copy: 0 };
  let lastLineId = firstEntryLineId - 1;
  const chunks = data.entryChunks(chunkSize);
  for (;;) {
    const t0 = performance.now();
    const next = chunks.next();
    if (next.done) break;
    const chunk = next.value;
    const t1 = performance.now();
    const rows = entryChunkRows(chunk);
    const t2 = performance.now();
    await copyIn(client, COPY_TABLES.entrySummaries, rows.entrySummaries);
    await copyIn(client, COPY_TABLES.entrySummaryVersions, rows.entrySummaryVersions);
    await copyIn(client, COPY_TABLES.entryLines, rows.entryLines);
    await copyIn(client, COPY_TABLES.entryLineTariffs, rows.entryLineTariffs);
    timings.generate += t1 - t0;
    timings.encode += t2 - t1;
    timings.copy += performance.now() - t2;
    progress.entries += chunk.length;
    progress.lines += rows.lineCount;
    progress.tariffs += rows.tariffCount;
    lastLineId = lastLineOf(chunk) ?? lastLineId;
    await options.onProgress?.({ ...progress });
  }
  log(
    `  of which generating ${(timings.generate / 1000).toFixed(2)} s, encoding ${(timings.encode / 1000).toFixed(2)} s, ` +
      `COPY ${(timings.copy / 1000).toFixed(2)} s`,
  );
  endPhase(`entries (${progress.entries} summaries, ${progress.lines} lines, ${progress.tariffs} tariffs)`);
  if (n > 0)
    await client.query('select setval($1::regclass, $2)', [linesSeq, Math.max(lastLineId, firstEntryLineId)]);

  if (dropped !== null) {
    await recreateEntryTableIndexes(client, dropped);
    endPhase('re-create indexes');
    await recreateEntryTableForeignKeys(client, dropped);
    endPhase('re-create and validate foreign keys');
  }
  await client.query(
    `ANALYZE ${[...ENTRY_TABLES, 'organizations', 'parties', 'filer_codes', 'broker_clients'].join(', ')}`,
  );
  endPhase('analyze');
  if (options.beforeCommit) {
    await options.beforeCommit(client, world);
    endPhase('before commit');
  }
  return {
    options: data.options,
    entries: progress.entries,
    lines: progress.lines,
    tariffs: progress.tariffs,
    organizations: world.organizations.length,
    parties: world.parties.length,
    filerCodes: world.filerCodes.map((f) => f.code),
    firstEntrySummaryId,
    constraintStrategy: strategy,
    world: {
      brokers: world.brokers,
      featuredImporters: world.featuredImporters,
      notifyParties: world.notifyParties,
    },
  };
}

function lastLineOf(chunk: readonly GeneratedEntry[]): number | undefined {
  return chunk.at(-1)?.lines.at(-1)?.id;
}
