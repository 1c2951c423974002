// The operator runs processing up to a business date (docs/processing.md): the request is a QUEUED cycle
// row, which a trigger hands to the worker at once. Outside production the business clock moves to that date
// first, so demos go from launch day through liquidation to paid refunds. Progress is read from the cycle's
// work items while it runs.
import { withTenant } from '@cape/db';
import { compareIsoDates, type IsoDate, isIsoDate } from '@cape/domain';
import { recordAudit } from '../audit.ts';
import { requireTenantActor } from '../authorization.ts';
import { setBusinessDate } from '../business-clock-store.ts';
import { type ServiceContext, tenantOfActor } from '../context.ts';
import { NotAllowedError, ValidationError } from '../errors.ts';
import { PROCESSING_STAGES, type ProcessingStage } from './stage.ts';

const RUN = 'processing:run';

export interface StageProgress {
  stage: ProcessingStage;
  /** Partitions planned and done (null when the cycle has not reached the stage). */
  workItems: number;
  workItemsDone: number;
  plannedRows: number;
  processedRows: number;
}

export interface ProcessingCycleView {
  id: string;
  throughDate: Date;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  stage: ProcessingStage | null;
  requestedBy: string;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  stages: StageProgress[];
}

async function view(
  context: ServiceContext,
  where: { id?: string },
  take: number,
): Promise<ProcessingCycleView[]> {
  const actor = requireTenantActor(context.actor, RUN);
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const cycles = await tx.processingCycle.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
    const progress = await tx.processingWorkItem.groupBy({
      by: ['cycleId', 'stage', 'status'],
      where: { cycleId: { in: cycles.map((cycle) => cycle.id) } },
      _count: { _all: true },
      _sum: { plannedRows: true, processedRows: true },
    });
    return cycles.map((cycle) => ({
      id: cycle.id,
      throughDate: cycle.throughDate,
      status: cycle.status,
      stage: cycle.stage,
      requestedBy: cycle.requestedBy,
      error: cycle.error,
      createdAt: cycle.createdAt,
      startedAt: cycle.startedAt,
      finishedAt: cycle.finishedAt,
      stages: PROCESSING_STAGES.map((stage) => {
        const rows = progress.filter((row) => row.cycleId === cycle.id && row.stage === stage);
        const done = rows.find((row) => row.status === 'DONE');
        return {
          stage,
          workItems: rows.reduce((sum, row) => sum + row._count._all, 0),
          workItemsDone: done?._count._all ?? 0,
          plannedRows: rows.reduce((sum, row) => sum + (row._sum.plannedRows ?? 0), 0),
          processedRows: done?._sum.processedRows ?? 0,
        };
      }),
    }));
  });
}

export async function listProcessingCycles(
  context: ServiceContext,
  first = 20,
): Promise<ProcessingCycleView[]> {
  return await view(context, {}, Math.min(Math.max(first, 1), 100));
}

export async function getProcessingCycle(
  context: ServiceContext,
  id: string,
): Promise<ProcessingCycleView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return (await view(context, { id }, 1))[0] ?? null;
}

export interface RunCycleOptions {
  /** The platform's mode: in production a cycle always processes up to today. */
  production: boolean;
}

/** Queues a processing cycle up to `throughDate` (today by default), moving the clock there outside production. */
export async function requestProcessingCycle(
  context: ServiceContext,
  input: { throughDate?: IsoDate | null },
  options: RunCycleOptions,
): Promise<ProcessingCycleView> {
  const actor = requireTenantActor(context.actor, RUN);
  const today = await context.clock.today();
  const throughDate = input.throughDate ?? today;
  if (!isIsoDate(throughDate)) {
    throw ValidationError.of('input.throughDate', `"${throughDate}" is not a calendar date (YYYY-MM-DD).`);
  }
  if (compareIsoDates(throughDate, today) !== 0) {
    if (options.production) {
      throw new NotAllowedError(`In production processing runs up to today (${today}), not ${throughDate}.`);
    }
    await setBusinessDate(context, throughDate, options);
  }
  const id = await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const cycle = await tx.processingCycle.create({
      data: {
        throughDate: new Date(`${throughDate}T00:00:00Z`),
        status: 'QUEUED',
        requestedBy: 'operator',
        requestedByUserId: actor.userId,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: 'processing_cycle.requested',
      subjectType: 'processing_cycle',
      subjectId: cycle.id,
      details: { throughDate },
    });
    return cycle.id;
  });
  const cycle = await getProcessingCycle(context, id);
  if (!cycle) throw new Error(`Cycle ${id} disappeared`);
  return cycle;
}
