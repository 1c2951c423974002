// Test and benchmark support: accepted CAPE declarations made directly in the database, in the shape the
// claim portal's filing writes (a declaration with a claim number, ACCEPTED, and one ACCEPTED row per entry
// with its refundable IEEPA principal), so processing can be exercised without filing CSV files. Set-based:
// a million entries take seconds. Not used by the platform itself.
import { claimNumberFor, type IsoDate, ruleSetForFilingDate } from '@cape/domain';
import type pg from 'pg';
import { verdictArrays } from '../mass-processing/tariff-verdicts.ts';

export interface AcceptedDeclarationsOptions {
  filingDate: IsoDate;
  /** Who "submitted" them (cape_declarations.submitted_by_user_id). */
  submittedByUserId: string;
  /** The entries to accept; default: the first `limit` entries (by id) that pass `simplePhase1Filter`. */
  entryIds?: readonly (bigint | string)[];
  limit?: number;
  /** Default: the organization owning each entry's filer code (a broker declares what it filed). */
  declarantOrganizationId?: string;
  maxEntriesPerDeclaration?: number;
}

export interface AcceptedDeclarations {
  declarations: number;
  entries: number;
  principalCents: bigint;
}

/**
 * For bulk fixtures only (the claim portal runs the real eligibility rules): entries in ACE "Accepted"
 * status with IEEPA duty, not of an excluded type, not surety-paid, and unliquidated or liquidated within the
 * rule set's window before the filing date. Placeholders: $1 filing date, $2 excluded types, $3 window days.
 */
const SIMPLE_PHASE1_FILTER = `
  e.summary_status = 'ACCEPTED' AND e.in_ace AND e.ieepa_duty_cents > 0 AND NOT e.ieepa_duty_paid_by_surety
  AND e.entry_type <> ALL ($2::text[]) AND NOT e.reconciliation_flagged AND NOT e.drawback_designated
  AND NOT e.open_protest AND NOT e.adcvd_pending_liquidation_1504d
  AND (e.liquidation_status IN ('UNLIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW')
       OR (e.liquidation_status = 'LIQUIDATED' AND e.liquidation_date >= $1::date - $3::int))
  AND NOT EXISTS (SELECT 1 FROM declaration_entries de WHERE de.entry_summary_id = e.id AND de.outcome = 'ACCEPTED')`;

