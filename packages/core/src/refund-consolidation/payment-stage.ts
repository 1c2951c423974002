// Payment (docs/domain.md, refund payment and Treasury statuses): HELD refunds whose recipient's ACH refund
// enrollment is now active are released; payment instructions go to Treasury through the adapter
// (SENT_TO_TREASURY); Treasury's outcomes come back as TREASURY_ISSUED, or as an ACH return that puts the
// refund back on HOLD until the recipient's bank details change. No interest accrues while a refund is held:
// interest ended at the (re)liquidation date.
//
// The adapter is an external system, so it is never called inside our transactions: release (one
// transaction), submit (idempotent at Treasury), record SENT (one transaction), ask for outcomes, apply them
// and mark the partition done (one transaction). A crash between any two steps is repaired by running the
// partition again.
import type { IsoDate } from '@cape/domain';
import { inTransaction, type SqlClient } from '../processing-cycle/sql.ts';
import {
  type CycleRun,
  lockPendingWorkItem,
  markWorkItemDone,
  type ProcessingRuntime,
  type StageDefinition,
  type WorkItem,
} from '../processing-cycle/stage.ts';
import type { TreasuryOutcome } from './treasury.ts';

const RECIPIENT_AUDIENCE = `CASE WHEN r.recipient_organization_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[r.recipient_organization_id] END`;

