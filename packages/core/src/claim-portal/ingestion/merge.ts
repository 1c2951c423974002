// The set-based half of ingestion, on the staged rows (staging.ts), in the ingestion's transaction and under
// the uploader's row-level security: checks across rows and against the database, then the merge into the
// entry-summary tables (INSERT ... SELECT and UPDATE ... FROM, in the definer function the
// ingestion_definer_writes migration defines). No statement here runs per entry.
import type pg from 'pg';
import type { RowError } from './row-validation.ts';

/** The message of ACE condition 864 (docs/domain.md 4.4): a post-summary correction while a CAPE refund is in process. */
export const PSC_NOT_ALLOWED_MESSAGE = 'PSC NOT ALLOWED - REFUND REQUESTED';

/** Above this many filer organizations in one file, the file locks ingestion as a whole. */
const MAX_ORGANIZATION_LOCKS = 64;
// Arbitrary constants naming the ingestion's advisory locks.
const INGESTION_LOCK_CLASS = 7_340_214;

export interface MergeCounts {
  entryCount: number;
  createdCount: number;
  updatedCount: number;
  versionedCount: number;
  unchangedCount: number;
  /** Entries on an accepted declaration whose liquidation status or date this file changed. */
  liquidationChangesAfterAcceptance: { entrySummaryId: string; entryNumber: string }[];
}

/**
 * Serializes ingestions that touch the same filer organization's entries (two files creating or correcting
 * the same entry at once would otherwise collide on its unique number or version). Locks are per filer
 * organization, shared with a whole-ingestion lock that a file spanning very many organizations takes alone.
 */
export async function lockFilerOrganizations(client: pg.ClientBase): Promise<void> {
  const organizations = await client.query<{ organization_id: string }>(
    `SELECT DISTINCT f.organization_id
       FROM (SELECT DISTINCT filer_code FROM ingest_rows) r
       JOIN filer_codes f ON f.code = r.filer_code
      ORDER BY 1`,
  );
  if (organizations.rows.length > MAX_ORGANIZATION_LOCKS) {
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [INGESTION_LOCK_CLASS]);
    return;
  }
  await client.query('SELECT pg_advisory_xact_lock_shared($1, 0)', [INGESTION_LOCK_CLASS]);
  for (const { organization_id } of organizations.rows) {
    await client.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [
      INGESTION_LOCK_CLASS + 1,
      organization_id,
    ]);
  }
}

