// Row-level security is the second wall behind the API's permission checks: even a query that forgets
// its tenant filter must not see another tenant's rows.
import { describe, expect, it } from 'vitest';
import { withSignedInUser, withTenant } from './tenant-transaction.ts';
import { useTestDatabase } from './testing/use-test-database.ts';

const db = await useTestDatabase();

async function seedTenant(name: string, filerCode: string, iorNumber: string, entryNumber: string) {
  const organization = await db.owner.organization.create({ data: { kind: 'BROKER', name } });
  const user = await db.owner.user.create({
    data: { email: `${filerCode.toLowerCase()}@example.test`, displayName: name, passwordHash: 'scrypt$x' },
  });
  await db.owner.membership.create({
    data: { userId: user.id, organizationId: organization.id, role: 'STAFF' },
  });
  await db.owner.filerCode.create({ data: { code: filerCode, organizationId: organization.id } });
  const party = await db.owner.party.create({
    data: {
      kind: 'IMPORTER_OF_RECORD',
      partyNumber: iorNumber,
      partyNumberKind: 'EIN',
      name: `${name} client`,
      corporate: true,
    },
  });
  await db.owner.brokerClient.create({ data: { brokerOrganizationId: organization.id, partyId: party.id } });
  const entry = await db.owner.entrySummary.create({
    data: {
      entryNumber,
      entryType: '01',
      filerCode,
      filerOrganizationId: organization.id,
      importerPartyId: party.id,
      portCode: '2704',
      entryDate: new Date('2025-06-02'),
      depositDate: new Date('2025-06-12'),
      summaryStatus: 'ACCEPTED',
      liquidationStatus: 'UNLIQUIDATED',
      totalDutyCents: 1000n,
      ieepaDutyCents: 500n,
      versions: { create: { versionNumber: 1, reason: 'ORIGINAL', totalDutyCents: 1000n } },
    },
  });
  await db.owner.auditLogEntry.create({
    data: {
      organizationId: organization.id,
      action: 'seed',
      subjectType: 'organization',
      subjectId: organization.id,
    },
  });
  return {
    organization,
    user,
    party,
    entry,
    context: { organizationId: organization.id, organizationKind: 'BROKER' as const, userId: user.id },
  };
}

const alpha = await seedTenant('Alpha Brokerage', 'B76', '12-3456789AA', 'B7603245278');
const beta = await seedTenant('Beta Brokerage', 'K9R', '98-7654321BB', 'K9R50000017');

describe('row-level security', () => {
  it("shows a tenant its own entries and never another tenant's, even without a where clause", async () => {
    const seenByAlpha = await withTenant(db.app, alpha.context, (tx) => tx.entrySummary.findMany());
    expect(seenByAlpha.map((entry) => entry.entryNumber)).toEqual(['B7603245278']);
    const seenByBeta = await withTenant(db.app, beta.context, (tx) => tx.entrySummary.findMany());
    expect(seenByBeta.map((entry) => entry.entryNumber)).toEqual(['K9R50000017']);
  });

  it("cannot fetch another tenant's entry by id, its versions, parties, filer codes or audit trail", async () => {
    await withTenant(db.app, alpha.context, async (tx) => {
      expect(await tx.entrySummary.findUnique({ where: { id: beta.entry.id } })).toBeNull();
      expect(await tx.entrySummaryVersion.findMany({ where: { entrySummaryId: beta.entry.id } })).toEqual([]);
      expect(await tx.party.findUnique({ where: { id: beta.party.id } })).toBeNull();
      expect(await tx.filerCode.findMany()).toEqual([expect.objectContaining({ code: 'B76' })]);
      expect(
        (await tx.auditLogEntry.findMany()).every((row) => row.organizationId === alpha.organization.id),
      ).toBe(true);
      expect(await tx.organization.findUnique({ where: { id: beta.organization.id } })).toBeNull();
    });
  });

  it("cannot change another tenant's rows", async () => {
    const updated = await withTenant(db.app, alpha.context, (tx) =>
      tx.entrySummary.updateMany({ where: { id: beta.entry.id }, data: { openProtest: true } }),
    );
    expect(updated.count).toBe(0);
    const untouched = await db.owner.entrySummary.findUniqueOrThrow({ where: { id: beta.entry.id } });
    expect(untouched.openProtest).toBe(false);
  });

  it('sees nothing at all outside a tenant transaction', async () => {
    expect(await db.app.entrySummary.findMany()).toEqual([]);
    expect(await db.app.party.findMany()).toEqual([]);
  });

  it('keeps the tenant setting transaction-local: the next transaction on the pool starts empty', async () => {
    await withTenant(db.app, alpha.context, (tx) => tx.entrySummary.count());
    const leaked = await db.app.$queryRaw<{ org: string | null }[]>`
      select nullif(current_setting('app.organization_id', true), '') as org`;
    expect(leaked[0]?.org ?? null).toBeNull();
  });

  it('lets operators see every tenant', async () => {
    const operator = await db.owner.organization.create({
      data: { kind: 'OPERATOR', name: 'CBP operations' },
    });
    const seen = await withTenant(
      db.app,
      { organizationId: operator.id, organizationKind: 'OPERATOR', userId: alpha.user.id },
      (tx) => tx.entrySummary.count(),
    );
    expect(seen).toBe(2);
  });

  it('lets a signed-in user see only their own memberships before choosing a tenant', async () => {
    const memberships = await withSignedInUser(db.app, alpha.user.id, (tx) =>
      tx.membership.findMany({ include: { organization: true } }),
    );
    expect(memberships.map((membership) => membership.organization.name)).toEqual(['Alpha Brokerage']);
  });

  it('keeps the audit log append-only, even for its owner', async () => {
    await expect(
      withTenant(db.app, alpha.context, (tx) =>
        tx.auditLogEntry.updateMany({ data: { action: 'tampered' } }),
      ),
    ).rejects.toThrow();
    await expect(db.owner.auditLogEntry.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db.owner.$executeRawUnsafe('truncate audit_log')).rejects.toThrow(/append-only/);
  });

  it('refuses audit records written in the name of another tenant', async () => {
    await expect(
      withTenant(db.app, alpha.context, (tx) =>
        tx.auditLogEntry.create({
          data: { organizationId: beta.organization.id, action: 'forged', subjectType: 'x', subjectId: 'y' },
        }),
      ),
    ).rejects.toThrow();
  });
});

describe('tenantScopedClient', () => {
  it('scopes every query to the tenant, one transaction per query', async () => {
    const { tenantScopedClient } = await import('./tenant-transaction.ts');
    const scoped = tenantScopedClient(db.app, beta.context);
    expect((await scoped.entrySummary.findMany()).map((entry) => entry.entryNumber)).toEqual(['K9R50000017']);
    expect(await scoped.party.findUnique({ where: { id: alpha.party.id } })).toBeNull();
  });
});
