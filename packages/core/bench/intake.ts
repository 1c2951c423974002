// `pnpm bench:intake`: how long filing a 9,999-entry CAPE declaration takes with at least 1,000,000 entries in
// the database, against the bare SQL work. Runs in its own database `cape_bench_intake` (DATABASE_URL's
// server, or the embedded development server), filled once by the testkit's generator and COPY loader.
//
// Each round takes 9,999 eligible entries of one broker (a few sets, used in turn; the declarations are removed
// between rounds so every round files entries no declaration holds) and measures, in random order:
//   service  fileDeclaration as the broker's staff member (application role, row-level security on): CSV
//            parsing, both validation stages, claim number, the entries' insert, audit; committed
//   floor    the fastest set-based SQL we can write for the same job, as the same tenant: one statement that
//            looks the entries up, judges them in SQL and inserts the results; rolled back
// The server-side time is the service call's wall time in this process (no HTTP). Rounds are interleaved so
// both see the same machine load. Last line:
//   intake entries=9999 db_entries=<n> p50_ms=<x> p95_ms=<x> floor_ms=<x> ratio=<x>
import { loadavg } from 'node:os';
import { createPrismaClient, type PrismaClient } from '@cape/db';
import { claimNumberFor, IEEPA_COLLECTION_PERIOD, PHASE1_RULE_SETS } from '@cape/domain';
import { createUser, Prng } from '@cape/testkit';
import pg from 'pg';
import { fixedBusinessClock } from '../src/business-clock.ts';
import { CURRENT_CERTIFICATION } from '../src/claim-portal/declarations/certification.ts';
import { fileDeclaration } from '../src/claim-portal/declarations/file-declaration.ts';
import { userActor } from '../src/context.ts';
import { BENCH_REFERENCE_DATE, openBenchDatabase } from './bench-database.ts';

const ENTRIES = 9_999;
const MINIMUM_DB_ENTRIES = 1_000_000;
const WARM_UP_ROUNDS = 2;
const ROUNDS = 20;
const FILING_DATE = BENCH_REFERENCE_DATE;

const log = (message: string) => console.error(`[bench:intake] ${message}`);

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const BENCH_FILE = 'bench.csv';
const BACKGROUND_FILE = 'background.csv';
/** Accepted declaration entries of other brokers, so the table and its statistics look like production. */
const BACKGROUND_ENTRIES = 200_000;

/**
 * Removes the declarations the benchmark filed, so their entries can be filed again: this benchmark database
 * only (the immutability triggers are switched off for the moment, which only the tables' owner can do).
 */
async function resetDeclarations(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  await client.query('ALTER TABLE declaration_entries DISABLE TRIGGER declaration_entries_immutable');
  await client.query('ALTER TABLE cape_declarations DISABLE TRIGGER declaration_immutable');
  await client.query(
    'DELETE FROM declaration_entries WHERE declaration_id IN (SELECT id FROM cape_declarations WHERE file_name = $1)',
    [BENCH_FILE],
  );
  await client.query('DELETE FROM cape_declarations WHERE file_name = $1', [BENCH_FILE]);
  await client.query('ALTER TABLE declaration_entries ENABLE TRIGGER declaration_entries_immutable');
  await client.query('ALTER TABLE cape_declarations ENABLE TRIGGER declaration_immutable');
  await client.query('COMMIT');
  await client.query('VACUUM ANALYZE declaration_entries, cape_declarations');
}

/**
 * Once per database: accepted declarations of the other brokers' entries (9,999 each), written directly, so
 * "already on an accepted declaration" is checked against a table of realistic size.
 */
