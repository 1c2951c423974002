// The benchmark's own database: `cape_bench_intake` on the configured server (DATABASE_URL's, or the embedded
// development server), migrated, and filled with synthetic entries by the testkit's COPY loader when it holds
// fewer than asked for. It is never the database `npm start` serves, so the load's table locks harm no one.
import { openDatabaseEnvironment } from '@cape/db';
import { applyMigrations } from '@cape/db/migrations';
import { appUrlFromOwnerUrl, databaseUrlFor } from '@cape/db/provisioning';
import { loadSyntheticData } from '@cape/testkit';
import pg from 'pg';

export const BENCH_DATABASE = 'cape_bench_intake';
/** "Today" for the generated liquidation statuses (CAPE's launch day); the benchmark files on this date. */
export const BENCH_REFERENCE_DATE = '2026-04-20';

export interface BenchDatabase {
  ownerUrl: string;
  appUrl: string;
  entries: number;
  stop(): Promise<void>;
}

async function ensureDatabaseExists(ownerUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrlFor(ownerUrl, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
}

async function dropDatabase(ownerUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrlFor(ownerUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
}

/** Migrates the benchmark database; one whose history no longer matches the repository is rebuilt. */
async function migrate(ownerUrl: string, log: (message: string) => void): Promise<void> {
  try {
    const migrations = await applyMigrations(ownerUrl);
    if (migrations.applied.length > 0) log(`applied ${migrations.applied.length} migrations`);
  } catch (error) {
    if (
      !(error instanceof Error) ||
      !/changed after it was applied|not in prisma\/migrations/.test(error.message)
    ) {
      throw error;
    }
    log(`${error.message} The benchmark database is disposable: rebuilding it.`);
    await dropDatabase(ownerUrl, BENCH_DATABASE);
    await applyMigrations(ownerUrl);
  }
}

async function countEntries(ownerUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>('select count(*) as n from entry_summaries');
    return Number(result.rows[0]!.n);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(
  minimumEntries: number,
  log: (message: string) => void,
): Promise<BenchDatabase> {
  let ownerUrl: string;
  let appUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    await ensureDatabaseExists(process.env.DATABASE_URL, BENCH_DATABASE);
    ownerUrl = databaseUrlFor(process.env.DATABASE_URL, BENCH_DATABASE);
    appUrl = process.env.APP_DATABASE_URL
      ? databaseUrlFor(process.env.APP_DATABASE_URL, BENCH_DATABASE)
      : appUrlFromOwnerUrl(ownerUrl);
  } else {
    const environment = await openDatabaseEnvironment({ log, database: BENCH_DATABASE });
    ownerUrl = environment.ownerUrl;
    appUrl = environment.appUrl;
    stop = () => environment.stop();
  }
  try {
    await migrate(ownerUrl, log);
    let entries = await countEntries(ownerUrl);
    if (entries < minimumEntries) {
      const missing = minimumEntries - entries;
      log(`loading ${missing} synthetic entries into ${BENCH_DATABASE} (once; about a minute per million)`);
      await loadSyntheticData({ ownerUrl, entries: missing, referenceDate: BENCH_REFERENCE_DATE, log });
      entries = await countEntries(ownerUrl);
    }
    return { ownerUrl, appUrl, entries, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
