import { createHash } from 'node:crypto';
import { withTenant } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode } from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotAllowedError, ValidationError } from '../errors.ts';
import {
  authenticateApiToken,
  createApiToken,
  effectiveTokenPermissions,
  listApiTokens,
  revokeApiToken,
} from './api-tokens.ts';
import { changeMemberRole } from './members.ts';
import { newMember } from './testing.ts';

const db = await useTestDatabase();
const harbor = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage' });
const harborOrg = { id: harbor.organizationId, kind: 'BROKER' as const };
const rival = await createBrokerWithFilerCode(db.owner, { name: 'Rival Brokerage' });
const rivalOrg = { id: rival.organizationId, kind: 'BROKER' as const };
const admin = await newMember(db, harborOrg, 'ADMIN');
const staff = await newMember(db, harborOrg, 'STAFF');
const rivalAdmin = await newMember(db, rivalOrg, 'ADMIN');

describe('API tokens', () => {
  it('are shown once, stored as SHA-256 with a visible prefix, and audited', async () => {
    const { token, apiToken } = await createApiToken(admin.context, {
      name: 'Broker system',
      scopes: ['entry:read', 'declaration:file'],
      expiresInDays: 30,
    });
    expect(token).toMatch(/^cape_pat_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(`${apiToken.prefix}_`)).toBe(true);
    const row = await db.owner.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.secretHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token.slice(18));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);
    expect(apiToken).toMatchObject({
      state: 'ACTIVE',
      createdByName: expect.stringContaining('Test User'),
      lastUsedAt: null,
    });
    const [audit] = await db.owner.auditLogEntry.findMany({ where: { action: 'api_token.created' } });
    expect(audit).toMatchObject({
      organizationId: harborOrg.id,
      actorUserId: admin.userId,
      subjectId: apiToken.id,
    });
    expect(JSON.stringify(audit!.details)).not.toContain(token.slice(18));
  });

  it('authenticate as their creator within their scopes, and record the last use', async () => {
    const { token, apiToken } = await createApiToken(admin.context, {
      name: 'reader',
      scopes: ['entry:read'],
    });
    const authenticated = await authenticateApiToken(db.app, token);
    expect(authenticated?.actor).toMatchObject({
      kind: 'api-token',
      tokenId: apiToken.id,
      userId: admin.userId,
      organizationId: harborOrg.id,
      organizationKind: 'BROKER',
    });
    expect([...authenticated!.actor.permissions]).toEqual(['entry:read']);
    const used = await db.owner.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(used.lastUsedAt).not.toBeNull();
    expect(Math.abs(used.lastUsedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    // A token of another shape, or with one character changed, is nobody.
    expect(
      await authenticateApiToken(db.app, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
    ).toBeNull();
    expect(await authenticateApiToken(db.app, 'Bearer nonsense')).toBeNull();
  });

  it('never exceed their creator: not at creation, and not after the creator is demoted', async () => {
    const refused = await createApiToken(staff.context, { name: 'x', scopes: ['entry:read'] }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ForbiddenError);
    const tooMuch = await createApiToken(admin.context, {
      name: 'too much',
      scopes: ['entry:read', 'processing:run', 'member:manage', 'no-such:scope'],
    }).catch((error: unknown) => error as ValidationError);
    expect(tooMuch).toBeInstanceOf(ValidationError);
    expect((tooMuch as ValidationError).issues.map((issue) => issue.message)).toEqual([
      'You do not hold "processing:run", so a token you create cannot hold it either.',
      '"member:manage" stays with signed-in admins: no token may hold it.',
      '"no-such:scope" is not a scope (resource:verb permissions only).',
    ]);

    const second = await newMember(db, harborOrg, 'ADMIN');
    const { token } = await createApiToken(second.context, {
      name: 'audit export',
      scopes: ['audit:read', 'entry:read'],
    });
    expect([...(await authenticateApiToken(db.app, token))!.actor.permissions].sort()).toEqual([
      'audit:read',
      'entry:read',
    ]);
    await changeMemberRole(admin.context, { userId: second.userId, role: 'VIEWER' });
    // A broker viewer reads entries but not the audit log: the token shrinks with its creator at once.
    expect([...(await authenticateApiToken(db.app, token))!.actor.permissions]).toEqual(['entry:read']);
    expect([...effectiveTokenPermissions(['audit:read', 'declaration:file'], 'BROKER', 'STAFF')]).toEqual([
      'declaration:file',
    ]);
  });

  it('expire and can be revoked (audited); a revoked token authenticates no more', async () => {
    const { token, apiToken } = await createApiToken(admin.context, {
      name: 'short-lived',
      scopes: ['entry:read'],
      expiresInDays: 1,
    });
    await db.owner.apiToken.update({
      where: { id: apiToken.id },
      data: { createdAt: new Date(Date.now() - 2 * 86_400_000), expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await authenticateApiToken(db.app, token)).toBeNull();
    expect((await listApiTokens(admin.context)).find((listed) => listed.id === apiToken.id)?.state).toBe(
      'EXPIRED',
    );

    const other = await createApiToken(admin.context, { name: 'to revoke', scopes: ['entry:read'] });
    expect(await authenticateApiToken(db.app, other.token)).not.toBeNull();
    const revoked = await revokeApiToken(admin.context, { tokenId: other.apiToken.id });
    expect(revoked.state).toBe('REVOKED');
    expect(await authenticateApiToken(db.app, other.token)).toBeNull();
    await expect(revokeApiToken(admin.context, { tokenId: other.apiToken.id })).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    const audit = await db.owner.auditLogEntry.findMany({
      where: { action: 'api_token.revoked', subjectId: other.apiToken.id },
    });
    expect(audit.map((entry) => entry.actorUserId)).toEqual([admin.userId]);

    for (const expiresInDays of [0, 367, 1.5]) {
      await expect(
        createApiToken(admin.context, { name: 'x', scopes: ['entry:read'], expiresInDays }),
      ).rejects.toThrow('1 to 366 days');
    }
  });

  it('cannot manage tokens themselves', async () => {
    const { token } = await createApiToken(admin.context, { name: 'script', scopes: ['entry:read'] });
    const { actor } = (await authenticateApiToken(db.app, token))!;
    const asToken = {
      ...admin.context,
      actor: { ...actor, permissions: new Set([...actor.permissions, 'api-token:manage' as const]) },
    };
    await expect(createApiToken(asToken, { name: 'child', scopes: ['entry:read'] })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('keep accounts apart: another account neither lists nor revokes them, nor can they be inserted for it', async () => {
    const { apiToken } = await createApiToken(admin.context, { name: 'harbor only', scopes: ['entry:read'] });
    expect((await listApiTokens(rivalAdmin.context)).map((listed) => listed.id)).not.toContain(apiToken.id);
    await expect(revokeApiToken(rivalAdmin.context, { tokenId: apiToken.id })).rejects.toThrow(
      'No API token of your account',
    );
    const forged = withTenant(
      db.app,
      { organizationId: rivalOrg.id, organizationKind: 'BROKER', userId: rivalAdmin.userId },
      async (tx) => {
        await tx.apiToken.create({
          data: {
            organizationId: harborOrg.id,
            createdByUserId: rivalAdmin.userId,
            name: 'planted',
            prefix: 'cape_pat_AAAAAAAA',
            secretHash: 'a'.repeat(64),
            scopes: ['entry:read'],
            expiresAt: new Date(Date.now() + 86_400_000),
          },
        });
      },
    );
    await expect(forged).rejects.toThrow(/row-level security/);
  });
});
