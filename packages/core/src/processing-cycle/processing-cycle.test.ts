// The processing cycle end to end against real PostgreSQL with a real worker: mass processing, scheduling,
// (re)liquidation with interest, consolidation, payment. Expected amounts are computed by hand (interest: an
// independent day-by-day exact-fraction computation in Python, quoted beside each value).

import { withTenant } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import { createAchEnrollment, createImporterParty, createUser } from '@cape/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportAceLiquidations } from '../review-and-liquidation/ace-liquidation.ts';
import {
  brokerFiling,
  openProcessingTestBed,
  type ProcessingTestBed,
} from '../testing/processing-fixtures.ts';

const db = await useTestDatabase();
let bed: ProcessingTestBed;

beforeAll(async () => {
  bed = await openProcessingTestBed(db);
});
afterAll(async () => {
  await bed.close();
});

describe('a cycle from acceptance to paid refunds', () => {
  it('removes IEEPA duty in a new version, liquidates after 45 days, reliquidates next processing day, pays', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, {
      clientOf: filing.broker.organizationId,
      corporate: true,
    });
    await createAchEnrollment(db.owner, { partyId: importer.partyId });
    // $10,000 from China with the 10% reciprocal baseline: $1,000.00 IEEPA duty, MFN free.
    const unliquidated = await filing.entry({
      importerPartyId: importer.partyId,
      entryDate: '2025-06-02',
      lines: [{ enteredValueCents: 1_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }],
    });
    // $25,000 at 10%: $2,500.00, liquidated 2026-03-02 (49 days before filing: inside the 80-day window).
    const liquidated = await filing.entry({
      importerPartyId: importer.partyId,
      entryDate: '2025-09-15',
      lines: [{ enteredValueCents: 2_500_000n, chapter99: [{ htsNumber: '9903.01.25' }] }],
      liquidationDate: '2026-03-02',
    });
    await bed.accept([unliquidated, liquidated], '2026-04-20');

    // Up to the day after filing: mass processed; the liquidated entry is reliquidated on the next
    // processing day (Tuesday 2026-04-21); the other waits for 2026-04-20 + 45 = Thursday 2026-06-04.
    await bed.runCycle('2026-04-21');
    const processing = await bed.pool.query(
      `SELECT entry_summary_id::text AS id, state, liquidation_kind, scheduled_date, principal_cents::text AS principal,
              interest_cents::text AS interest, liquidated_on, cape_version
         FROM entry_processing ORDER BY entry_summary_id`,
    );
    expect(processing.rows).toEqual([
      {
        id: String(unliquidated),
        state: 'SCHEDULED',
        liquidation_kind: 'LIQUIDATION',
        scheduled_date: '2026-06-04',
        principal: '100000',
        interest: null,
        liquidated_on: null,
        cape_version: 2,
      },
      {
        id: String(liquidated),
        state: 'REFUNDED',
        liquidation_kind: 'RELIQUIDATION',
        scheduled_date: '2026-04-21',
        principal: '250000',
        // Python: 250000 cents, 2025-09-15 -> 2026-04-21, corporate 6% then 5% from April: 8979.
        interest: '8979',
        liquidated_on: '2026-04-21',
        cape_version: 2,
      },
    ]);
    const version = await bed.pool.query(
      `SELECT v.reason, v.total_duty_cents::text AS total, e.current_version, e.total_duty_cents::text AS header_total,
              e.ieepa_duty_cents::text AS header_ieepa,
              (SELECT count(*)::int FROM entry_summary_versions o WHERE o.entry_summary_id = e.id) AS versions,
              (SELECT string_agg(t.hts_number, ',' ORDER BY t.sequence) FROM entry_lines l
                 JOIN entry_line_tariffs t ON t.entry_line_id = l.id
                WHERE l.entry_summary_id = e.id AND l.version_number = 2) AS kept
         FROM entry_summaries e JOIN entry_summary_versions v ON v.entry_summary_id = e.id AND v.version_number = 2
        WHERE e.id = $1`,
      [String(unliquidated)],
    );
    expect(version.rows).toEqual([
      {
        reason: 'CAPE_IEEPA_REMOVED',
        total: '0',
        current_version: 2,
        header_total: '0',
        header_ieepa: '0',
        versions: 2,
        kept: '8471300100',
      },
    ]);

    // The declaration is recorded as processed, with its event (and each entry's transition with its own).
    const declaration = await bed.pool.query(
      `SELECT dp.entries, (SELECT count(*)::int FROM outbox_events o
                            WHERE o.subject_id = dp.declaration_id::text AND o.event_type = 'declaration.mass_processed') AS events,
              (SELECT array_agg(o.event_type ORDER BY o.event_type) FROM outbox_events o
                WHERE o.subject_type = 'ENTRY' AND o.subject_id = dp.declaration_id::text) AS entry_events
         FROM declaration_processing dp
         JOIN declaration_entries de ON de.declaration_id = dp.declaration_id
        WHERE de.entry_summary_id = $1`,
      [String(unliquidated)],
    );
    expect(declaration.rows).toEqual([
      {
        entries: 2,
        events: 1,
        entry_events: [
          'entry.mass_processed',
          'entry.mass_processed',
          'entry.refunded',
          'entry.reliquidated',
        ],
      },
    ]);

    await bed.runCycle('2026-06-10');
    const refunds = await bed.pool.query(
      `SELECT liquidation_date, principal_cents::text AS principal, interest_cents::text AS interest, status
         FROM refunds ORDER BY liquidation_date`,
    );
    expect(refunds.rows).toEqual([
      // Sent 2026-04-21, issued three days later by the simulated Treasury.
      { liquidation_date: '2026-04-21', principal: '250000', interest: '8979', status: 'TREASURY_ISSUED' },
      // Python: 100000 cents, 2025-06-02 -> 2026-06-04, corporate: 6032. Sent 06-10, issued 06-13: not yet.
      { liquidation_date: '2026-06-04', principal: '100000', interest: '6032', status: 'SENT_TO_TREASURY' },
    ]);
    const entry = await bed.pool.query(
      `SELECT liquidation_status, liquidation_date FROM entry_summaries WHERE id = $1`,
      [String(unliquidated)],
    );
    expect(entry.rows[0]).toEqual({ liquidation_status: 'LIQUIDATED', liquidation_date: '2026-06-04' });
  });
});

