// Settings of CAPE processing (docs/processing.md). Every worker of a deployment must run with the same
// values: they decide review flags and partitions, and the results must not depend on which worker ran.
import { z } from 'zod';

export interface TreasurySimulationConfig {
  /** Calendar days from Treasury receiving a payment to issuing it. */
  issueDelayDays: number;
  /** Calendar days from receiving a payment to reporting it returned (for the routing numbers below). */
  returnDelayDays: number;
  /** Payments to these routing numbers come back (ACH return R03: no account / unable to locate). */
  returnRoutingNumbers: readonly string[];
}

export interface ProcessingConfig {
  /** Entries per mass-processing or liquidation partition (one transaction each). */
  batchEntries: number;
  /** Recipient buckets: consolidation and payment partitions. */
  recipientBuckets: number;
  /** Refunds of at least this principal wait for an operator (compliance review). */
  largeRefundReviewCents: bigint;
  /** A partition's statement running longer is aborted (and retried): a stuck lock or plan never blocks forever. */
  statementTimeoutMs: number;
  treasury: TreasurySimulationConfig;
}

export const DEFAULT_PROCESSING_CONFIG: ProcessingConfig = Object.freeze({
  batchEntries: 5_000,
  recipientBuckets: 32,
  largeRefundReviewCents: 100_000_000n,
  statementTimeoutMs: 120_000,
  treasury: Object.freeze({
    issueDelayDays: 3,
    returnDelayDays: 2,
    // A routing number that passes the ABA checksum, reserved for the demo's bouncing account.
    returnRoutingNumbers: Object.freeze(['011000028']),
  }),
});

const ROUTING = /^\d{9}$/;

const ProcessingEnvironment = z.object({
  PROCESSING_BATCH_ENTRIES: z.coerce.number().int().min(1).max(50_000).optional(),
  PROCESSING_RECIPIENT_BUCKETS: z.coerce.number().int().min(1).max(1024).optional(),
  REVIEW_LARGE_REFUND_CENTS: z
    .string()
    .regex(/^\d{1,18}$/, 'REVIEW_LARGE_REFUND_CENTS is a whole number of cents')
    .optional(),
  TREASURY_ISSUE_DELAY_DAYS: z.coerce.number().int().min(0).max(60).optional(),
  TREASURY_RETURN_DELAY_DAYS: z.coerce.number().int().min(0).max(60).optional(),
  TREASURY_RETURN_ROUTING_NUMBERS: z
    .string()
    .refine(
      (value) => value.trim() === '' || value.split(',').every((routing) => ROUTING.test(routing.trim())),
      'TREASURY_RETURN_ROUTING_NUMBERS is a comma-separated list of 9-digit routing numbers',
    )
    .optional(),
});

/** The configuration from the environment (unset variables keep the defaults); throws on a bad value. */
export function processingConfigFromEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): ProcessingConfig {
  const parsed = ProcessingEnvironment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid processing configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const defaults = DEFAULT_PROCESSING_CONFIG;
  return {
    batchEntries: env.PROCESSING_BATCH_ENTRIES ?? defaults.batchEntries,
    recipientBuckets: env.PROCESSING_RECIPIENT_BUCKETS ?? defaults.recipientBuckets,
    largeRefundReviewCents:
      env.REVIEW_LARGE_REFUND_CENTS === undefined
        ? defaults.largeRefundReviewCents
        : BigInt(env.REVIEW_LARGE_REFUND_CENTS),
    statementTimeoutMs: defaults.statementTimeoutMs,
    treasury: {
      issueDelayDays: env.TREASURY_ISSUE_DELAY_DAYS ?? defaults.treasury.issueDelayDays,
      returnDelayDays: env.TREASURY_RETURN_DELAY_DAYS ?? defaults.treasury.returnDelayDays,
      returnRoutingNumbers:
        env.TREASURY_RETURN_ROUTING_NUMBERS === undefined
          ? defaults.treasury.returnRoutingNumbers
          : env.TREASURY_RETURN_ROUTING_NUMBERS.split(',')
              .map((routing) => routing.trim())
              .filter((routing) => routing !== ''),
    },
  };
}
