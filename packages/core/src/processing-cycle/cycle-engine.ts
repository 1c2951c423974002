// How a processing cycle moves: one cycle runs at a time; each stage is planned into work items (inside a
// transaction that locks the cycle row), one job per work item is queued in that same transaction, any
// worker may process any item, and the job that finishes the last item of a stage queues the advance to the
// next stage. Everything is driven by database state, so a crashed worker loses nothing: the kick (run at
// worker start and every minute) re-queues what is pending and unlocks the jobs of dead workers.

import { massProcessingStage } from '../mass-processing/mass-processing-stage.ts';
import { consolidationStage } from '../refund-consolidation/consolidation-stage.ts';
import { paymentStage } from '../refund-consolidation/payment-stage.ts';
import { liquidationStage } from '../review-and-liquidation/liquidation-stage.ts';
import { inTransaction, type SqlClient } from './sql.ts';
import {
  type CycleRun,
  PROCESSING_STAGES,
  type ProcessingRuntime,
  type ProcessingStage,
  type StageDefinition,
  type WorkItem,
} from './stage.ts';

export const STAGES: Readonly<Record<ProcessingStage, StageDefinition>> = {
  MASS_PROCESSING: massProcessingStage,
  LIQUIDATION: liquidationStage,
  CONSOLIDATION: consolidationStage,
  PAYMENT: paymentStage,
};

export const TASKS = {
  kick: 'cape:cycle:kick',
  advance: 'cape:cycle:advance',
  workItem: 'cape:cycle:work_item',
} as const;

/** Serializes cycle starts across every worker (an arbitrary constant: "CAPE processing cycles"). */
const CYCLE_START_LOCK = 7_340_913;
const WORK_ITEM_ATTEMPTS = 8;

/** Queues a job in the caller's transaction (graphile-worker's SQL API), so it exists iff the change commits. */
async function addJob(
  client: SqlClient,
  task: string,
  payload: object,
  jobKey: string,
  mode: 'replace' | 'unsafe_dedupe' = 'replace',
  maxAttempts = WORK_ITEM_ATTEMPTS,
): Promise<void> {
  await client.query(
    `SELECT graphile_worker.add_job($1, $2::json, job_key := $3, job_key_mode := $4, max_attempts := $5)`,
    [task, JSON.stringify(payload), jobKey, mode, maxAttempts],
  );
}

/** One job per pending work item of the stage; an item that already has a job (even running) gets none. */
async function queueWorkItems(client: SqlClient, cycleId: string, stage: ProcessingStage): Promise<void> {
  await client.query(
    `SELECT graphile_worker.add_job($1, json_build_object('workItemId', id::text), job_key := 'cape.work_item.' || id,
                                    job_key_mode := 'unsafe_dedupe', max_attempts := $4)
       FROM processing_work_items
      WHERE cycle_id = $2 AND stage = $3::"ProcessingStage" AND status = 'PENDING'
      ORDER BY partition`,
    [TASKS.workItem, cycleId, stage, WORK_ITEM_ATTEMPTS],
  );
}

export async function queueAdvance(client: SqlClient, cycleId: string): Promise<void> {
  await addJob(client, TASKS.advance, { cycleId }, `cape.cycle.advance.${cycleId}`);
}

export async function queueKick(client: SqlClient): Promise<void> {
  await addJob(client, TASKS.kick, {}, 'cape.cycle.kick');
}

function nextStage(stage: ProcessingStage | null): ProcessingStage | null {
  if (stage === null) return PROCESSING_STAGES[0];
  return PROCESSING_STAGES[PROCESSING_STAGES.indexOf(stage) + 1] ?? null;
}

interface CycleRow {
  id: string;
  through_date: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  stage: ProcessingStage | null;
}

async function recordCycleEvent(client: SqlClient, cycle: CycleRow, eventType: string, payload: object) {
  await client.query(
    `INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
     VALUES ($1::date, 'PROCESSING_CYCLE', $2::uuid::text, $3, '{}', '{}', $2::uuid, $4::jsonb)`,
    [cycle.through_date, cycle.id, eventType, JSON.stringify(payload)],
  );
}

/**
 * Moves a RUNNING cycle on: when its current stage has no pending work item left, plans the next stage with
 * work (skipping empty ones) and queues its items, or finishes the cycle. Idempotent.
 */
