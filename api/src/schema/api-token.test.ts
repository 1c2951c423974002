// API tokens over HTTP, as third-party software uses them.
import { createHash, randomBytes } from 'node:crypto';
import { parseAchKeyRing } from '@cape/core';
import { useTestDatabase } from '@cape/db/testing';
import {
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createUser,
} from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../http-testing.ts';
import { TEST_API_CONFIG } from '../testing.ts';

const db = await useTestDatabase();
const harbor = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage', filerCode: 'H7C' });
const rival = await createBrokerWithFilerCode(db.owner, { name: 'Rival Brokerage', filerCode: 'R2D' });
const acme = await createImporterParty(db.owner, { name: 'Acme Imports', partyNumber: '12-345678900' });
for (let i = 0; i < 3; i++)
  await createEntrySummary(db.owner, { filerCode: 'H7C', importerPartyId: acme.partyId });
await createEntrySummary(db.owner, { filerCode: 'R2D', importerPartyId: acme.partyId });
const admin = await createUser(db.owner, {
  email: 'admin@harbor.test',
  organizationId: harbor.organizationId,
  role: 'ADMIN',
});
const staff = await createUser(db.owner, {
  email: 'staff@harbor.test',
  organizationId: harbor.organizationId,
  role: 'STAFF',
});
const rivalAdmin = await createUser(db.owner, {
  email: 'admin@rival.test',
  organizationId: rival.organizationId,
  role: 'ADMIN',
});
const acmeAdmin = await createUser(db.owner, {
  email: 'admin@acme.test',
  organizationId: acme.organizationId!,
  role: 'ADMIN',
});

const api = await startTestApi(db.app, {
  ...TEST_API_CONFIG,
  achKeyRing: parseAchKeyRing(`t1:${randomBytes(32).toString('base64')}`),
});
afterAll(() => api.close());

const adminSession = await api.signIn('admin@harbor.test', admin.password);
const staffSession = await api.signIn('staff@harbor.test', staff.password);
const rivalSession = await api.signIn('admin@rival.test', rivalAdmin.password);

const CREATE = `mutation Create($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    __typename
    ... on CreateApiTokenSuccess { token apiToken { id name prefix scopes state expiresAt lastUsedAt createdByName } }
    ... on ValidationError { message issues { path message } }
    ... on Error { message }
  }
}`;
const REVOKE = `mutation Revoke($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) {
    __typename
    ... on RevokeApiTokenSuccess { apiToken { id state revokedAt } }
    ... on Error { message }
  }
}`;
const WHO_AND_ENTRIES = `{ viewer { email apiToken { name prefix } permissions } entries(first: 10) { totalCount } }`;
const LIST = `{ apiTokens { id name prefix scopes state lastUsedAt } }`;

async function createToken(session: string, input: Record<string, unknown>) {
  return (await api.graphql(CREATE, { input }, session)).data?.createApiToken;
}

