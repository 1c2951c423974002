import { verifyPassword } from '@cape/auth';
import { useTestDatabase } from '@cape/db/testing';
import { describe, expect, it } from 'vitest';
import {
  DEMO_BROKER_NAME,
  DEMO_IMPORTER_NAME,
  DEMO_LOGINS,
  DEMO_NOTIFY_PARTY_NAME,
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
});