// One row per entry: its header as first written, its totals from the domain's per-tariff verdicts, the
// current state of the entry when it exists (visible to the uploader under row-level security), and what
// a re-ingestion changes.
const BUILD_ENTRIES = `
  CREATE TEMPORARY TABLE ingest_entries ON COMMIT DROP AS
  WITH firsts AS (
    SELECT DISTINCT ON (entry_number) * FROM ingest_rows ORDER BY entry_number, row_number
  ), totals AS (
    SELECT entry_number,
           md5(string_agg(concat_ws('|', line_number, country_of_origin, entered_value_cents, tariff_sequence,
                                    hts_number, rate_text, duty_cents),
                          E'\\n' ORDER BY line_number, tariff_sequence, row_number)) AS lines_digest
      FROM ingest_rows GROUP BY entry_number
  )
  SELECT f.row_number AS first_row, f.entry_number, f.filer_code, f.entry_type, f.ior_number, f.ior_number_kind,
         f.notify_party_number, f.notify_party_number_kind, f.port_code, f.entry_date, f.deposit_date,
         f.summary_status, f.liquidation_status, f.liquidation_date, f.reconciliation_flagged,
         f.reconciliation_entry_filed, f.drawback_designated, f.open_protest, f.adcvd_pending_liquidation_1504d,
         f.ieepa_duty_paid_by_surety, f.in_ace,
         t.lines_digest,
         fc.organization_id AS filer_organization_id,
         NULL::uuid AS importer_party_id, NULL::"PartyKind" AS importer_party_kind,
         NULL::uuid AS importer_organization_id,
         NULL::uuid AS notify_party_id, NULL::"PartyKind" AS notify_party_kind,
         e.id AS existing_id, e.current_version AS existing_version, e.entry_type AS existing_entry_type,
         e.importer_party_id AS existing_importer_party_id, e.notify_party_id AS existing_notify_party_id,
         e.port_code AS existing_port_code, e.entry_date AS existing_entry_date,
         e.deposit_date AS existing_deposit_date, e.liquidation_status AS existing_liquidation_status,
         e.liquidation_date AS existing_liquidation_date,
         (e.summary_status, e.liquidation_status, e.liquidation_date, e.reconciliation_flagged,
          e.reconciliation_entry_filed, e.drawback_designated, e.open_protest, e.adcvd_pending_liquidation_1504d,
          e.ieepa_duty_paid_by_surety, e.in_ace)
           IS DISTINCT FROM
         (f.summary_status, f.liquidation_status, f.liquidation_date, f.reconciliation_flagged,
          f.reconciliation_entry_filed, f.drawback_designated, f.open_protest, f.adcvd_pending_liquidation_1504d,
          f.ieepa_duty_paid_by_surety, f.in_ace) AS status_changed,
         false AS content_changed,
         NULL::text[] AS changed_parts,
         NULL::text AS accepted_claim_number,
         -- A new entry gets its id now (ids of refused files are simply never used) and version 1.
         CASE WHEN e.id IS NULL THEN nextval(pg_get_serial_sequence('entry_summaries', 'id')) ELSE e.id END
           AS entry_id,
         CASE WHEN e.id IS NULL THEN 1 END AS new_version,
         CASE WHEN e.id IS NULL THEN 'ORIGINAL'::"EntryVersionReason" END AS version_reason
    FROM firsts f
    JOIN totals t USING (entry_number)
    LEFT JOIN filer_codes fc ON fc.code = f.filer_code
    LEFT JOIN entry_summaries e ON e.entry_number = f.entry_number;
  CREATE UNIQUE INDEX ON ingest_entries (entry_number);
  ANALYZE ingest_entries;
`;

// The lines of each existing entry's current version, digested exactly as the staged lines are.
const DIGEST_EXISTING_LINES = `
  CREATE TEMPORARY TABLE ingest_existing_lines ON COMMIT DROP AS
  SELECT l.entry_summary_id,
         md5(string_agg(concat_ws('|', l.line_number, l.country_of_origin, l.entered_value_cents, t.sequence,
                                  t.hts_number, t.rate_text, t.duty_cents),
                        E'\\n' ORDER BY l.line_number, t.sequence)) AS lines_digest
    FROM ingest_entries x
    JOIN entry_lines l ON l.entry_summary_id = x.existing_id AND l.version_number = x.existing_version
    JOIN entry_line_tariffs t ON t.entry_line_id = l.id
   GROUP BY l.entry_summary_id;
  CREATE UNIQUE INDEX ON ingest_existing_lines (entry_summary_id);
`;

/**
 * Who ingests decides which definer functions serve the file: a filer's (which check that the session's
 * organization owns filer codes, and write only its entries) or the operator's (executable only by the
 * operator's database role). See the ingestion_definer_writes migration.
 */
export type IngestingRole = 'filer' | 'operator';