async function seedBackgroundDeclarations(client: pg.Client, busiest: string, userId: string): Promise<void> {
  const existing = await client.query('SELECT 1 FROM cape_declarations WHERE file_name = $1 LIMIT 1', [
    BACKGROUND_FILE,
  ]);
  if (existing.rowCount !== 0) return;
  log(`writing ${BACKGROUND_ENTRIES} accepted declaration entries of other brokers (once)`);
  const { rows } = await client.query<{ filer_organization_id: string; ids: string[]; numbers: string[] }>(
    `WITH picked AS (
       SELECT filer_organization_id, id, entry_number,
              (row_number() OVER (PARTITION BY filer_organization_id ORDER BY id) - 1) / $3 AS chunk
       FROM (SELECT * FROM entry_summaries WHERE filer_organization_id <> $1 AND ieepa_duty_cents > 0
             ORDER BY id LIMIT $2) e
     )
     SELECT filer_organization_id, array_agg(id ORDER BY id) AS ids, array_agg(entry_number::text ORDER BY id) AS numbers
     FROM picked GROUP BY filer_organization_id, chunk`,
    [busiest, BACKGROUND_ENTRIES, ENTRIES],
  );
  await client.query('BEGIN');
  for (const chunk of rows) {
    const { rows: sequence } = await client.query<{ value: string }>(
      "SELECT nextval('cape_claim_number_seq') AS value",
    );
    const declaration = await client.query<{ id: string }>(
      `INSERT INTO cape_declarations (id, organization_id, submitted_by_user_id, file_name, file_sha256,
         file_size_bytes, row_count, status, filing_date, rule_set_version, certified_at, certification_version,
         claim_number, accepted_count)
       VALUES (gen_random_uuid(), $1, $2, $3, repeat('0', 64), 0, $4, 'ACCEPTED', $5, 'background', now(),
               'background', $6, $4)
       RETURNING id`,
      [
        chunk.filer_organization_id,
        userId,
        BACKGROUND_FILE,
        chunk.ids.length,
        FILING_DATE,
        claimNumberFor(BigInt(sequence[0]!.value)),
      ],
    );
    await client.query(
      `INSERT INTO declaration_entries (declaration_id, row_number, organization_id, raw_value, entry_number,
         entry_summary_id, outcome, reason_codes, reason_details, rule_set_version)
       SELECT $1, n.ord + 1, $2, n.entry_number, n.entry_number, n.id, 'ACCEPTED', '{}', '{}', 'background'
       FROM unnest($3::bigint[], $4::text[]) WITH ORDINALITY AS n(id, entry_number, ord)`,
      [declaration.rows[0]!.id, chunk.filer_organization_id, chunk.ids, chunk.numbers],
    );
  }
  await client.query('COMMIT');
  await client.query('VACUUM ANALYZE declaration_entries, cape_declarations');
}

/**
 * Candidates: entries of the busiest broker that are plainly eligible on the filing date (unliquidated or
 * liquidating after it, IEEPA duty, no flag). A coarse pick only; the service decides, and the benchmark
 * checks that it accepted every entry.
 */
async function pickEntries(
  client: pg.Client,
  sets: number,
): Promise<{ organizationId: string; sets: string[][] }> {
  const excluded = PHASE1_RULE_SETS.at(-1)!.excludedEntryTypes;
  const { rows } = await client.query<{ filer_organization_id: string; entry_number: string }>(
    `WITH busiest AS (
       SELECT filer_organization_id FROM entry_summaries GROUP BY 1 ORDER BY count(*) DESC LIMIT 1
     )
     SELECT e.filer_organization_id, e.entry_number
     FROM entry_summaries e JOIN busiest b USING (filer_organization_id)
     WHERE e.ieepa_duty_cents > 0 AND e.summary_status = 'ACCEPTED' AND e.in_ace
       AND e.entry_date >= $1 AND e.entry_date < $2 AND NOT (e.entry_type = ANY ($3::text[]))
       AND e.entry_type NOT IN ('21', '22')
       AND (e.liquidation_status IN ('UNLIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW')
            OR (e.liquidation_status = 'LIQUIDATED' AND e.liquidation_date > $4))
       AND NOT (e.reconciliation_flagged OR e.drawback_designated OR e.open_protest
                OR e.adcvd_pending_liquidation_1504d OR e.ieepa_duty_paid_by_surety)
     ORDER BY md5(e.entry_number)
     LIMIT $5`,
    [
      IEEPA_COLLECTION_PERIOD.ieepaCollectionStart,
      IEEPA_COLLECTION_PERIOD.ieepaCollectionEnd,
      [...excluded],
      FILING_DATE,
      sets * ENTRIES,
    ],
  );
  if (rows.length < ENTRIES) throw new Error(`Only ${rows.length} eligible entries; load more data`);
  const numbers = rows.map((r) => r.entry_number);
  const count = Math.floor(numbers.length / ENTRIES);
  return {
    organizationId: rows[0]!.filer_organization_id,
    sets: Array.from({ length: count }, (_, i) => numbers.slice(i * ENTRIES, (i + 1) * ENTRIES)),
  };
}

