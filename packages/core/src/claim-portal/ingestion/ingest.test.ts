// Entry-summary ingestion against the real PostgreSQL, under the application role (row-level security on).
// Expected totals are computed by hand from the rows below; the header is written out here, not taken from
// the implementation, because it is the published format (docs/ingestion.md).
import { withTenantConnection } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import {
  createBrokerWithFilerCode,
  createNotifyParty,
  createOrganization,
  createUser,
  entryNumberFor,
} from '@cape/testkit';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { fixedBusinessClock } from '../../business-clock.ts';
import { type ServiceContext, tenantOfActor, userActor } from '../../context.ts';
import { ForbiddenError } from '../../errors.ts';
import { findEntryIngestion, listEntryIngestions } from './history.ts';
import { type IngestionResult, ingestEntrySummaries } from './ingest.ts';

const db = await useTestDatabase();
const TODAY = '2026-04-20';

const HEADER = [
  'Entry Number',
  'Entry Type',
  'IOR Number',
  'Notify Party Number',
  'Port Code',
  'Entry Date',
  'Deposit Date',
  'Summary Status',
  'Liquidation Status',
  'Liquidation Date',
  'Reconciliation Flagged',
  'Reconciliation Entry Filed',
  'Drawback Designated',
  'Open Protest',
  'ADCVD 1504d Pending',
  'IEEPA Paid By Surety',
  'In ACE',
  'Line Number',
  'Country Of Origin',
  'Entered Value',
  'Tariff Sequence',
  'HTS Number',
  'Rate',
  'Duty Amount',
] as const;
type Row = Partial<Record<(typeof HEADER)[number], string>>;

const ENTRY_A = 'B76-0324527-8'; // CATAIR's worked example (docs/domain.md 1.3)
const ENTRY_B = entryNumberFor('B76', 1_000_001);

const BASE: Row = {
  'Entry Number': ENTRY_A,
  'Entry Type': '01',
  'IOR Number': '12-345678900',
  'Notify Party Number': '',
  'Port Code': '2704',
  'Entry Date': '2025-06-02',
  'Deposit Date': '2025-06-12',
  'Summary Status': 'ACCEPTED',
  'Liquidation Status': 'UNLIQUIDATED',
  'Liquidation Date': '',
  'Reconciliation Flagged': 'N',
  'Reconciliation Entry Filed': 'N',
  'Drawback Designated': 'N',
  'Open Protest': 'N',
  'ADCVD 1504d Pending': 'N',
  'IEEPA Paid By Surety': 'N',
  'In ACE': 'Y',
  'Line Number': '1',
  'Country Of Origin': 'VN',
  'Entered Value': '10000.00',
  'Tariff Sequence': '1',
  'HTS Number': '8471.30.0100',
  Rate: 'Free',
  'Duty Amount': '0.00',
};

function csv(rows: Row[], header: readonly string[] = HEADER): string {
  const records = rows.map((row) => header.map((column) => ({ ...BASE, ...row })[column as keyof Row] ?? ''));
  return stringify([header, ...records]);
}

/**
 * Entry A: three lines. Refundable IEEPA (docs/domain.md 5): 9903.01.25 $1,000.00 and 9903.01.24 $400.10.
 * Not refundable: 9903.88.03 (Section 301) and 9903.01.32 (a 0% exemption heading, even with duty on it).
 * Total duty 0 + 1,000.00 + 750.19 + 500.13 + 400.10 + 26.00 + 5.00 = $2,681.42.
 */
const LINE_2: Row = { 'Line Number': '2', 'Country Of Origin': 'CN', 'Entered Value': '2000.50' };
const LINE_3: Row = { 'Line Number': '3', 'Country Of Origin': 'DE', 'Entered Value': '1000' };
const ENTRY_A_ROWS: Row[] = [
  {},
  { 'Tariff Sequence': '2', 'HTS Number': '9903.01.25', Rate: '10%', 'Duty Amount': '1,000.00' },
  { ...LINE_2, 'HTS Number': '6404.19.3960', Rate: '37.5%', 'Duty Amount': '750.19' },
  { ...LINE_2, 'Tariff Sequence': '2', 'HTS Number': '9903.88.03', Rate: '25%', 'Duty Amount': '500.13' },
  { ...LINE_2, 'Tariff Sequence': '3', 'HTS Number': 'HTS 9903.01.24', Rate: '20%', 'Duty Amount': '400.10' },
  { ...LINE_3, 'HTS Number': '8501.10.4020', Rate: '2.6%', 'Duty Amount': '26' },
  { ...LINE_3, 'Tariff Sequence': '2', 'HTS Number': '9903-01-32', Rate: '0%', 'Duty Amount': '5.00' },
];