// Unknown party numbers become parties (a definer function: other accounts' parties are invisible to a
// filer); a number used as both IOR and notify party in one file is registered as an importer of record.
const resolveParties = (role: IngestingRole) => `
  CREATE TEMPORARY TABLE ingest_parties ON COMMIT DROP AS
  WITH wanted AS (
    SELECT DISTINCT ON (party_number) party_number, kind, number_kind
      FROM (SELECT ior_number AS party_number, 'IMPORTER_OF_RECORD'::"PartyKind" AS kind,
                   ior_number_kind AS number_kind, 0 AS preference
              FROM ingest_entries
            UNION ALL
            SELECT notify_party_number, 'NOTIFY_PARTY'::"PartyKind", notify_party_number_kind, 1
              FROM ingest_entries WHERE notify_party_number IS NOT NULL) w
     ORDER BY party_number, preference
  )
  SELECT * FROM ${role === 'operator' ? 'app_operator_ingest_resolve_parties' : 'app_ingest_resolve_parties'}(
    (SELECT coalesce(array_agg(party_number ORDER BY party_number), '{}') FROM wanted),
    (SELECT coalesce(array_agg(kind ORDER BY party_number), '{}') FROM wanted),
    (SELECT coalesce(array_agg(number_kind ORDER BY party_number), '{}') FROM wanted));
  CREATE UNIQUE INDEX ON ingest_parties (party_number);
`;

// One pass over the entries: their parties, and what a re-ingestion changes beyond status and flags (any
// such change is a post-summary correction, a new version).
const MARK_PARTIES_AND_CHANGES = `
  UPDATE ingest_entries s
     SET importer_party_id = i.party_id, importer_party_kind = i.kind, importer_organization_id = i.organization_id,
         notify_party_id = n.party_id, notify_party_kind = n.kind,
         changed_parts = c.parts, content_changed = cardinality(c.parts) > 0,
         new_version = CASE WHEN cardinality(c.parts) > 0 THEN x.existing_version + 1 ELSE x.new_version END,
         version_reason = CASE WHEN cardinality(c.parts) > 0 THEN 'POST_SUMMARY_CORRECTION'::"EntryVersionReason"
                               ELSE x.version_reason END
    FROM ingest_entries x
    JOIN ingest_parties i ON i.party_number = x.ior_number
    LEFT JOIN ingest_parties n ON n.party_number = x.notify_party_number
    LEFT JOIN ingest_existing_lines d ON d.entry_summary_id = x.existing_id
   CROSS JOIN LATERAL (SELECT CASE WHEN x.existing_id IS NULL THEN '{}'::text[] ELSE array_remove(ARRAY[
            CASE WHEN x.lines_digest IS DISTINCT FROM d.lines_digest THEN 'lines' END,
            CASE WHEN x.entry_type <> x.existing_entry_type THEN 'entry type' END,
            CASE WHEN x.port_code <> x.existing_port_code THEN 'port code' END,
            CASE WHEN x.deposit_date <> x.existing_deposit_date THEN 'deposit date' END,
            CASE WHEN n.party_id IS DISTINCT FROM x.existing_notify_party_id THEN 'notify party' END], NULL)
          END AS parts) c
   WHERE s.entry_number = x.entry_number;
  ANALYZE ingest_entries;
`;

// The entries a content change or a liquidation change touches, locked so that a CAPE declaration cannot
// accept one between this check and the commit; then which of them are on an accepted declaration. For a
// filer through a definer function (the declaration may be another account's, e.g. the importer's own
// filing); the operator sees every declaration.
const ACCEPTED_FOR_FILER = `app_entries_on_accepted_declarations((SELECT coalesce(array_agg(id), '{}') FROM touched))`;
const ACCEPTED_FOR_OPERATOR = `(
  SELECT DISTINCT ON (de.entry_summary_id) de.entry_summary_id, d.claim_number
    FROM declaration_entries de JOIN cape_declarations d ON d.id = de.declaration_id
   WHERE de.outcome = 'ACCEPTED' AND de.entry_summary_id IN (SELECT id FROM touched)
   ORDER BY de.entry_summary_id, d.submitted_at)`;
