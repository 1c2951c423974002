// CAPE mass processing (docs/domain.md, after acceptance): each accepted entry gets a new entry-summary
// version, reason CAPE_IEEPA_REMOVED, without its refundable IEEPA Chapter 99 tariffs and their duty, with the
// totals recalculated; earlier versions stay. In the same transaction the automatic review checks run and
// CBP's liquidation timing schedules the entry; when its date has already come (a cycle catching up), the
// entry is (re)liquidated in the same write, with the liquidation stage's decisions.
//
// A partition is a group of accepted declarations (about `batchEntries` entries). Per partition: one read of
// the entries, one read of their distinct (HTS number, entry date, has duty) for the domain's verdicts, one
// statement that writes the versions, lines, tariffs, entry totals, processing rows and outbox events, and
// one that records the declarations as processed. A crash anywhere rolls the whole partition back.
import { compareIsoDates, type IsoDate, OVERPAYMENT_RATE_TABLE } from '@cape/domain';
import { audienceSql } from '../processing-cycle/outbox.ts';
import type { SqlClient } from '../processing-cycle/sql.ts';
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
} from '../review-and-liquidation/liquidation-decisions.ts';
import type { ReviewFlag } from '../review-and-liquidation/review-flags.ts';
import { type EntrySchedule, scheduleEntry } from '../review-and-liquidation/schedule.ts';
import { verdictArrays } from './tariff-verdicts.ts';

const ACCEPTED_DECLARATION = `d.status IN ('ACCEPTED', 'ACCEPTED_WITH_ERRORS')`;

/** Accepted declarations up to the cycle's date that are not yet recorded as processed. */
const PENDING_DECLARATIONS = `
  SELECT d.id FROM cape_declarations d
   WHERE ${ACCEPTED_DECLARATION} AND d.filing_date <= $1::date AND d.accepted_count > 0
     AND NOT EXISTS (SELECT 1 FROM declaration_processing dp WHERE dp.declaration_id = d.id)`;

async function plan(client: SqlClient, run: CycleRun, runtime: ProcessingRuntime): Promise<number> {
  // Their accepted entries without a processing row, cut into ranges of about batchEntries entry ids: entries
  // next to each other in id order share pages, so a partition reads and writes few pages (and little WAL).
  const { rowCount } = await client.query(
    `WITH pending AS (
       SELECT de.entry_summary_id AS id
         FROM (${PENDING_DECLARATIONS}) AS d
         JOIN declaration_entries de ON de.declaration_id = d.id AND de.outcome = 'ACCEPTED'
        WHERE NOT EXISTS (SELECT 1 FROM entry_processing p WHERE p.entry_summary_id = de.entry_summary_id)),
     numbered AS (SELECT id, ((row_number() OVER (ORDER BY id) - 1) / $3)::int AS part FROM pending)
     INSERT INTO processing_work_items (cycle_id, stage, partition, range_low, range_high, planned_rows)
     SELECT $2, 'MASS_PROCESSING', part, min(id), max(id), count(*) FROM numbered GROUP BY part
     ON CONFLICT (cycle_id, stage, partition) DO NOTHING`,
    [run.throughDate, run.cycleId, runtime.config.batchEntries],
  );
  return rowCount ?? 0;
}

interface AcceptedEntryRow {
  id: string;
  entry_type: string;
  liquidation_status: 'UNLIQUIDATED' | 'LIQUIDATED' | 'EXTENDED' | 'SUSPENDED' | 'UNDER_REVIEW' | 'FINAL';
  liquidation_date: IsoDate | null;
  acceptance_date: IsoDate;
  summary_status: string;
  ieepa_duty_paid_by_surety: boolean;
  accepted_principal: string | null;
  deposit_date: IsoDate;
  corporate: boolean;
  ior_party_id: string;
  ior_number: string;
  notify_number: string | null;
}

