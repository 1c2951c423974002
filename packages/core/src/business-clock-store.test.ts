import { useTestDatabase } from '@cape/db/testing';
import { createOrganization, createUser } from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { businessDateOf } from './business-clock.ts';
import { databaseBusinessClock, setBusinessDate } from './business-clock-store.ts';
import { type ServiceContext, userActor } from './context.ts';
import { ForbiddenError, NotAllowedError } from './errors.ts';

const db = await useTestDatabase();

async function member(
  kind: 'OPERATOR' | 'BROKER',
  role: 'STAFF' | 'ADMIN' = 'STAFF',
): Promise<ServiceContext> {
  const organization = await createOrganization(db.owner, { kind });
  const { user } = await createUser(db.owner, { organizationId: organization.id, role });
  const actor = userActor({ userId: user.id, organizationId: organization.id, organizationKind: kind, role });
  // CBP's operations staff reach the database as the operator role; everyone else as the application role.
  const client = kind === 'OPERATOR' ? db.operator : db.app;
  return { db: client, actor, clock: databaseBusinessClock(client) };
}

describe('the business clock', () => {
  it('is the Eastern date: 03:30 UTC on April 21 is still April 20 in New York (EDT, UTC-4)', () => {
    expect(businessDateOf(new Date('2026-04-21T03:30:00Z'))).toBe('2026-04-20');
    expect(businessDateOf(new Date('2026-04-21T04:30:00Z'))).toBe('2026-04-21');
    // In winter New York is UTC-5.
    expect(businessDateOf(new Date('2026-01-02T04:59:00Z'))).toBe('2026-01-01');
  });

  it('lets the operator move it, shares it through the database, audits it, and returns to the real date', async () => {
    const operator = await member('OPERATOR');
    const realNow = () => new Date('2026-11-23T15:00:00Z');
    const otherReplica = databaseBusinessClock(db.app, realNow);
    expect(await setBusinessDate(operator, '2026-04-20', { production: false })).toBe('2026-04-20');
    expect(await otherReplica.today()).toBe('2026-04-20');
    await setBusinessDate(operator, null, { production: false });
    expect(await otherReplica.today()).toBe('2026-11-23');
    const audit = await db.owner.auditLogEntry.findMany({ where: { action: 'business_clock.set' } });
    expect(audit.map((row) => (row.details as { date: string | null }).date)).toEqual(['2026-04-20', null]);
  });

  it('refuses production, non-dates and non-operators; row-level security refuses a broker writing directly', async () => {
    const operator = await member('OPERATOR');
    await expect(setBusinessDate(operator, '2026-05-01', { production: true })).rejects.toThrow(
      NotAllowedError,
    );
    await expect(setBusinessDate(operator, '2026-02-30', { production: false })).rejects.toThrow(
      NotAllowedError,
    );
    const broker = await member('BROKER', 'ADMIN');
    await expect(setBusinessDate(broker, '2026-05-01', { production: false })).rejects.toThrow(
      ForbiddenError,
    );
    if (broker.actor.kind !== 'user') throw new Error('unreachable');
    const { organizationId, userId } = broker.actor;
    await expect(
      db.app.$transaction(async (tx) => {
        await tx.$queryRaw`select set_config('app.organization_id', ${organizationId}, true),
                                  set_config('app.organization_kind', 'BROKER', true),
                                  set_config('app.user_id', ${userId}, true)`;
        await tx.businessClock.upsert({
          where: { id: 1 },
          create: { id: 1, overrideDate: new Date('2030-01-01') },
          update: { overrideDate: new Date('2030-01-01') },
        });
      }),
    ).rejects.toThrow();
  });
});