const lockAndFindAccepted = (role: IngestingRole) => `
  WITH touched AS (
    SELECT e.id FROM entry_summaries e JOIN ingest_entries s ON s.existing_id = e.id
     WHERE s.content_changed
        OR s.liquidation_status IS DISTINCT FROM s.existing_liquidation_status
        OR s.liquidation_date IS DISTINCT FROM s.existing_liquidation_date
     ORDER BY e.id
       FOR UPDATE OF e
  )
  UPDATE ingest_entries s SET accepted_claim_number = a.claim_number
    FROM ${role === 'operator' ? ACCEPTED_FOR_OPERATOR : ACCEPTED_FOR_FILER} a
   WHERE a.entry_summary_id = s.existing_id
`;

const yesNo = (column: string) => `CASE WHEN ${column} THEN 'Y' ELSE 'N' END`;

// Each check writes its row errors into ingest_errors. First the checks of the file itself and of who may
// send it; $1 is the text for an unknown filer code, which depends on who uploads (for a filer, other
// filers' codes are invisible and read as "not yours").
const FILE_CHECKS: readonly string[] = [
  // The same tariff sequence twice on one line.
  `INSERT INTO ingest_errors
   SELECT row_number, 'Tariff Sequence', tariff_sequence::text,
          format('Line %s of entry %s already has tariff sequence %s (row %s).', line_number, entry_number,
                 tariff_sequence, first_row),
          'Give each tariff number of a line its own sequence (1, 2, 3 ...), or delete the repeated row.'
     FROM (SELECT r.*, first_value(row_number) OVER w AS first_row, row_number() OVER w AS n
             FROM ingest_rows r
           WINDOW w AS (PARTITION BY entry_number, line_number, tariff_sequence ORDER BY row_number)) x
    WHERE n > 1`,
  // Header fields that differ from the entry's first row.
  `INSERT INTO ingest_errors
   SELECT r.row_number, c.column_name, c.value,
          format('%s is "%s" here but "%s" on row %s of the same entry %s.', c.column_name,
                 coalesce(c.value, ''), coalesce(c.first_value, ''), s.first_row, r.entry_number),
          format('An entry''s header fields are the same on all its rows: correct this row or row %s.', s.first_row)
     FROM ingest_rows r
     JOIN ingest_entries s USING (entry_number)
    CROSS JOIN LATERAL (VALUES
      ('Entry Type', r.entry_type::text, s.entry_type::text),
      ('IOR Number', r.ior_number, s.ior_number),
      ('Notify Party Number', r.notify_party_number, s.notify_party_number),
      ('Port Code', r.port_code::text, s.port_code::text),
      ('Entry Date', r.entry_date::text, s.entry_date::text),
      ('Deposit Date', r.deposit_date::text, s.deposit_date::text),
      ('Summary Status', r.summary_status::text, s.summary_status::text),
      ('Liquidation Status', r.liquidation_status::text, s.liquidation_status::text),
      ('Liquidation Date', r.liquidation_date::text, s.liquidation_date::text),
      ('Reconciliation Flagged', ${yesNo('r.reconciliation_flagged')}, ${yesNo('s.reconciliation_flagged')}),
      ('Reconciliation Entry Filed', ${yesNo('r.reconciliation_entry_filed')}, ${yesNo('s.reconciliation_entry_filed')}),
      ('Drawback Designated', ${yesNo('r.drawback_designated')}, ${yesNo('s.drawback_designated')}),
      ('Open Protest', ${yesNo('r.open_protest')}, ${yesNo('s.open_protest')}),
      ('ADCVD 1504d Pending', ${yesNo('r.adcvd_pending_liquidation_1504d')}, ${yesNo('s.adcvd_pending_liquidation_1504d')}),
      ('IEEPA Paid By Surety', ${yesNo('r.ieepa_duty_paid_by_surety')}, ${yesNo('s.ieepa_duty_paid_by_surety')}),
      ('In ACE', ${yesNo('r.in_ace')}, ${yesNo('s.in_ace')})
    ) AS c(column_name, value, first_value)
    WHERE r.row_number <> s.first_row
      AND (r.entry_type, r.ior_number, r.notify_party_number, r.port_code, r.entry_date, r.deposit_date,
           r.summary_status, r.liquidation_status, r.liquidation_date, r.reconciliation_flagged,
           r.reconciliation_entry_filed, r.drawback_designated, r.open_protest, r.adcvd_pending_liquidation_1504d,
           r.ieepa_duty_paid_by_surety, r.in_ace)
          IS DISTINCT FROM
          (s.entry_type, s.ior_number, s.notify_party_number, s.port_code, s.entry_date, s.deposit_date,
           s.summary_status, s.liquidation_status, s.liquidation_date, s.reconciliation_flagged,
           s.reconciliation_entry_filed, s.drawback_designated, s.open_protest, s.adcvd_pending_liquidation_1504d,
           s.ieepa_duty_paid_by_surety, s.in_ace)
      AND c.value IS DISTINCT FROM c.first_value`,
  // Line fields that differ from the line's first row.
  `INSERT INTO ingest_errors
   SELECT x.row_number, c.column_name, c.value,
          format('%s is "%s" here but "%s" on row %s, the first row of line %s of entry %s.', c.column_name,
                 c.value, c.first_value, x.first_row, x.line_number, x.entry_number),
          format('A line''s country and entered value are the same on all its rows: correct this row or row %s.',
                 x.first_row)
     FROM (SELECT r.*, first_value(row_number) OVER w AS first_row,
                  first_value(country_of_origin) OVER w AS first_country,
                  first_value(entered_value_cents) OVER w AS first_value_cents
             FROM ingest_rows r
           WINDOW w AS (PARTITION BY entry_number, line_number ORDER BY row_number)) x
    CROSS JOIN LATERAL (VALUES
      ('Country Of Origin', x.country_of_origin::text, x.first_country::text),
      ('Entered Value', to_char(x.entered_value_cents / 100.0, 'FM999999999999990.00'),
                        to_char(x.first_value_cents / 100.0, 'FM999999999999990.00'))
    ) AS c(column_name, value, first_value)
    WHERE x.row_number <> x.first_row AND c.value <> c.first_value`,
  // A line needs the Chapter 1-97 number that classifies its goods.
  `INSERT INTO ingest_errors
   SELECT min(row_number), 'HTS Number', NULL,
          format('Line %s of entry %s has only Chapter 99 numbers; every line has the Chapter 1-97 number that classifies its goods.',
                 line_number, entry_number),
          'Add a row for the line''s Chapter 1-97 HTS number (with its rate and duty, Free and 0.00 if none).'
     FROM ingest_rows
    GROUP BY entry_number, line_number
   HAVING bool_and(tariff_class <> 'HTS_CHAPTER_1_97')`,
  // The filer code (the entry number's first three characters) must be the uploader's, or exist at all.
  `INSERT INTO ingest_errors
   SELECT first_row, 'Entry Number', entry_number, format($1, filer_code),
          'Upload only entries filed under your own filer codes; another filer''s entries reach CAPE through that filer.'
     FROM ingest_entries WHERE filer_organization_id IS NULL`,
];

