// CAPE processing cycles: the operator runs processing up to a business date (outside production the
// business clock moves there) and follows its progress stage by stage.
import {
  getProcessingCycle,
  listProcessingCycles,
  type ProcessingCycleView,
  requestProcessingCycle,
  type StageProgress,
} from '@cape/core';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { ForbiddenError, NotAllowedError, NotSignedInError, ValidationError } from '../errors.ts';

/** The clock never moves in production (NODE_ENV=production): a cycle there always runs up to today. */
const production = process.env.NODE_ENV === 'production';

const ProcessingCycleStatusEnum = builder.enumType('ProcessingCycleStatus', {
  values: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const,
});
const ProcessingStageEnum = builder.enumType('ProcessingStage', {
  description:
    'MASS_PROCESSING: IEEPA lines removed, entries checked and scheduled. LIQUIDATION: due entries (re)liquidated with interest and recipient. CONSOLIDATION: one refund per recipient and date, debts offset, held or approved. PAYMENT: held refunds released, payments sent to Treasury, Treasury outcomes applied.',
  values: ['MASS_PROCESSING', 'LIQUIDATION', 'CONSOLIDATION', 'PAYMENT'] as const,
});

const StageProgressRef = builder.objectRef<StageProgress>('ProcessingStageProgress').implement({
  fields: (t) => ({
    stage: t.field({ type: ProcessingStageEnum, resolve: (progress) => progress.stage }),
    workItems: t.exposeInt('workItems', {
      description: 'Partitions planned (0: not reached, or nothing to do).',
    }),
    workItemsDone: t.exposeInt('workItemsDone'),
    plannedRows: t.exposeInt('plannedRows', {
      description: 'Entries (or refunds) the partitions were planned with.',
    }),
    processedRows: t.exposeInt('processedRows'),
  }),
});

const ProcessingCycleRef = builder.objectRef<ProcessingCycleView>('ProcessingCycle').implement({
  description: 'One run of CAPE processing up to a business date.',
  fields: (t) => ({
    id: t.exposeID('id'),
    throughDate: t.expose('throughDate', { type: 'Date' }),
    status: t.field({ type: ProcessingCycleStatusEnum, resolve: (cycle) => cycle.status }),
    stage: t.field({ type: ProcessingStageEnum, nullable: true, resolve: (cycle) => cycle.stage }),
    requestedBy: t.exposeString('requestedBy', {
      description: '"operator", "schedule", or what asked for it.',
    }),
    error: t.exposeString('error', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    stages: t.field({ type: [StageProgressRef], resolve: (cycle) => cycle.stages }),
  }),
});

builder.queryField('processingCycles', (t) =>
  t.field({
    type: [ProcessingCycleRef],
    description: 'The latest processing cycles, newest first (operators).',
    authScopes: { permission: 'processing:run' },
    args: { first: t.arg.int({ required: false, description: 'At most 100; default 20.' }) },
    resolve: (_root, args, context) => listProcessingCycles(serviceContextOf(context), args.first ?? 20),
  }),
);

builder.queryField('processingCycle', (t) =>
  t.field({
    type: ProcessingCycleRef,
    nullable: true,
    description: 'One processing cycle with its progress (poll it while it runs).',
    authScopes: { permission: 'processing:run' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => getProcessingCycle(serviceContextOf(context), String(args.id)),
  }),
);

const RunProcessingCycleInput = builder.inputType('RunProcessingCycleInput', {
  fields: (t) => ({
    throughDate: t.field({
      type: 'Date',
      required: false,
      description:
        'Process up to this business date (default today). Outside production the business clock moves to it first.',
    }),
  }),
});

const RunProcessingCycleSuccess = builder
  .objectRef<ProcessingCycleView>('RunProcessingCycleSuccess')
  .implement({
    fields: (t) => ({ cycle: t.field({ type: ProcessingCycleRef, resolve: (cycle) => cycle }) }),
  });

builder.mutationField('runProcessingCycle', (t) =>
  t.field({
    type: RunProcessingCycleSuccess,
    description: 'Queues a processing cycle; the worker starts it at once (one cycle runs at a time).',
    authScopes: { permission: 'processing:run' },
    errors: {
      types: [ValidationError, ForbiddenError, NotAllowedError, NotSignedInError],
      directResult: true,
      union: { name: 'RunProcessingCycleResult' },
    },
    args: { input: t.arg({ type: RunProcessingCycleInput, required: false }) },
    resolve: (_root, args, context) =>
      requestProcessingCycle(
        serviceContextOf(context),
        { throughDate: args.input?.throughDate ?? null },
        { production },
      ),
  }),
);
