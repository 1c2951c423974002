// Refund consolidation and payment against real PostgreSQL with a real worker: one refund per (recipient,
// date) across declarations, Form 4811 routing (each condition), debt offsets oldest first, HELD and its
// automatic release, ACH returns; and the invariants checked by an independent query. Every entry here is
// $10,000 at 10% (principal 100000 cents) deposited 2025-06-02 and accepted 2026-04-20, so it liquidates on
// 2026-06-04 with 6032 cents of corporate interest (Python, exact fractions, day by day).
import { useTestDatabase } from '@cape/db/testing';
import {
  createAchEnrollment,
  createDebt,
  createForm4811Designation,
  createImporterParty,
  createNotifyParty,
} from '@cape/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokerFiling,
  openProcessingTestBed,
  type ProcessingTestBed,
} from '../testing/processing-fixtures.ts';
import { waitForCondition } from '../testing/processing-harness.ts';
import { checkRefundInvariants } from '../testing/refund-invariants.ts';

const db = await useTestDatabase();
let bed: ProcessingTestBed;
const LINES = [{ enteredValueCents: 1_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }];
const LONG_AGO = new Date('2025-01-02T15:00:00Z');

beforeAll(async () => {
  bed = await openProcessingTestBed(db);
});
afterAll(async () => {
  await bed.close();
});

async function refundsOf(partyId: string) {
  const { rows } = await bed.pool.query(
    `SELECT r.liquidation_date, r.principal_cents::text AS principal, r.interest_cents::text AS interest,
            r.offset_cents::text AS offset, r.payable_cents::text AS payable, r.status, r.held_reason,
            (SELECT count(*)::int FROM refund_entries re WHERE re.refund_id = r.id) AS entries
       FROM refunds r WHERE r.recipient_party_id = $1 ORDER BY r.liquidation_date, r.supplement`,
    [partyId],
  );
  return rows;
}

async function recipientOf(entryId: bigint) {
  const { rows } = await bed.pool.query(
    `SELECT recipient_party_id, recipient_reason FROM entry_processing WHERE entry_summary_id = $1`,
    [String(entryId)],
  );
  return rows[0];
}

describe('consolidation', () => {
  it('makes one refund per recipient and date across declarations, and another for another date', async () => {
    const brokerA = await brokerFiling(db);
    const brokerB = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: [brokerA.broker.organizationId] });
    await createAchEnrollment(db.owner, { partyId: importer.partyId, enrolledAt: LONG_AGO });
    const first = await brokerA.entry({ importerPartyId: importer.partyId, lines: LINES });
    const second = await brokerB.entry({ importerPartyId: importer.partyId, lines: LINES });
    const reliquidated = await brokerA.entry({
      importerPartyId: importer.partyId,
      lines: LINES,
      liquidationDate: '2026-03-02',
    });
    await bed.accept([first, reliquidated], '2026-04-20');
    await bed.accept([second], '2026-04-20');
    await bed.runCycle('2026-06-04');
    expect(await refundsOf(importer.partyId)).toEqual([
      // Reliquidated on the next processing day, 2026-04-21 (Python: 5395); this cycle sends it on 06-04.
      {
        liquidation_date: '2026-04-21',
        principal: '100000',
        interest: '5395',
        offset: '0',
        payable: '105395',
        status: 'SENT_TO_TREASURY',
        held_reason: null,
        entries: 1,
      },
      // Two declarations by two brokers, one importer, one date: one refund.
      {
        liquidation_date: '2026-06-04',
        principal: '200000',
        interest: '12064',
        offset: '0',
        payable: '212064',
        status: 'SENT_TO_TREASURY',
        held_reason: null,
        entries: 2,
      },
    ]);
  });
});