// Then, for a file whose entries the uploader may send, the checks against what is on file.
const DATABASE_CHECKS: readonly string[] = [
  // Party numbers registered as the other kind of party.
  `INSERT INTO ingest_errors
   SELECT first_row, 'IOR Number', ior_number,
          format('%s is registered as a Form 4811 notify party, not an importer of record.', ior_number),
          'Check the importer of record number on the entry summary.'
     FROM ingest_entries WHERE importer_party_kind <> 'IMPORTER_OF_RECORD'
   UNION ALL
   SELECT first_row, 'Notify Party Number', notify_party_number,
          format('%s is registered as an importer of record, not a Form 4811 notify party.', notify_party_number),
          'Check the notify party number in box 28 of the entry summary, or leave it empty.'
     FROM ingest_entries WHERE notify_party_kind <> 'NOTIFY_PARTY'`,
  // What identifies an entry summary in ACE cannot change through a correction.
  `INSERT INTO ingest_errors
   SELECT first_row, 'IOR Number', ior_number,
          format('Entry %s is on file for another importer of record; the importer of record of an entry summary cannot change.',
                 entry_number),
          'Check the entry number and the IOR number. An entry filed for the wrong importer is cancelled in ACE and filed again under a new entry number.'
     FROM ingest_entries WHERE existing_id IS NOT NULL AND importer_party_id <> existing_importer_party_id
   UNION ALL
   SELECT first_row, 'Entry Date', entry_date::text,
          format('Entry %s is on file with entry date %s; the entry date cannot change.', entry_number,
                 existing_entry_date),
          'Check the entry number and the entry date.'
     FROM ingest_entries WHERE existing_id IS NOT NULL AND entry_date <> existing_entry_date`,
  // ACE condition 864: no post-summary correction while a CAPE refund is in process.
  `INSERT INTO ingest_errors
   SELECT first_row, 'Entry Number', entry_number,
          format('${PSC_NOT_ALLOWED_MESSAGE} (ACE condition 864): entry %s is on accepted CAPE declaration %s, so its %s cannot change.',
                 entry_number, accepted_claim_number, array_to_string(changed_parts, ', ')),
          'Upload the entry with the lines and header it has on file; status, liquidation and flag changes are still accepted.'
     FROM ingest_entries WHERE content_changed AND accepted_claim_number IS NOT NULL`,
];