describe('API tokens over HTTP', () => {
  it('are created by an admin and shown once; lists show the prefix, never the secret', async () => {
    const created = await createToken(adminSession, {
      name: 'Brokerage system',
      scopes: ['ENTRY_READ'],
      expiresInDays: 30,
    });
    expect(created).toMatchObject({
      __typename: 'CreateApiTokenSuccess',
      apiToken: {
        name: 'Brokerage system',
        scopes: ['ENTRY_READ'],
        state: 'ACTIVE',
        lastUsedAt: null,
        createdByName: admin.user.displayName,
      },
    });
    expect(created.token).toMatch(/^cape_pat_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const listed = await api.graphql(LIST, {}, adminSession);
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(18));
    expect(listed.data?.apiTokens).toContainEqual(
      expect.objectContaining({ prefix: created.apiToken.prefix }),
    );
    const stored = await db.owner.apiToken.findUniqueOrThrow({ where: { id: created.apiToken.id } });
    expect(stored.secretHash).toBe(createHash('sha256').update(created.token).digest('hex'));
  });

  it('act as their creator within their scopes, on every operation a user could perform, and record the last use', async () => {
    const { token, apiToken } = await createToken(adminSession, { name: 'reader', scopes: ['ENTRY_READ'] });
    const result = await api.graphql(WHO_AND_ENTRIES, {}, token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      viewer: {
        email: 'admin@harbor.test',
        apiToken: { name: 'reader', prefix: apiToken.prefix },
        permissions: ['ENTRY_READ'],
      },
      entries: { totalCount: 3 },
    });
    const listed = (await api.graphql(LIST, {}, adminSession)).data?.apiTokens.find(
      (t: { id: string }) => t.id === apiToken.id,
    );
    expect(Date.now() - Date.parse(listed.lastUsedAt)).toBeLessThan(60_000);
  });

  it('refuse what their scopes do not cover, even when their creator could', async () => {
    const { token } = await createToken(adminSession, { name: 'audit only', scopes: ['AUDIT_READ'] });
    const entries = await api.graphql('{ entries(first: 1) { totalCount } }', {}, token);
    expect(entries.data).toBeNull();
    expect(entries.errors?.[0]?.message).toMatch(/Not authorized/);
    // People and tokens are managed by signed-in admins only.
    const invite = await api.graphql(
      `mutation { inviteMember(input: { email: "x@harbor.test", role: STAFF }) { __typename ... on Error { message } } }`,
      {},
      token,
    );
    expect(invite.data?.inviteMember).toMatchObject({ __typename: 'ForbiddenError' });
    expect((await createToken(token, { name: 'child', scopes: ['AUDIT_READ'] })).__typename).toBe(
      'ForbiddenError',
    );
    expect((await api.graphql(LIST, {}, token)).errors?.[0]?.message).toMatch(/Not authorized/);
  });

  it('never exceed their creator: staff cannot create any, an admin only what it holds', async () => {
    expect((await createToken(staffSession, { name: 'mine', scopes: ['ENTRY_READ'] })).__typename).toBe(
      'ForbiddenError',
    );
    const tooMuch = await createToken(adminSession, {
      name: 'ops',
      scopes: ['ENTRY_READ', 'PROCESSING_RUN'],
    });
    expect(tooMuch).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        {
          path: 'input.scopes',
          message: 'You do not hold "processing:run", so a token you create cannot hold it either.',
        },
      ],
    });
    expect(await db.owner.apiToken.count({ where: { name: 'ops' } })).toBe(0);
  });

  it('stop working when expired or revoked; creation and revocation are audited', async () => {
    const expiring = await createToken(adminSession, {
      name: 'expiring',
      scopes: ['ENTRY_READ'],
      expiresInDays: 1,
    });
    await db.owner.apiToken.update({
      where: { id: expiring.apiToken.id },
      data: { createdAt: new Date(Date.now() - 2 * 86_400_000), expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await api.graphql(WHO_AND_ENTRIES, {}, expiring.token);
    expect(expired.data?.viewer ?? null).toBeNull();

    const revoking = await createToken(adminSession, { name: 'to revoke', scopes: ['ENTRY_READ'] });
    expect((await api.graphql(WHO_AND_ENTRIES, {}, revoking.token)).data?.entries.totalCount).toBe(3);
    const revoked = await api.graphql(REVOKE, { input: { tokenId: revoking.apiToken.id } }, adminSession);
    expect(revoked.data?.revokeApiToken).toMatchObject({
      __typename: 'RevokeApiTokenSuccess',
      apiToken: { state: 'REVOKED' },
    });
    const after = await api.graphql(WHO_AND_ENTRIES, {}, revoking.token);
    expect(after.data?.viewer ?? null).toBeNull();

    const audit = await db.owner.auditLogEntry.findMany({
      where: { subjectId: revoking.apiToken.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.actorUserId, entry.organizationId])).toEqual([
      ['api_token.created', admin.user.id, harbor.organizationId],
      ['api_token.revoked', admin.user.id, harbor.organizationId],
    ]);
  });

  it('name themselves on what they change: an ACH enrollment made with a token is attributed to it', async () => {
    const importerSession = await api.signIn('admin@acme.test', acmeAdmin.password);
    const { token, apiToken } = await createToken(importerSession, {
      name: 'treasury system',
      scopes: ['ACH_ENROLLMENT_MANAGE'],
    });
    const enrolled = await api.graphql(
      `mutation { enrollAchRefund(input: { routingNumber: "021000021", accountNumber: "123456789", accountType: CHECKING }) {
        __typename ... on EnrollAchRefundSuccess { party { enrollment { accountNumberMasked status } } } ... on Error { message } } }`,
      {},
      token,
    );
    expect(enrolled.data?.enrollAchRefund).toEqual({
      __typename: 'EnrollAchRefundSuccess',
      party: { enrollment: { accountNumberMasked: '••••6789', status: 'ACTIVE' } },
    });
    const [audit] = await db.owner.auditLogEntry.findMany({ where: { action: 'ach_enrollment.enrolled' } });
    expect(audit).toMatchObject({ apiTokenId: apiToken.id, actorUserId: acmeAdmin.user.id });
  });

  it('keep accounts apart: another account neither sees nor revokes them, and a token sees only its own account', async () => {
    const { token, apiToken } = await createToken(adminSession, {
      name: 'harbor only',
      scopes: ['ENTRY_READ'],
    });
    const rivalList = await api.graphql(LIST, {}, rivalSession);
    expect(rivalList.data?.apiTokens.map((t: { id: string }) => t.id)).not.toContain(apiToken.id);
    const rivalRevoke = await api.graphql(REVOKE, { input: { tokenId: apiToken.id } }, rivalSession);
    expect(rivalRevoke.data?.revokeApiToken).toMatchObject({ __typename: 'ValidationError' });
    expect((await api.graphql(WHO_AND_ENTRIES, {}, token)).data?.entries.totalCount).toBe(3);
    // The rival's own token sees the rival's single entry, never Harbor's.
    const rivalToken = await createToken(rivalSession, { name: 'rival', scopes: ['ENTRY_READ'] });
    expect((await api.graphql(WHO_AND_ENTRIES, {}, rivalToken.token)).data?.entries.totalCount).toBe(1);
  });
});
