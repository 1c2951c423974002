// What every stage of a processing cycle provides, and the work-item bookkeeping they share. A work item is
// locked (SELECT ... FOR UPDATE) by the transaction that processes it and marked DONE in that same
// transaction, so a crash rolls both back together and a rerun finds the item still PENDING.
import type { IsoDate } from '@cape/domain';
import type pg from 'pg';
import type { TreasuryAdapter } from '../refund-consolidation/treasury.ts';
import type { ProcessingConfig } from './config.ts';
import { inTransaction, type SqlClient } from './sql.ts';

export const PROCESSING_STAGES = ['MASS_PROCESSING', 'LIQUIDATION', 'CONSOLIDATION', 'PAYMENT'] as const;
export type ProcessingStage = (typeof PROCESSING_STAGES)[number];

/** What the worker needs to process: the owner-role pool, the settings, the payment adapter. */
export interface ProcessingRuntime {
  pool: pg.Pool;
  config: ProcessingConfig;
  treasury: TreasuryAdapter;
  log: (message: string) => void;
}

/** The cycle a stage runs for: its id and the business date it processes up to (today, for CAPE). */
export interface CycleRun {
  cycleId: string;
  throughDate: IsoDate;
}

export interface WorkItem {
  id: string;
  cycleId: string;
  stage: ProcessingStage;
  partition: number;
  rangeLow: string | null;
  rangeHigh: string | null;
  declarationIds: string[];
}

export interface StageDefinition {
  stage: ProcessingStage;
  /** Creates the stage's work items inside the cycle's planning transaction; returns how many it made. */
  plan(client: SqlClient, run: CycleRun, runtime: ProcessingRuntime): Promise<number>;
  /** Processes one work item and marks it DONE; an item already DONE is left alone. */
  process(runtime: ProcessingRuntime, run: CycleRun, item: WorkItem): Promise<void>;
  /** Runs once when every work item of the stage is done, in the transaction that moves the cycle on. */
  complete?(client: SqlClient, run: CycleRun): Promise<void>;
}

/**
 * Locks the work item for this transaction (waiting if a duplicate job holds it) and tells whether it still
 * needs doing.
 */
export async function lockPendingWorkItem(client: SqlClient, itemId: string): Promise<boolean> {
  const { rows } = await client.query<{ status: string }>(
    'SELECT status FROM processing_work_items WHERE id = $1 FOR UPDATE',
    [itemId],
  );
  if (rows.length === 0) throw new Error(`Work item ${itemId} does not exist`);
  return rows[0]!.status === 'PENDING';
}

export async function markWorkItemDone(
  client: SqlClient,
  itemId: string,
  processedRows: number,
): Promise<void> {
  await client.query(
    `UPDATE processing_work_items SET status = 'DONE', processed_rows = $2, finished_at = now() WHERE id = $1`,
    [itemId, processedRows],
  );
}

/** The usual shape of a partition: lock the item, do the work, mark it done, all in one transaction. */
export async function processInOneTransaction(
  runtime: ProcessingRuntime,
  item: WorkItem,
  work: (client: SqlClient) => Promise<number>,
): Promise<void> {
  await inTransaction(
    runtime.pool,
    async (client) => {
      if (!(await lockPendingWorkItem(client, item.id))) return;
      await markWorkItemDone(client, item.id, await work(client));
    },
    { statementTimeoutMs: runtime.config.statementTimeoutMs },
  );
}