async function processingOf(id: bigint) {
  const { rows } = await bed.pool.query(
    `SELECT p.state, p.liquidation_kind, p.scheduled_date, p.reliquidation_deadline, p.schedule_note, p.liquidated_on,
            p.interest_cents::text AS interest, p.refund_id IS NOT NULL AS refunded
       FROM entry_processing p WHERE p.entry_summary_id = $1`,
    [String(id)],
  );
  return rows[0];
}

describe("CBP's liquidation timing", () => {
  it('moves day 45 off Fridays, weekends and federal holidays; reliquidates on the next processing day', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    const lines = [{ enteredValueCents: 1_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }];
    // Accepted Tuesday 2026-04-21: day 45 is Friday 2026-06-05, so Monday 2026-06-08.
    const friday = await filing.entry({ importerPartyId: importer.partyId, lines });
    await bed.accept([friday], '2026-04-21');
    // Accepted Friday 2026-07-24: day 45 is Monday 2026-09-07, Labor Day, so Tuesday 2026-09-08.
    const laborDay = await filing.entry({ importerPartyId: importer.partyId, lines });
    await bed.accept([laborDay], '2026-07-24');
    // Liquidated 2026-02-05, accepted Thursday 2026-04-23 (77 days): the next processing day is Monday 04-27.
    const thursday = await filing.entry({
      importerPartyId: importer.partyId,
      lines,
      liquidationDate: '2026-02-05',
    });
    await bed.accept([thursday], '2026-04-23');
    await bed.runCycle('2026-04-24');

    expect(await processingOf(friday)).toMatchObject({ state: 'SCHEDULED', scheduled_date: '2026-06-08' });
    // A declaration filed after the cycle's date is not processed yet.
    expect(await processingOf(laborDay)).toBeUndefined();
    expect(await processingOf(thursday)).toMatchObject({
      state: 'SCHEDULED',
      liquidation_kind: 'RELIQUIDATION',
      scheduled_date: '2026-04-27',
      reliquidation_deadline: '2026-05-06',
    });

    // Nothing liquidates before its day; each on its day, interest up to it (Python: 6090, 5482, 7639).
    await bed.runCycle('2026-06-05');
    expect(await processingOf(friday)).toMatchObject({ state: 'SCHEDULED' });
    expect(await processingOf(thursday)).toMatchObject({
      liquidated_on: '2026-04-27',
      interest: '5482',
      refunded: true,
    });
    await bed.runCycle('2026-06-08');
    expect(await processingOf(friday)).toMatchObject({
      liquidated_on: '2026-06-08',
      interest: '6090',
      refunded: true,
    });
    await bed.runCycle('2026-07-24');
    expect(await processingOf(laborDay)).toMatchObject({ state: 'SCHEDULED', scheduled_date: '2026-09-08' });
    await bed.runCycle('2026-09-04');
    expect(await processingOf(laborDay)).toMatchObject({ state: 'SCHEDULED' });
    await bed.runCycle('2026-09-08');
    expect(await processingOf(laborDay)).toMatchObject({
      liquidated_on: '2026-09-08',
      interest: '7639',
      refunded: true,
    });
  });

  it('never reliquidates after day 90, and leaves an entry past it unscheduled', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    const lines = [{ enteredValueCents: 1_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }];
    // Liquidated 2026-01-25: day 90 is Saturday 2026-04-25, before Monday 04-27 (the next processing day after
    // Thursday 04-23): the latest processing day on or before it that is not before acceptance, 04-23 itself.
    const squeezed = await filing.entry({
      importerPartyId: importer.partyId,
      lines,
      liquidationDate: '2026-01-25',
    });
    // Liquidated 2026-01-20: day 90 was 2026-04-20, before the acceptance.
    const tooLate = await filing.entry({
      importerPartyId: importer.partyId,
      lines,
      liquidationDate: '2026-01-20',
    });
    await bed.accept([squeezed, tooLate], '2026-04-23');
    await bed.runCycle('2026-04-23');

    expect(await processingOf(squeezed)).toMatchObject({
      state: 'REFUNDED',
      scheduled_date: '2026-04-23',
      reliquidation_deadline: '2026-04-25',
      schedule_note: 'DEADLINE_FORCED_DATE',
      liquidated_on: '2026-04-23',
      interest: '5424',
    });
    expect(await processingOf(tooLate)).toMatchObject({
      state: 'NOT_SCHEDULABLE',
      scheduled_date: null,
      reliquidation_deadline: '2026-04-20',
      schedule_note: 'RELIQUIDATION_DEADLINE_PASSED',
    });
  });

  it('keeps extended, suspended, under-review and warehouse entries until ACE liquidates them', async () => {
    const filing = await brokerFiling(db);
    const importer = await createImporterParty(db.owner, { clientOf: filing.broker.organizationId });
    await createAchEnrollment(db.owner, { partyId: importer.partyId });
    const lines = [{ enteredValueCents: 1_000_000n, chapter99: [{ htsNumber: '9903.01.25' }] }];
    const waiting = {
      extended: await filing.entry({
        importerPartyId: importer.partyId,
        lines,
        liquidationStatus: 'EXTENDED',
      }),
      suspended: await filing.entry({
        importerPartyId: importer.partyId,
        lines,
        liquidationStatus: 'SUSPENDED',
      }),
      underReview: await filing.entry({
        importerPartyId: importer.partyId,
        lines,
        liquidationStatus: 'UNDER_REVIEW',
      }),
      warehouse: await filing.entry({ importerPartyId: importer.partyId, lines, entryType: '21' }),
    };
    const final = await filing.entry({
      importerPartyId: importer.partyId,
      lines,
      liquidationStatus: 'FINAL',
      liquidationDate: '2025-10-03',
    });
    await bed.accept([...Object.values(waiting), final], '2026-04-20');
    await bed.runCycle('2026-07-31');
    for (const id of Object.values(waiting)) {
      expect(await processingOf(id)).toMatchObject({
        state: 'AWAITING_LIQUIDATION',
        liquidation_kind: 'ACE_LIQUIDATION',
      });
    }
    expect((await processingOf(waiting.warehouse))?.schedule_note).toBe('WAREHOUSE_ENTRY:UNLIQUIDATED');
    expect(await processingOf(final)).toMatchObject({
      state: 'NOT_SCHEDULABLE',
      schedule_note: 'FINAL_LIQUIDATION',
    });

    // An ingestion update: ACE liquidated the extended entry on Friday 2026-08-07. Ingestion records the
    // event in its own tenant transaction (the broker's, under row-level security); entries CAPE is not
    // waiting for are ignored.
    await db.owner.entrySummary.update({
      where: { id: waiting.extended },
      data: { liquidationStatus: 'LIQUIDATED', liquidationDate: new Date('2026-08-07T00:00:00Z') },
    });
    const staff = await createUser(db.owner, { organizationId: filing.broker.organizationId, role: 'STAFF' });
    const reported = await withTenant(
      db.app,
      { organizationId: filing.broker.organizationId, organizationKind: 'BROKER', userId: staff.user.id },
      (tx) =>
        reportAceLiquidations(
          tx,
          [
            { entrySummaryId: waiting.extended, liquidationDate: '2026-08-07' },
            { entrySummaryId: final, liquidationDate: '2026-08-07' },
          ],
          '2026-08-07',
        ),
    );
    expect(reported).toBe(1);
    const event = await db.owner.outboxEvent.findMany({
      where: { eventType: 'entry.liquidated_by_ace_reported' },
    });
    expect(event.map((row) => row.entrySummaryIds)).toEqual([[waiting.extended]]);
    await bed.runCycle('2026-08-10');
    // Python: 100000 cents, 2025-06-02 -> 2026-08-07, corporate: 7074.
    expect(await processingOf(waiting.extended)).toMatchObject({
      state: 'REFUNDED',
      liquidated_on: '2026-08-07',
      interest: '7074',
    });
    const refund = await bed.pool.query(
      `SELECT r.liquidation_date, r.principal_cents::text AS principal FROM refunds r
         JOIN refund_entries re ON re.refund_id = r.id WHERE re.entry_summary_id = $1`,
      [String(waiting.extended)],
    );
    expect(refund.rows).toEqual([{ liquidation_date: '2026-08-07', principal: '100000' }]);
    for (const id of [waiting.suspended, waiting.underReview, waiting.warehouse]) {
      expect(await processingOf(id)).toMatchObject({ state: 'AWAITING_LIQUIDATION' });
    }
  });
});
