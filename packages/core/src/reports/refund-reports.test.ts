// The refund reports under row-level security, with a negative test per report for every other tenant.
// World: broker A files for importers I1 (ACH-enrolled; one entry routed to its Form 4811 notify party N),
// I2 (not enrolled: held) and I4 (an account that bounces); broker B files for I3. Every entry is $10,000 at
// 10% (principal 100000 cents) accepted 2026-04-20, liquidated 2026-06-04 with 6032 cents of interest
// (Python, exact fractions, day by day).
import { useTestDatabase } from '@cape/db/testing';
import {
  createAchEnrollment,
  createForm4811Designation,
  createImporterParty,
  createNotifyParty,
} from '@cape/testkit';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../context.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import {
  brokerFiling,
  memberContext,
  openProcessingTestBed,
  type ProcessingTestBed,
} from '../testing/processing-fixtures.ts';
import { type ReportKind, readReport, reportCsv } from './refund-reports.ts';

const db = await useTestDatabase();
let bed: ProcessingTestBed;
const LINES = [{ enteredValueCents: 1_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }];
const LONG_AGO = new Date('2025-01-02T15:00:00Z');

const viewers = {} as Record<
  'brokerA' | 'brokerB' | 'i1' | 'i2' | 'i3' | 'i4' | 'notify' | 'operator',
  ServiceContext
>;
const entryNumbers = {} as Record<'i1' | 'i1Routed' | 'i2' | 'i3' | 'i4', string>;
const partyNumbers = {} as Record<'i1' | 'i2' | 'i3' | 'i4' | 'notify', string>;

beforeAll(async () => {
  bed = await openProcessingTestBed(db);
  const a = await brokerFiling(db);
  const b = await brokerFiling(db);
  const i1 = await createImporterParty(db.owner, { clientOf: a.broker.organizationId });
  const i2 = await createImporterParty(db.owner, { clientOf: a.broker.organizationId });
  const i3 = await createImporterParty(db.owner, { clientOf: b.broker.organizationId });
  const i4 = await createImporterParty(db.owner, { clientOf: a.broker.organizationId });
  const notify = await createNotifyParty(db.owner);
  await createAchEnrollment(db.owner, { partyId: i1.partyId, enrolledAt: LONG_AGO });
  await createAchEnrollment(db.owner, { partyId: i3.partyId, enrolledAt: LONG_AGO });
  await createAchEnrollment(db.owner, {
    partyId: i4.partyId,
    enrolledAt: LONG_AGO,
    routingNumber: '011000028',
  });
  await createAchEnrollment(db.owner, { partyId: notify.partyId, enrolledAt: LONG_AGO });
  await createForm4811Designation(db.owner, { importerPartyId: i1.partyId, notifyPartyId: notify.partyId });
  const ids = {
    i1: await a.entry({ importerPartyId: i1.partyId, lines: LINES }),
    i1Routed: await a.entry({ importerPartyId: i1.partyId, notifyPartyId: notify.partyId, lines: LINES }),
    i2: await a.entry({ importerPartyId: i2.partyId, lines: LINES }),
    i3: await b.entry({ importerPartyId: i3.partyId, lines: LINES }),
    i4: await a.entry({ importerPartyId: i4.partyId, lines: LINES }),
  };
  for (const [key, id] of Object.entries(ids)) {
    entryNumbers[key as keyof typeof entryNumbers] = (
      await db.owner.entrySummary.findUniqueOrThrow({ where: { id } })
    ).entryNumber;
  }
  for (const [key, party] of Object.entries({ i1, i2, i3, i4, notify })) {
    partyNumbers[key as keyof typeof partyNumbers] = party.party.partyNumber;
  }
  await bed.accept([ids.i1, ids.i1Routed, ids.i2, ids.i4], '2026-04-20');
  await bed.accept([ids.i3], '2026-04-20');
  await bed.runCycle('2026-06-04');
  // Issued three days after sending; I4's payment comes back after two.
  await bed.runCycle('2026-06-08');

  viewers.brokerA = await memberContext(db, 'BROKER', { organizationId: a.broker.organizationId });
  viewers.brokerB = await memberContext(db, 'BROKER', { organizationId: b.broker.organizationId });
  viewers.i1 = await memberContext(db, 'IMPORTER', { organizationId: i1.organizationId! });
  viewers.i2 = await memberContext(db, 'IMPORTER', { organizationId: i2.organizationId! });
  viewers.i3 = await memberContext(db, 'IMPORTER', { organizationId: i3.organizationId! });
  viewers.i4 = await memberContext(db, 'IMPORTER', { organizationId: i4.organizationId! });
  viewers.notify = await memberContext(db, 'NOTIFY_PARTY', { organizationId: notify.organizationId! });
  viewers.operator = await memberContext(db, 'OPERATOR');
});
afterAll(async () => {
  await bed.close();
});

