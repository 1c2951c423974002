// CAPE's monitoring reports (docs/domain.md, refund payment: ES-022, REV-603, REV-613, REV-615; their exact
// ACE column lists are not public, so these carry what each is described to show) and a broker's portfolio
// rollup per importer client. Every report reads through the application role under row-level security in
// the viewer's tenant transaction: a broker sees its declarations' entries, an importer its own entries, a
// refund's recipient its refunds, the operator everything. Rows come in pages (keyset cursors) and as CSV.
import type { Permission } from '@cape/auth';
import { withTenant } from '@cape/db';
import { type IsoDate, isIsoDate } from '@cape/domain';
import { stringify } from 'csv-stringify/sync';
import { requireTenantActor } from '../authorization.ts';
import { type ServiceContext, tenantOfActor } from '../context.ts';
import { ValidationError } from '../errors.ts';

export const REPORT_KINDS = ['ES_022', 'REV_603', 'REV_613', 'REV_615', 'BROKER_PORTFOLIO'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportFilter {
  /** Inclusive range of the report's date (acceptance for ES-022, liquidation for the refund reports). */
  from?: IsoDate | null;
  until?: IsoDate | null;
  /** ES-022: one declaration. */
  claimNumber?: string | null;
  /** REV-603: refund statuses. */
  statuses?: readonly string[] | null;
  /** REV-615: one refund. */
  refundNumber?: string | null;
}

export interface ReportPageRequest {
  first: number;
  after?: string | null;
}

export interface ReportColumn {
  key: string;
  header: string;
}

export type ReportRow = Record<string, string | number | bigint | boolean | Date | null>;

export interface ReportPage {
  rows: ReportRow[];
  /** Cursor of the last row, for the next page; null when this page is the last. */
  nextCursor: string | null;
}

interface ReportDefinition {
  title: string;
  permission: Permission;
  columns: readonly ReportColumn[];
  /** SQL returning rows ordered by a text `cursor` column, with $1 after, $2 limit, $3.. the filter. */
  sql: string;
  parameters(filter: ReportFilter): unknown[];
}

const STATUSES = ['PENDING', 'HELD', 'SENT_TO_TREASURY', 'TREASURY_ISSUED', 'FUNDS_DIVERTED', 'ACH_RETURNED'];
export const MAX_REPORT_PAGE = 500;
export const MAX_CSV_ROWS = 200_000;

const REPORTS: Record<ReportKind, ReportDefinition> = {
  ES_022: {
    title: 'ES-022 CAPE entry summary report',
    permission: 'declaration:read',
    columns: [
      { key: 'claimNumber', header: 'CAPE claim number' },
      { key: 'entryNumber', header: 'Entry number' },
      { key: 'importerNumber', header: 'Importer number' },
      { key: 'importerName', header: 'Importer name' },
      { key: 'acceptanceDate', header: 'Accepted' },
      { key: 'state', header: 'Processing state' },
      { key: 'liquidationKind', header: 'Liquidation' },
      { key: 'liquidationDate', header: 'Liquidation date' },
      { key: 'principalCents', header: 'Principal (cents)' },
      { key: 'interestCents', header: 'Interest (cents)' },
      { key: 'refundNumber', header: 'Refund number' },
      { key: 'refundStatus', header: 'Refund status' },
    ],
    sql: `
      WITH page AS (
        SELECT p.entry_summary_id, p.claim_number, p.acceptance_date, p.state::text AS state,
               p.liquidation_kind::text AS liquidation_kind, coalesce(p.liquidated_on, p.scheduled_date) AS liquidation_date,
               p.principal_cents, p.interest_cents, p.refund_id, e.entry_number, ip.party_number, ip.name
          FROM entry_processing p
          JOIN entry_summaries e ON e.id = p.entry_summary_id
          JOIN parties ip ON ip.id = p.importer_party_id
         WHERE p.entry_summary_id > coalesce($1::text, '0')::bigint
           AND ($3::date IS NULL OR p.acceptance_date >= $3::date) AND ($4::date IS NULL OR p.acceptance_date <= $4::date)
           AND ($5::text IS NULL OR p.claim_number = $5::text)
         ORDER BY p.entry_summary_id LIMIT $2),
      refund AS (
        SELECT * FROM app_refund_status_of_visible_entries(
          ARRAY(SELECT DISTINCT refund_id FROM page WHERE refund_id IS NOT NULL)))
      SELECT page.entry_summary_id::text AS cursor, page.claim_number AS "claimNumber", page.entry_number AS "entryNumber",
             page.party_number AS "importerNumber", page.name AS "importerName", page.acceptance_date AS "acceptanceDate",
             page.state, page.liquidation_kind AS "liquidationKind", page.liquidation_date AS "liquidationDate",
             page.principal_cents AS "principalCents", page.interest_cents AS "interestCents",
             refund.refund_number AS "refundNumber", refund.status::text AS "refundStatus"
        FROM page LEFT JOIN refund ON refund.refund_id = page.refund_id
       ORDER BY page.entry_summary_id`,
    parameters: (filter) => [filter.from ?? null, filter.until ?? null, filter.claimNumber ?? null],
  },
  REV_603: {
    title: 'REV-603 trade refund report (by payment status)',
    permission: 'refund:read',
    columns: [
      { key: 'refundNumber', header: 'Refund number' },
      { key: 'status', header: 'Refund status' },
      { key: 'recipientNumber', header: 'Recipient number' },
      { key: 'recipientName', header: 'Recipient name' },
      { key: 'liquidationDate', header: 'Liquidation date' },
      { key: 'entries', header: 'Entries' },
      { key: 'principalCents', header: 'Principal (cents)' },
      { key: 'interestCents', header: 'Interest (cents)' },
      { key: 'offsetCents', header: 'Offset (cents)' },
      { key: 'payableCents', header: 'Payable (cents)' },
      { key: 'sentOn', header: 'Sent to Treasury' },
      { key: 'issuedOn', header: 'Treasury issued' },
      { key: 'treasuryReference', header: 'Treasury reference' },
    ],
    sql: `
      SELECT r.refund_number AS cursor, r.refund_number AS "refundNumber", r.status::text AS status,
             p.party_number AS "recipientNumber", p.name AS "recipientName", r.liquidation_date AS "liquidationDate",
             (SELECT count(*) FROM refund_entries re WHERE re.refund_id = r.id)::int AS entries,
             r.principal_cents AS "principalCents", r.interest_cents AS "interestCents", r.offset_cents AS "offsetCents",
             r.payable_cents AS "payableCents", t.sent_on AS "sentOn", t.issued_on AS "issuedOn",
             t.treasury_reference AS "treasuryReference"
        FROM refunds r
        JOIN parties p ON p.id = r.recipient_party_id
        LEFT JOIN LATERAL (SELECT sent_on, issued_on, treasury_reference FROM treasury_payments tp
                            WHERE tp.refund_id = r.id ORDER BY tp.attempt DESC LIMIT 1) AS t ON true
       WHERE r.refund_number > coalesce($1::text, '')
         AND ($3::date IS NULL OR r.liquidation_date >= $3::date) AND ($4::date IS NULL OR r.liquidation_date <= $4::date)
         AND ($5::text[] IS NULL OR r.status::text = ANY ($5::text[]))
       ORDER BY r.refund_number LIMIT $2`,
    parameters: (filter) => [
      filter.from ?? null,
      filter.until ?? null,
      filter.statuses?.length ? filter.statuses : null,
    ],
  },
  REV_613: {
    title: 'REV-613 ACH rejected and held refunds',
    permission: 'refund:read',
    columns: [
      { key: 'refundNumber', header: 'Refund number' },
      { key: 'recipientNumber', header: 'Recipient number' },
      { key: 'recipientName', header: 'Recipient name' },
      { key: 'liquidationDate', header: 'Liquidation date' },
      { key: 'payableCents', header: 'Payable (cents)' },
      { key: 'heldReason', header: 'Held because' },
      { key: 'heldSince', header: 'Held since' },
      { key: 'returnCode', header: 'ACH return code' },
      { key: 'returnedOn', header: 'Returned on' },
      { key: 'returnedRoutingNumber', header: 'Returned routing number' },
    ],
    sql: `
      SELECT r.refund_number AS cursor, r.refund_number AS "refundNumber", p.party_number AS "recipientNumber",
             p.name AS "recipientName", r.liquidation_date AS "liquidationDate", r.payable_cents AS "payableCents",
             r.held_reason::text AS "heldReason",
             (SELECT max(s.business_date) FROM refund_status_events s WHERE s.refund_id = r.id AND s.status = 'HELD')
               AS "heldSince",
             t.return_code AS "returnCode", t.returned_on AS "returnedOn", t.routing_number AS "returnedRoutingNumber"
        FROM refunds r
        JOIN parties p ON p.id = r.recipient_party_id
        LEFT JOIN LATERAL (SELECT return_code, returned_on, routing_number FROM treasury_payments tp
                            WHERE tp.refund_id = r.id AND tp.status = 'RETURNED'
                            ORDER BY tp.attempt DESC LIMIT 1) AS t ON true
       WHERE r.status = 'HELD' AND r.refund_number > coalesce($1::text, '')
         AND ($3::date IS NULL OR r.liquidation_date >= $3::date) AND ($4::date IS NULL OR r.liquidation_date <= $4::date)
       ORDER BY r.refund_number LIMIT $2`,
    parameters: (filter) => [filter.from ?? null, filter.until ?? null],
  },
  REV_615: {
    title: 'REV-615 CAPE refund details (entry level)',
    permission: 'refund:read',
    columns: [
      { key: 'refundNumber', header: 'Refund number' },
      { key: 'status', header: 'Refund status' },
      { key: 'recipientNumber', header: 'Recipient number' },
      { key: 'liquidationDate', header: 'Liquidation date' },
      { key: 'claimNumber', header: 'CAPE claim number' },
      { key: 'entryNumber', header: 'Entry number' },
      { key: 'depositDate', header: 'Deposit date' },
      { key: 'principalCents', header: 'Principal (cents)' },
      { key: 'interestCents', header: 'Interest (cents)' },
      { key: 'refundOffsetCents', header: 'Refund offset (cents)' },
      { key: 'refundPayableCents', header: 'Refund payable (cents)' },
      { key: 'ratesVersion', header: 'Interest rates version' },
    ],
    sql: `
      SELECT r.refund_number || '|' || re.entry_number AS cursor, r.refund_number AS "refundNumber",
             r.status::text AS status, p.party_number AS "recipientNumber", r.liquidation_date AS "liquidationDate",
             re.claim_number AS "claimNumber", re.entry_number AS "entryNumber", re.deposit_date AS "depositDate",
             re.principal_cents AS "principalCents", re.interest_cents AS "interestCents",
             r.offset_cents AS "refundOffsetCents", r.payable_cents AS "refundPayableCents", re.rates_version AS "ratesVersion"
        FROM refunds r
        JOIN refund_entries re ON re.refund_id = r.id
        JOIN parties p ON p.id = r.recipient_party_id
       WHERE r.status IN ('SENT_TO_TREASURY', 'TREASURY_ISSUED')
         AND (r.refund_number, re.entry_number::text) > (split_part(coalesce($1::text, '|'), '|', 1), split_part(coalesce($1::text, '|'), '|', 2))
         AND ($3::date IS NULL OR r.liquidation_date >= $3::date) AND ($4::date IS NULL OR r.liquidation_date <= $4::date)
         AND ($5::text IS NULL OR r.refund_number = $5::text)
       ORDER BY r.refund_number, re.entry_number LIMIT $2`,
    parameters: (filter) => [filter.from ?? null, filter.until ?? null, filter.refundNumber ?? null],
  },
  BROKER_PORTFOLIO: {
    title: 'Portfolio by importer client',
    permission: 'declaration:read',
    columns: [
      { key: 'importerNumber', header: 'Importer number' },
      { key: 'importerName', header: 'Importer name' },
      { key: 'declaredEntries', header: 'Entries declared' },
      { key: 'acceptedEntries', header: 'Entries accepted' },
      { key: 'principalCents', header: 'Principal (cents)' },
      { key: 'interestCents', header: 'Interest (cents)' },
      { key: 'paidCents', header: 'Paid by Treasury (cents)' },
      { key: 'heldCents', header: 'Held (cents)' },
    ],
    sql: `
      WITH mine AS (
        SELECT p.importer_party_id, p.principal_cents, coalesce(p.interest_cents, 0) AS interest_cents, p.refund_id
          FROM entry_processing p),
      refund AS (
        SELECT * FROM app_refund_status_of_visible_entries(
          ARRAY(SELECT DISTINCT refund_id FROM mine WHERE refund_id IS NOT NULL))),
      declared AS (
        SELECT e.importer_party_id, count(*) AS declared, count(*) FILTER (WHERE de.outcome = 'ACCEPTED') AS accepted
          FROM declaration_entries de JOIN entry_summaries e ON e.id = de.entry_summary_id
         GROUP BY e.importer_party_id),
      processed AS (
        SELECT m.importer_party_id, sum(m.principal_cents) AS principal, sum(m.interest_cents) AS interest,
               coalesce(sum(m.principal_cents + m.interest_cents) FILTER (WHERE refund.status = 'TREASURY_ISSUED'), 0) AS paid,
               coalesce(sum(m.principal_cents + m.interest_cents) FILTER (WHERE refund.status = 'HELD'), 0) AS held
          FROM mine m LEFT JOIN refund ON refund.refund_id = m.refund_id
         GROUP BY m.importer_party_id)
      SELECT ip.party_number AS cursor, ip.party_number AS "importerNumber", ip.name AS "importerName",
             coalesce(d.declared, 0)::int AS "declaredEntries", coalesce(d.accepted, 0)::int AS "acceptedEntries",
             coalesce(pr.principal, 0)::bigint AS "principalCents", coalesce(pr.interest, 0)::bigint AS "interestCents",
             coalesce(pr.paid, 0)::bigint AS "paidCents", coalesce(pr.held, 0)::bigint AS "heldCents"
        FROM (SELECT importer_party_id FROM declared UNION SELECT importer_party_id FROM processed) AS ids
        JOIN parties ip ON ip.id = ids.importer_party_id
        LEFT JOIN declared d ON d.importer_party_id = ids.importer_party_id
        LEFT JOIN processed pr ON pr.importer_party_id = ids.importer_party_id
       WHERE ip.party_number > coalesce($1::text, '')
       ORDER BY ip.party_number LIMIT $2`,
    parameters: () => [],
  },
};

export function reportDefinition(
  kind: ReportKind,
): Pick<ReportDefinition, 'title' | 'columns' | 'permission'> {
  return REPORTS[kind];
}

function validatedFilter(filter: ReportFilter): ReportFilter {
  const issues: { path: string; message: string }[] = [];
  for (const key of ['from', 'until'] as const) {
    const value = filter[key];
    if (value != null && !isIsoDate(value)) {
      issues.push({ path: `filter.${key}`, message: `"${value}" is not a calendar date (YYYY-MM-DD).` });
    }
  }
  for (const status of filter.statuses ?? []) {
    if (!STATUSES.includes(status)) {
      issues.push({
        path: 'filter.statuses',
        message: `"${status}" is not a refund status (${STATUSES.join(', ')}).`,
      });
    }
  }
  if (filter.claimNumber != null && !/^[0-9]{12}$/.test(filter.claimNumber)) {
    issues.push({ path: 'filter.claimNumber', message: 'A CAPE claim number has 12 digits.' });
  }
  if (filter.refundNumber != null && filter.refundNumber.length > 40) {
    issues.push({ path: 'filter.refundNumber', message: 'A refund number is at most 40 characters.' });
  }
  if (issues.length > 0) {
    throw new ValidationError(
      issues.length === 1 ? issues[0]!.message : `The filter has ${issues.length} problems.`,
      issues,
    );
  }
  return filter;
}

async function readRows(
  context: ServiceContext,
  kind: ReportKind,
  filter: ReportFilter,
  after: string | null,
  limit: number,
): Promise<ReportRow[]> {
  const definition = REPORTS[kind];
  const actor = requireTenantActor(context.actor, definition.permission);
  const parameters = definition.parameters(validatedFilter(filter));
  return await withTenant(
    context.db,
    tenantOfActor(actor),
    (tx) => tx.$queryRawUnsafe<ReportRow[]>(definition.sql, after, limit, ...parameters),
    { timeoutMs: 60_000 },
  );
}

export async function readReport(
  context: ServiceContext,
  kind: ReportKind,
  filter: ReportFilter,
  page: ReportPageRequest,
): Promise<ReportPage> {
  const first = Math.min(Math.max(page.first, 1), MAX_REPORT_PAGE);
  const rows = await readRows(context, kind, filter, page.after ?? null, first + 1);
  const more = rows.length > first;
  const shown = more ? rows.slice(0, first) : rows;
  return {
    rows: shown.map(({ cursor: _cursor, ...row }) => row),
    nextCursor: more ? String(shown.at(-1)!.cursor) : null,
  };
}

function cell(value: ReportRow[string]): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

export interface CsvDocument {
  fileName: string;
  contentType: 'text/csv';
  content: string;
  rows: number;
}

/** The whole report as CSV (up to MAX_CSV_ROWS rows; a larger one asks for a narrower filter). */
export async function reportCsv(
  context: ServiceContext,
  kind: ReportKind,
  filter: ReportFilter,
): Promise<CsvDocument> {
  const definition = REPORTS[kind];
  const rows = await readRows(context, kind, filter, null, MAX_CSV_ROWS + 1);
  if (rows.length > MAX_CSV_ROWS) {
    throw ValidationError.of(
      'filter',
      `The report has more than ${MAX_CSV_ROWS.toLocaleString('en-US')} rows: narrow it with a date range.`,
    );
  }
  const content = stringify(
    rows.map((row) => definition.columns.map((column) => cell(row[column.key] ?? null))),
    { header: true, columns: definition.columns.map((column) => column.header) },
  );
  const today = await context.clock.today();
  return {
    fileName: `${kind.toLowerCase().replace('_', '-')}-${today}.csv`,
    contentType: 'text/csv',
    content,
    rows: rows.length,
  };
}