/** Entry B: an informal entry dated after IEEPA collection stopped (2026-02-24): its IEEPA line refunds nothing. */
const ENTRY_B_LINE: Row = {
  'Entry Number': ENTRY_B,
  'Entry Type': '11',
  'Notify Party Number': '98-765432100',
  'Entry Date': '2026-03-02',
  'Deposit Date': '2026-03-05',
  'Country Of Origin': 'CN',
  'Entered Value': '500.00',
};
const ENTRY_B_ROWS: Row[] = [
  { ...ENTRY_B_LINE, 'HTS Number': '9403.60.8081' },
  {
    ...ENTRY_B_LINE,
    'Tariff Sequence': '2',
    'HTS Number': '9903.01.25',
    Rate: '10%',
    'Duty Amount': '50.00',
  },
  {
    ...ENTRY_B_LINE,
    'Tariff Sequence': '3',
    'HTS Number': '9903.03.01',
    Rate: '10%',
    'Duty Amount': '50.00',
  },
];

async function member(
  organization: { id: string; kind: 'BROKER' | 'IMPORTER' | 'OPERATOR' | 'NOTIFY_PARTY' },
  role: 'ADMIN' | 'STAFF' | 'VIEWER' = 'STAFF',
): Promise<ServiceContext> {
  const { user } = await createUser(db.owner, { organizationId: organization.id, role });
  const actor = userActor({
    userId: user.id,
    organizationId: organization.id,
    organizationKind: organization.kind,
    role,
  });
  // Operations staff work through the operator role's client (row-level security shows them every tenant).
  return {
    db: organization.kind === 'OPERATOR' ? db.operator : db.app,
    actor,
    clock: fixedBusinessClock(TODAY),
  };
}

const brokerA = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Customs', filerCode: 'B76' });
const brokerB = await createBrokerWithFilerCode(db.owner, { name: 'Sunrise Brokers', filerCode: 'SUN' });
const operatorOrganization = await createOrganization(db.owner, { kind: 'OPERATOR' });
const importerOrganization = await createOrganization(db.owner, { kind: 'IMPORTER' });
const brokerStaff = await member(brokerA.organization);
const brokerBStaff = await member(brokerB.organization);
const operator = await member(operatorOrganization);

/** The file in small pieces, as a network delivers it (exercises the reader's chunk boundaries). */
async function* chunks(text: string | Buffer, size = 97): AsyncIterable<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function upload(context: ServiceContext, text: string | Buffer, fileName = 'entries.csv') {
  return await ingestEntrySummaries(context, { fileName, content: chunks(text) });
}

