// The operator's review queue against real PostgreSQL: automatic checks flag entries, CBP operations staff
// hold and release them (reason, audit, outbox event), released entries go back to CBP's schedule.
import { useTestDatabase } from '@cape/db/testing';
import { createAchEnrollment, createImporterParty } from '@cape/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotAllowedError, ValidationError } from '../errors.ts';
import {
  brokerFiling,
  memberContext,
  openProcessingTestBed,
  type ProcessingTestBed,
} from '../testing/processing-fixtures.ts';
import { holdEntry, listReviewQueue, releaseEntry } from './review-queue.ts';

const db = await useTestDatabase();
let bed: ProcessingTestBed;
const LONG_AGO = new Date('2025-01-02T15:00:00Z');
const small = [{ enteredValueCents: 1_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }];
// $60,000 at 10%: $6,000.00, at the test threshold of $5,000.00.
const large = [{ enteredValueCents: 6_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }];

beforeAll(async () => {
  bed = await openProcessingTestBed(db, { largeRefundReviewCents: 500_000n });
});
afterAll(async () => {
  await bed.close();
});

async function stateOf(id: bigint) {
  const { rows } = await bed.pool.query(
    `SELECT state, review_flags, scheduled_date, liquidated_on, interest_cents::text AS interest, review_reason,
            schedule_note
       FROM entry_processing WHERE entry_summary_id = $1`,
    [String(id)],
  );
  return rows[0];
}

async function entryNumberOf(id: bigint) {
  return (await db.owner.entrySummary.findUniqueOrThrow({ where: { id } })).entryNumber;
}

