// An account's members: admins invite people with a one-time link (shown to the admin, and e-mailed when
// the platform has a mail server), change roles and remove members. Removal ends the member's access at
// once: every request re-reads the membership, and the API tokens the member created are revoked. An
// account always keeps at least one admin.
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, type MembershipRole, verifyPassword } from '@cape/auth';
import { type PrismaClient, type TenantTransaction, withTenant } from '@cape/db';
import { recordAudit } from '../audit.ts';
import { requireTenantActor } from '../authorization.ts';
import { type ServiceContext, tenantOfActor, type UserActor } from '../context.ts';
import { ForbiddenError, NotAllowedError, ValidationError } from '../errors.ts';
import { isUuid } from './ids.ts';

const MANAGE = 'member:manage';
export const INVITATION_TTL_DAYS = 7;
export const MIN_PASSWORD_LENGTH = 12;
const ROLES: readonly MembershipRole[] = ['ADMIN', 'STAFF', 'VIEWER'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** People management is for signed-in admins: never an API token. */
function requireAdmin(context: ServiceContext): UserActor {
  const actor = requireTenantActor(context.actor, MANAGE);
  if (actor.kind !== 'user') throw new ForbiddenError(MANAGE);
  return actor;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function checkRole(role: string, path: string): MembershipRole {
  if (!ROLES.includes(role as MembershipRole)) {
    throw ValidationError.of(path, `A role is one of ${ROLES.join(', ')}.`);
  }
  return role as MembershipRole;
}

export interface MemberView {
  membershipId: string;
  userId: string;
  email: string;
  displayName: string;
  role: MembershipRole;
  joinedAt: Date;
  /** Granted ACH Refund tab access (admins of importer and notify-party accounts always have full access). */
  achAccess: 'FULL' | 'READ_ONLY' | null;
}

export async function listMembers(context: ServiceContext): Promise<MemberView[]> {
  const actor = requireAdmin(context);
  const achByRole = actor.organizationKind === 'IMPORTER' || actor.organizationKind === 'NOTIFY_PARTY';
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { organizationId: actor.organizationId },
      include: {
        user: { select: { email: true, displayName: true } },
        achAccess: { select: { access: true } },
      },
      orderBy: { createdAt: 'asc' },
    });
    return memberships.map((membership) => ({
      membershipId: membership.id,
      userId: membership.userId,
      email: membership.user.email,
      displayName: membership.user.displayName,
      role: membership.role,
      joinedAt: membership.createdAt,
      achAccess: achByRole && membership.role === 'ADMIN' ? 'FULL' : (membership.achAccess?.access ?? null),
    }));
  });
}

// ---------------------------------------------------------------- invitations

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail (the API's SMTP transport); absent when no mail server is configured. */
export interface Mailer {
  send(message: OutgoingMail): Promise<void>;
}

export interface InvitationOptions {
  /** The portal's public address; the link is `<portalUrl>/accept-invitation#<secret>`. */
  portalUrl: string;
  mailer: Mailer | null;
}

export type InvitationState = 'OPEN' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';

export interface InvitationView {
  id: string;
  email: string;
  role: MembershipRole;
  createdAt: Date;
  expiresAt: Date;
  state: InvitationState;
}

export interface CreatedInvitation {
  invitation: InvitationView;
  /** The one-time link: shown to the admin once, never stored (only its hash is). */
  acceptUrl: string;
  /** Whether it was e-mailed; null when no mail server is configured. */
  emailed: boolean | null;
  /** Why sending failed, when it did (the link above still works). */
  emailError: string | null;
}

function stateOf(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationState {
  if (row.acceptedAt) return 'ACCEPTED';
  if (row.revokedAt) return 'REVOKED';
  return row.expiresAt <= now ? 'EXPIRED' : 'OPEN';
}

function invitationView(
  row: {
    id: string;
    email: string;
    role: MembershipRole;
    createdAt: Date;
    expiresAt: Date;
    acceptedAt: Date | null;
    revokedAt: Date | null;
  },
  now: Date,
): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    state: stateOf(row, now),
  };
}