/** Accepted entries (declared up to the cycle's date) in the partition's id range without a processing row. */
const SELECT_ACCEPTED_ENTRIES = `
  SELECT e.id, e.entry_type, e.liquidation_status, e.liquidation_date, d.filing_date AS acceptance_date,
         e.summary_status, e.ieepa_duty_paid_by_surety, de.ieepa_principal_cents AS accepted_principal,
         e.deposit_date, ior.corporate, ior.id AS ior_party_id, ior.party_number AS ior_number,
         np.party_number AS notify_number
    FROM declaration_entries de
    JOIN cape_declarations d ON d.id = de.declaration_id
    JOIN entry_summaries e ON e.id = de.entry_summary_id
    JOIN parties ior ON ior.id = e.importer_party_id
    LEFT JOIN parties np ON np.id = e.notify_party_id
   WHERE de.entry_summary_id BETWEEN $1 AND $2 AND de.outcome = 'ACCEPTED' AND ${ACCEPTED_DECLARATION}
     AND d.filing_date <= $3::date
     AND NOT EXISTS (SELECT 1 FROM entry_processing p WHERE p.entry_summary_id = e.id)
   ORDER BY e.id`;

/** The partition's current tariffs, read once into a temporary table (dropped at commit). */
const COPY_TARIFFS = `
  CREATE TEMP TABLE mass_tariffs ON COMMIT DROP AS
  SELECT e.id AS entry_id, e.entry_date, l.id AS line_id, t.sequence, t.hts_number, t.tariff_class, t.rate_text,
         t.duty_cents
    FROM entry_summaries e
    JOIN entry_lines l ON l.entry_summary_id = e.id AND l.version_number = e.current_version
    JOIN entry_line_tariffs t ON t.entry_line_id = l.id
   WHERE e.id = ANY ($1::bigint[])`;

const SELECT_VERDICT_KEYS = `
  SELECT DISTINCT hts_number, entry_date, duty_cents > 0 AS has_duty FROM mass_tariffs`;

/**
 * The partition's one write. Parameters: $1..$4 the tariff verdicts; $5..$12 the entries with their schedule
 * and the flags found in TypeScript; $13 the business date, $14 the cycle, $15 the large-refund threshold,
 * $16 the timing version; $17..$22 the (re)liquidation of entries already due (computed on the accepted
 * principal, so it stands only when no check flags the entry), $23 the rates version, $24 the bucket count.
 */