// The floor: the whole validation as SQL conditions and the insert of the results, in one statement (each
// entry and its accepted declaration looked up by index, judged once, inserted in the service's order).
const FLOOR_SQL = `
WITH judged AS MATERIALIZED (
  SELECT l.row_number, l.entry_number, e.id, e.ieepa_duty_cents,
         e.id IS NOT NULL AND e.summary_status = 'ACCEPTED' AND e.in_ace
         AND NOT (e.entry_type = ANY ($5::text[])) AND NOT e.drawback_designated AND NOT e.reconciliation_flagged
         AND NOT e.open_protest AND NOT e.adcvd_pending_liquidation_1504d AND NOT e.ieepa_duty_paid_by_surety
         AND e.ieepa_duty_cents > 0
         AND (e.liquidation_status IN ('UNLIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW')
              OR (e.liquidation_status = 'LIQUIDATED' AND ($6::date - e.liquidation_date) <= 80))
         AND d.entry_summary_id IS NULL AS eligible
  FROM unnest($1::int[], $2::bpchar[]) AS l(row_number, entry_number)
  LEFT JOIN entry_summaries e ON e.entry_number = l.entry_number
  LEFT JOIN declaration_entries d ON d.entry_summary_id = e.id AND d.outcome = 'ACCEPTED'
)
INSERT INTO declaration_entries (declaration_id, row_number, organization_id, raw_value, entry_number,
                                 entry_summary_id, outcome, reason_codes, reason_details, rule_set_version,
                                 ieepa_principal_cents)
SELECT $3::uuid, row_number, $4::uuid, entry_number, entry_number, id,
       (CASE WHEN eligible THEN 'ACCEPTED' ELSE 'REJECTED' END)::"DeclarationEntryOutcome",
       CASE WHEN eligible THEN '{}'::text[] ELSE '{NOT_ELIGIBLE}'::text[] END,
       CASE WHEN eligible THEN '{}'::text[] ELSE '{not eligible}'::text[] END, 'floor', ieepa_duty_cents
FROM judged
ORDER BY id
ON CONFLICT (entry_summary_id) WHERE outcome = 'ACCEPTED' DO NOTHING`;

