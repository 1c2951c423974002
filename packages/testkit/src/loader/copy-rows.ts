/**
 * Rows in PostgreSQL's COPY text format (tab-separated, \N for NULL), with the column list of each table.
 * Columns left out (created_at, the Form 4811 scope flags) take their defaults.
 */
import type { GeneratedEntry } from '../generator/entries.ts';
import type { World } from '../generator/world.ts';

const NULL = '\\N';

/** Escapes the characters COPY text format gives meaning to (backslash, tab, newline, carriage return). */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!)
    : value;
}

function nullable(value: string | null): string {
  return value === null ? NULL : copyText(value);
}

function bool(value: boolean): string {
  return value ? 't' : 'f';
}

export interface CopyTable {
  table: string;
  columns: readonly string[];
}

function table(name: string, columns: readonly string[]): CopyTable {
  return { table: name, columns };
}

export const COPY_TABLES = {
  organizations: table('organizations', ['id', 'kind', 'name']),
  filerCodes: table('filer_codes', ['code', 'organization_id']),
  parties: table('parties', [
    'id',
    'kind',
    'party_number',
    'party_number_kind',
    'name',
    'corporate',
    'organization_id',
  ]),
  brokerClients: table('broker_clients', ['broker_organization_id', 'party_id']),
  designations: table('form_4811_designations', [
    'id',
    'importer_party_id',
    'notify_party_id',
    'status',
    'filed_on',
    'effective_from',
    'effective_until',
  ]),
  achEnrollments: table('ach_refund_enrollments', [
    'id',
    'party_id',
    'organization_id',
    'routing_number',
    'account_last4',
    'status',
    'enrolled_at',
  ]),
  debts: table('debts', [
    'id',
    'party_id',
    'source',
    'bill_number',
    'incurred_on',
    'original_cents',
    'outstanding_cents',
  ]),
  entrySummaries: table('entry_summaries', [
    'id',
    'entry_number',
    'entry_type',
    'filer_code',
    'filer_organization_id',
    'importer_party_id',
    'importer_organization_id',
    'notify_party_id',
    'port_code',
    'entry_date',
    'deposit_date',
    'summary_status',
    'in_ace',
    'liquidation_status',
    'liquidation_date',
    'reconciliation_flagged',
    'reconciliation_entry_filed',
    'drawback_designated',
    'open_protest',
    'adcvd_pending_liquidation_1504d',
    'current_version',
    'total_duty_cents',
    'ieepa_duty_cents',
  ]),
  entrySummaryVersions: table('entry_summary_versions', [
    'entry_summary_id',
    'version_number',
    'reason',
    'total_duty_cents',
  ]),
  entryLines: table('entry_lines', [
    'id',
    'entry_summary_id',
    'version_number',
    'line_number',
    'country_of_origin',
    'entered_value_cents',
  ]),
  entryLineTariffs: table('entry_line_tariffs', [
    'entry_line_id',
    'sequence',
    'hts_number',
    'tariff_class',
    'rate_text',
    'duty_cents',
  ]),
} as const;

export function copyStatement(target: CopyTable): string {
  return `COPY ${target.table} (${target.columns.join(', ')}) FROM STDIN`;
}

/** The world's tables in an order that satisfies their foreign keys. */
export function worldRows(world: World): { target: CopyTable; text: string; rows: number }[] {
  const rows = <T>(items: readonly T[], encode: (item: T) => string[]) =>
    items.map((item) => `${encode(item).join('\t')}\n`).join('');
  const result = [
    {
      target: COPY_TABLES.organizations,
      text: rows(world.organizations, (o) => [o.id, o.kind, copyText(o.name)]),
      rows: world.organizations.length,
    },
    {
      target: COPY_TABLES.filerCodes,
      text: rows(world.filerCodes, (f) => [f.code, f.organizationId]),
      rows: world.filerCodes.length,
    },
    {
      target: COPY_TABLES.parties,
      text: rows(world.parties, (p) => [
        p.id,
        p.kind,
        copyText(p.partyNumber),
        p.partyNumberKind,
        copyText(p.name),
        bool(p.corporate),
        nullable(p.organizationId),
      ]),
      rows: world.parties.length,
    },
    {
      target: COPY_TABLES.brokerClients,
      text: rows(world.brokerClients, (c) => [c.brokerOrganizationId, c.partyId]),
      rows: world.brokerClients.length,
    },
    {
      target: COPY_TABLES.designations,
      text: rows(world.designations, (d) => [
        d.id,
        d.importerPartyId,
        d.notifyPartyId,
        d.status,
        d.filedOn,
        d.effectiveFrom,
        nullable(d.effectiveUntil),
      ]),
      rows: world.designations.length,
    },
    {
      target: COPY_TABLES.achEnrollments,
      text: rows(world.achEnrollments, (a) => [
        a.id,
        a.partyId,
        a.organizationId,
        a.routingNumber,
        a.accountLast4,
        a.status,
        nullable(a.enrolledAt),
      ]),
      rows: world.achEnrollments.length,
    },
    {
      target: COPY_TABLES.debts,
      text: rows(world.debts, (d) => [
        d.id,
        d.partyId,
        d.source,
        copyText(d.billNumber),
        d.incurredOn,
        String(d.originalCents),
        String(d.outstandingCents),
      ]),
      rows: world.debts.length,
    },
  ];
  return result.filter((r) => r.rows > 0);
}

export interface EntryChunkText {
  entrySummaries: string;
  entrySummaryVersions: string;
  entryLines: string;
  entryLineTariffs: string;
  lineCount: number;
  tariffCount: number;
}

/** One chunk of entries as the text of four COPY statements. Hot path: plain string concatenation. */
export function entryChunkRows(entries: readonly GeneratedEntry[]): EntryChunkText {
  let summaries = '';
  let versions = '';
  let lines = '';
  let tariffs = '';
  let lineCount = 0;
  let tariffCount = 0;
  for (const e of entries) {
    const total = String(e.totalDutyCents);
    summaries += `${e.id}\t${e.entryNumber}\t${e.entryType}\t${e.filerCode}\t${e.filerOrganizationId}\t${e.importerPartyId}\t${
      e.importerOrganizationId ?? NULL
    }\t${e.notifyPartyId ?? NULL}\t${e.portCode}\t${e.entryDate}\t${e.depositDate}\t${e.summaryStatus}\t${bool(
      e.inAce,
    )}\t${e.liquidationStatus}\t${e.liquidationDate ?? NULL}\t${bool(e.reconciliationFlagged)}\t${bool(
      e.reconciliationEntryFiled,
    )}\t${bool(e.drawbackDesignated)}\t${bool(e.openProtest)}\t${bool(e.adcvdPendingLiquidation1504d)}\t1\t${total}\t${
      e.ieepaDutyCents
    }\n`;
    versions += `${e.id}\t1\tORIGINAL\t${total}\n`;
    for (const line of e.lines) {
      lineCount++;
      lines += `${line.id}\t${e.id}\t1\t${line.lineNumber}\t${line.countryOfOrigin}\t${line.enteredValueCents}\n`;
      for (const t of line.tariffs) {
        tariffCount++;
        tariffs += `${line.id}\t${t.sequence}\t${t.htsNumber}\t${t.tariffClass}\t${t.rateText}\t${t.dutyCents}\n`;
      }
    }
  }
  return {
    entrySummaries: summaries,
    entrySummaryVersions: versions,
    entryLines: lines,
    entryLineTariffs: tariffs,
    lineCount,
    tariffCount,
  };
}
