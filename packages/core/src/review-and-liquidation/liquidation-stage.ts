// CAPE liquidation and reliquidation (docs/domain.md, liquidation timing): entries whose scheduled date has
// come (and that no operator holds) are (re)liquidated on that date; entries that kept an extended,
// suspended or under-review status are refunded once ACE liquidates them (an ingestion update). Each gets its
// interest from deposit to the (re)liquidation date (computeInterest's rule, one exact factor per deposit
// date, end date and corporate flag) and its refund recipient (chooseRefundRecipient), both recorded on the
// entry. A partition is a range of entries; one read, the domain's answers per entry, one set-based write.
import { type IsoDate, OVERPAYMENT_RATE_TABLE } from '@cape/domain';
import { audienceSql } from '../processing-cycle/outbox.ts';
import { type SqlClient, toBigInt } from '../processing-cycle/sql.ts';
import {
  type CycleRun,
  type ProcessingRuntime,
  processInOneTransaction,
  type StageDefinition,
} from '../processing-cycle/stage.ts';
import {
  decideLiquidation,
  decisionArrays,
  liquidatingEntry,
  RecipientFacts,
} from './liquidation-decisions.ts';

/** Entries due on or before the cycle's date ($1): scheduled ones, and ACE-liquidated ones we waited for. */
const DUE_CONDITION = `
  ((p.state = 'SCHEDULED' AND p.scheduled_date <= $1::date)
   OR (p.state = 'AWAITING_LIQUIDATION' AND e.liquidation_status = 'LIQUIDATED' AND e.liquidation_date <= $1::date))`;

async function plan(client: SqlClient, run: CycleRun, runtime: ProcessingRuntime): Promise<number> {
  const { rowCount } = await client.query(
    `WITH due AS (
       SELECT p.entry_summary_id FROM entry_processing p
        WHERE p.state = 'SCHEDULED' AND p.scheduled_date <= $1::date
       UNION ALL
       SELECT p.entry_summary_id FROM entry_processing p JOIN entry_summaries e ON e.id = p.entry_summary_id
        WHERE p.state = 'AWAITING_LIQUIDATION' AND e.liquidation_status = 'LIQUIDATED' AND e.liquidation_date <= $1::date
     ), numbered AS (
       SELECT entry_summary_id, ((row_number() OVER (ORDER BY entry_summary_id) - 1) / $3)::int AS part FROM due)
     INSERT INTO processing_work_items (cycle_id, stage, partition, range_low, range_high, planned_rows)
     SELECT $2, 'LIQUIDATION', part, min(entry_summary_id), max(entry_summary_id), count(*)
       FROM numbered GROUP BY part
     ON CONFLICT (cycle_id, stage, partition) DO NOTHING`,
    [run.throughDate, run.cycleId, runtime.config.batchEntries],
  );
  return rowCount ?? 0;
}

interface DueEntryRow {
  id: string;
  liquidation_kind: 'LIQUIDATION' | 'RELIQUIDATION' | 'ACE_LIQUIDATION';
  scheduled_date: IsoDate | null;
  ace_liquidation_date: IsoDate | null;
  principal_cents: string;
  deposit_date: IsoDate;
  corporate: boolean;
  ior_party_id: string;
  ior_number: string;
  notify_number: string | null;
}

const SELECT_DUE = `
  SELECT p.entry_summary_id AS id, p.liquidation_kind, p.scheduled_date, e.liquidation_date AS ace_liquidation_date,
         p.principal_cents, e.deposit_date, ior.corporate, ior.id AS ior_party_id, ior.party_number AS ior_number,
         np.party_number AS notify_number
    FROM entry_processing p
    JOIN entry_summaries e ON e.id = p.entry_summary_id
    JOIN parties ior ON ior.id = e.importer_party_id
    LEFT JOIN parties np ON np.id = e.notify_party_id
   WHERE p.entry_summary_id BETWEEN $2 AND $3 AND ${DUE_CONDITION}
   ORDER BY p.entry_summary_id`;

