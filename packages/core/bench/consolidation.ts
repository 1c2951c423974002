// `pnpm bench:consolidation [--entries 1000000] [--workers 1] [--concurrency 2]`: CAPE processing end to end,
// from accepted declarations to consolidated refunds, for a million entries of 5,000 importers.
//
// 1. The world (built once, kept): `cape_bench_consolidation_base` (see bench/consolidation/world.ts).
// 2. The floor: on a copy, the same set-based statements over the whole data set on one connection, no job
//    queue (bench/consolidation/floor.ts).
// 3. The run: on another copy, the worker (graphile-worker, partitions, concurrency) processes one cycle up to
//    2026-06-30 (every unliquidated entry liquidates 2026-06-04, reliquidations 2026-04-21); meanwhile the API
//    answers a broker's entries page, and its latencies are printed.
// The refunds of both must be identical. The 2 cores are shared, so the load average is printed with the
// figures. The last line: consolidation entries=<n> seconds=<s> entries_per_s=<n> floor_s=<s> ratio=<x>
import { loadavg } from 'node:os';
import { runDatabaseCommand } from '@cape/db';
import { startProcessingWorker } from '../src/jobs/processing-worker.ts';
import { DEFAULT_PROCESSING_CONFIG } from '../src/processing-cycle/config.ts';
import { createProcessingPool } from '../src/processing-cycle/sql.ts';
import { queueCycle, waitForCycle } from '../src/testing/processing-harness.ts';
import { checkRefundInvariants } from '../src/testing/refund-invariants.ts';
import { startEntriesPageProbe } from './consolidation/entries-page-probe.ts';
import { runFloor } from './consolidation/floor.ts';
import { BENCH_EMAIL, BENCH_PASSWORD, copyBase, dropDatabase, openWorld } from './consolidation/world.ts';

