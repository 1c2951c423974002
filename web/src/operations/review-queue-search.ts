import { z } from 'zod';
import type { ReviewQueueState } from '../graphql/generated/graphql.ts';

export type { ReviewQueueState };

export const REVIEW_QUEUE_STATES = [
  'AWAITING_REVIEW',
  'HELD',
  'NOT_SCHEDULABLE',
] as const satisfies readonly ReviewQueueState[];

/** ?state=HELD: one state of the queue, or all of them. */
export const ReviewQueueSearchSchema = z.object({
  state: z.enum(REVIEW_QUEUE_STATES).optional().catch(undefined),
});

/** The API's rule for a decision's reason (ReviewDecisionInput.reason): 3 to 1,000 characters. */
export const ReviewReasonSchema = z
  .string()
  .trim()
  .min(3, 'Give a reason of at least 3 characters; it is kept in the audit log.')
  .max(1000, 'A reason has at most 1,000 characters.');
