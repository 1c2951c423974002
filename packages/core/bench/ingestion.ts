// `pnpm --filter @cape/core bench:ingestion [--entries 100000]`: how long entry-summary ingestion takes for
// a large file, through the service as a broker's staff member (application role, row-level security on),
// in a fresh database `cape_bench_ingestion` on the configured server (DATABASE_URL's, or the embedded
// development server; never the database `npm start` serves). Four runs over the same entries:
//   create     every entry is new
//   unchanged  the same file again
//   status     every entry liquidated (an update, no new version)
//   correct    a tenth of the entries with a changed duty (a new version each), the rest as on file
// Each prints `ingestion run=<name> entries=<n> rows=<n> ... seconds=<s> rows_per_second=<n>` and the CPU
// seconds spent by this process and by the database server (the wall-clock time on a shared 2-core machine
// depends on everyone else's load; the CPU time much less), with the machine's load average.

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fixedBusinessClock, type IngestionResult, ingestEntrySummaries, userActor } from '@cape/core';
import { createPrismaClient, type PrismaClient, runDatabaseCommand } from '@cape/db';
import { applyMigrations } from '@cape/db/migrations';
import { databaseUrlFor } from '@cape/db/provisioning';
import { createBrokerWithFilerCode, createUser, entryNumberFor, Prng } from '@cape/testkit';
import pg from 'pg';

const DATABASE = 'cape_bench_ingestion';
const TODAY = '2026-04-20';
const FILER_CODES = ['B76', 'H7C'];
const IMPORTERS = 400;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

interface BenchEntry {
  entryNumber: string;
  iorNumber: string;
  entryDate: string;
  /** [line, sequence, hts, rate, duty] */
  tariffs: [number, number, string, string, string][];
  enteredValue: string[];
}

