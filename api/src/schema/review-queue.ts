// The operator's review queue: entries an automatic check flagged, entries on hold, entries CBP's timing
// rule left without a date; hold and release with a reason (audited).
import {
  holdEntry,
  listReviewQueue,
  REVIEW_QUEUE_STATES,
  type ReviewFlagView,
  type ReviewQueueItem,
  releaseEntry,
} from '@cape/core';
import { formatEntryNumber } from '@cape/domain';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { ForbiddenError, NotAllowedError, NotSignedInError, ValidationError } from '../errors.ts';

const ReviewQueueStateEnum = builder.enumType('ReviewQueueState', {
  description:
    'AWAITING_REVIEW: an automatic check flagged it. HELD: an operator holds it. NOT_SCHEDULABLE: no (re)liquidation date is left under CBP’s rule.',
  values: REVIEW_QUEUE_STATES,
});

const ReviewFlagRef = builder.objectRef<ReviewFlagView>('ReviewFlag').implement({
  fields: (t) => ({ code: t.exposeString('code'), description: t.exposeString('description') }),
});

const ReviewQueueItemRef = builder.objectRef<ReviewQueueItem>('ReviewQueueItem').implement({
  description: 'An accepted entry waiting for CBP operations staff.',
  fields: (t) => ({
    id: t.id({ resolve: (item) => item.entrySummaryId.toString() }),
    entryNumber: t.exposeString('entryNumber'),
    formattedEntryNumber: t.string({ resolve: (item) => formatEntryNumber(item.entryNumber) }),
    claimNumber: t.exposeString('claimNumber'),
    importerNumber: t.exposeString('importerNumber'),
    importerName: t.exposeString('importerName'),
    acceptanceDate: t.expose('acceptanceDate', { type: 'Date' }),
    state: t.exposeString('state', {
      description: 'The entry’s processing state (a ReviewQueueState value).',
    }),
    flags: t.field({ type: [ReviewFlagRef], resolve: (item) => item.flags }),
    principalCents: t.expose('principalCents', { type: 'Cents' }),
    liquidationKind: t.exposeString('liquidationKind', { nullable: true }),
    scheduledDate: t.expose('scheduledDate', { type: 'Date', nullable: true }),
    reliquidationDeadline: t.expose('reliquidationDeadline', { type: 'Date', nullable: true }),
    scheduleNote: t.exposeString('scheduleNote', { nullable: true }),
    reviewReason: t.exposeString('reviewReason', { nullable: true }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
  }),
});

const ReviewQueuePageRef = builder
  .objectRef<{ items: ReviewQueueItem[]; nextCursor: string | null }>('ReviewQueuePage')
  .implement({
    fields: (t) => ({
      items: t.field({ type: [ReviewQueueItemRef], resolve: (page) => page.items }),
      nextCursor: t.exposeString('nextCursor', {
        nullable: true,
        description: 'Pass as `after` for the next page.',
      }),
    }),
  });

builder.queryField('reviewQueue', (t) =>
  t.field({
    type: ReviewQueuePageRef,
    description: 'Entries waiting for an operator, in entry order (CBP operations staff).',
    authScopes: { permission: 'operations:review' },
    args: {
      states: t.arg({ type: [ReviewQueueStateEnum], required: false }),
      first: t.arg.int({ required: false, description: 'At most 200; default 50.' }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      if (args.after != null && !/^\d{1,19}$/.test(args.after)) {
        throw new GraphQLError('Invalid cursor: use nextCursor from a previous page.', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      const first = args.first ?? 50;
      if (first < 1 || first > 200) {
        throw new GraphQLError('first is between 1 and 200.', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const items = await listReviewQueue(serviceContextOf(context), {
        first: first + 1,
        after: args.after == null ? undefined : BigInt(args.after),
        states: args.states ?? undefined,
      });
      const page = items.slice(0, first);
      return {
        items: page,
        nextCursor: items.length > first ? page.at(-1)!.entrySummaryId.toString() : null,
      };
    },
  }),
);

const ReviewDecisionInput = builder.inputType('ReviewDecisionInput', {
  fields: (t) => ({
    entryNumber: t.string({ required: true, description: 'With or without hyphens.' }),
    reason: t.string({ required: true, description: 'Why (3 to 1,000 characters); audited.' }),
  }),
});

const REVIEW_ERRORS = [ValidationError, ForbiddenError, NotAllowedError, NotSignedInError];

const ReviewDecisionSuccess = builder
  .objectRef<ReviewQueueItem>('ReviewDecisionSuccess')
  .implement({ fields: (t) => ({ entry: t.field({ type: ReviewQueueItemRef, resolve: (item) => item }) }) });

builder.mutationField('holdEntry', (t) =>
  t.field({
    type: ReviewDecisionSuccess,
    description: 'Holds an entry that is not yet (re)liquidated; it waits until released.',
    authScopes: { permission: 'operations:review' },
    errors: { types: REVIEW_ERRORS, directResult: true, union: { name: 'HoldEntryResult' } },
    args: { input: t.arg({ type: ReviewDecisionInput, required: true }) },
    resolve: (_root, { input }, context) => holdEntry(serviceContextOf(context), input),
  }),
);

builder.mutationField('releaseEntry', (t) =>
  t.field({
    type: ReviewDecisionSuccess,
    description:
      'Releases a flagged or held entry back to CBP’s schedule (a date that passed while it waited moves to the next processing day, never past the 90-day reliquidation limit).',
    authScopes: { permission: 'operations:review' },
    errors: { types: REVIEW_ERRORS, directResult: true, union: { name: 'ReleaseEntryResult' } },
    args: { input: t.arg({ type: ReviewDecisionInput, required: true }) },
    resolve: (_root, { input }, context) => releaseEntry(serviceContextOf(context), input),
  }),
);