const DATA_TABLES = [
  'entry_summaries',
  'entry_summary_versions',
  'entry_lines',
  'entry_line_tariffs',
  'parties',
  'broker_clients',
] as const;

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...DATA_TABLES, 'entry_summary_ingestions', 'audit_log']) {
    const rows = await db.owner.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

/** Expects a refusal that wrote nothing but its own record and audit row. */
async function expectRefusedWithoutWrites(context: ServiceContext, text: string | Buffer) {
  const before = await tableCounts();
  const result = await upload(context, text);
  expect(result.outcome).toBe('REFUSED');
  const after = await tableCounts();
  for (const table of DATA_TABLES)
    expect({ table, count: after[table] }).toEqual({ table, count: before[table] });
  expect(after.entry_summary_ingestions).toBe(before.entry_summary_ingestions! + 1);
  expect(after.audit_log).toBe(before.audit_log! + 1);
  return result;
}

function errorAt(result: IngestionResult, row: number, column: string | null) {
  const found = result.errors.filter((error) => error.row === row && error.column === column);
  expect(
    found,
    `an error at row ${row}, column ${column}; got ${JSON.stringify(result.errors)}`,
  ).not.toHaveLength(0);
  return found[0]!;
}

async function entryRow(entryNumber: string) {
  return await db.owner.entrySummary.findUniqueOrThrow({
    where: { entryNumber: entryNumber.replaceAll('-', '') },
    include: {
      versions: { orderBy: { versionNumber: 'asc' }, include: { lines: { include: { tariffs: true } } } },
      importer: true,
      notifyParty: true,
    },
  });
}

describe('loading a new file', () => {
  it('creates the entries with exact duty totals and the refundable IEEPA principal, a first version, and the parties', async () => {
    const result = await upload(brokerStaff, csv([...ENTRY_A_ROWS, ...ENTRY_B_ROWS]), 'june.csv');
    expect(result).toMatchObject({
      outcome: 'LOADED',
      fileName: 'june.csv',
      businessDate: TODAY,
      rowCount: 10,
      entryCount: 2,
      createdCount: 2,
      updatedCount: 0,
      versionedCount: 0,
      unchangedCount: 0,
      errorCount: 0,
      errors: [],
    });

    const a = await entryRow(ENTRY_A);
    expect(a.totalDutyCents).toBe(268_142n);
    expect(a.ieepaDutyCents).toBe(140_010n);
    expect(a.filerCode).toBe('B76');
    expect(a.filerOrganizationId).toBe(brokerA.organizationId);
    expect(a.currentVersion).toBe(1);
    expect(a.versions.map((v) => [v.versionNumber, v.reason, v.totalDutyCents])).toEqual([
      [1, 'ORIGINAL', 268_142n],
    ]);
    const tariffs = a.versions[0]!.lines.flatMap((line) =>
      line.tariffs.map((t) => [
        line.lineNumber,
        t.sequence,
        t.htsNumber,
        t.tariffClass,
        t.rateText,
        t.dutyCents,
      ]),
    ).sort((x, y) => Number(x[0]) - Number(y[0]) || Number(x[1]) - Number(y[1]));
    expect(tariffs).toEqual([
      [1, 1, '8471300100', 'HTS_CHAPTER_1_97', 'Free', 0n],
      [1, 2, '99030125', 'IEEPA', '10%', 100_000n],
      [2, 1, '6404193960', 'HTS_CHAPTER_1_97', '37.5%', 75_019n],
      [2, 2, '99038803', 'SECTION_301', '25%', 50_013n],
      [2, 3, '99030124', 'IEEPA', '20%', 40_010n],
      [3, 1, '8501104020', 'HTS_CHAPTER_1_97', '2.6%', 2_600n],
      [3, 2, '99030132', 'IEEPA', '0%', 500n],
    ]);
    expect(
      a.versions[0]!.lines.map((l) => [l.lineNumber, l.countryOfOrigin, l.enteredValueCents]).sort(),
    ).toEqual([
      [1, 'VN', 1_000_000n],
      [2, 'CN', 200_050n],
      [3, 'DE', 100_000n],
    ]);
    expect(a.importer).toMatchObject({
      partyNumber: '12-345678900',
      kind: 'IMPORTER_OF_RECORD',
      partyNumberKind: 'EIN',
      organizationId: null,
    });

    const b = await entryRow(ENTRY_B);
    expect([b.entryType, b.totalDutyCents, b.ieepaDutyCents]).toEqual(['11', 10_000n, 0n]);
    expect(b.notifyParty).toMatchObject({ partyNumber: '98-765432100', kind: 'NOTIFY_PARTY' });
    expect(b.importerPartyId).toBe(a.importerPartyId);

    const clients = await db.owner.brokerClient.findMany({
      where: { brokerOrganizationId: brokerA.organizationId },
    });
    expect(clients.map((c) => c.partyId)).toEqual([a.importerPartyId]);
    const audit = await db.owner.auditLogEntry.findMany({ where: { subjectId: result.id } });
    expect(audit.map((row) => [row.action, row.organizationId])).toEqual([
      ['entry_summary_ingestion.loaded', brokerA.organizationId],
    ]);
  });

  it('re-ingesting the same file changes nothing and says so', async () => {
    const before = await tableCounts();
    const result = await upload(brokerStaff, csv([...ENTRY_A_ROWS, ...ENTRY_B_ROWS]));
    expect(result).toMatchObject({ outcome: 'LOADED', entryCount: 2, unchangedCount: 2, createdCount: 0 });
    const after = await tableCounts();
    for (const table of DATA_TABLES) expect(after[table]).toBe(before[table]);
  });
});

describe('re-ingesting a known entry', () => {
  it('updates a changed liquidation status, date and flags without a new version', async () => {
    const liquidated = ENTRY_A_ROWS.map((row) => ({
      ...row,
      'Liquidation Status': 'liquidated',
      'Liquidation Date': '04/10/2026',
      'Open Protest': 'y',
    }));
    const result = await upload(brokerStaff, csv([...liquidated, ...ENTRY_B_ROWS]));
    expect(result).toMatchObject({
      outcome: 'LOADED',
      updatedCount: 1,
      unchangedCount: 1,
      versionedCount: 0,
    });
    const a = await entryRow(ENTRY_A);
    expect(a.liquidationStatus).toBe('LIQUIDATED');
    expect(a.liquidationDate?.toISOString().slice(0, 10)).toBe('2026-04-10');
    expect(a.openProtest).toBe(true);
    expect(a.versions).toHaveLength(1);
  });

  it('turns changed lines into a new post-summary-correction version and keeps the old one', async () => {
    // Line 3: duty 26.00 -> 30.00, and its 9903.01.32 row removed. New total 2,681.42 - 26.00 + 30.00 - 5.00.
    const corrected = ENTRY_A_ROWS.slice(0, 6).map((row, index) => ({
      ...row,
      'Liquidation Status': 'LIQUIDATED',
      'Liquidation Date': '2026-04-10',
      'Open Protest': 'Y',
      ...(index === 5 ? { 'Duty Amount': '30.00' } : {}),
    }));
    const result = await upload(brokerStaff, csv(corrected));
    expect(result).toMatchObject({ outcome: 'LOADED', versionedCount: 1, entryCount: 1 });
    const a = await entryRow(ENTRY_A);
    expect(a.currentVersion).toBe(2);
    expect([a.totalDutyCents, a.ieepaDutyCents]).toEqual([268_042n, 140_010n]);
    expect(a.versions.map((v) => [v.versionNumber, v.reason, v.totalDutyCents])).toEqual([
      [1, 'ORIGINAL', 268_142n],
      [2, 'POST_SUMMARY_CORRECTION', 268_042n],
    ]);
    const tariffCount = (version: (typeof a.versions)[number]) =>
      version.lines.reduce((n, line) => n + line.tariffs.length, 0);
    expect(a.versions.map(tariffCount)).toEqual([7, 6]);
  });

  it('refuses changed lines once the entry is on an accepted declaration (ACE condition 864) but still applies a status change', async () => {
    const a = await entryRow(ENTRY_A);
    const declaration = await db.owner.capeDeclaration.create({
      data: {
        claimNumber: '100000241223',
        organizationId: brokerA.organizationId,
        submittedByUserId: brokerStaff.actor.kind === 'user' ? brokerStaff.actor.userId : '',
        fileName: 'declaration.csv',
        fileSha256: 'a'.repeat(64),
        fileSizeBytes: 40,
        rowCount: 1,
        status: 'ACCEPTED',
        filingDate: new Date('2026-04-20'),
        ruleSetVersion: 'test',
        certifiedAt: new Date(),
        certificationVersion: 'test',
        acceptedCount: 1,
      },
    });
    await db.owner.declarationEntry.create({
      data: {
        declarationId: declaration.id,
        rowNumber: 2,
        organizationId: brokerA.organizationId,
        rawValue: ENTRY_A,
        entryNumber: a.entryNumber,
        entrySummaryId: a.id,
        outcome: 'ACCEPTED',
        reasonCodes: [],
        reasonDetails: [],
        ruleSetVersion: 'test',
        ieepaPrincipalCents: a.ieepaDutyCents,
      },
    });
    const current = ENTRY_A_ROWS.slice(0, 6).map((row, index) => ({
      ...row,
      'Liquidation Status': 'LIQUIDATED',
      'Liquidation Date': '2026-04-10',
      'Open Protest': 'Y',
      ...(index === 5 ? { 'Duty Amount': '30.00' } : {}),
    }));
    // A further correction of line 1's IEEPA duty, plus the file's other (valid) entry: all refused.
    const changed = current.map((row, index) => (index === 1 ? { ...row, 'Duty Amount': '900.00' } : row));
    const refused = await expectRefusedWithoutWrites(brokerStaff, csv([...changed, ...ENTRY_B_ROWS]));
    expect(refused.errorCount).toBe(1);
    const error = errorAt(refused, 2, 'Entry Number');
    expect(error.problem).toContain('PSC NOT ALLOWED - REFUND REQUESTED');
    expect(error.problem).toContain('100000241223');
    expect(error.problem).toContain('lines');

    // The suspended-then-liquidated case: status changes still load (the lines stay as on file). CAPE's
    // processing waits for the suspended entry; ACE's liquidation, when a file reports it, raises the event.
    await db.owner.entryProcessing.create({
      data: {
        entrySummaryId: a.id,
        declarationId: declaration.id,
        declarationRowNumber: 2,
        claimNumber: '100000241223',
        declarantOrganizationId: brokerA.organizationId,
        filerOrganizationId: brokerA.organizationId,
        importerPartyId: a.importerPartyId,
        acceptanceDate: new Date('2026-04-20'),
        state: 'AWAITING_LIQUIDATION',
        stateChangedOn: new Date('2026-04-20'),
        sourceVersion: 2,
        principalCents: a.ieepaDutyCents,
        unrefundedIeepaCents: 0n,
        reviewFlags: [],
        timingVersion: 'test',
      },
    });
    const suspended = current.map((row) => ({
      ...row,
      'Liquidation Status': 'SUSPENDED',
      'Liquidation Date': '',
    }));
    const stillWaiting = await upload(brokerStaff, csv(suspended));
    expect(stillWaiting).toMatchObject({ outcome: 'LOADED', updatedCount: 1, versionedCount: 0 });
    const liquidated = current.map((row) => ({ ...row, 'Liquidation Date': '2026-04-17' }));
    const loaded = await upload(brokerStaff, csv(liquidated));
    expect(loaded).toMatchObject({ outcome: 'LOADED', updatedCount: 1, versionedCount: 0 });
    expect(loaded.liquidationChangesAfterAcceptance).toEqual([
      { entrySummaryId: a.id.toString(), entryNumber: a.entryNumber },
    ]);
    const now = await entryRow(ENTRY_A);
    expect([now.liquidationStatus, now.liquidationDate?.toISOString().slice(0, 10)]).toEqual([
      'LIQUIDATED',
      '2026-04-17',
    ]);
    const events = await db.owner.outboxEvent.findMany({
      where: { eventType: 'entry.liquidated_by_ace_reported' },
    });
    expect(events.map((e) => [e.subjectId, e.entrySummaryIds, e.organizationIds, e.payload])).toEqual([
      [
        declaration.id,
        [a.id],
        [brokerA.organizationId],
        { declarationId: declaration.id, liquidationDate: '2026-04-17' },
      ],
    ]);
  });

  it('refuses a changed importer of record or entry date, naming what is on file', async () => {
    const rows = ENTRY_B_ROWS.map((row) => ({
      ...row,
      'IOR Number': '12-345678911',
      'Entry Date': '2026-03-03',
    }));
    const refused = await expectRefusedWithoutWrites(brokerStaff, csv(rows));
    expect(errorAt(refused, 2, 'IOR Number').problem).toContain('another importer of record');
    expect(errorAt(refused, 2, 'Entry Date').problem).toContain('entry date 2026-03-02');
  });
});

describe('who may ingest', () => {
  const sunEntry = entryNumberFor('SUN', 42);
  const sunRows = ENTRY_A_ROWS.slice(0, 2).map((row) => ({ ...row, 'Entry Number': sunEntry }));

  it('refuses a broker the entries of another broker’s filer code, as a row error, writing nothing', async () => {
    const refused = await expectRefusedWithoutWrites(brokerStaff, csv([...ENTRY_B_ROWS, ...sunRows]));
    expect(refused.errorCount).toBe(1);
    expect(errorAt(refused, 5, 'Entry Number').problem).toBe(
      "Filer code SUN (the first three characters of the entry number) is not one of your organization's filer codes.",
    );
  });

  it('lets the operator ingest for any filer, and the entry belongs to that filer', async () => {
    const result = await upload(operator, csv(sunRows));
    expect(result).toMatchObject({ outcome: 'LOADED', createdCount: 1 });
    const entry = await entryRow(sunEntry);
    expect(entry.filerOrganizationId).toBe(brokerB.organizationId);
  });

  it('refuses unknown filer codes for the operator too', async () => {
    const unknown = entryNumberFor('QQ9', 7);
    const refused = await expectRefusedWithoutWrites(operator, csv([{ 'Entry Number': unknown }]));
    expect(errorAt(refused, 2, 'Entry Number').problem).toContain('not registered to any filer');
  });

  it('refuses an importer without filer codes as row errors, and viewers and notify parties outright', async () => {
    const importerStaff = await member(importerOrganization);
    const refused = await expectRefusedWithoutWrites(importerStaff, csv(ENTRY_B_ROWS));
    expect(refused.errors.map((e) => [e.row, e.column])).toEqual([[2, 'Entry Number']]);
    const viewer = await member(brokerA.organization, 'VIEWER');
    await expect(upload(viewer, csv(ENTRY_B_ROWS))).rejects.toThrow(ForbiddenError);
    const notify = await member(await createOrganization(db.owner, { kind: 'NOTIFY_PARTY' }), 'ADMIN');
    await expect(upload(notify, csv(ENTRY_B_ROWS))).rejects.toThrow(ForbiddenError);
  });
});

describe('a file either loads whole or writes nothing', () => {
  it('refuses three good entries with one bad row', async () => {
    const good = [1, 2, 3].flatMap((n) =>
      ENTRY_A_ROWS.slice(0, 2).map((row) => ({
        ...row,
        'Entry Number': entryNumberFor('B76', 2_000_000 + n),
      })),
    );
    const bad = { ...good[5]!, 'Duty Amount': '1.005' };
    const refused = await expectRefusedWithoutWrites(brokerStaff, csv([...good.slice(0, 5), bad]));
    expect(refused.errors).toEqual([
      {
        row: 7,
        column: 'Duty Amount',
        value: '1.005',
        problem: '"1.005" has 3 decimal places; an amount has at most two (cents).',
        fix: 'Round the amount to the cent as it appears on the entry summary, e.g. 1.01 rather than 1.005.',
      },
    ]);
    expect(refused).toMatchObject({ rowCount: 6, createdCount: 0, errorCount: 1 });
  });
});

describe('every row-level error is reported with its row, column, value and fix', () => {
  it('reports each cell problem on its own row', async () => {
    const e = (n: number) => entryNumberFor('B76', 3_000_000 + n);
    const cases: [Row, string, string][] = [
      [{ 'Entry Number': 'B76-0324527-9' }, 'Entry Number', 'Check digit 9 does not match'],
      [{ 'Entry Number': '261103162' }, 'Entry Number', 'two leading zeros were probably lost'],
      [{ 'Entry Number': e(1), 'Entry Type': '1' }, 'Entry Type', 'dropped the leading zero (01)'],
      [{ 'Entry Number': e(2), 'IOR Number': '12345678900' }, 'IOR Number', 'write it with hyphens'],
      [{ 'Entry Number': e(3), 'Notify Party Number': '999-12-3456' }, 'Notify Party Number', 'ITIN'],
      [{ 'Entry Number': e(4), 'Port Code': '704' }, 'Port Code', 'four digits'],
      [{ 'Entry Number': e(5), 'Entry Date': '2025-02-30' }, 'Entry Date', 'is not a calendar date'],
      [{ 'Entry Number': e(6), 'Entry Date': '2026-04-21' }, 'Entry Date', 'after today (2026-04-20)'],
      [{ 'Entry Number': e(7), 'Deposit Date': 'soon' }, 'Deposit Date', 'is not a calendar date'],
      [{ 'Entry Number': e(8), 'Summary Status': 'OPEN' }, 'Summary Status', 'not one of the allowed values'],
      [
        { 'Entry Number': e(9), 'Liquidation Status': 'DONE' },
        'Liquidation Status',
        'not one of the allowed',
      ],
      [
        { 'Entry Number': e(10), 'Liquidation Status': 'LIQUIDATED' },
        'Liquidation Date',
        'needs its liquidation date',
      ],
      [
        { 'Entry Number': e(11), 'Liquidation Date': '2026-01-09' },
        'Liquidation Date',
        'status is UNLIQUIDATED',
      ],
      [
        { 'Entry Number': e(12), 'Liquidation Status': 'FINAL', 'Liquidation Date': '2025-06-01' },
        'Liquidation Date',
        'before the entry date 2025-06-02',
      ],
      [{ 'Entry Number': e(13), 'Drawback Designated': 'maybe' }, 'Drawback Designated', 'is not Y or N'],
      [{ 'Entry Number': e(14), 'Line Number': '0' }, 'Line Number', 'not a whole number from 1 to 9999'],
      [{ 'Entry Number': e(15), 'Country Of Origin': 'CHN' }, 'Country Of Origin', 'two-letter'],
      [{ 'Entry Number': e(16), 'Entered Value': '10.005' }, 'Entered Value', '3 decimal places'],
      [{ 'Entry Number': e(17), 'Tariff Sequence': 'x' }, 'Tariff Sequence', 'not a whole number'],
      [{ 'Entry Number': e(18), 'HTS Number': '9903.01' }, 'HTS Number', 'has 6 digits'],
      [{ 'Entry Number': e(19), Rate: '' }, 'Rate', 'The rate is empty'],
      [{ 'Entry Number': e(20), 'Duty Amount': '-5.00' }, 'Duty Amount', 'is negative'],
      [{ 'Entry Number': e(21), 'Duty Amount': '1,23.45' }, 'Duty Amount', 'is not a dollar amount'],
    ];
    const refused = await expectRefusedWithoutWrites(brokerStaff, csv(cases.map(([row]) => row)));
    cases.forEach(([row, column, problem], index) => {
      const error = errorAt(refused, index + 2, column);
      expect(error.problem).toContain(problem);
      expect(error.value).toBe(row[column as keyof Row] ?? BASE[column as keyof Row]);
      expect(error.fix.length).toBeGreaterThan(10);
    });
    expect(refused.errorCount).toBe(cases.length);
    expect(errorAt(refused, 3, 'Entry Number').fix).toContain('002-6110316-2');
  });

  it('reports rows of the wrong width and empty rows', async () => {
    const text = `${csv([{ 'Entry Number': entryNumberFor('B76', 6_000_001) }])}B76-0324527-8,01\r\n,,,\r\n`;
    const refused = await expectRefusedWithoutWrites(brokerStaff, text);
    expect(errorAt(refused, 3, null).problem).toBe('The row has 2 cells; the header has 24.');
    expect(errorAt(refused, 4, null).problem).toBe('The row is empty.');
    expect(refused.errorCount).toBe(2);
  });

  it('reports problems across rows and against the database', async () => {
    const e = (n: number) => entryNumberFor('B76', 4_000_000 + n);
    const notifyParty = await createNotifyParty(db.owner, { partyNumber: '55-123456700' });
    const rows: Row[] = [
      { 'Entry Number': e(1) },
      { 'Entry Number': e(1) }, // row 3: the same line 1, sequence 1 again
      { 'Entry Number': e(2) },
      { 'Entry Number': e(2), 'Tariff Sequence': '2', 'Port Code': '2709', 'HTS Number': '99030125' }, // row 5
      { 'Entry Number': e(3) },
      { 'Entry Number': e(3), 'Tariff Sequence': '2', 'Country Of Origin': 'CN', 'HTS Number': '99030125' }, // 7
      { 'Entry Number': e(4), 'HTS Number': '9903.01.25' }, // row 8: a line of Chapter 99 numbers only
      { 'Entry Number': e(5), 'IOR Number': notifyParty.party.partyNumber }, // row 9
    ];
    const refused = await expectRefusedWithoutWrites(brokerStaff, csv(rows));
    expect(errorAt(refused, 3, 'Tariff Sequence').problem).toContain('already has tariff sequence 1 (row 2)');
    expect(errorAt(refused, 5, 'Port Code').problem).toBe(
      `Port Code is "2709" here but "2704" on row 4 of the same entry ${e(2).replaceAll('-', '')}.`,
    );
    expect(errorAt(refused, 7, 'Country Of Origin').problem).toContain('"CN" here but "VN" on row 6');
    expect(errorAt(refused, 8, 'HTS Number').problem).toContain('has only Chapter 99 numbers');
    expect(errorAt(refused, 9, 'IOR Number').problem).toContain('registered as a Form 4811 notify party');
    expect(refused.errorCount).toBe(5);
  });

  it('refuses files that are not CSV, empty, header-only, or with a wrong header, as a whole', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(20_000, 7)]);
    expect((await expectRefusedWithoutWrites(brokerStaff, xlsx)).errors[0]!.problem).toContain(
      'Excel workbook',
    );
    expect((await expectRefusedWithoutWrites(brokerStaff, '')).errors[0]!.problem).toBe('The file is empty.');
    const headerOnly = await expectRefusedWithoutWrites(brokerStaff, csv([]));
    expect(headerOnly.errors[0]!.problem).toContain('no entry rows');
    const renamed = HEADER.map((h) => (h === 'Rate' ? 'Duty Rate' : h));
    const wrongHeader = await expectRefusedWithoutWrites(brokerStaff, csv([{}], renamed));
    expect(wrongHeader.errors.map((error) => error.problem)).toEqual([
      '"Duty Rate" is not a column of the entry-summary file.',
      'The header lacks the column "Rate".',
    ]);
    const semicolons = `${HEADER.join(';')}\r\n`;
    expect((await expectRefusedWithoutWrites(brokerStaff, semicolons)).errors[0]!.problem).toContain(
      'semicolons or tabs',
    );
    const unclosed = `${csv([{}])}"B76-0324527-8,01\r\n`;
    expect((await expectRefusedWithoutWrites(brokerStaff, unclosed)).errors[0]!.problem).toContain(
      'a quotation mark is opened and never closed',
    );
  });

  it('accepts header names in any case and order, a BOM, CRLF and ACE’s ="..." wrapper', async () => {
    const entry = entryNumberFor('B76', 5_000_001);
    const shuffled = [...HEADER].reverse().map((h) => h.toUpperCase().replaceAll(' ', '_'));
    const row = HEADER.map((h) => ({ ...BASE, 'Entry Number': `="${entry}"` })[h] ?? '').reverse();
    const text = `\uFEFF${shuffled.join(',')}\r\n${stringify([row])}`;
    const result = await upload(brokerStaff, text);
    expect(result).toMatchObject({ outcome: 'LOADED', createdCount: 1 });
  });
});