/**
 * Checks across rows and against the database, writing what they find into ingest_errors. When the file
 * names filer codes that are not the uploader's, nothing else is looked up: the file is refused for that,
 * and no party is resolved (let alone registered) for entries the uploader may not send.
 */
export async function runSetChecks(
  client: pg.ClientBase,
  options: { role: IngestingRole; unknownFilerCodeProblem: string },
): Promise<void> {
  await client.query('ANALYZE ingest_rows');
  await lockFilerOrganizations(client);
  await client.query(BUILD_ENTRIES);
  for (const check of FILE_CHECKS) {
    if (check.includes('$1')) await client.query(check, [options.unknownFilerCodeProblem]);
    else await client.query(check);
  }
  const foreign = await client.query(
    'SELECT 1 FROM ingest_entries WHERE filer_organization_id IS NULL LIMIT 1',
  );
  if (foreign.rows.length > 0) return;
  await client.query(DIGEST_EXISTING_LINES);
  await client.query(resolveParties(options.role));
  await client.query(MARK_PARTIES_AND_CHANGES);
  await client.query(lockAndFindAccepted(options.role));
  for (const check of DATABASE_CHECKS) await client.query(check);
}

/** The first `limit` errors the set checks found, in row order, and how many there are in all. */
export async function readSetErrors(
  client: pg.ClientBase,
  limit: number,
): Promise<{ errors: RowError[]; count: number }> {
  const count = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest_errors');
  const rows = await client.query<{
    row_number: number;
    column_name: string | null;
    value: string | null;
    problem: string;
    fix: string;
  }>('SELECT * FROM ingest_errors ORDER BY row_number, column_name NULLS FIRST, problem LIMIT $1', [limit]);
  return {
    count: count.rows[0]!.n,
    errors: rows.rows.map((r) => ({
      row: r.row_number,
      column: r.column_name,
      value: r.value,
      problem: r.problem,
      fix: r.fix,
    })),
  };
}

// A broker that files an entry for an importer has it as a client.
const LINK_BROKER_CLIENTS = `
  INSERT INTO broker_clients (broker_organization_id, party_id)
  SELECT DISTINCT s.filer_organization_id, s.importer_party_id
    FROM ingest_entries s JOIN organizations o ON o.id = s.filer_organization_id AND o.kind = 'BROKER'
  ON CONFLICT DO NOTHING
`;