const MASS_PROCESS = `
WITH verdict AS (
  SELECT * FROM unnest($1::text[], $2::date[], $3::boolean[], $4::text[]) AS v(hts_number, entry_date, has_duty, action)
), planned AS (
  SELECT * FROM unnest($5::bigint[], $6::text[], $7::date[], $8::date[], $9::date[], $10::text[], $11::text[], $12::text[],
                       $17::date[], $18::bigint[], $19::int[], $20::uuid[], $21::text[], $22::text[])
    AS p(id, liquidation_kind, scheduled_date, original_liquidation_date, deadline, schedule_state, schedule_note, flags,
         liquidated_on, interest, interest_days, recipient, recipient_reason, liquidation_flag)
), batch AS MATERIALIZED (
  SELECT p.*, de.declaration_id, de.row_number, de.ieepa_principal_cents AS accepted_principal,
         d.organization_id AS declarant_id, d.claim_number, d.filing_date,
         e.filer_organization_id, e.importer_organization_id, e.importer_party_id, e.current_version, e.entry_date
    FROM planned p
    JOIN entry_summaries e ON e.id = p.id
    JOIN declaration_entries de ON de.entry_summary_id = e.id AND de.outcome = 'ACCEPTED'
    JOIN cape_declarations d ON d.id = de.declaration_id AND d.status IN ('ACCEPTED', 'ACCEPTED_WITH_ERRORS')
), tariffs AS MATERIALIZED (
  SELECT t.entry_id, t.line_id, t.sequence, t.hts_number, t.tariff_class, t.rate_text, t.duty_cents,
         coalesce(v.action, 'MALFORMED') AS action
    FROM mass_tariffs t
    LEFT JOIN verdict v ON v.hts_number = t.hts_number AND v.entry_date = t.entry_date AND v.has_duty = (t.duty_cents > 0)
), sums AS (
  SELECT entry_id,
         coalesce(sum(duty_cents) FILTER (WHERE action = 'REFUND'), 0) AS principal,
         coalesce(sum(duty_cents) FILTER (WHERE action IN ('KEEP', 'KEEP_UNREFUNDED')), 0) AS kept,
         coalesce(sum(duty_cents) FILTER (WHERE action = 'KEEP_UNREFUNDED'), 0) AS unrefunded,
         bool_or(action = 'MALFORMED') AS malformed
    FROM tariffs GROUP BY entry_id
), checked AS (
  SELECT b.*, coalesce(s.principal, 0) AS principal, coalesce(s.kept, 0) AS kept,
         coalesce(s.unrefunded, 0) AS unrefunded, coalesce(s.malformed, false) AS malformed,
         array_remove(string_to_array(b.flags, ',') || ARRAY[
           CASE WHEN s.malformed THEN 'MALFORMED_HTS_NUMBER' END,
           CASE WHEN NOT coalesce(s.malformed, false) AND coalesce(s.principal, 0) = 0 THEN 'ZERO_PRINCIPAL' END,
           CASE WHEN NOT coalesce(s.malformed, false) AND b.accepted_principal IS DISTINCT FROM coalesce(s.principal, 0)
                THEN 'PRINCIPAL_CHANGED_SINCE_ACCEPTANCE' END,
           CASE WHEN coalesce(s.principal, 0) >= $15::bigint THEN 'LARGE_REFUND' END,
           CASE WHEN coalesce(s.unrefunded, 0) > 0 THEN 'UNREFUNDED_IEEPA_DUTY' END,
           b.liquidation_flag
         ]::text[], NULL) AS review_flags
    FROM batch b LEFT JOIN sums s ON s.entry_id = b.id
), entries AS MATERIALIZED (
  SELECT c.*,
         CASE WHEN cardinality(c.review_flags) > 0 THEN 'AWAITING_REVIEW'
              WHEN c.liquidated_on IS NOT NULL THEN 'LIQUIDATED'
              ELSE c.schedule_state END AS final_state
    FROM checked c
), new_lines AS MATERIALIZED (
  SELECT l.id AS old_id, nextval('entry_lines_id_seq') AS new_id, l.entry_summary_id,
         en.current_version + 1 AS version_number, l.line_number, l.country_of_origin, l.entered_value_cents
    FROM entries en
    JOIN entry_lines l ON l.entry_summary_id = en.id AND l.version_number = en.current_version
   WHERE NOT en.malformed
), new_versions AS (
  INSERT INTO entry_summary_versions (entry_summary_id, version_number, reason, total_duty_cents)
  SELECT id, current_version + 1, 'CAPE_IEEPA_REMOVED', kept FROM entries WHERE NOT malformed
), copied_lines AS (
  INSERT INTO entry_lines (id, entry_summary_id, version_number, line_number, country_of_origin, entered_value_cents)
  SELECT new_id, entry_summary_id, version_number, line_number, country_of_origin, entered_value_cents FROM new_lines
), kept_tariffs AS (
  INSERT INTO entry_line_tariffs (entry_line_id, sequence, hts_number, tariff_class, rate_text, duty_cents)
  SELECT nl.new_id, t.sequence, t.hts_number, t.tariff_class, t.rate_text, t.duty_cents
    FROM tariffs t JOIN new_lines nl ON nl.old_id = t.line_id
   WHERE t.action IN ('KEEP', 'KEEP_UNREFUNDED')
), new_totals AS (
  UPDATE entry_summaries e
     SET current_version = en.current_version + 1, total_duty_cents = en.kept, ieepa_duty_cents = en.unrefunded,
         liquidation_status = CASE WHEN en.final_state = 'LIQUIDATED' THEN 'LIQUIDATED' ELSE e.liquidation_status END,
         liquidation_date = CASE WHEN en.final_state = 'LIQUIDATED' THEN en.liquidated_on ELSE e.liquidation_date END
    FROM entries en
   WHERE e.id = en.id AND NOT en.malformed
), processed AS (
  INSERT INTO entry_processing (
    entry_summary_id, declaration_id, declaration_row_number, claim_number, declarant_organization_id,
    filer_organization_id, importer_organization_id, importer_party_id, acceptance_date, state, state_changed_on,
    source_version, cape_version, principal_cents, unrefunded_ieepa_cents, review_flags, liquidation_kind,
    scheduled_date, original_liquidation_date, reliquidation_deadline, schedule_note, timing_version,
    liquidated_on, interest_cents, interest_days, interest_rates_version, recipient_party_id, recipient_reason,
    recipient_bucket)
  SELECT id, declaration_id, row_number, claim_number, declarant_id, filer_organization_id, importer_organization_id,
         importer_party_id, filing_date, final_state::"EntryProcessingState", $13::date, current_version,
         CASE WHEN malformed THEN NULL ELSE current_version + 1 END, principal, unrefunded, review_flags,
         liquidation_kind::"LiquidationKind", scheduled_date, original_liquidation_date, deadline, schedule_note, $16,
         CASE WHEN final_state = 'LIQUIDATED' THEN liquidated_on END,
         CASE WHEN final_state = 'LIQUIDATED' THEN interest END,
         CASE WHEN final_state = 'LIQUIDATED' THEN interest_days END,
         CASE WHEN final_state = 'LIQUIDATED' THEN $23 END,
         CASE WHEN final_state = 'LIQUIDATED' THEN recipient END,
         CASE WHEN final_state = 'LIQUIDATED' THEN recipient_reason END,
         CASE WHEN final_state = 'LIQUIDATED' THEN processing_bucket(recipient, $24) END
    FROM entries
  RETURNING entry_summary_id, declaration_id, declarant_organization_id, filer_organization_id,
            importer_organization_id, state, principal_cents, liquidation_kind, liquidated_on
)
INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
SELECT $13::date, 'ENTRY'::"OutboxSubject", declaration_id::text, 'entry.mass_processed',
       ${audienceSql('declarant_organization_id', 'filer_organization_id', 'importer_organization_id')},
       array_agg(entry_summary_id ORDER BY entry_summary_id), $14::uuid,
       jsonb_build_object('declarationId', declaration_id, 'state', state, 'entries', count(*),
                          'principalCents', sum(principal_cents)::text)
  FROM processed
 GROUP BY declaration_id, declarant_organization_id, filer_organization_id, importer_organization_id, state
UNION ALL
SELECT $13::date, 'ENTRY'::"OutboxSubject", declaration_id::text,
       CASE WHEN liquidation_kind = 'RELIQUIDATION' THEN 'entry.reliquidated' ELSE 'entry.liquidated' END,
       ${audienceSql('declarant_organization_id', 'filer_organization_id', 'importer_organization_id')},
       array_agg(entry_summary_id ORDER BY entry_summary_id), $14::uuid,
       jsonb_build_object('declarationId', declaration_id, 'liquidatedOn', liquidated_on, 'entries', count(*))
  FROM processed
 WHERE state = 'LIQUIDATED'
 GROUP BY declaration_id, declarant_organization_id, filer_organization_id, importer_organization_id, liquidation_kind,
          liquidated_on`;

