// The benchmark's world: `cape_bench_consolidation_base` on the configured server (DATABASE_URL's, or the
// embedded development server; never the database `npm start` serves), with synthetic entries of 5,000
// importers loaded by the testkit's COPY loader and 1,000,000 of them accepted on CAPE declarations filed
// on launch day (set-based SQL). Built once and kept; each run works on a copy (CREATE DATABASE ... TEMPLATE).
import { createPrismaClient } from '@cape/db';
import { applyMigrations } from '@cape/db/migrations';
import { databaseUrlFor } from '@cape/db/provisioning';
import { createUser, loadSyntheticData } from '@cape/testkit';
import pg from 'pg';
import { inTransaction } from '../../src/processing-cycle/sql.ts';
import { createAcceptedDeclarations } from '../../src/testing/accepted-declarations.ts';

export const BASE_DATABASE = 'cape_bench_consolidation_base';
export const FILING_DATE = '2026-04-20';
export const BENCH_EMAIL = 'bench-broker@cape.test';
export const BENCH_PASSWORD = 'bench-password-2026';
/** Bumped when the world's recipe changes, so an old base is rebuilt. */
const WORLD_VERSION = 'consolidation-world-1';
const BROKERS = 20;
const IMPORTERS_PER_BROKER = 250;

export interface BenchWorld {
  baseUrl: string;
  acceptedEntries: number;
  importers: number;
}

async function admin<T>(ownerUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrlFor(ownerUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(ownerUrl: string, name: string): Promise<boolean> {
  return await admin(ownerUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  });
}

/** Drops a run's copy; an autovacuum worker (which the owner may not terminate) may hold it for a moment. */
export async function dropDatabase(ownerUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(ownerUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (error) {
      // 42501: an autovacuum worker (after a run's bulk changes it may take a while) cannot be terminated.
      if ((error as { code?: string }).code !== '42501' || attempt >= 180) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** A fresh copy of the base for one run (dropped first if a previous run left it). */
export async function copyBase(ownerUrl: string, name: string): Promise<string> {
  await dropDatabase(ownerUrl, name);
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(ownerUrl, (client) =>
        client.query(`CREATE DATABASE "${name}" TEMPLATE "${BASE_DATABASE}"`),
      );
      return databaseUrlFor(ownerUrl, name);
    } catch (error) {
      // An autovacuum worker visiting the base: try again.
      if ((error as { code?: string }).code !== '55006' || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function readWorld(baseUrl: string): Promise<BenchWorld | null> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const marker = await client
      .query<{ version: string; accepted: number; importers: number }>(
        `SELECT version, accepted, importers FROM bench_world WHERE version = $1`,
        [WORLD_VERSION],
      )
      .catch(() => ({ rows: [] }));
    const row = marker.rows[0];
    return row ? { baseUrl, acceptedEntries: row.accepted, importers: row.importers } : null;
  } finally {
    await client.end();
  }
}

/** The base database, built when missing (minutes: it loads about 1.75 million entries). */
export async function openWorld(
  ownerUrl: string,
  acceptedEntries: number,
  log: (message: string) => void,
): Promise<BenchWorld> {
  const baseUrl = databaseUrlFor(ownerUrl, BASE_DATABASE);
  if (await databaseExists(ownerUrl, BASE_DATABASE)) {
    await applyMigrations(baseUrl);
    const world = await readWorld(baseUrl);
    if (world && world.acceptedEntries >= acceptedEntries) return world;
    log(`${BASE_DATABASE} is incomplete or from an older recipe: building it again`);
    await dropDatabase(ownerUrl, BASE_DATABASE);
  }
  await admin(ownerUrl, (client) => client.query(`CREATE DATABASE "${BASE_DATABASE}"`));
  await applyMigrations(baseUrl);
  // About 55% of generated entries pass the Phase 1 checks on launch day (IEEPA duty, entry type, window).
  const generated = Math.ceil(acceptedEntries * 1.9);
  log(
    `loading ${generated} synthetic entries (${BROKERS * IMPORTERS_PER_BROKER} importers) into ${BASE_DATABASE}`,
  );
  const load = await loadSyntheticData({
    ownerUrl: baseUrl,
    entries: generated,
    seed: 2026,
    brokers: BROKERS,
    importersPerBroker: IMPORTERS_PER_BROKER,
    referenceDate: FILING_DATE,
    log,
  });
  log(`loaded ${load.entries} entries, ${load.lines} lines in ${load.seconds.toFixed(1)} s`);
  // A broker's staff member for the entries-page probe (the first broker files most of the entries).
  const prisma = createPrismaClient(baseUrl, { maxConnections: 2 });
  try {
    const broker = load.world.brokers[0]!;
    await createUser(prisma, {
      email: BENCH_EMAIL,
      password: BENCH_PASSWORD,
      organizationId: broker.organizationId,
      role: 'STAFF',
    });
    const submitter = await createUser(prisma, { email: 'bench-declarations@cape.test' });
    const pool = new pg.Pool({ connectionString: baseUrl, max: 1 });
    try {
      const accepted = await inTransaction(
        pool,
        (client) =>
          createAcceptedDeclarations(client, {
            filingDate: FILING_DATE,
            submittedByUserId: submitter.user.id,
            limit: acceptedEntries,
          }),
        { statementTimeoutMs: 3_600_000, lockTimeoutMs: 60_000 },
      );
      log(`accepted ${accepted.entries} entries on ${accepted.declarations} declarations`);
      const importers = await pool.query<{ n: string }>(
        `SELECT count(DISTINCT e.importer_party_id) AS n
           FROM declaration_entries de JOIN entry_summaries e ON e.id = de.entry_summary_id`,
      );
      await pool.query('VACUUM ANALYZE');
      await pool.query(
        `CREATE TABLE bench_world (version text PRIMARY KEY, accepted int NOT NULL, importers int NOT NULL)`,
      );
      await pool.query('INSERT INTO bench_world VALUES ($1, $2, $3)', [
        WORLD_VERSION,
        accepted.entries,
        Number(importers.rows[0]!.n),
      ]);
    } finally {
      await pool.end();
    }
  } finally {
    await prisma.$disconnect();
  }
  const world = await readWorld(baseUrl);
  if (!world) throw new Error('The benchmark world was not recorded');
  return world;
}