describe('the merge writes only what the session may write', () => {
  it('refuses a staged plan for another filer’s entries, and the operator’s functions to the application role', async () => {
    const { CREATE_STAGING_TABLES } = await import('./staging.ts');
    const { runSetChecks } = await import('./merge.ts');
    if (brokerStaff.actor.kind !== 'user' || brokerBStaff.actor.kind !== 'user')
      throw new Error('unreachable');
    const brokerBUser = brokerBStaff.actor.userId;
    const attempt = withTenantConnection(db.app, tenantOfActor(brokerStaff.actor), async (client) => {
      await client.query(CREATE_STAGING_TABLES);
      await client.query(`INSERT INTO ingest_rows VALUES (2, '${entryNumberFor('B76', 7_000_001).replaceAll('-', '')}',
        'B76', '01', '12-345678900', 'EIN', NULL, NULL, '2704', '2025-06-02', '2025-06-12', 'ACCEPTED', 'UNLIQUIDATED',
        NULL, false, false, false, false, false, false, true, 1, 'VN', 100000, 1, '8471300100', 'HTS_CHAPTER_1_97',
        'Free', 0, false)`);
      // A legitimate plan for broker A's entry, then the session claims to be broker B.
      await runSetChecks(client, { role: 'filer', unknownFilerCodeProblem: '%s' });
      const planned = await client.query(
        'SELECT count(*)::int AS n FROM ingest_entries WHERE entry_id IS NOT NULL',
      );
      expect(planned.rows[0].n).toBe(1);
      await client.query(
        `select set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)`,
        [brokerB.organizationId, brokerBUser],
      );
      await client.query('SELECT app_ingest_write_staged()');
    });
    await expect(attempt).rejects.toThrow(/not the caller's to write/);
    await expect(db.app.$queryRawUnsafe('SELECT app_operator_ingest_write_staged()')).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe('the record of ingestions', () => {
  it('shows an organization its own ingestions only, the operator everyone’s', async () => {
    const mine = await listEntryIngestions(brokerStaff, { limit: 100, inverted: false });
    const theirs = await listEntryIngestions(brokerBStaff, { limit: 100, inverted: false });
    const everyone = await listEntryIngestions(operator, { limit: 100, inverted: false });
    expect(mine.length).toBeGreaterThan(5);
    expect(new Set(mine.map((i) => i.organizationId))).toEqual(new Set([brokerA.organizationId]));
    expect(theirs).toEqual([]);
    expect(everyone.length).toBe(await db.owner.entrySummaryIngestion.count());
    expect(await findEntryIngestion(brokerBStaff, mine[0]!.id)).toBeNull();
    expect((await findEntryIngestion(operator, mine[0]!.id))?.fileSha256).toBe(mine[0]!.fileSha256);
    // Newest first, and a page continues where the last one ended.
    const firstPage = await listEntryIngestions(brokerStaff, { limit: 2, inverted: false });
    const nextPage = await listEntryIngestions(brokerStaff, {
      limit: 2,
      inverted: false,
      after: { startedAt: firstPage[1]!.startedAt, id: firstPage[1]!.id },
    });
    expect([...firstPage, ...nextPage].map((i) => i.id)).toEqual(mine.slice(0, 4).map((i) => i.id));
  });

  it('records the SHA-256 and size of the whole file, also when it is refused after the first bytes', async () => {
    const { createHash } = await import('node:crypto');
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(50_000, 1)]);
    const result = await upload(brokerStaff, xlsx, 'book.xlsx');
    expect(result.fileSha256).toBe(createHash('sha256').update(xlsx).digest('hex'));
    expect(result.fileSizeBytes).toBe(50_004n);
  });

  it('row-level security refuses another organization’s ingestion record', async () => {
    if (brokerBStaff.actor.kind !== 'user') throw new Error('unreachable');
    const { userId } = brokerBStaff.actor;
    await expect(
      db.app.$transaction(async (tx) => {
        await tx.$queryRaw`select set_config('app.organization_id', ${brokerB.organizationId}, true),
                                  set_config('app.organization_kind', 'BROKER', true),
                                  set_config('app.user_id', ${userId}, true)`;
        await tx.entrySummaryIngestion.create({
          data: {
            organizationId: brokerA.organizationId,
            uploadedByUserId: userId,
            fileName: 'forged.csv',
            fileSha256: 'b'.repeat(64),
            fileSizeBytes: 1n,
            outcome: 'LOADED',
            businessDate: new Date('2026-04-20'),
            rowCount: 0,
            entryCount: 0,
            createdCount: 0,
            updatedCount: 0,
            versionedCount: 0,
            unchangedCount: 0,
            errorCount: 0,
            startedAt: new Date(),
          },
        });
      }),
    ).rejects.toThrow();
  });
});