async function plan(client: SqlClient, run: CycleRun, runtime: ProcessingRuntime): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO processing_work_items (cycle_id, stage, partition, planned_rows)
     SELECT $1, 'PAYMENT', bucket, count(*)
       FROM (SELECT processing_bucket(r.recipient_party_id, $2) AS bucket
               FROM refunds r
              WHERE r.status = 'HELD'
                AND EXISTS (SELECT 1 FROM ach_refund_enrollments e
                             WHERE e.party_id = r.recipient_party_id AND e.status = 'ACTIVE')
             UNION ALL
             SELECT processing_bucket(r.recipient_party_id, $2)
               FROM treasury_payments tp JOIN refunds r ON r.id = tp.refund_id
              WHERE tp.status IN ('READY', 'SENT')) AS work
      GROUP BY bucket
     ON CONFLICT (cycle_id, stage, partition) DO NOTHING`,
    [run.cycleId, runtime.config.recipientBuckets],
  );
  return rowCount ?? 0;
}

/**
 * $1 buckets, $2 bucket, $3 business date, $4 cycle. A refund held for want of an enrollment is released once
 * the recipient's enrollment is ACTIVE; one held after an ACH return once the enrollment also changed after
 * the payment that came back (new bank details).
 */
const RELEASE = `
WITH held AS MATERIALIZED (
  SELECT r.id, r.recipient_party_id, r.recipient_organization_id, r.payable_cents, r.held_reason,
         e.id AS enrollment_id, e.routing_number, e.account_last4, e.updated_at AS enrollment_changed_at,
         last.attempt AS last_attempt, last.created_at AS last_payment_at
    FROM refunds r
    JOIN ach_refund_enrollments e ON e.party_id = r.recipient_party_id AND e.status = 'ACTIVE'
    LEFT JOIN LATERAL (SELECT tp.attempt, tp.created_at FROM treasury_payments tp
                        WHERE tp.refund_id = r.id ORDER BY tp.attempt DESC LIMIT 1) AS last ON true
   WHERE r.status = 'HELD' AND processing_bucket(r.recipient_party_id, $1) = $2
   FOR UPDATE OF r
), released AS MATERIALIZED (
  SELECT * FROM held
   WHERE held_reason IS DISTINCT FROM 'ACH_RETURNED' OR last_payment_at IS NULL OR enrollment_changed_at > last_payment_at
), payments AS (
  INSERT INTO treasury_payments (id, refund_id, attempt, amount_cents, payee_party_id, enrollment_id, routing_number,
                                 account_last4, status, ready_on)
  SELECT md5('cape-payment|' || id || '|' || (coalesce(last_attempt, 0) + 1))::uuid, id, coalesce(last_attempt, 0) + 1,
         payable_cents, recipient_party_id, enrollment_id, routing_number, account_last4, 'READY', $3::date
    FROM released
), unheld AS (
  UPDATE refunds r SET status = 'PENDING', held_reason = NULL, status_changed_at = now()
    FROM released x WHERE r.id = x.id
), history AS (
  INSERT INTO refund_status_events (refund_id, status, business_date, detail)
  SELECT id, 'PENDING', $3::date, 'released: ACH refund enrollment active' FROM released
)
INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
SELECT $3::date, 'REFUND', r.id::text, 'refund.released', ${RECIPIENT_AUDIENCE}, '{}', $4::uuid,
       jsonb_build_object('attempt', coalesce(r.last_attempt, 0) + 1)
  FROM released r`;

const READY_PAYMENTS = `
  SELECT tp.id, tp.amount_cents, tp.routing_number, tp.account_last4
    FROM treasury_payments tp JOIN refunds r ON r.id = tp.refund_id
   WHERE tp.status = 'READY' AND processing_bucket(r.recipient_party_id, $1) = $2
   ORDER BY tp.id`;

/** $1 payment ids, $2 Treasury references, $3 business date, $4 cycle. */
const RECORD_SENT = `
WITH sent AS (
  UPDATE treasury_payments tp SET status = 'SENT', sent_on = $3::date, treasury_reference = s.reference
    FROM unnest($1::uuid[], $2::text[]) AS s(id, reference)
   WHERE tp.id = s.id AND tp.status = 'READY'
  RETURNING tp.refund_id, tp.attempt, tp.treasury_reference
), changed AS (
  UPDATE refunds r SET status = 'SENT_TO_TREASURY', status_changed_at = now()
    FROM sent s WHERE r.id = s.refund_id
  RETURNING r.id, r.recipient_organization_id, s.treasury_reference, s.attempt
), history AS (
  INSERT INTO refund_status_events (refund_id, status, business_date, detail)
  SELECT id, 'SENT_TO_TREASURY', $3::date, 'Treasury reference ' || treasury_reference FROM changed
)
INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
SELECT $3::date, 'REFUND', r.id::text, 'refund.sent_to_treasury', ${RECIPIENT_AUDIENCE}, '{}', $4::uuid,
       jsonb_build_object('treasuryReference', r.treasury_reference, 'attempt', r.attempt)
  FROM changed r`;

const SENT_PAYMENTS = `
  SELECT tp.id FROM treasury_payments tp JOIN refunds r ON r.id = tp.refund_id
   WHERE tp.status = 'SENT' AND processing_bucket(r.recipient_party_id, $1) = $2
   ORDER BY tp.id`;

/** $1..$4 the outcomes, $5 cycle. */
const APPLY_OUTCOMES = `
WITH outcome AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[]) AS o(id, status, on_date, return_code)
), settled AS (
  UPDATE treasury_payments tp
     SET status = o.status::"TreasuryPaymentStatus",
         issued_on = CASE WHEN o.status = 'ISSUED' THEN o.on_date END,
         returned_on = CASE WHEN o.status = 'RETURNED' THEN o.on_date END,
         return_code = o.return_code
    FROM outcome o
   WHERE tp.id = o.id AND tp.status = 'SENT' AND o.status IN ('ISSUED', 'RETURNED')
  RETURNING tp.refund_id, tp.status, o.on_date, o.return_code
), changed AS (
  UPDATE refunds r
     SET status = (CASE WHEN s.status = 'ISSUED' THEN 'TREASURY_ISSUED' ELSE 'HELD' END)::"RefundStatus",
         held_reason = CASE WHEN s.status = 'RETURNED' THEN 'ACH_RETURNED'::"RefundHoldReason" END,
         status_changed_at = now()
    FROM settled s WHERE r.id = s.refund_id
  RETURNING r.id, r.recipient_organization_id, s.status AS payment_status, s.on_date, s.return_code
), history AS (
  INSERT INTO refund_status_events (refund_id, status, business_date, detail)
  SELECT id, status::"RefundStatus", on_date, detail
    FROM (SELECT id, on_date, 'TREASURY_ISSUED' AS status, NULL AS detail, 1 AS step FROM changed WHERE payment_status = 'ISSUED'
          UNION ALL
          SELECT id, on_date, 'ACH_RETURNED', 'ACH return ' || return_code, 1 FROM changed WHERE payment_status = 'RETURNED'
          UNION ALL
          SELECT id, on_date, 'HELD', 'held after ACH return ' || return_code, 2 FROM changed WHERE payment_status = 'RETURNED'
         ) AS steps
   ORDER BY id, step
)
INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
SELECT r.on_date, 'REFUND', r.id::text,
       CASE WHEN r.payment_status = 'ISSUED' THEN 'refund.treasury_issued' ELSE 'refund.ach_returned' END,
       ${RECIPIENT_AUDIENCE}, '{}', $5::uuid,
       jsonb_build_object('returnCode', r.return_code, 'heldAgain', r.payment_status = 'RETURNED')
  FROM changed r`;

type SettledOutcome = Exclude<TreasuryOutcome, { status: 'PENDING' }>;

function outcomeArrays(outcomes: readonly TreasuryOutcome[]) {
  const settled = outcomes.filter((o): o is SettledOutcome => o.status !== 'PENDING');
  return [
    settled.map((o) => o.paymentId),
    settled.map((o) => o.status),
    settled.map((o): IsoDate => o.on),
    settled.map((o) => (o.status === 'RETURNED' ? o.returnCode : null)),
  ];
}

async function process(runtime: ProcessingRuntime, run: CycleRun, item: WorkItem): Promise<void> {
  const { pool, config, treasury } = runtime;
  const bucket = item.partition;
  const buckets = config.recipientBuckets;
  const pending = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ status: string }>(
      'SELECT status FROM processing_work_items WHERE id = $1',
      [item.id],
    );
    if (rows[0]?.status !== 'PENDING') return false;
    await client.query(RELEASE, [buckets, bucket, run.throughDate, run.cycleId]);
    return true;
  });
  if (!pending) return;

  const ready = (
    await pool.query<{ id: string; amount_cents: string; routing_number: string; account_last4: string }>(
      READY_PAYMENTS,
      [buckets, bucket],
    )
  ).rows;
  if (ready.length > 0) {
    const references = await treasury.submit(
      ready.map((row) => ({
        paymentId: row.id,
        amountCents: BigInt(row.amount_cents),
        routingNumber: row.routing_number,
        accountLast4: row.account_last4,
      })),
      run.throughDate,
    );
    const ids = ready.map((row) => row.id);
    const missing = ids.filter((id) => !references.has(id));
    if (missing.length > 0) throw new Error(`Treasury did not acknowledge payments ${missing.join(', ')}`);
    await inTransaction(pool, (client) =>
      client.query(RECORD_SENT, [ids, ids.map((id) => references.get(id)), run.throughDate, run.cycleId]),
    );
  }

  const sent = (await pool.query<{ id: string }>(SENT_PAYMENTS, [buckets, bucket])).rows.map((row) => row.id);
  const outcomes = await treasury.outcomes(sent, run.throughDate);
  await inTransaction(pool, async (client) => {
    if (!(await lockPendingWorkItem(client, item.id))) return;
    await client.query(APPLY_OUTCOMES, [...outcomeArrays(outcomes), run.cycleId]);
    await markWorkItemDone(client, item.id, ready.length + sent.length);
  });
}

export const paymentStage: StageDefinition = { stage: 'PAYMENT', plan, process };
