// The processing worker: graphile-worker (a PostgreSQL job queue) running CAPE's processing tasks. Start any
// number of these on any number of machines against the same database; they share the work through the
// queue and the work items. Each process beats a heartbeat; a process that stops beating (killed, machine
// lost) has its locked jobs unlocked by the others, so its work is picked up again (docs/processing.md).
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import {
  type Job,
  type JobHelpers,
  Logger,
  type Runner,
  run,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import type pg from 'pg';
import { businessDateOf } from '../business-clock.ts';
import { DEFAULT_PROCESSING_CONFIG, type ProcessingConfig } from '../processing-cycle/config.ts';
import {
  advanceCycle,
  failCycle,
  processWorkItem,
  queueKick,
  startNextCycle,
  TASKS,
} from '../processing-cycle/cycle-engine.ts';
import { createProcessingPool, inTransaction } from '../processing-cycle/sql.ts';
import type { ProcessingRuntime } from '../processing-cycle/stage.ts';
import { SimulatedTreasury, type TreasuryAdapter } from '../refund-consolidation/treasury.ts';

export interface ProcessingWorkerOptions {
  /** Owner-role connection URL (the worker processes every tenant's entries; see docs/processing.md). */
  ownerUrl: string;
  /** Jobs this process runs at once (default 2: the partitions are heavy SQL, PostgreSQL does the work). */
  concurrency?: number;
  config?: ProcessingConfig;
  /** Default: the simulated Treasury. */
  treasury?: TreasuryAdapter;
  /** Cron schedule of automatic cycles up to today's business date; null turns them off. */
  schedule?: string | null;
  heartbeatSeconds?: number;
  /** A process whose heartbeat is older than this is considered dead. */
  staleAfterSeconds?: number;
  /** How often idle workers look for jobs scheduled in the future (milliseconds). */
  pollIntervalMs?: number;
  log?: (message: string) => void;
}

export interface ProcessingWorker {
  id: string;
  runtime: ProcessingRuntime;
  /** Resolves when the queue runner ends (after stop(), or on a fatal error). */
  finished: Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_CYCLE_SCHEDULE = '*/5 * * * *';
const SCHEDULE_TASK = 'cape:cycle:schedule';
/** Named by the accounts migration (ach_enrollments_activated). */
const RELEASE_HELD_TASK = 'cape.refunds.release-held';

/** Graphile's own chatter at warning and above; the processing log line per stage is ours. */
function queueLogger(log: (message: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log(`[queue ${level}] ${message}`);
  });
}

/** Today for CAPE as the worker sees it: the operator's override, or the Eastern date. */
async function businessToday(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ override_date: string | null }>(
    `SELECT to_char(override_date, 'YYYY-MM-DD') AS override_date FROM business_clock WHERE id = 1`,
  );
  return rows[0]?.override_date ?? businessDateOf(new Date());
}

/**
 * Asks for a cycle up to today's business date, unless one is already waiting to start (it will see
 * whatever prompted this). The schedule, held-refund releases and ingestion updates come here.
 */
async function requestCycleThroughToday(runtime: ProcessingRuntime, requestedBy: string): Promise<void> {
  const today = await businessToday(runtime.pool);
  await inTransaction(runtime.pool, async (client) => {
    await client.query(
      `INSERT INTO processing_cycles (id, through_date, status, requested_by)
       SELECT gen_random_uuid(), $1::date, 'QUEUED', $2
        WHERE NOT EXISTS (SELECT 1 FROM processing_cycles WHERE status = 'QUEUED')`,
      [today, requestedBy],
    );
  });
  await startNextCycle(runtime);
}

/** Deletes the heartbeats of dead processes and unlocks the jobs they held. Returns how many were dead. */
async function reapDeadWorkers(pool: pg.Pool, staleAfterSeconds: number): Promise<number> {
  return await inTransaction(pool, async (client) => {
    const dead = await client.query<{ id: string; job_worker_ids: string[] | null }>(
      `DELETE FROM processing_workers WHERE heartbeat_at < now() - make_interval(secs => $1)
       RETURNING id, job_worker_ids`,
      [staleAfterSeconds],
    );
    const jobWorkerIds = dead.rows.flatMap((row) => row.job_worker_ids ?? []);
    if (jobWorkerIds.length > 0) {
      await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [jobWorkerIds]);
    }
    if (dead.rows.length > 0) await queueKick(client);
    return dead.rows.length;
  });
}

