// The processing cycle end to end against real PostgreSQL with a real worker: mass processing, scheduling,
// (re)liquidation with interest, consolidation, payment. Expected amounts are computed by hand (interest: an
// independent day-by-day exact-fraction computation in Python, quoted beside each value).
import { useTestDatabase } from '@cape/db/testing';
import { createAchEnrollment, createImporterParty } from '@cape/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
