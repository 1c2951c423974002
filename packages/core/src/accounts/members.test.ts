import { verifyPassword } from '@cape/auth';
import { withTenant } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createUser } from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotAllowedError, ValidationError } from '../errors.ts';
import { authenticateApiToken, createApiToken } from './api-tokens.ts';
import {
  acceptInvitation,
  changeMemberRole,
  inviteMember,
  listInvitations,
  listMembers,
  type OutgoingMail,
  previewInvitation,
  removeMember,
  revokeInvitation,
} from './members.ts';
import { contextFor, newMember } from './testing.ts';

const db = await useTestDatabase();
const harbor = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage' });
const harborOrg = { id: harbor.organizationId, kind: 'BROKER' as const };
const rival = await createBrokerWithFilerCode(db.owner, { name: 'Rival Brokerage' });
const rivalOrg = { id: rival.organizationId, kind: 'BROKER' as const };
const admin = await newMember(db, harborOrg, 'ADMIN');
const staff = await newMember(db, harborOrg, 'STAFF');
const rivalAdmin = await newMember(db, rivalOrg, 'ADMIN');

const sent: OutgoingMail[] = [];
const mailer = {
  send: async (message: OutgoingMail) => {
    sent.push(message);
  },
};
const PORTAL = 'https://portal.cape.test/';