async function rows(viewer: keyof typeof viewers, kind: ReportKind, filter = {}) {
  return (await readReport(viewers[viewer], kind, filter, { first: 100 })).rows;
}

describe('ES-022 (declaration, entry, refund)', () => {
  it("shows a broker its declarations' entries, an importer its own, nobody else's", async () => {
    const a = await rows('brokerA', 'ES_022');
    expect(a.map((row) => row.entryNumber).sort()).toEqual(
      [entryNumbers.i1, entryNumbers.i1Routed, entryNumbers.i2, entryNumbers.i4].sort(),
    );
    const i2Row = a.find((row) => row.entryNumber === entryNumbers.i2)!;
    expect(i2Row).toMatchObject({
      importerNumber: partyNumbers.i2,
      state: 'REFUNDED',
      principalCents: 100000n,
      interestCents: 6032n,
      refundStatus: 'HELD',
    });
    expect(String(i2Row.claimNumber)).toMatch(/^\d{12}$/);
    expect(String(i2Row.refundNumber)).toMatch(/^CR260604-/);
    expect((await rows('brokerB', 'ES_022')).map((row) => row.entryNumber)).toEqual([entryNumbers.i3]);
    // The importer sees its entries on the broker's declaration, and the status of the refund routed to its
    // notify party (not the refund's amounts: that refund is the notify party's).
    const i1 = await rows('i1', 'ES_022');
    expect(i1.map((row) => [row.entryNumber, row.refundStatus]).sort()).toEqual(
      [
        [entryNumbers.i1, 'TREASURY_ISSUED'],
        [entryNumbers.i1Routed, 'TREASURY_ISSUED'],
      ].sort(),
    );
    expect(await rows('i3', 'ES_022')).toHaveLength(1);
    expect((await rows('operator', 'ES_022')).length).toBeGreaterThanOrEqual(5);
    await expect(rows('notify', 'ES_022')).rejects.toThrow(ForbiddenError);
  });
});

describe('REV-603 (refunds by payment status)', () => {
  it('shows each recipient its refunds, filtered by status, and a broker none', async () => {
    expect(await rows('i1', 'REV_603')).toEqual([
      expect.objectContaining({
        recipientNumber: partyNumbers.i1,
        status: 'TREASURY_ISSUED',
        entries: 1,
        principalCents: 100000n,
        interestCents: 6032n,
        payableCents: 106032n,
      }),
    ]);
    expect((await rows('notify', 'REV_603')).map((row) => [row.recipientNumber, row.entries])).toEqual([
      [partyNumbers.notify, 1],
    ]);
    expect(await rows('brokerA', 'REV_603')).toEqual([]);
    expect(await rows('i3', 'REV_603', { statuses: ['HELD'] })).toEqual([]);
    expect((await rows('i3', 'REV_603', { statuses: ['TREASURY_ISSUED'] })).length).toBe(1);
    const everyone = await rows('operator', 'REV_603', { statuses: ['HELD'] });
    expect(everyone.map((row) => row.recipientNumber).sort()).toEqual(
      [partyNumbers.i2, partyNumbers.i4].sort(),
    );
    await expect(rows('i1', 'REV_603', { statuses: ['PAID'] })).rejects.toThrow(ValidationError);
  });
});