/**
 * When the stage is done: records the declarations whose accepted entries all have a processing row (the
 * intake watermark), with their events. $1 business date, $2 cycle.
 */
const MARK_DECLARATIONS = `
WITH complete AS (
  SELECT d.id, d.organization_id,
         (SELECT count(*) FROM declaration_entries de WHERE de.declaration_id = d.id AND de.outcome = 'ACCEPTED') AS entries
    FROM (${PENDING_DECLARATIONS}) AS pending
    JOIN cape_declarations d ON d.id = pending.id
   WHERE NOT EXISTS (SELECT 1 FROM declaration_entries de
                      WHERE de.declaration_id = d.id AND de.outcome = 'ACCEPTED'
                        AND NOT EXISTS (SELECT 1 FROM entry_processing p WHERE p.entry_summary_id = de.entry_summary_id))
), marked AS (
  INSERT INTO declaration_processing (declaration_id, organization_id, mass_processed_on, entries)
  SELECT id, organization_id, $1::date, entries FROM complete
  ON CONFLICT (declaration_id) DO NOTHING
  RETURNING declaration_id, organization_id, entries)
INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids, entry_summary_ids, cycle_id, payload)
SELECT $1::date, 'DECLARATION', declaration_id::text, 'declaration.mass_processed', ARRAY[organization_id], '{}', $2::uuid,
       jsonb_build_object('entries', entries)
  FROM marked`;

function flagsOf(row: AcceptedEntryRow): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  if (row.summary_status !== 'ACCEPTED') flags.push('SUMMARY_NOT_ACCEPTED');
  if (row.ieepa_duty_paid_by_surety) flags.push('SURETY_PAID_IEEPA_DUTY');
  return flags;
}