function secretOf(acceptUrl: string): string {
  const match = acceptUrl.match(/^https:\/\/portal\.cape\.test\/accept-invitation#([A-Za-z0-9_-]{43})$/);
  if (!match?.[1]) throw new Error(`unexpected link ${acceptUrl}`);
  return match[1];
}

describe('members', () => {
  it('invites with a one-time link shown to the admin and e-mailed; only its hash is stored', async () => {
    const invited = await inviteMember(
      admin.context,
      { email: ' New.Clerk@Harbor.test ', role: 'STAFF' },
      { portalUrl: PORTAL, mailer },
    );
    const secret = secretOf(invited.acceptUrl);
    expect(invited).toMatchObject({
      emailed: true,
      emailError: null,
      invitation: { email: 'new.clerk@harbor.test', role: 'STAFF', state: 'OPEN' },
    });
    expect(sent.at(-1)).toMatchObject({ to: 'new.clerk@harbor.test' });
    expect(sent.at(-1)!.text).toContain(invited.acceptUrl);
    const row = await db.owner.memberInvitation.findUniqueOrThrow({ where: { id: invited.invitation.id } });
    expect(row.tokenHash).not.toContain(secret);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await previewInvitation(db.app, secret)).toMatchObject({
      organizationName: 'Harbor Brokerage',
      email: 'new.clerk@harbor.test',
      role: 'STAFF',
      state: 'OPEN',
      accountExists: false,
    });

    const joined = await acceptInvitation(db.app, {
      secret,
      displayName: 'New Clerk',
      password: 'correct horse battery',
    });
    expect(joined).toMatchObject({ organizationId: harborOrg.id, email: 'new.clerk@harbor.test' });
    const user = await db.owner.user.findUniqueOrThrow({ where: { email: 'new.clerk@harbor.test' } });
    expect(await verifyPassword('correct horse battery', user.passwordHash)).toBe(true);
    expect(
      await db.owner.membership.findFirst({ where: { userId: user.id, organizationId: harborOrg.id } }),
    ).toMatchObject({
      role: 'STAFF',
    });
    // One time only.
    await expect(
      acceptInvitation(db.app, { secret, displayName: 'Again', password: 'correct horse battery' }),
    ).rejects.toThrow('already used');
    const audit = await db.owner.auditLogEntry.findMany({
      where: { organizationId: harborOrg.id, action: { in: ['member.invited', 'member.joined'] } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ['member.invited', admin.userId],
      ['member.joined', user.id],
    ]);
  });

  it('works without a mail server (the link is shown), and reports a failed send', async () => {
    const quiet = await inviteMember(
      admin.context,
      { email: 'quiet@harbor.test', role: 'VIEWER' },
      { portalUrl: PORTAL, mailer: null },
    );
    expect([quiet.emailed, quiet.emailError]).toEqual([null, null]);
    const failing = { send: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:25')) };
    const failed = await inviteMember(
      admin.context,
      { email: 'bounce@harbor.test', role: 'VIEWER' },
      { portalUrl: PORTAL, mailer: failing },
    );
    expect([failed.emailed, failed.emailError]).toEqual([false, 'connect ECONNREFUSED 127.0.0.1:25']);
  });

  it('joins an existing account only with its password, and refuses expired, revoked and replaced links', async () => {
    const existing = await createUser(db.owner, {
      email: 'veteran@other.test',
      organizationId: rivalOrg.id,
      role: 'STAFF',
    });
    const first = await inviteMember(
      admin.context,
      { email: 'veteran@other.test', role: 'VIEWER' },
      { portalUrl: PORTAL, mailer: null },
    );
    const second = await inviteMember(
      admin.context,
      { email: 'veteran@other.test', role: 'STAFF' },
      { portalUrl: PORTAL, mailer: null },
    );
    await expect(
      acceptInvitation(db.app, { secret: secretOf(first.acceptUrl), password: existing.password }),
    ).rejects.toThrow('withdrawn');
    expect((await previewInvitation(db.app, secretOf(second.acceptUrl)))?.accountExists).toBe(true);
    await expect(
      acceptInvitation(db.app, { secret: secretOf(second.acceptUrl), password: 'not the password' }),
    ).rejects.toBeInstanceOf(ValidationError);
    const joined = await acceptInvitation(db.app, {
      secret: secretOf(second.acceptUrl),
      password: existing.password,
    });
    expect(joined.userId).toBe(existing.user.id);
    expect(await db.owner.membership.count({ where: { userId: existing.user.id } })).toBe(2);

    const expiring = await inviteMember(
      admin.context,
      { email: 'late@harbor.test', role: 'STAFF' },
      { portalUrl: PORTAL, mailer: null },
    );
    await db.owner.memberInvitation.update({
      where: { id: expiring.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(
      acceptInvitation(db.app, {
        secret: secretOf(expiring.acceptUrl),
        displayName: 'Late',
        password: 'long enough password',
      }),
    ).rejects.toThrow('expired');
    const withdrawn = await inviteMember(
      admin.context,
      { email: 'gone@harbor.test', role: 'STAFF' },
      { portalUrl: PORTAL, mailer: null },
    );
    await revokeInvitation(admin.context, { invitationId: withdrawn.invitation.id });
    await expect(
      acceptInvitation(db.app, {
        secret: secretOf(withdrawn.acceptUrl),
        displayName: 'Gone',
        password: 'long enough password',
      }),
    ).rejects.toThrow('withdrawn');
    await expect(
      acceptInvitation(db.app, { secret: 'x'.repeat(43), password: 'whatever password' }),
    ).rejects.toThrow('not valid');
    const states = (await listInvitations(admin.context)).map((invitation) => [
      invitation.email,
      invitation.state,
    ]);
    expect(states).toEqual(
      expect.arrayContaining([
        ['late@harbor.test', 'EXPIRED'],
        ['gone@harbor.test', 'REVOKED'],
        ['veteran@other.test', 'ACCEPTED'],
        ['veteran@other.test', 'REVOKED'],
      ]),
    );
  });

  it('refuses a short password for a new account and a current member as invitee', async () => {
    const invited = await inviteMember(
      admin.context,
      { email: 'short@harbor.test', role: 'STAFF' },
      { portalUrl: PORTAL, mailer: null },
    );
    await expect(
      acceptInvitation(db.app, {
        secret: secretOf(invited.acceptUrl),
        displayName: 'Short',
        password: 'short',
      }),
    ).rejects.toThrow('at least 12 characters');
    await expect(
      inviteMember(admin.context, { email: staff.email, role: 'ADMIN' }, { portalUrl: PORTAL, mailer: null }),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('changes roles, keeps at least one admin, and audits', async () => {
    await expect(changeMemberRole(admin.context, { userId: admin.userId, role: 'STAFF' })).rejects.toThrow(
      'at least one admin',
    );
    const promoted = await changeMemberRole(admin.context, { userId: staff.userId, role: 'ADMIN' });
    expect(promoted.role).toBe('ADMIN');
    await changeMemberRole(admin.context, { userId: staff.userId, role: 'STAFF' });
    const audit = await db.owner.auditLogEntry.findMany({
      where: { action: 'member.role_changed' },
      orderBy: { id: 'asc' },
    });
    expect(
      audit.map((entry) => [(entry.details as { from: string }).from, (entry.details as { to: string }).to]),
    ).toEqual([
      ['STAFF', 'ADMIN'],
      ['ADMIN', 'STAFF'],
    ]);
  });

  it('removes a member: their next request is refused and their API tokens stop working at once', async () => {
    const leaving = await newMember(db, harborOrg, 'ADMIN');
    const { token } = await createApiToken(leaving.context, {
      name: 'leaving’s script',
      scopes: ['entry:read'],
    });
    expect(await authenticateApiToken(db.app, token)).not.toBeNull();
    expect((await listMembers(leaving.context)).length).toBeGreaterThan(2);

    const result = await removeMember(admin.context, { userId: leaving.userId });
    expect(result).toEqual({ userId: leaving.userId, revokedApiTokens: 1 });
    // The API re-reads the membership per request (see the HTTP tests); underneath, the database no longer
    // treats the former admin as one, and the token no longer authenticates.
    expect(await authenticateApiToken(db.app, token)).toBeNull();
    const visible = await withTenant(
      db.app,
      { organizationId: harborOrg.id, organizationKind: 'BROKER', userId: leaving.userId },
      async (tx) => {
        return await tx.memberInvitation.count();
      },
    );
    expect(visible).toBe(0);
    const audit = await db.owner.auditLogEntry.findMany({
      where: { organizationId: harborOrg.id, action: { in: ['member.removed', 'api_token.revoked'] } },
    });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['api_token.revoked', 'member.removed']);
  });

  it('is for admins only, never for tokens, and never reaches into another account', async () => {
    await expect(listMembers(staff.context)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      inviteMember(
        staff.context,
        { email: 'x@harbor.test', role: 'ADMIN' },
        { portalUrl: PORTAL, mailer: null },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const rivalMembers = await listMembers(rivalAdmin.context);
    expect(rivalMembers.map((member) => member.userId)).not.toContain(admin.userId);
    await expect(removeMember(rivalAdmin.context, { userId: staff.userId })).rejects.toThrow(
      'not a member of your account',
    );
    await expect(
      changeMemberRole(rivalAdmin.context, { userId: staff.userId, role: 'VIEWER' }),
    ).rejects.toThrow('not a member of your account');
    const harborInvitation = (await listInvitations(admin.context)).find(
      (invitation) => invitation.state === 'OPEN',
    )!;
    await expect(revokeInvitation(rivalAdmin.context, { invitationId: harborInvitation.id })).rejects.toThrow(
      'No invitation of your account',
    );
    expect((await listInvitations(rivalAdmin.context)).map((invitation) => invitation.id)).not.toContain(
      harborInvitation.id,
    );
    // A staff member claiming admin rights at the database cannot read or write invitations either.
    const forgedStaff = contextFor(db.app, { userId: staff.userId, organization: harborOrg, role: 'ADMIN' });
    await expect(listInvitations(forgedStaff)).resolves.toEqual([]);
  });
});