const COUNT_CHANGES = `
  SELECT count(*)::int AS entry_count,
         count(*) FILTER (WHERE existing_id IS NULL)::int AS created_count,
         count(*) FILTER (WHERE content_changed)::int AS versioned_count,
         count(*) FILTER (WHERE existing_id IS NOT NULL AND status_changed AND NOT content_changed)::int
           AS updated_count,
         count(*) FILTER (WHERE existing_id IS NOT NULL AND NOT status_changed AND NOT content_changed)::int
           AS unchanged_count
    FROM ingest_entries
`;

// The processing hook: an accepted entry CAPE is waiting for (extended, suspended, under review: state
// AWAITING_LIQUIDATION) that this file reports liquidated gets the event the processing component defines
// for it (reportAceLiquidations, review-and-liquidation/ace-liquidation.ts: type, subject, audience and
// payload), written here set-based in the ingestion's transaction. The next processing cycle reads the
// liquidation from entry_summaries and refunds the entry. $1: business date.
const REPORT_ACE_LIQUIDATIONS = `
  INSERT INTO outbox_events (business_date, subject_type, subject_id, event_type, organization_ids,
                             entry_summary_ids, payload)
  SELECT $1::date, 'ENTRY', p.declaration_id::text, 'entry.liquidated_by_ace_reported',
         ARRAY(SELECT DISTINCT o FROM unnest(ARRAY[p.declarant_organization_id, p.filer_organization_id,
                                                   p.importer_organization_id]) AS o
                WHERE o IS NOT NULL ORDER BY o),
         ARRAY[p.entry_summary_id],
         jsonb_build_object('declarationId', p.declaration_id, 'liquidationDate', s.liquidation_date)
    FROM ingest_entries s
    JOIN entry_processing p ON p.entry_summary_id = s.existing_id AND p.state = 'AWAITING_LIQUIDATION'
   WHERE s.liquidation_date IS NOT NULL
     AND (s.liquidation_status IS DISTINCT FROM s.existing_liquidation_status
          OR s.liquidation_date IS DISTINCT FROM s.existing_liquidation_date)
   ORDER BY p.entry_summary_id
`;

const LIQUIDATION_CHANGES_AFTER_ACCEPTANCE = `
  SELECT existing_id::text AS entry_summary_id, entry_number
    FROM ingest_entries
   WHERE accepted_claim_number IS NOT NULL
     AND (liquidation_status IS DISTINCT FROM existing_liquidation_status
          OR liquidation_date IS DISTINCT FROM existing_liquidation_date)
   ORDER BY entry_number
`;

/** Writes the checked file into the entry-summary tables; returns what changed. */
export async function mergeStagedEntries(
  client: pg.ClientBase,
  role: IngestingRole,
  businessDate: string,
): Promise<MergeCounts> {
  await client.query(LINK_BROKER_CLIENTS);
  // The writes run as the owner after a set-based check that the plan is the caller's (see the
  // ingestion_definer_writes migration): row-level security per inserted row costs most of the time.
  await client.query(
    role === 'operator' ? 'SELECT app_operator_ingest_write_staged()' : 'SELECT app_ingest_write_staged()',
  );
  const counts = await client.query<{
    entry_count: number;
    created_count: number;
    versioned_count: number;
    updated_count: number;
    unchanged_count: number;
  }>(COUNT_CHANGES);
  const changes = await client.query<{ entry_summary_id: string; entry_number: string }>(
    LIQUIDATION_CHANGES_AFTER_ACCEPTANCE,
  );
  if (changes.rows.length > 0) await client.query(REPORT_ACE_LIQUIDATIONS, [businessDate]);
  const c = counts.rows[0]!;
  return {
    entryCount: c.entry_count,
    createdCount: c.created_count,
    updatedCount: c.updated_count,
    versionedCount: c.versioned_count,
    unchangedCount: c.unchanged_count,
    liquidationChangesAfterAcceptance: changes.rows.map((r) => ({
      entrySummaryId: r.entry_summary_id,
      entryNumber: r.entry_number,
    })),
  };
}