function dollars(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Deterministic entries: one line of a Chapter 1-97 number and 9903.01.25 mostly; some two-line entries. */
function benchEntries(count: number): BenchEntry[] {
  const rng = Prng.derive(2026, 'ingestion-bench');
  const importers = Array.from(
    { length: IMPORTERS },
    (_, i) => `${String(10 + (i % 89)).padStart(2, '0')}-${String(1_000_000 + i * 7919).slice(-7)}00`,
  );
  const entries: BenchEntry[] = [];
  for (let i = 0; i < count; i++) {
    const day = 1 + rng.int(0, 27);
    const month = 4 + rng.int(0, 8);
    const lines = rng.chance(0.1) ? 2 : 1;
    const tariffs: BenchEntry['tariffs'] = [];
    const enteredValue: string[] = [];
    for (let line = 1; line <= lines; line++) {
      const value = rng.int(50_000, 5_000_000);
      enteredValue.push(dollars(value));
      tariffs.push([line, 1, '8471.30.0100', 'Free', '0.00']);
      // 10% reciprocal duty on most lines (about 200,000 rows for 100,000 entries).
      if (line === 1 || rng.chance(0.5))
        tariffs.push([line, 2, '9903.01.25', '10%', dollars(Math.round(value / 10))]);
    }
    entries.push({
      entryNumber: entryNumberFor(
        FILER_CODES[i % FILER_CODES.length]!,
        1 + Math.floor(i / FILER_CODES.length),
      ),
      iorNumber: importers[rng.int(0, IMPORTERS - 1)]!,
      entryDate: `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      tariffs,
      enteredValue,
    });
  }
  return entries;
}

const HEADER =
  'Entry Number,Entry Type,IOR Number,Notify Party Number,Port Code,Entry Date,Deposit Date,Summary Status,' +
  'Liquidation Status,Liquidation Date,Reconciliation Flagged,Reconciliation Entry Filed,Drawback Designated,' +
  'Open Protest,ADCVD 1504d Pending,IEEPA Paid By Surety,In ACE,Line Number,Country Of Origin,Entered Value,' +
  'Tariff Sequence,HTS Number,Rate,Duty Amount\r\n';

function csvFile(
  entries: readonly BenchEntry[],
  variant: (entry: BenchEntry, index: number) => { liquidated: boolean; dutyBump: boolean },
): Buffer {
  const parts: string[] = [HEADER];
  entries.forEach((entry, index) => {
    const { liquidated, dutyBump } = variant(entry, index);
    const status = liquidated ? 'LIQUIDATED,2026-04-10' : 'UNLIQUIDATED,';
    const header = `${entry.entryNumber},01,${entry.iorNumber},,2704,${entry.entryDate},${entry.entryDate},ACCEPTED,${status},N,N,N,N,N,N,Y`;
    for (const [line, sequence, hts, rate, duty] of entry.tariffs) {
      const amount = dutyBump && sequence === 1 ? '1.00' : duty;
      parts.push(
        `${header},${line},VN,${entry.enteredValue[line - 1]},${sequence},${hts},${rate},${amount}\r\n`,
      );
    }
  });
  return Buffer.from(parts.join(''));
}

async function* chunks(bytes: Buffer): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
    yield bytes.subarray(offset, offset + 64 * 1024);
}

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

/**
 * CPU seconds used so far by this process and by the database's server processes (when the server runs on
 * this machine, as the embedded one does): on a shared machine the wall-clock time depends on everyone else's
 * load, the CPU time much less. Null parts when /proc cannot tell.
 */
async function cpuSeconds(owner: PrismaClient): Promise<{ node: number; database: number | null }> {
  const usage = process.cpuUsage();
  const backends = await owner.$queryRawUnsafe<{ pid: number }[]>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  let ticks = 0;
  for (const { pid } of backends) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      return { node: (usage.user + usage.system) / 1e6, database: null };
    }
  }
  return { node: (usage.user + usage.system) / 1e6, database: ticks / CLOCK_TICKS_PER_SECOND };
}

async function freshDatabase(ownerUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: databaseUrlFor(ownerUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(ownerUrl, DATABASE);
  await applyMigrations(url);
  return url;
}

await runDatabaseCommand('bench:ingestion', async (environment) => {
  const count = argument('entries', 100_000);
  const ownerUrl = await freshDatabase(environment.ownerUrl);
  const appUrl = databaseUrlFor(environment.appUrl, DATABASE);
  const owner = createPrismaClient(ownerUrl, { maxConnections: 2 });
  const app = createPrismaClient(appUrl, { maxConnections: 4 });
  try {
    const broker = await createBrokerWithFilerCode(owner, {
      filerCode: FILER_CODES[0],
      additionalFilerCodes: FILER_CODES.slice(1),
    });
    const { user } = await createUser(owner, { organizationId: broker.organizationId, role: 'STAFF' });
    const context = {
      db: app,
      actor: userActor({
        userId: user.id,
        organizationId: broker.organizationId,
        organizationKind: 'BROKER',
        role: 'STAFF',
      }),
      clock: fixedBusinessClock(TODAY),
    };
    const entries = benchEntries(count);
    const runs: [string, Buffer][] = [
      ['create', csvFile(entries, () => ({ liquidated: false, dutyBump: false }))],
      ['unchanged', csvFile(entries, () => ({ liquidated: false, dutyBump: false }))],
      ['status', csvFile(entries, () => ({ liquidated: true, dutyBump: false }))],
      ['correct', csvFile(entries, (_, index) => ({ liquidated: true, dutyBump: index % 10 === 0 }))],
    ];
    // The bench's own data (the entries and four files in memory), for comparison with the peak below.
    console.log(`rss_mb_before_ingesting=${Math.round(process.memoryUsage().rss / 1024 / 1024)}`);
    for (const [name, file] of runs) {
      const cpuBefore = await cpuSeconds(owner);
      const started = performance.now();
      const result: IngestionResult = await ingestEntrySummaries(context, {
        fileName: `${name}.csv`,
        content: chunks(file),
      });
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = await cpuSeconds(owner);
      const databaseCpu =
        cpuAfter.database === null || cpuBefore.database === null
          ? 'unknown'
          : (cpuAfter.database - cpuBefore.database).toFixed(2);
      if (result.outcome !== 'LOADED') {
        throw new Error(`run ${name} was refused: ${JSON.stringify(result.errors.slice(0, 3))}`);
      }
      console.log(
        `ingestion run=${name} entries=${result.entryCount} rows=${result.rowCount} bytes=${file.length} ` +
          `created=${result.createdCount} updated=${result.updatedCount} versioned=${result.versionedCount} ` +
          `unchanged=${result.unchangedCount} seconds=${seconds.toFixed(2)} rows_per_second=${Math.round(result.rowCount / seconds)} ` +
          `node_cpu_seconds=${(cpuAfter.node - cpuBefore.node).toFixed(2)} database_cpu_seconds=${databaseCpu} ` +
          `load_average=${loadavg()[0]!.toFixed(1)}`,
      );
    }
    console.log(`peak_rss_mb=${Math.round(process.resourceUsage().maxRSS / 1024)}`);
  } finally {
    await owner.$disconnect();
    await app.$disconnect();
  }
  return 0;
});
