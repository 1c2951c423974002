// Refund consolidation (docs/domain.md, consolidation key, debts, no ACH refund enrollment): liquidated
// entries become one refund per (recipient, liquidation or reliquidation date), across declarations, with
// principal and interest kept apart and entry-level detail. Closing a refund offsets the recipient's
// outstanding debts first, oldest first, each offset recorded (FUNDS_DIVERTED when debts take all of it);
// a recipient without an active ACH refund enrollment has its refund HELD; otherwise a payment instruction
// is made ready for Treasury (the payment stage sends it).
//
// A partition is a recipient bucket (processing_bucket), so two workers never touch the same refund, debt or
// enrollment. Refund ids and numbers are derived from the key, so a rerun or another worker produces the
// very same rows.
import { audienceSql } from '../processing-cycle/outbox.ts';
import type { SqlClient } from '../processing-cycle/sql.ts';
import { type CycleRun, processInOneTransaction, type StageDefinition } from '../processing-cycle/stage.ts';

async function plan(client: SqlClient, run: CycleRun): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO processing_work_items (cycle_id, stage, partition, planned_rows)
     SELECT $1, 'CONSOLIDATION', recipient_bucket, count(*)
       FROM entry_processing
      WHERE state = 'LIQUIDATED' AND liquidated_on <= $2::date
      GROUP BY recipient_bucket
     ON CONFLICT (cycle_id, stage, partition) DO NOTHING`,
    [run.cycleId, run.throughDate],
  );
  return rowCount ?? 0;
}

/** The recipient of an optional organization as an outbox audience. */
const RECIPIENT_AUDIENCE = `CASE WHEN recipient_organization_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[recipient_organization_id] END`;

/**
 * $1 bucket, $2 business date, $3 cycle. Liquidated entries of the bucket join the refund of their key: a new
 * one, or (when the key's refund was already closed before this entry's liquidation became known) a
 * supplementary one. Returns the refunds created.
 */
const CONSOLIDATE = `
WITH due AS MATERIALIZED (
  SELECT p.entry_summary_id, p.declaration_id, p.declarant_organization_id, p.filer_organization_id,
         p.importer_organization_id, p.recipient_party_id, p.liquidated_on, p.principal_cents, p.interest_cents,
         p.interest_rates_version, p.claim_number, e.deposit_date, e.entry_number, s.supplement,
         md5('cape-refund|' || p.recipient_party_id || '|' || p.liquidated_on || '|' || s.supplement)::uuid AS refund_id
    FROM entry_processing p
    JOIN entry_summaries e ON e.id = p.entry_summary_id
    CROSS JOIN LATERAL (SELECT coalesce(max(r.supplement) + 1, 0) AS supplement FROM refunds r
                         WHERE r.recipient_party_id = p.recipient_party_id AND r.liquidation_date = p.liquidated_on) AS s
   WHERE p.state = 'LIQUIDATED' AND p.recipient_bucket = $1 AND p.liquidated_on <= $2::date
), created AS (
  INSERT INTO refunds (id, refund_number, recipient_party_id, recipient_organization_id, liquidation_date,
                       principal_cents, interest_cents, offset_cents, payable_cents, status, supplement)
  SELECT d.refund_id, 'CR' || to_char(d.liquidated_on, 'YYMMDD') || '-' || upper(left(md5(d.refund_id::text), 10)),
         d.recipient_party_id, pt.organization_id, d.liquidated_on, sum(d.principal_cents), sum(d.interest_cents), 0,
         sum(d.principal_cents) + sum(d.interest_cents), 'PENDING', d.supplement
    FROM due d JOIN parties pt ON pt.id = d.recipient_party_id
   GROUP BY d.refund_id, d.recipient_party_id, pt.organization_id, d.liquidated_on, d.supplement
  RETURNING id, recipient_organization_id, principal_cents, interest_cents, liquidation_date
), detail AS (
  INSERT INTO refund_entries (refund_id, entry_summary_id, declaration_id, entry_number, claim_number,
                              principal_cents, interest_cents, deposit_date, liquidation_date, rates_version)
  SELECT refund_id, entry_summary_id, declaration_id, entry_number, claim_number, principal_cents, interest_cents,
         deposit_date, liquidated_on, interest_rates_version
    FROM due
), attached AS (
  UPDATE entry_processing p
     SET state = 'REFUNDED', refund_id = d.refund_id, state_changed_on = $2::date, updated_at = now()
    FROM due d
   WHERE p.entry_summary_id = d.entry_summary_id
  RETURNING p.entry_summary_id, p.declaration_id, p.declarant_organization_id, p.filer_organization_id,
            p.importer_organization_id, p.refund_id
), history AS (
  INSERT INTO refund_status_events (refund_id, status, business_date, detail)
  SELECT id, 'PENDING', $2::date, 'consolidated' FROM created
), refund_events AS (
  INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
  SELECT $2::date, 'REFUND', id::text, 'refund.created', ${RECIPIENT_AUDIENCE}, '{}', $3::uuid,
         jsonb_build_object('liquidationDate', liquidation_date, 'principalCents', principal_cents::text,
                            'interestCents', interest_cents::text)
    FROM created
), entry_events AS (
  INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
  SELECT $2::date, 'ENTRY', declaration_id::text, 'entry.refunded',
         ${audienceSql('declarant_organization_id', 'filer_organization_id', 'importer_organization_id')},
         array_agg(entry_summary_id ORDER BY entry_summary_id), $3::uuid,
         jsonb_build_object('declarationId', declaration_id, 'refundId', refund_id, 'entries', count(*))
    FROM attached
   GROUP BY declaration_id, declarant_organization_id, filer_organization_id, importer_organization_id, refund_id
)
SELECT id, (SELECT count(*) FROM due)::int AS entries FROM created`;

/**
 * $1 the refunds to close, $2 business date, $3 cycle. Debts are allocated oldest first across the
 * recipient's refunds in (date, supplement) order: refund k covers the interval of cumulative amounts
 * (C_k - gross_k, C_k], debt j the interval (D_j - owed_j, D_j]; the offset is their overlap.
 */
const CLOSE = `
WITH closing AS MATERIALIZED (
  SELECT r.id, r.recipient_party_id, r.recipient_organization_id, r.principal_cents + r.interest_cents AS gross,
         sum(r.principal_cents + r.interest_cents)
           OVER (PARTITION BY r.recipient_party_id ORDER BY r.liquidation_date, r.supplement) AS cumulative
    FROM refunds r WHERE r.id = ANY ($1::uuid[]) AND r.closed_on IS NULL
), owed AS MATERIALIZED (
  SELECT d.id, d.party_id, d.outstanding_cents AS amount,
         sum(d.outstanding_cents) OVER (PARTITION BY d.party_id ORDER BY d.incurred_on, d.bill_number) AS cumulative
    FROM debts d
   WHERE d.party_id IN (SELECT recipient_party_id FROM closing) AND d.outstanding_cents > 0 AND d.incurred_on <= $2::date
), allocation AS MATERIALIZED (
  SELECT c.id AS refund_id, o.id AS debt_id,
         least(c.cumulative, o.cumulative) - greatest(c.cumulative - c.gross, o.cumulative - o.amount) AS amount
    FROM closing c JOIN owed o ON o.party_id = c.recipient_party_id
   WHERE least(c.cumulative, o.cumulative) > greatest(c.cumulative - c.gross, o.cumulative - o.amount)
), offsets AS (
  INSERT INTO refund_offsets (id, refund_id, debt_id, amount_cents, applied_on)
  SELECT md5('cape-offset|' || refund_id || '|' || debt_id)::uuid, refund_id, debt_id, amount, $2::date FROM allocation
), paid_debts AS (
  UPDATE debts d SET outstanding_cents = d.outstanding_cents - a.total
    FROM (SELECT debt_id, sum(amount) AS total FROM allocation GROUP BY debt_id) AS a
   WHERE d.id = a.debt_id
), decided AS MATERIALIZED (
  SELECT c.id, c.recipient_party_id, c.recipient_organization_id, coalesce(a.total, 0) AS offset_cents,
         c.gross - coalesce(a.total, 0) AS payable, en.id AS enrollment_id, en.routing_number, en.account_last4,
         CASE WHEN c.gross - coalesce(a.total, 0) = 0 THEN 'FUNDS_DIVERTED'
              WHEN en.id IS NULL THEN 'HELD' ELSE 'PENDING' END AS status
    FROM closing c
    LEFT JOIN (SELECT refund_id, sum(amount) AS total FROM allocation GROUP BY refund_id) AS a ON a.refund_id = c.id
    LEFT JOIN ach_refund_enrollments en ON en.party_id = c.recipient_party_id AND en.status = 'ACTIVE'
), closed AS (
  UPDATE refunds r
     SET offset_cents = d.offset_cents, payable_cents = d.payable, status = d.status::"RefundStatus",
         closed_on = $2::date, status_changed_at = now(),
         held_reason = CASE WHEN d.status = 'HELD' THEN 'NO_ACH_ENROLLMENT'::"RefundHoldReason" END
    FROM decided d WHERE r.id = d.id
), payments AS (
  INSERT INTO treasury_payments (id, refund_id, attempt, amount_cents, payee_party_id, enrollment_id, routing_number,
                                 account_last4, status, ready_on)
  SELECT md5('cape-payment|' || id || '|1')::uuid, id, 1, payable, recipient_party_id, enrollment_id, routing_number,
         account_last4, 'READY', $2::date
    FROM decided WHERE status = 'PENDING'
), history AS (
  INSERT INTO refund_status_events (refund_id, status, business_date, detail)
  SELECT id, status::"RefundStatus", $2::date,
         CASE status WHEN 'HELD' THEN 'no active ACH refund enrollment' ELSE 'debts offset the whole refund' END
    FROM decided WHERE status <> 'PENDING'
)
INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
SELECT $2::date, 'REFUND', id::text,
       CASE status WHEN 'HELD' THEN 'refund.held' WHEN 'FUNDS_DIVERTED' THEN 'refund.funds_diverted'
                   ELSE 'refund.approved' END,
       ${RECIPIENT_AUDIENCE}, '{}', $3::uuid,
       jsonb_build_object('offsetCents', offset_cents::text, 'payableCents', payable::text)
  FROM decided`;

/** Consolidates and closes one recipient bucket in the caller's transaction; returns the entries refunded. */
export async function consolidateBucket(client: SqlClient, bucket: number, run: CycleRun): Promise<number> {
  const created = (
    await client.query<{ id: string; entries: number }>(CONSOLIDATE, [bucket, run.throughDate, run.cycleId])
  ).rows;
  if (created.length === 0) return 0;
  const refundIds = created.map((row) => row.id);
  // The recipients' debts are locked in a fixed order before they are read for allocation.
  await client.query(
    `SELECT d.id FROM debts d
      WHERE d.party_id IN (SELECT recipient_party_id FROM refunds WHERE id = ANY ($1::uuid[]))
      ORDER BY d.id FOR UPDATE`,
    [refundIds],
  );
  await client.query(CLOSE, [refundIds, run.throughDate, run.cycleId]);
  return created[0]!.entries;
}

export const consolidationStage: StageDefinition = {
  stage: 'CONSOLIDATION',
  plan: (client, run) => plan(client, run),
  process: (runtime, run, item) =>
    processInOneTransaction(runtime, item, (client) => consolidateBucket(client, item.partition, run)),
};