export function normalizedEmail(raw: string, path: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 320 || !EMAIL.test(email))
    throw ValidationError.of(path, 'Enter a valid e-mail address.');
  return email;
}

/** Invites someone by e-mail address; an earlier open invitation for the same address is replaced. */
export async function inviteMember(
  context: ServiceContext,
  input: { email: string; role: MembershipRole },
  options: InvitationOptions,
): Promise<CreatedInvitation> {
  const actor = requireAdmin(context);
  const email = normalizedEmail(input.email, 'input.email');
  const role = checkRole(input.role, 'input.role');
  const secret = randomBytes(32).toString('base64url');
  const now = context.clock.now();
  const { invitation, organizationName, inviterName } = await withTenant(
    context.db,
    tenantOfActor(actor),
    async (tx) => {
      const existing = await tx.membership.findFirst({
        where: { organizationId: actor.organizationId, user: { email } },
      });
      if (existing) throw new NotAllowedError(`${email} is already a member of your account.`);
      const replaced = await tx.memberInvitation.updateManyAndReturn({
        where: {
          organizationId: actor.organizationId,
          email,
          acceptedAt: null,
          revokedAt: null,
          expiresAt: { gt: now },
        },
        data: { revokedAt: now },
        select: { id: true },
      });
      const created = await tx.memberInvitation.create({
        data: {
          organizationId: actor.organizationId,
          email,
          role,
          tokenHash: sha256(secret),
          invitedByUserId: actor.userId,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
        },
      });
      await recordAudit(tx, actor, {
        action: 'member.invited',
        subjectType: 'member_invitation',
        subjectId: created.id,
        details: {
          email,
          role,
          expiresAt: created.expiresAt.toISOString(),
          replaced: replaced.map((row) => row.id),
        },
      });
      const [organization, inviter] = await Promise.all([
        tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { name: true } }),
        tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } }),
      ]);
      return { invitation: created, organizationName: organization.name, inviterName: inviter.displayName };
    },
  );
  const acceptUrl = `${options.portalUrl.replace(/\/+$/, '')}/accept-invitation#${secret}`;
  let emailed: boolean | null = null;
  let emailError: string | null = null;
  if (options.mailer) {
    try {
      await options.mailer.send({
        to: email,
        subject: `${inviterName} invited you to ${organizationName} on the CAPE refund platform`,
        text:
          `${inviterName} invited you to join ${organizationName} as ${role.toLowerCase()} on the CAPE refund platform.\n\n` +
          `Accept the invitation here (the link works once, until ${invitation.expiresAt.toUTCString()}):\n${acceptUrl}\n\n` +
          'If you did not expect this invitation, ignore this message.\n',
      });
      emailed = true;
    } catch (error) {
      emailed = false;
      emailError = error instanceof Error ? error.message : String(error);
    }
  }
  return { invitation: invitationView(invitation, now), acceptUrl, emailed, emailError };
}

/** Invitations of the account, newest first (open ones and the recent history). */
export async function listInvitations(context: ServiceContext): Promise<InvitationView[]> {
  const actor = requireAdmin(context);
  const now = context.clock.now();
  const rows = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.memberInvitation.findMany({
      where: { organizationId: actor.organizationId },
      orderBy: { createdAt: 'desc' },
      take: 200,
    }),
  );
  return rows.map((row) => invitationView(row, now));
}

export async function revokeInvitation(
  context: ServiceContext,
  input: { invitationId: string },
): Promise<InvitationView> {
  const actor = requireAdmin(context);
  const now = context.clock.now();
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const row = isUuid(input.invitationId)
      ? await tx.memberInvitation.findFirst({
          where: { id: input.invitationId, organizationId: actor.organizationId },
        })
      : null;
    if (!row) throw ValidationError.of('input.invitationId', 'No invitation of your account has this id.');
    if (stateOf(row, now) !== 'OPEN')
      throw new NotAllowedError(`This invitation is already ${stateOf(row, now).toLowerCase()}.`);
    const revoked = await tx.memberInvitation.update({ where: { id: row.id }, data: { revokedAt: now } });
    await recordAudit(tx, actor, {
      action: 'member.invitation_revoked',
      subjectType: 'member_invitation',
      subjectId: row.id,
      details: { email: row.email },
    });
    return invitationView(revoked, now);
  });
}