const THROUGH = '2026-06-30';
const RUN_DATABASE = 'cape_bench_consolidation_run';
const FLOOR_DATABASE = 'cape_bench_consolidation_floor';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const log = (message: string) => console.error(`[bench] ${message}`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** The refunds a run produced, in canonical order, to compare the run with the floor. */
async function refundDigest(ownerUrl: string): Promise<string> {
  const pool = createProcessingPool(ownerUrl, 1);
  try {
    const { rows } = await pool.query<{ digest: string; refunds: string; entries: string }>(
      `SELECT md5(string_agg(line, E'\\n' ORDER BY line)) AS digest,
              count(*) FILTER (WHERE kind = 'r') AS refunds, count(*) FILTER (WHERE kind = 'e') AS entries
         FROM (SELECT 'r' AS kind, concat_ws('|', r.id, r.refund_number, r.liquidation_date, r.principal_cents,
                                             r.interest_cents, r.offset_cents, r.payable_cents, r.status) AS line
                 FROM refunds r
               UNION ALL
               SELECT 'e', concat_ws('|', re.refund_id, re.entry_summary_id, re.principal_cents, re.interest_cents)
                 FROM refund_entries re
               UNION ALL
               SELECT 'o', concat_ws('|', o.id, o.refund_id, o.debt_id, o.amount_cents) FROM refund_offsets o) AS lines`,
    );
    const row = rows[0]!;
    return `${row.digest} (${row.refunds} refunds, ${row.entries} refunded entries)`;
  } finally {
    await pool.end();
  }
}

await runDatabaseCommand('bench:consolidation', async (environment) => {
  const entries = argument('entries', 1_000_000);
  const workers = argument('workers', 1);
  const concurrency = argument('concurrency', 2);
  log(`load average ${load()}`);
  const world = await openWorld(environment.ownerUrl, entries, log);
  log(`world: ${world.acceptedEntries} accepted entries of ${world.importers} importers`);

  log('floor: copying the world');
  const floorUrl = await copyBase(environment.ownerUrl, FLOOR_DATABASE);
  log(`floor: running (load average ${load()})`);
  const floor = await runFloor(floorUrl, THROUGH, 200_000);
  for (const stage of floor.stages)
    log(`  floor ${stage.stage}: ${stage.seconds.toFixed(2)} s (${stage.items} slices)`);
  log(`floor: ${floor.seconds.toFixed(2)} s (load average ${load()})`);
  const floorRefunds = await refundDigest(floorUrl);
  await dropDatabase(environment.ownerUrl, FLOOR_DATABASE).catch((error: Error) =>
    log(`could not drop ${FLOOR_DATABASE} yet (the next run drops it): ${error.message}`),
  );

  log('run: copying the world');
  const runUrl = await copyBase(environment.ownerUrl, RUN_DATABASE);
  const started = await Promise.all(
    Array.from({ length: workers }, () =>
      startProcessingWorker({
        ownerUrl: runUrl,
        concurrency,
        config: DEFAULT_PROCESSING_CONFIG,
        schedule: null,
        pollIntervalMs: 200,
        log: (message) => log(`  worker: ${message}`),
      }),
    ),
  );
  const probe = await startEntriesPageProbe(runUrl, { email: BENCH_EMAIL, password: BENCH_PASSWORD });
  // Ten seconds of the entries page with nothing processing, for comparison.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const idle = probe.restart();
  log(
    `entries page before the run: ${idle.requests} requests, p50 ${idle.p50Ms.toFixed(1)} ms, p95 ${idle.p95Ms.toFixed(1)} ms`,
  );
  const pool = createProcessingPool(runUrl, 2);
  log(`run: ${workers} worker(s) x concurrency ${concurrency} (load average ${load()})`);
  const runStarted = performance.now();
  const cycle = await waitForCycle(pool, await queueCycle(pool, THROUGH), 3_600_000);
  const seconds = (performance.now() - runStarted) / 1000;
  const page = await probe.stop();
  const loadAfter = load();
  for (const worker of started) await worker.stop();
  if (cycle.status !== 'SUCCEEDED') throw new Error(`the cycle ${cycle.status}: ${cycle.error}`);
  const stages = await pool.query<{ stage: string; items: number; rows: string; seconds: number }>(
    `SELECT w.stage, count(*)::int AS items, sum(w.processed_rows) AS rows,
            extract(epoch FROM max(w.finished_at) - c.started_at)::float AS seconds
       FROM processing_work_items w JOIN processing_cycles c ON c.id = w.cycle_id
      WHERE w.cycle_id = $1 GROUP BY w.stage, c.started_at ORDER BY 4`,
    [cycle.id],
  );
  for (const stage of stages.rows) {
    log(
      `  run ${stage.stage}: done at ${stage.seconds.toFixed(2)} s (${stage.items} partitions, ${stage.rows} rows)`,
    );
  }
  const processed = Number(
    (await pool.query<{ n: string }>('SELECT count(*) AS n FROM entry_processing')).rows[0]!.n,
  );
  const runRefunds = await refundDigest(runUrl);
  log(`refunds  run: ${runRefunds}`);
  log(`refunds floor: ${floorRefunds}`);
  if (runRefunds !== floorRefunds) throw new Error('The worker and the floor produced different refunds');
  const invariants = await checkRefundInvariants(pool);
  log(
    `invariants: ${invariants.refundedEntries} entries refunded once each (${invariants.entriesRefundedTwice} twice), ` +
      `principal ${invariants.principalRefundedCents} = IEEPA removed ${invariants.ieepaRemovedCents}, ` +
      `${invariants.refundsNotMatchingEntries.length} refunds not matching their entries`,
  );
  if (
    invariants.principalRefundedCents !== invariants.ieepaRemovedCents ||
    invariants.entriesRefundedTwice > 0 ||
    invariants.refundsNotMatchingEntries.length > 0
  ) {
    throw new Error('Refund invariants violated');
  }
  await pool.end();
  await dropDatabase(environment.ownerUrl, RUN_DATABASE).catch((error: Error) =>
    log(`could not drop ${RUN_DATABASE} (the next run drops it): ${error.message}`),
  );
  log(
    `entries page during the run: ${page.requests} requests, p50 ${page.p50Ms.toFixed(1)} ms, ` +
      `p95 ${page.p95Ms.toFixed(1)} ms, max ${page.maxMs.toFixed(1)} ms, ${page.errors} errors`,
  );
  log(`load average after the run: ${loadAfter}`);
  console.log(
    `entries_page p95_ms=${page.p95Ms.toFixed(1)} p50_ms=${page.p50Ms.toFixed(1)} requests=${page.requests}`,
  );
  console.log(
    `consolidation entries=${processed} seconds=${seconds.toFixed(2)} entries_per_s=${Math.round(processed / seconds)} ` +
      `floor_s=${floor.seconds.toFixed(2)} ratio=${(seconds / floor.seconds).toFixed(2)}`,
  );
  return 0;
});