describe('the review queue', () => {
  it('flags entries by automatic checks, lets the operator release them, and audits the decision', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    await createAchEnrollment(db.owner, { partyId: importer.partyId, enrolledAt: LONG_AGO });
    const big = await filing.entry({ importerPartyId: importer.partyId, lines: large });
    const changed = await filing.entry({ importerPartyId: importer.partyId, lines: small });
    const clean = await filing.entry({ importerPartyId: importer.partyId, lines: small });
    await bed.accept([big, changed, clean], '2026-04-20');
    // After acceptance the IEEPA duty of one entry was corrected (a post-summary correction) to $900.00.
    await bed.pool.query(
      `UPDATE entry_line_tariffs t SET duty_cents = 90000 FROM entry_lines l
        WHERE t.entry_line_id = l.id AND l.entry_summary_id = $1 AND t.tariff_class = 'IEEPA'`,
      [String(changed)],
    );
    await bed.runCycle('2026-04-21');

    expect(await stateOf(big)).toMatchObject({ state: 'AWAITING_REVIEW', review_flags: ['LARGE_REFUND'] });
    expect(await stateOf(changed)).toMatchObject({
      state: 'AWAITING_REVIEW',
      review_flags: ['PRINCIPAL_CHANGED_SINCE_ACCEPTANCE'],
    });
    expect(await stateOf(clean)).toMatchObject({ state: 'SCHEDULED', review_flags: [] });

    const operator = await memberContext(db, 'OPERATOR');
    const queue = await listReviewQueue(operator, { first: 50 });
    const numbers = [await entryNumberOf(big), await entryNumberOf(changed)];
    expect(
      queue
        .filter((item) => numbers.includes(item.entryNumber))
        .map((item) => item.flags[0]!.code)
        .sort(),
    ).toEqual(['LARGE_REFUND', 'PRINCIPAL_CHANGED_SINCE_ACCEPTANCE']);

    // Released before its day: it keeps its date (2026-04-20 + 45 = 2026-06-04).
    const released = await releaseEntry(operator, {
      entryNumber: numbers[0]!,
      reason: 'Verified with the importer',
    });
    expect(released.state).toBe('SCHEDULED');
    expect(released.scheduledDate?.toISOString().slice(0, 10)).toBe('2026-06-04');
    const audit = await db.owner.auditLogEntry.findMany({
      where: { action: 'entry_processing.released', subjectId: String(big) },
    });
    expect(audit.map((row) => (row.details as { reason: string }).reason)).toEqual([
      'Verified with the importer',
    ]);
    const events = await db.owner.outboxEvent.findMany({ where: { eventType: 'entry.released' } });
    expect(events.map((event) => event.entrySummaryIds)).toEqual([[big]]);

    await bed.runCycle('2026-06-04');
    expect(await stateOf(big)).toMatchObject({ state: 'REFUNDED', liquidated_on: '2026-06-04' });
    // The other one still waits: an unreleased flagged entry is never liquidated.
    expect(await stateOf(changed)).toMatchObject({ state: 'AWAITING_REVIEW', liquidated_on: null });
  });

  it('holds a scheduled entry past its day, then reschedules it to the next processing day on release', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    await createAchEnrollment(db.owner, { partyId: importer.partyId, enrolledAt: LONG_AGO });
    const entry = await filing.entry({ importerPartyId: importer.partyId, lines: small });
    await bed.accept([entry], '2026-04-20');
    await bed.runCycle('2026-04-21');
    const operator = await memberContext(db, 'OPERATOR');
    const entryNumber = await entryNumberOf(entry);
    await holdEntry(operator, { entryNumber, reason: 'Importer under audit' });

    await bed.runCycle('2026-06-11');
    expect(await stateOf(entry)).toMatchObject({
      state: 'HELD',
      liquidated_on: null,
      review_reason: 'Importer under audit',
    });
    // Released on Friday 2026-06-12: its date went by, so the next processing day, Monday 2026-06-15.
    await bed.setClock('2026-06-12');
    const released = await releaseEntry(operator, { entryNumber, reason: 'Audit closed' });
    expect(released.scheduledDate?.toISOString().slice(0, 10)).toBe('2026-06-15');
    expect(released.scheduleNote).toBe('RESCHEDULED_AFTER_RELEASE');
    await bed.runCycle('2026-06-15');
    // Interest runs to the actual liquidation date (Python: 100000 cents, 2025-06-02 -> 2026-06-15: 6192).
    expect(await stateOf(entry)).toMatchObject({
      state: 'REFUNDED',
      liquidated_on: '2026-06-15',
      interest: '6192',
    });
    // A refunded entry can no longer be held.
    await expect(holdEntry(operator, { entryNumber, reason: 'Too late' })).rejects.toThrow(NotAllowedError);
  });

  it('does not reliquidate a released entry past day 90', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    // Liquidated 2026-03-02: reliquidation on 2026-04-21, never after 2026-05-31.
    const entry = await filing.entry({
      importerPartyId: importer.partyId,
      lines: small,
      liquidationDate: '2026-03-02',
    });
    await bed.accept([entry], '2026-04-20');
    const operator = await memberContext(db, 'OPERATOR');
    await bed.setClock('2026-04-20');
    await bed.runCycle('2026-04-20');
    const entryNumber = await entryNumberOf(entry);
    await holdEntry(operator, { entryNumber, reason: 'Check the liquidation' });
    await bed.setClock('2026-06-01');
    const released = await releaseEntry(operator, { entryNumber, reason: 'Checked' });
    expect(released.state).toBe('NOT_SCHEDULABLE');
    expect(released.scheduleNote).toBe('RELEASED_AFTER_RELIQUIDATION_DEADLINE');
  });

  it('refuses other accounts, bad input, and direct writes by the application role', async () => {
    const filing = await brokerFiling(db);
    const broker = await memberContext(db, 'BROKER', { organizationId: filing.broker.organizationId });
    await expect(listReviewQueue(broker, { first: 10 })).rejects.toThrow(ForbiddenError);
    await expect(holdEntry(broker, { entryNumber: 'ABC12345678', reason: 'mine' })).rejects.toThrow(
      ForbiddenError,
    );
    const operator = await memberContext(db, 'OPERATOR');
    await expect(holdEntry(operator, { entryNumber: 'not a number', reason: 'x' })).rejects.toThrow(
      ValidationError,
    );
    await expect(holdEntry(operator, { entryNumber: 'B76-0324527-8', reason: '  ' })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      holdEntry(operator, { entryNumber: 'B76-0324527-8', reason: 'Not on a declaration' }),
    ).rejects.toThrow(NotAllowedError);
    // Row-level security: the broker's own entries, written directly by the application role, do not move.
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    const entry = await filing.entry({ importerPartyId: importer.partyId, lines: small });
    await bed.accept([entry], '2026-06-01');
    await bed.runCycle('2026-06-01');
    if (broker.actor.kind !== 'user') throw new Error('unreachable');
    const { organizationId, userId } = broker.actor;
    const changed = await db.app.$transaction(async (tx) => {
      await tx.$queryRaw`select set_config('app.organization_id', ${organizationId}, true),
                                set_config('app.organization_kind', 'BROKER', true),
                                set_config('app.user_id', ${userId}, true)`;
      const visible = await tx.entryProcessing.count({ where: { entrySummaryId: entry } });
      const updated = await tx.entryProcessing.updateMany({
        where: { entrySummaryId: entry },
        data: { state: 'HELD' },
      });
      return { visible, updated: updated.count };
    });
    expect(changed).toEqual({ visible: 1, updated: 0 });
  });
});
