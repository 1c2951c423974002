import { verifyPassword } from '@cape/auth';
import { useTestDatabase } from '@cape/db/testing';
import { type EntryForEligibility, evaluatePhase1Eligibility } from '@cape/domain';
import { describe, expect, it } from 'vitest';
import {
  DEMO_BROKER_NAME,
  DEMO_IMPORTER_NAME,
  DEMO_LOGINS,
  DEMO_NOTIFY_PARTY_NAME,
  demoStartDate,
  seedDemoData,
} from './seed-demo.ts';

const db = await useTestDatabase();

describe('seedDemoData', () => {
  it('creates the demo organizations, logins and data once, then does nothing', async () => {
    const first = await seedDemoData(db.ownerUrl, { entries: 3_000 });
    expect(first.created).toBe(true);
    expect(first.logins).toBe(DEMO_LOGINS);
    expect(first.load?.entries).toBe(3_000);

    for (const login of DEMO_LOGINS) {
      const user = await db.owner.user.findUniqueOrThrow({
        where: { email: login.email },
        include: { memberships: { include: { organization: true } } },
      });
      expect(user.memberships).toHaveLength(1);
      expect(user.memberships[0]).toMatchObject({
        role: 'ADMIN',
        organization: { name: login.organizationName, kind: login.organizationKind },
      });
      expect(await verifyPassword(login.password, user.passwordHash)).toBe(true);
    }

    const broker = await db.owner.organization.findFirstOrThrow({
      where: { name: DEMO_BROKER_NAME },
      include: { filerCodes: true, brokerClients: true },
    });
    expect(broker.filerCodes.map((f) => f.code).sort()).toEqual(['B76', 'H7C']);
    expect(broker.brokerClients.length).toBeGreaterThanOrEqual(280);
    expect(await db.owner.entrySummary.count({ where: { filerOrganizationId: broker.id } })).toBe(3_000);

    const importer = await db.owner.organization.findFirstOrThrow({
      where: { name: DEMO_IMPORTER_NAME },
      include: { parties: true, achEnrollments: true },
    });
    expect(importer.parties).toHaveLength(1);
    expect(importer.achEnrollments.map((a) => a.status)).toEqual(['ACTIVE']);
    const importerEntries = await db.owner.entrySummary.count({
      where: { importerOrganizationId: importer.id },
    });
    expect(importerEntries).toBeGreaterThan(30);

    const notify = await db.owner.party.findFirstOrThrow({
      where: { name: DEMO_NOTIFY_PARTY_NAME },
      include: { designationsReceived: { include: { importer: { include: { brokerClients: true } } } } },
    });
    const inForce = notify.designationsReceived.filter((d) => d.status === 'IN_FORCE');
    expect(inForce.length).toBeGreaterThan(0);
    expect(inForce[0]!.importer.brokerClients.map((c) => c.brokerOrganizationId)).toContain(broker.id);

    const organizationsBefore = await db.owner.organization.count();
    const second = await seedDemoData(db.ownerUrl, { entries: 3_000 });
    expect(second).toEqual({ created: false, logins: DEMO_LOGINS, load: null });
    expect(await db.owner.organization.count()).toBe(organizationsBefore);
    expect(await db.owner.entrySummary.count()).toBe(3_000);
  });

  it('starts on CAPE’s launch day with entries of every kind CAPE sees that day', async () => {
    await seedDemoData(db.ownerUrl, { entries: 3_000 });
    const clock = await db.owner.businessClock.findUniqueOrThrow({ where: { id: 1 } });
    expect(clock.overrideDate?.toISOString().slice(0, 10)).toBe('2026-04-20');

    const iso = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));
    const rows = await db.owner.entrySummary.findMany({
      include: { importer: true, versions: { include: { lines: { include: { tariffs: true } } } } },
    });
    expect(rows).toHaveLength(3_000);
    const decisions = rows.map((row) => {
      expect(iso(row.entryDate)! <= '2026-04-20' && iso(row.depositDate)! <= '2026-04-20').toBe(true);
      const version = row.versions.find((v) => v.versionNumber === row.currentVersion)!;
      const entry: EntryForEligibility = {
        ...row,
        entryDate: iso(row.entryDate)!,
        liquidationDate: iso(row.liquidationDate),
        iorNumber: row.importer.partyNumber,
        lines: version.lines.map((line) => ({ ...line, tariffs: line.tariffs })),
      };
      return evaluatePhase1Eligibility(entry, {
        filingDate: '2026-04-20',
        filer: { kind: 'BROKER', filerCodes: ['B76', 'H7C'] },
        alreadyOnAcceptedDeclaration: false,
      });
    });
    const accepted = decisions.filter((d) => d.decision === 'ACCEPTED');
    // Entries to file: unliquidated ones and ones liquidated within the 80 days before launch.
    expect(accepted.length).toBeGreaterThan(1_000);
    expect(accepted.some((d) => d.decision === 'ACCEPTED' && d.daysSinceLiquidation !== null)).toBe(true);
    const reasons = new Set(
      decisions.flatMap((d) => (d.decision === 'REJECTED' ? d.reasons.map((r) => r.code) : [])),
    );
    expect([...reasons].sort()).toEqual(
      expect.arrayContaining([
        'ADCVD_PENDING_LIQUIDATION_1504D',
        'DRAWBACK_DESIGNATED',
        'ENTRY_NOT_IN_ACE',
        'ENTRY_SUMMARY_NOT_ACCEPTED',
        'EXCLUDED_ENTRY_TYPE',
        'FINAL_LIQUIDATION',
        'LIQUIDATED_OUTSIDE_WINDOW',
        'NO_DUTIABLE_IEEPA_LINE',
        'OPEN_PROTEST',
        'RECONCILIATION_FLAGGED',
        'SURETY_PAID_IEEPA_DUTY',
      ]),
    );
  });

  it('takes its start date from DEMO_START_DATE and refuses a malformed one', () => {
    expect(demoStartDate(undefined, {})).toBe('2026-04-20');
    expect(demoStartDate(undefined, { DEMO_START_DATE: '2026-07-07' })).toBe('2026-07-07');
    expect(() => demoStartDate(undefined, { DEMO_START_DATE: '07/07/2026' })).toThrow(RangeError);
  });
});