function taskList(runtime: ProcessingRuntime): TaskList {
  return {
    [TASKS.kick]: async () => {
      await startNextCycle(runtime);
    },
    [TASKS.advance]: async (payload) => {
      await advanceCycle(runtime, (payload as { cycleId: string }).cycleId);
    },
    [TASKS.workItem]: async (payload, helpers: JobHelpers) => {
      const { workItemId } = payload as { workItemId: string };
      try {
        await processWorkItem(runtime, workItemId);
      } catch (error) {
        await failCycleAfterLastAttempt(runtime, helpers.job, workItemId, error);
        throw error;
      }
    },
    [SCHEDULE_TASK]: async () => {
      await requestCycleThroughToday(runtime, 'schedule');
    },
    // Queued by the ach_refund_enrollments trigger when an enrollment becomes ACTIVE: the next cycle's
    // payment stage releases the refunds held for those parties.
    [RELEASE_HELD_TASK]: async () => {
      await requestCycleThroughToday(runtime, 'ach enrollment activated');
    },
  };
}

/** A work item that fails on its last attempt fails its cycle (a new cycle picks its work up again). */
async function failCycleAfterLastAttempt(
  runtime: ProcessingRuntime,
  job: Job,
  workItemId: string,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  runtime.log(`work item ${workItemId} failed (attempt ${job.attempts} of ${job.max_attempts}): ${message}`);
  if (job.attempts < job.max_attempts) return;
  const { rows } = await runtime.pool.query<{ cycle_id: string }>(
    'SELECT cycle_id FROM processing_work_items WHERE id = $1',
    [workItemId],
  );
  if (rows[0]) await failCycle(runtime, rows[0].cycle_id, `work item ${workItemId}: ${message}`);
}

export async function startProcessingWorker(options: ProcessingWorkerOptions): Promise<ProcessingWorker> {
  const log = options.log ?? ((message: string) => console.log(`[worker] ${message}`));
  const concurrency = options.concurrency ?? 2;
  const config = options.config ?? DEFAULT_PROCESSING_CONFIG;
  const heartbeatMs = (options.heartbeatSeconds ?? 5) * 1000;
  const staleAfterSeconds = options.staleAfterSeconds ?? 30;
  const pool = createProcessingPool(options.ownerUrl, concurrency + 2, (error) =>
    log(`idle database connection lost: ${error.message}`),
  );
  const runtime: ProcessingRuntime = {
    pool,
    config,
    treasury: options.treasury ?? new SimulatedTreasury(pool, config.treasury),
    log,
  };
  const id = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const jobWorkerIds: string[] = [];
  await pool.query(
    'INSERT INTO processing_workers (id, host, pid, job_worker_ids) VALUES ($1, $2, $3, $4::text[])',
    [id, hostname(), process.pid, jobWorkerIds],
  );
  const beat = () =>
    pool.query(
      'UPDATE processing_workers SET heartbeat_at = now(), job_worker_ids = $2::text[] WHERE id = $1',
      [id, jobWorkerIds],
    );

  const schedule = options.schedule === undefined ? DEFAULT_CYCLE_SCHEDULE : options.schedule;
  // graphile-worker locks jobs under its pool's id (and names its workers): both are recorded with the
  // heartbeat, so whoever finds this process dead can unlock them.
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => {
    jobWorkerIds.push(workerPool.id);
    void beat().catch(() => undefined);
  });
  events.on('worker:create', ({ worker }) => {
    jobWorkerIds.push(worker.workerId);
    void beat().catch(() => undefined);
  });
  let runner: Runner;
  try {
    runner = await run({
      events,
      connectionString: options.ownerUrl,
      maxPoolSize: concurrency + 2,
      concurrency,
      noHandleSignals: true,
      pollInterval: options.pollIntervalMs ?? 1000,
      logger: queueLogger(log),
      taskList: taskList(runtime),
      crontab: [`* * * * * ${TASKS.kick}`, schedule ? `${schedule} ${SCHEDULE_TASK}` : '']
        .filter((line) => line !== '')
        .join('\n'),
    });
  } catch (error) {
    await pool.query('DELETE FROM processing_workers WHERE id = $1', [id]).catch(() => undefined);
    await pool.end();
    throw error;
  }

  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      await beat();
      await reapDeadWorkers(pool, staleAfterSeconds);
    } catch (error) {
      log(`heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(() => void tick(), heartbeatMs);
  timer.unref();
  await tick();
  await inTransaction(pool, (client) => queueKick(client));
  log(`worker ${id} started (concurrency ${concurrency})`);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    await runner.stop();
    await pool.query('DELETE FROM processing_workers WHERE id = $1', [id]).catch(() => undefined);
    await pool.end();
  };
  return { id, runtime, finished: runner.promise, stop };
}