/** Mass processes the accepted entries with ids in [low, high] in the caller's transaction; returns how many. */
export async function massProcessEntries(
  client: SqlClient,
  range: { low: string; high: string },
  run: CycleRun,
  runtime: ProcessingRuntime,
): Promise<number> {
  const entries = (
    await client.query<AcceptedEntryRow>(SELECT_ACCEPTED_ENTRIES, [range.low, range.high, run.throughDate])
  ).rows;
  if (entries.length > 0) {
    const ids = entries.map((row) => row.id);
    await client.query(COPY_TARIFFS, [ids]);
    const keys = (
      await client.query<{ hts_number: string; entry_date: IsoDate; has_duty: boolean }>(SELECT_VERDICT_KEYS)
    ).rows.map((row) => ({ htsNumber: row.hts_number, entryDate: row.entry_date, hasDuty: row.has_duty }));
    const verdicts = verdictArrays(keys);
    const schedules = entries.map((row) =>
      scheduleEntry({
        entryType: row.entry_type,
        liquidationStatus: row.liquidation_status,
        liquidationDate: row.liquidation_date,
        acceptanceDate: row.acceptance_date,
      }),
    );
    const flags = entries.map(flagsOf);
    const liquidations = await liquidationsAlreadyDue(client, entries, schedules, flags, run.throughDate);
    await client.query(MASS_PROCESS, [
      verdicts.htsNumbers,
      verdicts.entryDates,
      verdicts.hasDuty,
      verdicts.actions,
      ids,
      schedules.map((s) => s.kind),
      schedules.map((s) => s.date),
      schedules.map((s) => s.originalLiquidationDate),
      schedules.map((s) => s.deadline),
      schedules.map((s) => s.state),
      schedules.map((s) => s.note),
      flags.map((list) => list.join(',')),
      run.throughDate,
      run.cycleId,
      runtime.config.largeRefundReviewCents.toString(),
      schedules[0]!.timingVersion,
      liquidations.liquidatedOn,
      liquidations.interest,
      liquidations.days,
      liquidations.recipient,
      liquidations.reason,
      liquidations.flag,
      OVERPAYMENT_RATE_TABLE.version,
      runtime.config.recipientBuckets,
    ]);
  }
  return entries.length;
}

/**
 * The (re)liquidation of entries whose scheduled date is on or before the cycle's date (as the liquidation
 * stage would decide it), on the accepted principal: the write keeps it only when the computed principal
 * agrees and no check flags the entry.
 */
async function liquidationsAlreadyDue(
  client: SqlClient,
  entries: readonly AcceptedEntryRow[],
  schedules: readonly EntrySchedule[],
  flags: readonly ReviewFlag[][],
  throughDate: IsoDate,
) {
  const due = entries.map(
    (row, index) =>
      flags[index]!.length === 0 &&
      row.accepted_principal !== null &&
      schedules[index]!.state === 'SCHEDULED' &&
      compareIsoDates(schedules[index]!.date as IsoDate, throughDate) <= 0,
  );
  const facts = due.some(Boolean)
    ? await RecipientFacts.load(
        client,
        entries.filter((_, index) => due[index]).map((row) => row.ior_party_id),
      )
    : null;
  const decisions = entries.map((row, index) =>
    due[index] && facts
      ? decideLiquidation(
          liquidatingEntry(row, BigInt(row.accepted_principal as string), schedules[index]!.date as IsoDate),
          facts,
        )
      : null,
  );
  return {
    liquidatedOn: decisions.map((d, index) => (d?.ok ? schedules[index]!.date : null)),
    ...decisionArrays(decisions),
  };
}

export const massProcessingStage: StageDefinition = {
  stage: 'MASS_PROCESSING',
  plan,
  process: (runtime, run, item) =>
    processInOneTransaction(runtime, item, (client) =>
      massProcessEntries(
        client,
        { low: item.rangeLow as string, high: item.rangeHigh as string },
        run,
        runtime,
      ),
    ),
  complete: async (client, run) => {
    await client.query(MARK_DECLARATIONS, [run.throughDate, run.cycleId]);
  },
};