/** $1 business date, $2 cycle, $3 rates version, $4 bucket count, then the per-entry arrays. */
const LIQUIDATE = `
WITH decided AS (
  SELECT * FROM unnest($5::bigint[], $6::date[], $7::bigint[], $8::int[], $9::uuid[], $10::text[], $11::text[])
    AS d(id, liquidated_on, interest, days, recipient, reason, flag)
), changed AS (
  UPDATE entry_processing p
     SET state = (CASE WHEN d.flag IS NULL THEN 'LIQUIDATED' ELSE 'AWAITING_REVIEW' END)::"EntryProcessingState",
         review_flags = CASE WHEN d.flag IS NULL THEN p.review_flags ELSE array_append(p.review_flags, d.flag) END,
         liquidated_on = CASE WHEN d.flag IS NULL THEN d.liquidated_on END,
         interest_cents = d.interest, interest_days = d.days, interest_rates_version = $3,
         recipient_party_id = d.recipient, recipient_reason = d.reason,
         recipient_bucket = CASE WHEN d.recipient IS NULL THEN NULL ELSE processing_bucket(d.recipient, $4) END,
         state_changed_on = $1::date, updated_at = now()
    FROM decided d
   WHERE p.entry_summary_id = d.id AND p.state IN ('SCHEDULED', 'AWAITING_LIQUIDATION')
  RETURNING p.entry_summary_id, p.declaration_id, p.declarant_organization_id, p.filer_organization_id,
            p.importer_organization_id, p.state, p.liquidation_kind, p.liquidated_on
), ace_status AS (
  UPDATE entry_summaries e
     SET liquidation_status = 'LIQUIDATED', liquidation_date = c.liquidated_on
    FROM changed c
   WHERE e.id = c.entry_summary_id AND c.state = 'LIQUIDATED' AND c.liquidation_kind IN ('LIQUIDATION', 'RELIQUIDATION')
)
INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
SELECT $1::date, 'ENTRY', declaration_id::text,
       CASE WHEN state = 'AWAITING_REVIEW' THEN 'entry.flagged'
            WHEN liquidation_kind = 'RELIQUIDATION' THEN 'entry.reliquidated'
            WHEN liquidation_kind = 'LIQUIDATION' THEN 'entry.liquidated'
            ELSE 'entry.liquidated_by_ace' END,
       ${audienceSql('declarant_organization_id', 'filer_organization_id', 'importer_organization_id')},
       array_agg(entry_summary_id ORDER BY entry_summary_id), $2::uuid,
       jsonb_build_object('declarationId', declaration_id, 'liquidatedOn', liquidated_on, 'entries', count(*))
  FROM changed
 GROUP BY declaration_id, declarant_organization_id, filer_organization_id, importer_organization_id, state,
          liquidation_kind, liquidated_on`;

/** Liquidates the due entries with ids in [low, high] in the caller's transaction; returns how many. */
export async function liquidateDueEntries(
  client: SqlClient,
  range: { low: string; high: string },
  run: CycleRun,
  runtime: ProcessingRuntime,
): Promise<number> {
  const due = (await client.query<DueEntryRow>(SELECT_DUE, [run.throughDate, range.low, range.high])).rows;
  if (due.length === 0) return 0;
  const facts = await RecipientFacts.load(
    client,
    due.map((row) => row.ior_party_id),
  );
  const liquidatedOn = due.map(
    (row) =>
      (row.liquidation_kind === 'ACE_LIQUIDATION' ? row.ace_liquidation_date : row.scheduled_date) as IsoDate,
  );
  const decisions = decisionArrays(
    due.map((row, index) =>
      decideLiquidation(liquidatingEntry(row, toBigInt(row.principal_cents), liquidatedOn[index]!), facts),
    ),
  );
  await client.query(LIQUIDATE, [
    run.throughDate,
    run.cycleId,
    OVERPAYMENT_RATE_TABLE.version,
    runtime.config.recipientBuckets,
    due.map((row) => row.id),
    liquidatedOn,
    decisions.interest,
    decisions.days,
    decisions.recipient,
    decisions.reason,
    decisions.flag,
  ]);
  return due.length;
}

export const liquidationStage: StageDefinition = {
  stage: 'LIQUIDATION',
  plan,
  process: (runtime, run, item) =>
    processInOneTransaction(runtime, item, (client) =>
      liquidateDueEntries(
        client,
        { low: item.rangeLow as string, high: item.rangeHigh as string },
        run,
        runtime,
      ),
    ),
};
