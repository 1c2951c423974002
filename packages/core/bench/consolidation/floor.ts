// The floor: the same set-based statements the worker runs, over the whole data set in large slices on one
// connection, with no job queue, no small partitions and no concurrency. What the worker costs beyond the
// SQL itself is (worker seconds) / (floor seconds).
import type { IsoDate } from '@cape/domain';
import { DEFAULT_PROCESSING_CONFIG } from '../../src/processing-cycle/config.ts';
import { STAGES } from '../../src/processing-cycle/cycle-engine.ts';
import { createProcessingPool, inTransaction } from '../../src/processing-cycle/sql.ts';
import {
  PROCESSING_STAGES,
  type ProcessingRuntime,
  type WorkItem,
} from '../../src/processing-cycle/stage.ts';
import { SimulatedTreasury } from '../../src/refund-consolidation/treasury.ts';

export interface FloorTiming {
  seconds: number;
  stages: { stage: string; seconds: number; items: number }[];
}

export async function runFloor(
  ownerUrl: string,
  throughDate: IsoDate,
  sliceEntries: number,
): Promise<FloorTiming> {
  const pool = createProcessingPool(ownerUrl, 2);
  // One recipient bucket: consolidation is one statement over every recipient.
  const config = {
    ...DEFAULT_PROCESSING_CONFIG,
    batchEntries: sliceEntries,
    recipientBuckets: 1,
    statementTimeoutMs: 3_600_000,
  };
  const runtime: ProcessingRuntime = {
    pool,
    config,
    treasury: new SimulatedTreasury(pool, config.treasury),
    log: () => {},
  };
  try {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO processing_cycles (id, through_date, status, requested_by, started_at)
       VALUES (gen_random_uuid(), $1::date, 'RUNNING', 'floor', now()) RETURNING id`,
      [throughDate],
    );
    const run = { cycleId: rows[0]!.id, throughDate };
    const started = performance.now();
    const stages: FloorTiming['stages'] = [];
    for (const stage of PROCESSING_STAGES) {
      const stageStarted = performance.now();
      await inTransaction(pool, (client) => STAGES[stage].plan(client, run, runtime), {
        statementTimeoutMs: 3_600_000,
      });
      const items = (
        await pool.query<
          WorkItem & { range_low: string | null; range_high: string | null; declaration_ids: string[] | null }
        >(
          `SELECT id, cycle_id, stage, partition, range_low, range_high, declaration_ids
             FROM processing_work_items WHERE cycle_id = $1 AND stage = $2 ORDER BY partition`,
          [run.cycleId, stage],
        )
      ).rows;
      for (const row of items) {
        await STAGES[stage].process(runtime, run, {
          id: row.id,
          cycleId: run.cycleId,
          stage,
          partition: row.partition,
          rangeLow: row.range_low,
          rangeHigh: row.range_high,
          declarationIds: row.declaration_ids ?? [],
        });
      }
      await inTransaction(pool, async (client) => {
        await STAGES[stage].complete?.(client, run);
      });
      stages.push({ stage, seconds: (performance.now() - stageStarted) / 1000, items: items.length });
    }
    return { seconds: (performance.now() - started) / 1000, stages };
  } finally {
    await pool.end();
  }
}