describe('REV-613 (ACH rejected and held)', () => {
  it('lists held refunds with why, to their recipients only', async () => {
    expect(await rows('i2', 'REV_613')).toEqual([
      expect.objectContaining({
        recipientNumber: partyNumbers.i2,
        heldReason: 'NO_ACH_ENROLLMENT',
        returnCode: null,
      }),
    ]);
    expect(await rows('i4', 'REV_613')).toEqual([
      expect.objectContaining({
        recipientNumber: partyNumbers.i4,
        heldReason: 'ACH_RETURNED',
        returnCode: 'R03',
        returnedRoutingNumber: '011000028',
      }),
    ]);
    expect(await rows('i1', 'REV_613')).toEqual([]);
    expect(await rows('brokerA', 'REV_613')).toEqual([]);
    expect(await rows('notify', 'REV_613')).toEqual([]);
  });
});

describe('REV-615 (entry-level detail of refunds sent to Treasury)', () => {
  it("reconciles a recipient's deposit to its entries, even a notify party that cannot see entries", async () => {
    const detail = await rows('notify', 'REV_615');
    expect(detail).toEqual([
      expect.objectContaining({
        recipientNumber: partyNumbers.notify,
        entryNumber: entryNumbers.i1Routed,
        principalCents: 100000n,
        interestCents: 6032n,
        refundPayableCents: 106032n,
      }),
    ]);
    expect((await rows('i1', 'REV_615')).map((row) => row.entryNumber)).toEqual([entryNumbers.i1]);
    // Held refunds were never sent: not in REV-615.
    expect(await rows('i2', 'REV_615')).toEqual([]);
    expect(await rows('brokerA', 'REV_615')).toEqual([]);
    expect(await rows('brokerB', 'REV_615')).toEqual([]);
  });
});

describe('broker portfolio by importer client', () => {
  it('rolls up declared, accepted, principal, interest, paid and held per client of the broker only', async () => {
    const portfolio = await rows('brokerA', 'BROKER_PORTFOLIO');
    const byImporter = Object.fromEntries(portfolio.map((row) => [row.importerNumber, row]));
    expect(Object.keys(byImporter).sort()).toEqual(
      [partyNumbers.i1, partyNumbers.i2, partyNumbers.i4].sort(),
    );
    expect(byImporter[partyNumbers.i1]).toMatchObject({
      declaredEntries: 2,
      acceptedEntries: 2,
      principalCents: 200000n,
      interestCents: 12064n,
      paidCents: 212064n,
      heldCents: 0n,
    });
    expect(byImporter[partyNumbers.i2]).toMatchObject({ paidCents: 0n, heldCents: 106032n });
    expect(byImporter[partyNumbers.i4]).toMatchObject({ paidCents: 0n, heldCents: 106032n });
    expect((await rows('brokerB', 'BROKER_PORTFOLIO')).map((row) => row.importerNumber)).toEqual([
      partyNumbers.i3,
    ]);
    await expect(rows('notify', 'BROKER_PORTFOLIO')).rejects.toThrow(ForbiddenError);
  });
});

describe('CSV downloads', () => {
  it('give the same rows as the pages, with a header, for the same viewer only', async () => {
    const csv = await reportCsv(viewers.brokerA, 'ES_022', {});
    const table = parse(csv.content, { columns: true }) as Record<string, string>[];
    expect(csv.rows).toBe(4);
    expect(table.map((row) => row['Entry number']).sort()).toEqual(
      [entryNumbers.i1, entryNumbers.i1Routed, entryNumbers.i2, entryNumbers.i4].sort(),
    );
    expect(table.find((row) => row['Entry number'] === entryNumbers.i2)).toMatchObject({
      'Principal (cents)': '100000',
      'Interest (cents)': '6032',
      'Refund status': 'HELD',
      'Liquidation date': '2026-06-04',
    });
    const other = await reportCsv(viewers.brokerB, 'REV_613', {});
    expect(other.rows).toBe(0);
    await expect(reportCsv(viewers.notify, 'ES_022', {})).rejects.toThrow(ForbiddenError);
  });
});