async function floorRound(
  appUrl: string,
  organizationId: string,
  userId: string,
  entries: string[],
): Promise<number> {
  return await withClient(appUrl, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(
        `SELECT set_config('app.organization_id', $1, true), set_config('app.organization_kind', 'BROKER', true),
                set_config('app.user_id', $2, true)`,
        [organizationId, userId],
      );
      const declaration = await client.query<{ id: string }>(
        `INSERT INTO cape_declarations (id, organization_id, submitted_by_user_id, file_name, file_sha256,
           file_size_bytes, row_count, status, filing_date, rule_set_version, certified_at, certification_version)
         VALUES (gen_random_uuid(), $1, $2, 'floor.csv', repeat('0', 64), 0, $3, 'RECEIVED', $4, 'floor', now(), 'floor')
         RETURNING id`,
        [organizationId, userId, entries.length, FILING_DATE],
      );
      const started = performance.now();
      const inserted = await client.query(FLOOR_SQL, [
        entries.map((_, i) => i + 2),
        entries,
        declaration.rows[0]!.id,
        organizationId,
        [...PHASE1_RULE_SETS.at(-1)!.excludedEntryTypes, '21', '22'],
        FILING_DATE,
      ]);
      const elapsed = performance.now() - started;
      if (inserted.rowCount !== entries.length) throw new Error(`floor inserted ${inserted.rowCount} rows`);
      return elapsed;
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

async function serviceRound(app: PrismaClient, organizationId: string, userId: string, entries: string[]) {
  const content = Buffer.from(`Entry Number\r\n${entries.join('\r\n')}\r\n`);
  const context = {
    db: app,
    actor: userActor({ userId, organizationId, organizationKind: 'BROKER', role: 'STAFF' }),
    clock: fixedBusinessClock(FILING_DATE),
  };
  const started = performance.now();
  const result = await fileDeclaration(context, {
    fileName: BENCH_FILE,
    content,
    certificationVersion: CURRENT_CERTIFICATION.version,
    clientAddress: '127.0.0.1',
    userAgent: 'bench:intake',
  });
  const elapsed = performance.now() - started;
  if (result.declaration.acceptedCount !== entries.length) {
    throw new Error(
      `the service accepted ${result.declaration.acceptedCount} of ${entries.length} entries (${result.declaration.status})`,
    );
  }
  return elapsed;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const database = await openBenchDatabase(MINIMUM_DB_ENTRIES, log);
  const app = createPrismaClient(database.appUrl, { maxConnections: 4 });
  try {
    const total = WARM_UP_ROUNDS + ROUNDS;
    const { organizationId, sets, userId } = await withClient(database.ownerUrl, async (client) => {
      const picked = await pickEntries(client, 5);
      // The benchmark's filer: one staff member of the busiest broker, created on the first run.
      const owner = createPrismaClient(database.ownerUrl, { maxConnections: 1 });
      try {
        const email = 'bench-intake@cape.test';
        const user =
          (await owner.user.findUnique({ where: { email } })) ??
          (await createUser(owner, { email, organizationId: picked.organizationId, role: 'STAFF' })).user;
        await owner.membership.upsert({
          where: { userId_organizationId: { userId: user.id, organizationId: picked.organizationId } },
          create: { userId: user.id, organizationId: picked.organizationId, role: 'STAFF' },
          update: {},
        });
        await seedBackgroundDeclarations(client, picked.organizationId, user.id);
        await resetDeclarations(client);
        return { ...picked, userId: user.id };
      } finally {
        await owner.$disconnect();
      }
    });
    log(
      `db_entries=${database.entries}; broker ${organizationId}; ${total} rounds over ${sets.length} sets of ${ENTRIES} entries`,
    );
    const owner = new pg.Client({ connectionString: database.ownerUrl });
    await owner.connect();

    const service: number[] = [];
    const floor: number[] = [];
    const order = Prng.derive(7, 'bench:intake order');
    for (let round = 0; round < total; round++) {
      const entries = sets[round % sets.length]!;
      // Every round files entries no declaration holds yet.
      await resetDeclarations(owner);
      // Both measurements of a round read the same entries; which goes first is drawn, so neither always
      // profits from the other having warmed the cache.
      let s = 0;
      let f = 0;
      const floorFirst = order.chance(0.5);
      if (floorFirst) {
        f = await floorRound(database.appUrl, organizationId, userId, entries);
        s = await serviceRound(app, organizationId, userId, entries);
      } else {
        s = await serviceRound(app, organizationId, userId, entries);
        // The service accepted these entries: the floor then meets them on a declaration (same amount of work).
        f = await floorRound(database.appUrl, organizationId, userId, entries);
      }
      const label = round < WARM_UP_ROUNDS ? 'warm-up' : 'round';
      log(
        `${label} ${round + 1}/${total}: service ${s.toFixed(1)} ms, floor ${f.toFixed(1)} ms (${floorFirst ? 'floor' : 'service'} first)`,
      );
      if (round >= WARM_UP_ROUNDS) {
        service.push(s);
        floor.push(f);
      }
    }
    await owner.end();
    const p50 = percentile(service, 50);
    const p95 = percentile(service, 95);
    const floorMs = percentile(floor, 50);
    const [one, five, fifteen] = loadavg();
    console.log(
      `load average ${one!.toFixed(2)} ${five!.toFixed(2)} ${fifteen!.toFixed(2)} (2 cores shared with other work)`,
    );
    console.log(`floor p95_ms=${percentile(floor, 95).toFixed(1)}`);
    console.log(
      `intake entries=${ENTRIES} db_entries=${database.entries} p50_ms=${p50.toFixed(1)} p95_ms=${p95.toFixed(1)} floor_ms=${floorMs.toFixed(1)} ratio=${(p50 / floorMs).toFixed(2)}`,
    );
  } finally {
    await app.$disconnect();
    await database.stop();
  }
}

await main();
process.exit(0);
