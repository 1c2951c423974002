// Row-level security is the second wall behind the API's permission checks: even a query that forgets
// its tenant filter must not see another tenant's rows.
import pg from 'pg';
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

  it('lets the operator role see every tenant, and no setting of the application role do so', async () => {
    const operator = await db.owner.organization.create({
      data: { kind: 'OPERATOR', name: 'CBP operations' },
    });
    const claim = {
      organizationId: operator.id,
      organizationKind: 'OPERATOR' as const,
      userId: alpha.user.id,
    };
    expect(await withTenant(db.operator, claim, (tx) => tx.entrySummary.count())).toBe(2);
    expect(await withTenant(db.app, claim, (tx) => tx.entrySummary.count())).toBe(0);
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

interface SessionClaims {
  organization_id?: string;
  organization_kind?: string;
  user_id?: string;
}

/** A raw session of a role (the application role unless told), in a transaction that is rolled back. */
async function inSession<T>(
  claims: SessionClaims,
  work: (client: pg.Client) => Promise<T>,
  url = db.appUrl,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    for (const [name, value] of Object.entries(claims)) {
      await client.query('select set_config($1, $2, true)', [`app.${name}`, value]);
    }
    return await work(client);
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

const alphaClaims = { organization_id: alpha.organization.id, user_id: alpha.user.id };
const alphaAdmin = await db.owner.user.create({
  data: { email: 'admin@alpha.test', displayName: 'Alpha admin', passwordHash: 'scrypt$admin' },
});
await db.owner.membership.create({
  data: { userId: alphaAdmin.id, organizationId: alpha.organization.id, role: 'ADMIN' },
});
const alphaAdminClaims = { organization_id: alpha.organization.id, user_id: alphaAdmin.id };
const cbp = await db.owner.organization.create({ data: { kind: 'OPERATOR', name: 'CBP CAPE operations' } });
const cbpAdmin = await db.owner.user.create({
  data: { email: 'admin@cbp.test', displayName: 'CBP admin', passwordHash: 'scrypt$cbp' },
});
await db.owner.membership.create({ data: { userId: cbpAdmin.id, organizationId: cbp.id, role: 'ADMIN' } });
const RLS_REFUSAL = /row-level security policy/;

describe('the application role in a raw session', () => {
  it("cannot claim to be the operator: app.organization_kind = 'OPERATOR' shows only its own tenant", async () => {
    const seen = await inSession({ ...alphaClaims, organization_kind: 'OPERATOR' }, async (client) => ({
      entries: (await client.query('select entry_number from entry_summaries order by 1')).rows,
      organizations: (await client.query('select name from organizations order by 1')).rows,
      users: (await client.query('select email from users order by 1')).rows,
    }));
    expect(seen).toEqual({
      entries: [{ entry_number: 'B7603245278' }],
      organizations: [{ name: 'Alpha Brokerage' }],
      users: [{ email: 'admin@alpha.test' }, { email: 'b76@example.test' }],
    });
    await expect(inSession(alphaClaims, (client) => client.query('set role cape_operator'))).rejects.toThrow(
      /permission denied to set role "cape_operator"/,
    );
  });

  it('reads no password hash, not even its own; the operator role neither', async () => {
    for (const url of [db.appUrl, db.operatorUrl]) {
      await expect(
        inSession(alphaClaims, (client) => client.query('select password_hash from users'), url),
      ).rejects.toThrow(/permission denied for table users/);
    }
    await expect(
      inSession(alphaClaims, (client) => client.query("update users set password_hash = 'scrypt$x'")),
    ).rejects.toThrow(/permission denied for table users/);
  });

  it('cannot add a user to another organization from a user-only or a tenant context', async () => {
    const join = (client: pg.Client, organizationId: string) =>
      client.query(
        `insert into memberships (id, user_id, organization_id, role) values (gen_random_uuid(), $1, $2, 'ADMIN')`,
        [alpha.user.id, organizationId],
      );
    await expect(
      inSession({ user_id: alpha.user.id }, (client) => join(client, beta.organization.id)),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(inSession(alphaAdminClaims, (client) => join(client, beta.organization.id))).rejects.toThrow(
      RLS_REFUSAL,
    );
    // Staff are not admins: they cannot change their own organization's members either.
    await expect(
      inSession(alphaClaims, (client) =>
        client.query(`update memberships set role = 'ADMIN' where user_id = $1`, [alpha.user.id]),
      ),
    ).resolves.toMatchObject({ rowCount: 0 });
  });

  it('cannot write its way to operator power, even naming a real operator admin in its settings', async () => {
    const forged = { organization_id: cbp.id, organization_kind: 'OPERATOR', user_id: cbpAdmin.id };
    await expect(
      inSession(forged, (client) =>
        client.query(
          `insert into memberships (id, user_id, organization_id, role) values (gen_random_uuid(), $1, $2, 'ADMIN')`,
          [alpha.user.id, cbp.id],
        ),
      ),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(
      inSession(forged, (client) =>
        client.query(
          `insert into member_invitations (id, organization_id, email, role, token_hash, invited_by_user_id, expires_at)
           values (gen_random_uuid(), $1, 'mole@alpha.test', 'ADMIN', repeat('a', 64), $2, now() + interval '1 day')`,
          [cbp.id, cbpAdmin.id],
        ),
      ),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(
      inSession(alphaAdminClaims, (client) =>
        client.query(`update organizations set kind = 'OPERATOR' where id = $1`, [alpha.organization.id]),
      ),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(
      inSession(alphaAdminClaims, (client) =>
        client.query(`insert into filer_codes (code, organization_id) values ('Z9Z', $1)`, [
          alpha.organization.id,
        ]),
      ),
    ).rejects.toThrow(RLS_REFUSAL);
  });

  it("cannot rewrite a client's party record or an entry filed by someone else", async () => {
    const rename = await inSession(alphaClaims, (client) =>
      client.query(`update parties set name = 'Renamed' where id = $1`, [alpha.party.id]),
    );
    expect(rename.rowCount).toBe(0);
    const importer = await db.owner.organization.create({ data: { kind: 'IMPORTER', name: 'Alpha client' } });
    await db.owner.entrySummary.update({
      where: { id: alpha.entry.id },
      data: { importerOrganizationId: importer.id },
    });
    const importerUser = await db.owner.user.create({
      data: { email: 'ops@alpha-client.test', displayName: 'Importer', passwordHash: 'scrypt$i' },
    });
    await db.owner.membership.create({
      data: { userId: importerUser.id, organizationId: importer.id, role: 'ADMIN' },
    });
    const importerClaims = { organization_id: importer.id, user_id: importerUser.id };
    const [visible, edited] = await inSession(importerClaims, async (client) => [
      (await client.query('select 1 from entry_summaries where id = $1', [alpha.entry.id])).rowCount,
      (await client.query('update entry_summaries set ieepa_duty_cents = 0 where id = $1', [alpha.entry.id]))
        .rowCount,
    ]);
    expect([visible, edited]).toEqual([1, 0]);
  });

  it('lets an admin manage its own members, and the operator role write what CBP writes', async () => {
    const added = await inSession(alphaAdminClaims, (client) =>
      client.query(
        `insert into memberships (id, user_id, organization_id, role) values (gen_random_uuid(), $1, $2, 'VIEWER')`,
        [beta.user.id, alpha.organization.id],
      ),
    );
    expect(added.rowCount).toBe(1);
    const assigned = await inSession(
      { organization_id: cbp.id, user_id: cbpAdmin.id },
      (client) =>
        client.query(`insert into filer_codes (code, organization_id) values ('Z9Z', $1)`, [
          alpha.organization.id,
        ]),
      db.operatorUrl,
    );
    expect(assigned.rowCount).toBe(1);
  });
});