// ---------------------------------------------------------------- following the link (not signed in)

interface InvitationRow {
  invitation_id: string;
  organization_id: string;
  organization_name: string;
  email: string;
  role: MembershipRole;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

export interface InvitationPreview {
  organizationName: string;
  email: string;
  role: MembershipRole;
  expiresAt: Date;
  state: InvitationState;
  /** Whether an account with this e-mail exists (accepting then asks for its password). */
  accountExists: boolean;
}

async function findInvitation(db: PrismaClient, secret: string): Promise<InvitationRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  const [row] = await db.$queryRaw<InvitationRow[]>`select * from app_find_invitation(${sha256(secret)})`;
  return row ?? null;
}

async function findUserByEmail(db: PrismaClient, email: string) {
  const [user] = await db.$queryRaw<{ id: string; password_hash: string }[]>`
    select id, password_hash from app_find_user_for_sign_in(${email})`;
  return user ?? null;
}

/** What a link offers, for the page that accepts it; null for a link that does not exist. */
export async function previewInvitation(
  db: PrismaClient,
  secret: string,
  now = new Date(),
): Promise<InvitationPreview | null> {
  const row = await findInvitation(db, secret);
  if (!row) return null;
  return {
    organizationName: row.organization_name,
    email: row.email,
    role: row.role,
    expiresAt: row.expires_at,
    state: stateOf(
      { acceptedAt: row.accepted_at, revokedAt: row.revoked_at, expiresAt: row.expires_at },
      now,
    ),
    accountExists: (await findUserByEmail(db, row.email)) !== null,
  };
}

export interface AcceptInvitationInput {
  secret: string;
  /** The existing account's password, or the new account's. */
  password: string;
  /** For a new account. */
  displayName?: string | null;
}

interface AcceptOutcomeRow {
  outcome: string;
  organization_id: string | null;
  user_id: string | null;
}

const OUTCOME_MESSAGES: Record<string, string> = {
  NOT_FOUND: 'This invitation link is not valid: ask your administrator for a new one.',
  REVOKED: 'This invitation was withdrawn: ask your administrator for a new one.',
  USED: 'This invitation link was already used. Sign in instead.',
  EXPIRED: 'This invitation link has expired: ask your administrator for a new one.',
  ACCOUNT_EXISTS: 'An account with this e-mail address exists: accept with its password.',
  EMAIL_MISMATCH: 'This invitation is for another e-mail address.',
  ALREADY_MEMBER: 'You are already a member of this account. Sign in instead.',
};

/**
 * Accepts an invitation: joins with the existing account of the invited address (proving it with its
 * password) or creates that account. Afterwards the person signs in as usual.
 */
export async function acceptInvitation(
  db: PrismaClient,
  input: AcceptInvitationInput,
): Promise<{ organizationId: string; organizationName: string; userId: string; email: string }> {
  const invitation = await findInvitation(db, input.secret);
  if (!invitation) throw new NotAllowedError(OUTCOME_MESSAGES.NOT_FOUND!);
  const existing = await findUserByEmail(db, invitation.email);
  let outcome: AcceptOutcomeRow | undefined;
  if (existing) {
    if (!(await verifyPassword(input.password, existing.password_hash))) {
      throw ValidationError.of(
        'input.password',
        `This is not the password of the existing account ${invitation.email}.`,
      );
    }
    [outcome] = await db.$queryRaw<AcceptOutcomeRow[]>`
      select * from app_accept_invitation(${sha256(input.secret)}, ${existing.id}::uuid, null, null)`;
  } else {
    const displayName = input.displayName?.trim() ?? '';
    const issues: { path: string; message: string }[] = [];
    if (displayName === '' || displayName.length > 200) {
      issues.push({ path: 'input.displayName', message: 'Enter your name (at most 200 characters).' });
    }
    if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > 1024) {
      issues.push({
        path: 'input.password',
        message: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
      });
    }
    if (issues.length > 0) throw new ValidationError(issues[0]!.message, issues);
    [outcome] = await db.$queryRaw<AcceptOutcomeRow[]>`
      select * from app_accept_invitation(${sha256(input.secret)}, null, ${displayName}, ${await hashPassword(input.password)})`;
  }
  if (outcome?.outcome !== 'ACCEPTED' || !outcome.user_id || !outcome.organization_id) {
    throw new NotAllowedError(
      OUTCOME_MESSAGES[outcome?.outcome ?? 'NOT_FOUND'] ?? OUTCOME_MESSAGES.NOT_FOUND!,
    );
  }
  return {
    organizationId: outcome.organization_id,
    organizationName: invitation.organization_name,
    userId: outcome.user_id,
    email: invitation.email,
  };
}