describe('Form 4811 routing', () => {
  it('pays the notify party only when a refund designation is in force, it is on the entry and ACH-enrolled', async () => {
    const filing = await brokerFiling(db);
    const enrolledNotify = await createNotifyParty(db.owner);
    await createAchEnrollment(db.owner, { partyId: enrolledNotify.partyId, enrolledAt: LONG_AGO });
    const unenrolledNotify = await createNotifyParty(db.owner);
    const importer = async () => {
      const party = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
      await createAchEnrollment(db.owner, { partyId: party.partyId, enrolledAt: LONG_AGO });
      return party;
    };
    const routed = await importer();
    await createForm4811Designation(db.owner, {
      importerPartyId: routed.partyId,
      notifyPartyId: enrolledNotify.partyId,
    });
    const billsOnly = await importer();
    await createForm4811Designation(db.owner, {
      importerPartyId: billsOnly.partyId,
      notifyPartyId: enrolledNotify.partyId,
      coversRefunds: false,
      coversBills: true,
    });
    const revoked = await importer();
    await createForm4811Designation(db.owner, {
      importerPartyId: revoked.partyId,
      notifyPartyId: enrolledNotify.partyId,
      status: 'REVOKED',
    });
    const notYet = await importer();
    await createForm4811Designation(db.owner, {
      importerPartyId: notYet.partyId,
      notifyPartyId: enrolledNotify.partyId,
      effectiveFrom: '2026-07-01',
    });
    const notEnrolled = await importer();
    await createForm4811Designation(db.owner, {
      importerPartyId: notEnrolled.partyId,
      notifyPartyId: unenrolledNotify.partyId,
    });

    const entries = {
      toNotifyParty: await filing.entry({
        importerPartyId: routed.partyId,
        notifyPartyId: enrolledNotify.partyId,
        lines: LINES,
      }),
      notOnEntry: await filing.entry({ importerPartyId: routed.partyId, lines: LINES }),
      billsOnly: await filing.entry({
        importerPartyId: billsOnly.partyId,
        notifyPartyId: enrolledNotify.partyId,
        lines: LINES,
      }),
      revoked: await filing.entry({
        importerPartyId: revoked.partyId,
        notifyPartyId: enrolledNotify.partyId,
        lines: LINES,
      }),
      notYet: await filing.entry({
        importerPartyId: notYet.partyId,
        notifyPartyId: enrolledNotify.partyId,
        lines: LINES,
      }),
      notEnrolled: await filing.entry({
        importerPartyId: notEnrolled.partyId,
        notifyPartyId: unenrolledNotify.partyId,
        lines: LINES,
      }),
    };
    await bed.accept(Object.values(entries), '2026-04-20');
    await bed.runCycle('2026-06-04');

    expect(await recipientOf(entries.toNotifyParty)).toEqual({
      recipient_party_id: enrolledNotify.partyId,
      recipient_reason: 'NOTIFY_PARTY_DESIGNATED',
    });
    expect(await recipientOf(entries.notOnEntry)).toEqual({
      recipient_party_id: routed.partyId,
      recipient_reason: 'NOTIFY_PARTY_NOT_ON_ENTRY',
    });
    expect(await recipientOf(entries.billsOnly)).toEqual({
      recipient_party_id: billsOnly.partyId,
      recipient_reason: 'DESIGNATION_EXCLUDES_REFUNDS',
    });
    expect(await recipientOf(entries.revoked)).toEqual({
      recipient_party_id: revoked.partyId,
      recipient_reason: 'NO_DESIGNATION_IN_FORCE',
    });
    expect(await recipientOf(entries.notYet)).toEqual({
      recipient_party_id: notYet.partyId,
      recipient_reason: 'NO_DESIGNATION_IN_FORCE',
    });
    expect(await recipientOf(entries.notEnrolled)).toEqual({
      recipient_party_id: notEnrolled.partyId,
      recipient_reason: 'NOTIFY_PARTY_NOT_ACH_ENROLLED',
    });
    // The notify party's refund holds only the routed entry; the importer's only the one not naming it.
    expect(await refundsOf(enrolledNotify.partyId)).toMatchObject([{ principal: '100000', entries: 1 }]);
    expect(await refundsOf(routed.partyId)).toMatchObject([{ principal: '100000', entries: 1 }]);
  });
});