export async function advanceCycle(runtime: ProcessingRuntime, cycleId: string): Promise<void> {
  const finished = await inTransaction(runtime.pool, async (client) => {
    const cycle = (
      await client.query<CycleRow>(
        `SELECT id, to_char(through_date, 'YYYY-MM-DD') AS through_date, status, stage
           FROM processing_cycles WHERE id = $1 FOR UPDATE`,
        [cycleId],
      )
    ).rows[0];
    if (cycle?.status !== 'RUNNING') return false;
    const run: CycleRun = { cycleId, throughDate: cycle.through_date };
    if (cycle.stage !== null) {
      const pending = await client.query(
        `SELECT 1 FROM processing_work_items WHERE cycle_id = $1 AND stage = $2 AND status = 'PENDING' LIMIT 1`,
        [cycleId, cycle.stage],
      );
      if ((pending.rowCount ?? 0) > 0) {
        await queueWorkItems(client, cycleId, cycle.stage);
        return false;
      }
      await STAGES[cycle.stage].complete?.(client, run);
      await recordCycleEvent(client, cycle, 'processing_cycle.stage_completed', { stage: cycle.stage });
      // A stage moves many entries from one state to the next: fresh statistics keep the next stage's
      // plans (which select by state) from assuming the old distribution.
      await client.query('ANALYZE entry_processing, refunds');
    }
    for (let stage = nextStage(cycle.stage); stage !== null; stage = nextStage(stage)) {
      const planned = await STAGES[stage].plan(client, run, runtime);
      await client.query('UPDATE processing_cycles SET stage = $2 WHERE id = $1', [cycleId, stage]);
      if (planned > 0) {
        runtime.log(`cycle ${cycleId} (${run.throughDate}): ${stage}, ${planned} work items`);
        await queueWorkItems(client, cycleId, stage);
        return false;
      }
      await STAGES[stage].complete?.(client, run);
    }
    await client.query(
      `UPDATE processing_cycles SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`,
      [cycleId],
    );
    await recordCycleEvent(client, cycle, 'processing_cycle.succeeded', {});
    runtime.log(`cycle ${cycleId} (${run.throughDate}) succeeded`);
    return true;
  });
  if (finished) await startNextCycle(runtime);
}

/**
 * Starts the oldest QUEUED cycle when none is RUNNING; for a RUNNING one, queues its advance, which re-queues
 * its pending work items (the recovery path after a crash or a lost job).
 */
export async function startNextCycle(runtime: ProcessingRuntime): Promise<void> {
  await inTransaction(runtime.pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CYCLE_START_LOCK]);
    const running = await client.query<{ id: string }>(
      `SELECT id FROM processing_cycles WHERE status = 'RUNNING' LIMIT 1`,
    );
    if (running.rows[0]) {
      await queueAdvance(client, running.rows[0].id);
      return;
    }
    const next = await client.query<{ id: string }>(
      `UPDATE processing_cycles SET status = 'RUNNING', started_at = now()
        WHERE id = (SELECT id FROM processing_cycles WHERE status = 'QUEUED' ORDER BY created_at, id LIMIT 1)
       RETURNING id`,
    );
    if (next.rows[0]) {
      runtime.log(`cycle ${next.rows[0].id} started`);
      await queueAdvance(client, next.rows[0].id);
    }
  });
}

/** Marks a cycle FAILED (a work item failed for good); the next QUEUED cycle may then start. */
export async function failCycle(runtime: ProcessingRuntime, cycleId: string, error: string): Promise<void> {
  await inTransaction(runtime.pool, async (client) => {
    await client.query(
      `UPDATE processing_cycles SET status = 'FAILED', error = $2, finished_at = now()
        WHERE id = $1 AND status = 'RUNNING'`,
      [cycleId, error.slice(0, 2000)],
    );
  });
  await startNextCycle(runtime);
}

interface WorkItemRow {
  id: string;
  cycle_id: string;
  stage: ProcessingStage;
  partition: number;
  range_low: string | null;
  range_high: string | null;
  declaration_ids: string[] | null;
  through_date: string;
  cycle_status: string;
}

/** Processes one work item; when it was its stage's last, queues the advance. */
export async function processWorkItem(runtime: ProcessingRuntime, workItemId: string): Promise<void> {
  const row = (
    await runtime.pool.query<WorkItemRow>(
      `SELECT w.id, w.cycle_id, w.stage, w.partition, w.range_low, w.range_high, w.declaration_ids,
              to_char(c.through_date, 'YYYY-MM-DD') AS through_date, c.status AS cycle_status
         FROM processing_work_items w JOIN processing_cycles c ON c.id = w.cycle_id
        WHERE w.id = $1`,
      [workItemId],
    )
  ).rows[0];
  if (row?.cycle_status !== 'RUNNING') return;
  const item: WorkItem = {
    id: row.id,
    cycleId: row.cycle_id,
    stage: row.stage,
    partition: row.partition,
    rangeLow: row.range_low,
    rangeHigh: row.range_high,
    declarationIds: row.declaration_ids ?? [],
  };
  await STAGES[item.stage].process(runtime, { cycleId: item.cycleId, throughDate: row.through_date }, item);
  await inTransaction(runtime.pool, async (client) => {
    const left = await client.query(
      `SELECT 1 FROM processing_work_items WHERE cycle_id = $1 AND stage = $2 AND status = 'PENDING' LIMIT 1`,
      [item.cycleId, item.stage],
    );
    if ((left.rowCount ?? 0) === 0) await queueAdvance(client, item.cycleId);
  });
}