// ---------------------------------------------------------------- roles and removal

/** Locks the account's memberships so that two admins cannot demote or remove each other at once. */
async function lockMemberships(tx: TenantTransaction, organizationId: string) {
  await tx.$queryRaw`select id from memberships where organization_id = ${organizationId}::uuid for update`;
}

async function targetMembership(tx: TenantTransaction, actor: UserActor, userId: string) {
  const membership = isUuid(userId)
    ? await tx.membership.findUnique({
        where: { userId_organizationId: { userId, organizationId: actor.organizationId } },
        include: { user: { select: { email: true } } },
      })
    : null;
  if (!membership) throw ValidationError.of('input.userId', 'That user is not a member of your account.');
  return membership;
}

async function refuseLastAdmin(tx: TenantTransaction, actor: UserActor, what: string) {
  const admins = await tx.membership.count({
    where: { organizationId: actor.organizationId, role: 'ADMIN' },
  });
  if (admins <= 1)
    throw new NotAllowedError(`${what}: an account keeps at least one admin. Make someone else admin first.`);
}

export async function changeMemberRole(
  context: ServiceContext,
  input: { userId: string; role: MembershipRole },
): Promise<MemberView> {
  const actor = requireAdmin(context);
  const role = checkRole(input.role, 'input.role');
  await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    await lockMemberships(tx, actor.organizationId);
    const membership = await targetMembership(tx, actor, input.userId);
    if (membership.role === role) return;
    if (membership.role === 'ADMIN') await refuseLastAdmin(tx, actor, `${membership.user.email} stays admin`);
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    // An admin has full ACH access by role; a grant kept from before would come back on a later demotion.
    if (role === 'ADMIN')
      await tx.achAccessGrant.deleteMany({
        where: { userId: input.userId, organizationId: actor.organizationId },
      });
    await recordAudit(tx, actor, {
      action: 'member.role_changed',
      subjectType: 'membership',
      subjectId: membership.id,
      details: { userId: input.userId, email: membership.user.email, from: membership.role, to: role },
    });
  });
  const members = await listMembers(context);
  return members.find((member) => member.userId === input.userId)!;
}

/**
 * Removes a member. Their access ends with this transaction: the API re-reads the membership on every
 * request, the ACH grant goes with the membership, and the API tokens they created are revoked.
 */
export async function removeMember(
  context: ServiceContext,
  input: { userId: string },
): Promise<{ userId: string; revokedApiTokens: number }> {
  const actor = requireAdmin(context);
  const now = context.clock.now();
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    await lockMemberships(tx, actor.organizationId);
    const membership = await targetMembership(tx, actor, input.userId);
    if (membership.role === 'ADMIN')
      await refuseLastAdmin(tx, actor, `${membership.user.email} cannot be removed`);
    const tokens = await tx.apiToken.updateManyAndReturn({
      where: { organizationId: actor.organizationId, createdByUserId: input.userId, revokedAt: null },
      data: { revokedAt: now, revokedByUserId: actor.userId },
      select: { id: true, prefix: true },
    });
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit(tx, actor, {
      action: 'member.removed',
      subjectType: 'membership',
      subjectId: membership.id,
      details: { userId: input.userId, email: membership.user.email, role: membership.role },
    });
    for (const token of tokens) {
      await recordAudit(tx, actor, {
        action: 'api_token.revoked',
        subjectType: 'api_token',
        subjectId: token.id,
        details: { prefix: token.prefix, reason: 'its creator was removed from the account' },
      });
    }
    return { userId: input.userId, revokedApiTokens: tokens.length };
  });
}