describe('debts, holds and ACH returns', () => {
  it('offsets debts oldest first, records each offset, and diverts a refund a debt takes whole', async () => {
    const filing = await brokerFiling(db);
    const indebted = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    await createAchEnrollment(db.owner, { partyId: indebted.partyId, enrolledAt: LONG_AGO });
    const older = await createDebt(db.owner, {
      partyId: indebted.partyId,
      incurredOn: '2025-01-10',
      originalCents: 30_000n,
    });
    const newer = await createDebt(db.owner, {
      partyId: indebted.partyId,
      incurredOn: '2025-03-01',
      originalCents: 250_000n,
    });
    const future = await createDebt(db.owner, {
      partyId: indebted.partyId,
      incurredOn: '2026-09-01',
      originalCents: 1_000n,
    });
    const smallDebtor = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    await createAchEnrollment(db.owner, { partyId: smallDebtor.partyId, enrolledAt: LONG_AGO });
    const small = await createDebt(db.owner, {
      partyId: smallDebtor.partyId,
      incurredOn: '2025-05-05',
      originalCents: 5_000n,
    });
    const ids = [
      await filing.entry({ importerPartyId: indebted.partyId, lines: LINES }),
      await filing.entry({ importerPartyId: indebted.partyId, lines: LINES }),
      await filing.entry({ importerPartyId: smallDebtor.partyId, lines: LINES }),
    ];
    await bed.accept(ids, '2026-04-20');
    await bed.runCycle('2026-06-04');

    // 212064 owed back; the 30000 debt first, then 182064 of the 250000 one: nothing left to pay.
    expect(await refundsOf(indebted.partyId)).toMatchObject([
      { principal: '200000', interest: '12064', offset: '212064', payable: '0', status: 'FUNDS_DIVERTED' },
    ]);
    const offsets = await bed.pool.query(
      `SELECT d.bill_number, o.amount_cents::text AS amount, o.applied_on, d.outstanding_cents::text AS left
         FROM refund_offsets o JOIN debts d ON d.id = o.debt_id WHERE d.party_id = $1 ORDER BY d.incurred_on`,
      [indebted.partyId],
    );
    expect(offsets.rows).toEqual([
      { bill_number: older.billNumber, amount: '30000', applied_on: '2026-06-04', left: '0' },
      { bill_number: newer.billNumber, amount: '182064', applied_on: '2026-06-04', left: '67936' },
    ]);
    const untouched = await db.owner.debt.findUniqueOrThrow({ where: { id: future.id } });
    expect(untouched.outstandingCents).toBe(1_000n);
    // A smaller debt takes its part; the rest goes to Treasury.
    expect(await refundsOf(smallDebtor.partyId)).toMatchObject([
      { offset: '5000', payable: '101032', status: 'SENT_TO_TREASURY' },
    ]);
    expect((await db.owner.debt.findUniqueOrThrow({ where: { id: small.id } })).outstandingCents).toBe(0n);
  });

  it('holds a refund without ACH enrollment and releases it when the enrollment becomes active', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    await bed.accept([await filing.entry({ importerPartyId: importer.partyId, lines: LINES })], '2026-04-20');
    await bed.runCycle('2026-06-04');
    expect(await refundsOf(importer.partyId)).toMatchObject([
      { payable: '106032', status: 'HELD', held_reason: 'NO_ACH_ENROLLMENT' },
    ]);
    // Two days later the importer enrolls: no operator action, the worker releases the refund by itself.
    await bed.setClock('2026-06-08');
    await createAchEnrollment(db.owner, { partyId: importer.partyId });
    await waitForCondition(async () => (await refundsOf(importer.partyId))[0]?.status === 'SENT_TO_TREASURY');
    const history = await bed.pool.query(
      `SELECT s.status, s.business_date FROM refund_status_events s JOIN refunds r ON r.id = s.refund_id
        WHERE r.recipient_party_id = $1 ORDER BY s.id`,
      [importer.partyId],
    );
    expect(history.rows).toEqual([
      { status: 'PENDING', business_date: '2026-06-04' },
      { status: 'HELD', business_date: '2026-06-04' },
      { status: 'PENDING', business_date: '2026-06-08' },
      { status: 'SENT_TO_TREASURY', business_date: '2026-06-08' },
    ]);
    // Interest stopped at the liquidation date: the held days added nothing.
    expect(await refundsOf(importer.partyId)).toMatchObject([{ interest: '6032', payable: '106032' }]);
  });

  it('puts a refund whose ACH payment came back on hold again, until the bank details change', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    // The simulated Treasury returns payments to this routing number two days after receiving them.
    const enrollment = await createAchEnrollment(db.owner, {
      partyId: importer.partyId,
      routingNumber: '011000028',
      enrolledAt: LONG_AGO,
    });
    await bed.accept([await filing.entry({ importerPartyId: importer.partyId, lines: LINES })], '2026-04-20');
    await bed.runCycle('2026-06-04');
    expect(await refundsOf(importer.partyId)).toMatchObject([{ status: 'SENT_TO_TREASURY' }]);
    await bed.runCycle('2026-06-08');
    expect(await refundsOf(importer.partyId)).toMatchObject([
      { status: 'HELD', held_reason: 'ACH_RETURNED' },
    ]);
    // Still held while the same account is on file.
    await bed.runCycle('2026-06-09');
    expect(await refundsOf(importer.partyId)).toMatchObject([{ status: 'HELD' }]);

    await db.owner.achRefundEnrollment.update({
      where: { id: enrollment.id },
      data: { routingNumber: '021000021', updatedAt: new Date() },
    });
    await waitForCondition(async () => (await refundsOf(importer.partyId))[0]?.status === 'SENT_TO_TREASURY');
    await bed.runCycle('2026-06-12');
    expect(await refundsOf(importer.partyId)).toMatchObject([
      { status: 'TREASURY_ISSUED', payable: '106032' },
    ]);
    const payments = await bed.pool.query(
      `SELECT t.attempt, t.routing_number, t.status, t.sent_on, t.returned_on, t.return_code, t.issued_on
         FROM treasury_payments t JOIN refunds r ON r.id = t.refund_id WHERE r.recipient_party_id = $1 ORDER BY t.attempt`,
      [importer.partyId],
    );
    expect(payments.rows).toEqual([
      {
        attempt: 1,
        routing_number: '011000028',
        status: 'RETURNED',
        sent_on: '2026-06-04',
        returned_on: '2026-06-06',
        return_code: 'R03',
        issued_on: null,
      },
      {
        attempt: 2,
        routing_number: '021000021',
        status: 'ISSUED',
        sent_on: '2026-06-09',
        returned_on: null,
        return_code: null,
        issued_on: '2026-06-12',
      },
    ]);
  });
});

describe('invariants (independent query over everything this file processed)', () => {
  it('refunds exactly the IEEPA duty removed, each entry once, each refund its entries less offsets', async () => {
    const report = await checkRefundInvariants(bed.pool);
    expect(report.refundedEntries).toBeGreaterThan(10);
    expect(report.principalRefundedCents).toBe(report.ieepaRemovedCents);
    expect(report.entriesRefundedTwice).toBe(0);
    expect(report.refundsNotMatchingEntries).toEqual([]);
  });
});