/** Creates accepted declarations in the caller's transaction (it uses a temporary table dropped at commit). */
export async function createAcceptedDeclarations(
  client: pg.ClientBase,
  options: AcceptedDeclarationsOptions,
): Promise<AcceptedDeclarations> {
  const ruleSet = ruleSetForFilingDate(options.filingDate);
  await client.query(
    `CREATE TEMP TABLE cape_accepting (
       entry_summary_id bigint PRIMARY KEY, declarant uuid, importer_party_id uuid, group_number int,
       row_number int, principal bigint) ON COMMIT DROP`,
  );
  if (options.entryIds) {
    await client.query(
      `INSERT INTO cape_accepting (entry_summary_id, declarant, importer_party_id)
       SELECT e.id, coalesce($2::uuid, f.organization_id), e.importer_party_id
         FROM entry_summaries e JOIN filer_codes f ON f.code = e.filer_code
        WHERE e.id = ANY ($1::bigint[])`,
      [options.entryIds.map(String), options.declarantOrganizationId ?? null],
    );
  } else {
    await client.query(
      `INSERT INTO cape_accepting (entry_summary_id, declarant, importer_party_id)
       SELECT e.id, coalesce($5::uuid, f.organization_id), e.importer_party_id
         FROM entry_summaries e JOIN filer_codes f ON f.code = e.filer_code
        WHERE ${SIMPLE_PHASE1_FILTER}
        ORDER BY e.id LIMIT $4`,
      [
        options.filingDate,
        [...ruleSet.excludedEntryTypes],
        ruleSet.liquidatedWindowDays,
        options.limit ?? null,
        options.declarantOrganizationId ?? null,
      ],
    );
  }
  // The principal the filing would have accepted: the domain's refundable IEEPA tariffs.
  const keys = (
    await client.query<{ hts_number: string; entry_date: IsoDate; has_duty: boolean }>(
      `SELECT DISTINCT t.hts_number, to_char(e.entry_date, 'YYYY-MM-DD') AS entry_date, t.duty_cents > 0 AS has_duty
         FROM cape_accepting a JOIN entry_summaries e ON e.id = a.entry_summary_id
         JOIN entry_lines l ON l.entry_summary_id = e.id AND l.version_number = e.current_version
         JOIN entry_line_tariffs t ON t.entry_line_id = l.id`,
    )
  ).rows.map((row) => ({ htsNumber: row.hts_number, entryDate: row.entry_date, hasDuty: row.has_duty }));
  const verdicts = verdictArrays(keys);
  await client.query(
    `WITH verdict AS (SELECT * FROM unnest($1::text[], $2::date[], $3::boolean[], $4::text[]) AS v(hts, day, has_duty, action)),
     principal AS (
       SELECT a.entry_summary_id, coalesce(sum(t.duty_cents) FILTER (WHERE v.action = 'REFUND'), 0) AS principal
         FROM cape_accepting a JOIN entry_summaries e ON e.id = a.entry_summary_id
         JOIN entry_lines l ON l.entry_summary_id = e.id AND l.version_number = e.current_version
         JOIN entry_line_tariffs t ON t.entry_line_id = l.id
         LEFT JOIN verdict v ON v.hts = t.hts_number AND v.day = e.entry_date AND v.has_duty = (t.duty_cents > 0)
        GROUP BY a.entry_summary_id),
     numbered AS (
       SELECT entry_summary_id,
              row_number() OVER (PARTITION BY declarant, importer_party_id ORDER BY entry_summary_id) - 1 AS n
         FROM cape_accepting),
     grouped AS (
       SELECT n.entry_summary_id, (n.n % $5)::int + 1 AS row_number,
              dense_rank() OVER (ORDER BY a.declarant, a.importer_party_id, n.n / $5) AS group_number
         FROM numbered n JOIN cape_accepting a USING (entry_summary_id))
     UPDATE cape_accepting a SET group_number = g.group_number, row_number = g.row_number, principal = p.principal
       FROM grouped g JOIN principal p USING (entry_summary_id)
      WHERE a.entry_summary_id = g.entry_summary_id`,
    [...Object.values(verdicts), options.maxEntriesPerDeclaration ?? 9_999],
  );
  const groups = Number(
    (await client.query<{ n: string }>('SELECT coalesce(max(group_number), 0) AS n FROM cape_accepting'))
      .rows[0]!.n,
  );
  if (groups === 0) return { declarations: 0, entries: 0, principalCents: 0n };
  const sequence = (
    await client.query<{ value: string }>(
      `SELECT nextval('cape_claim_number_seq') AS value FROM generate_series(1, $1)`,
      [groups],
    )
  ).rows.map((row) => claimNumberFor(BigInt(row.value)));
  const totals = await client.query<{ entries: string; principal: string }>(
    `WITH claims AS (SELECT * FROM unnest($1::text[]) WITH ORDINALITY AS c(claim_number, group_number)),
     declarations AS (
       INSERT INTO cape_declarations (id, claim_number, organization_id, submitted_by_user_id, file_name, file_sha256,
                                      file_size_bytes, row_count, status, filing_date, rule_set_version, certified_at,
                                      certification_version, accepted_count, rejected_count, accepted_principal_cents)
       SELECT gen_random_uuid(), c.claim_number, g.declarant, $2::uuid, 'fixture-' || c.claim_number || '.csv',
              encode(sha256(c.claim_number::bytea), 'hex'), 12 * g.entries, g.entries, 'ACCEPTED', $3::date, $4,
              now(), 'fixture', g.entries, 0, g.principal
         FROM claims c
         JOIN (SELECT group_number, min(declarant::text)::uuid AS declarant, count(*) AS entries, sum(principal) AS principal
                 FROM cape_accepting GROUP BY group_number) AS g ON g.group_number = c.group_number
       RETURNING id, claim_number, organization_id),
     rows AS (
       INSERT INTO declaration_entries (declaration_id, row_number, organization_id, raw_value, entry_number,
                                        entry_summary_id, outcome, reason_codes, reason_details, rule_set_version,
                                        ieepa_principal_cents)
       SELECT d.id, a.row_number, d.organization_id, e.entry_number, e.entry_number, e.id, 'ACCEPTED', '{}', '{}', $4,
              a.principal
         FROM cape_accepting a
         JOIN claims c ON c.group_number = a.group_number
         JOIN declarations d ON d.claim_number = c.claim_number
         JOIN entry_summaries e ON e.id = a.entry_summary_id
       RETURNING ieepa_principal_cents)
     SELECT count(*) AS entries, coalesce(sum(ieepa_principal_cents), 0) AS principal FROM rows`,
    [sequence, options.submittedByUserId, options.filingDate, ruleSet.version],
  );
  return {
    declarations: groups,
    entries: Number(totals.rows[0]!.entries),
    principalCents: BigInt(totals.rows[0]!.principal),
  };
}
