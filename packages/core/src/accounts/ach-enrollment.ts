// ACH refund enrollment (DOMAIN 7 and 9): the bank account CBP pays a party's refunds into. Only the
// account's admin (the Trade Account Owner) or a member the admin granted ACH access sees or changes it;
// brokers never. One account per party number; the account number is encrypted at rest and never shown
// again, only masked. Every change is audited; an enrollment that becomes ACTIVE releases held refunds.
import type { AchAccess, AchAccountType, AchEnrollmentStatus, Prisma, TenantTransaction } from '@cape/db';
import { withTenant } from '@cape/db';
import { abaCheckDigit, isValidAbaRoutingNumber } from '@cape/domain';
import { recordAudit } from '../audit.ts';
import { requireTenantActor } from '../authorization.ts';
import { type ApiTokenActor, type ServiceContext, tenantOfActor, type UserActor } from '../context.ts';
import { ForbiddenError, NotAllowedError, ValidationError } from '../errors.ts';
import { type AchKeyRing, encryptAccountNumber } from './ach-encryption.ts';
import { ownParty } from './own-parties.ts';

const MANAGE = 'ach-enrollment:manage';

export interface MaskedAchEnrollment {
  id: string;
  routingNumber: string;
  /** "••••1234": the only form in which the account number ever leaves the platform. */
  accountNumberMasked: string;
  accountType: AchAccountType;
  status: AchEnrollmentStatus;
  enrolledAt: Date | null;
  updatedAt: Date;
  revokedAt: Date | null;
}

export interface PartyAchEnrollment {
  partyId: string;
  partyNumber: string;
  partyName: string;
  /** Null when the party never enrolled: its refunds are held. */
  enrollment: MaskedAchEnrollment | null;
}

export function maskAccountNumber(last4: string): string {
  return `••••${last4}`;
}

const MASKED_COLUMNS = {
  id: true,
  routingNumber: true,
  accountLast4: true,
  accountType: true,
  status: true,
  enrolledAt: true,
  updatedAt: true,
  revokedAt: true,
} as const;

type MaskedRow = Prisma.AchRefundEnrollmentGetPayload<{ select: typeof MASKED_COLUMNS }>;

function masked(row: MaskedRow): MaskedAchEnrollment {
  return {
    id: row.id,
    routingNumber: row.routingNumber,
    accountNumberMasked: maskAccountNumber(row.accountLast4),
    accountType: row.accountType,
    status: row.status,
    enrolledAt: row.enrolledAt,
    updatedAt: row.updatedAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * The actor's access to its account's ACH Refund tab: FULL with ach-enrollment:manage (admins of importer
 * and notify-party accounts, or a token scoped so), else what an admin granted the user, else refused.
 * Grants are for people: a token acts only within its scopes.
 */
async function requireAchAccess(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
  needed: AchAccess,
): Promise<AchAccess> {
  if (actor.permissions.has(MANAGE)) return 'FULL';
  if (
    actor.kind === 'user' &&
    (actor.organizationKind === 'IMPORTER' || actor.organizationKind === 'NOTIFY_PARTY')
  ) {
    const grant = await tx.achAccessGrant.findUnique({
      where: { userId_organizationId: { userId: actor.userId, organizationId: actor.organizationId } },
    });
    if (grant && (grant.access === 'FULL' || needed === 'READ_ONLY')) return grant.access;
  }
  throw new ForbiddenError(MANAGE);
}

function tenantActor(context: ServiceContext): UserActor | ApiTokenActor {
  if (context.actor.kind === 'system') throw new ForbiddenError(MANAGE);
  return context.actor;
}

/** With full ACH access: one of the account's party numbers and its current enrollment, if any. */
async function partyToChange(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
  partyNumber: string | null | undefined,
) {
  await requireAchAccess(tx, actor, 'FULL');
  const party = await ownParty(tx, actor, partyNumber, 'input.partyNumber');
  const enrollment = await tx.achRefundEnrollment.findUnique({
    where: { partyId: party.id },
    select: MASKED_COLUMNS,
  });
  return { party, enrollment };
}

export interface AchEnrollmentOverview {
  /** What the actor may do here. */
  access: AchAccess;
  parties: PartyAchEnrollment[];
}

/** Every party number of the actor's account with its enrollment, masked. */
export async function listAchRefundEnrollments(context: ServiceContext): Promise<AchEnrollmentOverview> {
  const actor = tenantActor(context);
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const access = await requireAchAccess(tx, actor, 'READ_ONLY');
    const parties = await tx.party.findMany({
      where: { organizationId: actor.organizationId },
      orderBy: { partyNumber: 'asc' },
      select: { id: true, partyNumber: true, name: true, achEnrollments: { select: MASKED_COLUMNS } },
    });
    return {
      access,
      parties: parties.map((party) => ({
        partyId: party.id,
        partyNumber: party.partyNumber,
        partyName: party.name,
        enrollment: party.achEnrollments[0] ? masked(party.achEnrollments[0]) : null,
      })),
    };
  });
}

export interface AchEnrollmentInput {
  /** Which of the account's numbers (optional when it holds one). */
  partyNumber?: string | null;
  routingNumber: string;
  accountNumber: string;
  accountType: AchAccountType;
}

/** Why a routing number is refused, or null when it is a valid ABA routing number (DOMAIN 8.2). */
export function routingNumberProblem(routingNumber: string): string | null {
  if (!/^[0-9]{9}$/.test(routingNumber)) return 'A routing number is exactly 9 digits.';
  if (isValidAbaRoutingNumber(routingNumber)) return null;
  if (Number(routingNumber[8]) !== abaCheckDigit(routingNumber.slice(0, 8))) {
    return `${routingNumber} fails the ABA check digit: a digit is probably mistyped.`;
  }
  return `${routingNumber} starts with ${routingNumber.slice(0, 2)}, which is not an ABA routing prefix (00-12, 21-32, 61-72, 80).`;
}

function validated(input: AchEnrollmentInput): { routingNumber: string; accountNumber: string } {
  const routingNumber = input.routingNumber.trim();
  const accountNumber = input.accountNumber.trim();
  const issues: { path: string; message: string }[] = [];
  const routingProblem = routingNumberProblem(routingNumber);
  if (routingProblem) issues.push({ path: 'input.routingNumber', message: routingProblem });
  if (!/^[0-9]{4,17}$/.test(accountNumber)) {
    issues.push({
      path: 'input.accountNumber',
      message: 'An account number is 4 to 17 digits, without spaces or other characters.',
    });
  }
  if (input.accountType !== 'CHECKING' && input.accountType !== 'SAVINGS') {
    issues.push({ path: 'input.accountType', message: 'The account is CHECKING or SAVINGS.' });
  }
  if (issues.length > 0) {
    throw new ValidationError(
      issues.length === 1 ? issues[0]!.message : `The bank details have ${issues.length} problems.`,
      issues,
    );
  }
  return { routingNumber, accountNumber };
}

export interface AchEnrollmentOptions {
  /** ACH_ENCRYPTION_KEYS; without keys the platform refuses bank details. */
  keyRing: AchKeyRing | null;
}

/**
 * Enrolls a party number for ACH refunds, or replaces its bank account; the enrollment is ACTIVE. The
 * database then queues the worker's release of refunds held for want of an enrollment (migration
 * ach_enrollment_activated_job), in this same transaction.
 */
export async function enrollAchRefund(
  context: ServiceContext,
  input: AchEnrollmentInput,
  options: AchEnrollmentOptions,
): Promise<PartyAchEnrollment> {
  const actor = tenantActor(context);
  const details = validated(input);
  const { keyRing } = options;
  if (!keyRing) {
    throw new NotAllowedError(
      'ACH refund enrollment is unavailable: this server has no encryption key configured (ACH_ENCRYPTION_KEYS).',
    );
  }
  const now = context.clock.now();
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const { party, enrollment: previous } = await partyToChange(tx, actor, input.partyNumber);
    const written = {
      routingNumber: details.routingNumber,
      accountLast4: details.accountNumber.slice(-4),
      accountCiphertext: encryptAccountNumber(keyRing, details.accountNumber, party.id),
      accountType: input.accountType,
      status: 'ACTIVE' as const,
      updatedAt: now,
      revokedAt: null,
    };
    const enrollment = await tx.achRefundEnrollment.upsert({
      where: { partyId: party.id },
      create: { ...written, partyId: party.id, organizationId: actor.organizationId, enrolledAt: now },
      update: previous?.status === 'ACTIVE' ? written : { ...written, enrolledAt: now },
      select: MASKED_COLUMNS,
    });
    await recordAudit(tx, actor, {
      action: previous ? 'ach_enrollment.changed' : 'ach_enrollment.enrolled',
      subjectType: 'ach_refund_enrollment',
      subjectId: enrollment.id,
      details: {
        partyNumber: party.partyNumber,
        routingNumber: enrollment.routingNumber,
        accountNumber: maskAccountNumber(enrollment.accountLast4),
        accountType: enrollment.accountType,
        status: enrollment.status,
        previous: previous
          ? {
              routingNumber: previous.routingNumber,
              accountNumber: maskAccountNumber(previous.accountLast4),
              accountType: previous.accountType,
              status: previous.status,
            }
          : null,
      },
    });
    return {
      partyId: party.id,
      partyNumber: party.partyNumber,
      partyName: party.name,
      enrollment: masked(enrollment),
    };
  });
}

/**
 * Ends a party's ACH refund enrollment: its refunds are held from now on. The account number's ciphertext
 * is erased (nothing will be paid to it); the masked details stay for the record.
 */
export async function revokeAchRefundEnrollment(
  context: ServiceContext,
  input: { partyNumber?: string | null },
): Promise<PartyAchEnrollment> {
  const actor = tenantActor(context);
  const now = context.clock.now();
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const { party, enrollment: current } = await partyToChange(tx, actor, input.partyNumber);
    if (!current || current.status === 'REVOKED') {
      throw new NotAllowedError(`${party.partyNumber} has no ACH refund enrollment to revoke.`);
    }
    const enrollment = await tx.achRefundEnrollment.update({
      where: { partyId: party.id },
      data: { status: 'REVOKED', revokedAt: now, updatedAt: now, accountCiphertext: null },
      select: MASKED_COLUMNS,
    });
    await recordAudit(tx, actor, {
      action: 'ach_enrollment.revoked',
      subjectType: 'ach_refund_enrollment',
      subjectId: enrollment.id,
      details: {
        partyNumber: party.partyNumber,
        routingNumber: enrollment.routingNumber,
        accountNumber: maskAccountNumber(enrollment.accountLast4),
        previousStatus: current.status,
      },
    });
    return {
      partyId: party.id,
      partyNumber: party.partyNumber,
      partyName: party.name,
      enrollment: masked(enrollment),
    };
  });
}

// ---------------------------------------------------------------- grants

export interface AchAccessGrantView {
  userId: string;
  email: string;
  displayName: string;
  access: AchAccess;
  grantedAt: Date;
}

/** Who besides the admins may see (READ_ONLY) or change (FULL) the account's ACH enrollment. */
export async function listAchAccessGrants(context: ServiceContext): Promise<AchAccessGrantView[]> {
  const actor = requireTenantActor(context.actor, MANAGE);
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const grants = await tx.achAccessGrant.findMany({
      where: { organizationId: actor.organizationId },
      include: { membership: { include: { user: { select: { email: true, displayName: true } } } } },
      orderBy: { grantedAt: 'asc' },
    });
    return grants.map((grant) => ({
      userId: grant.userId,
      email: grant.membership.user.email,
      displayName: grant.membership.user.displayName,
      access: grant.access,
      grantedAt: grant.grantedAt,
    }));
  });
}

/** Grants a member FULL or READ_ONLY access to the ACH Refund tab, or withdraws it (null). */
export async function setAchAccess(
  context: ServiceContext,
  input: { userId: string; access: AchAccess | null },
): Promise<{ userId: string; access: AchAccess | null }> {
  const actor = requireTenantActor(context.actor, MANAGE);
  if (actor.kind !== 'user') throw new ForbiddenError('member:manage');
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: input.userId, organizationId: actor.organizationId } },
      include: { achAccess: true },
    });
    if (!membership) throw ValidationError.of('input.userId', 'That user is not a member of your account.');
    if (membership.role === 'ADMIN') {
      throw new NotAllowedError('Admins always have full ACH access; change their role to limit it.');
    }
    const previous = membership.achAccess?.access ?? null;
    const key = { userId_organizationId: { userId: input.userId, organizationId: actor.organizationId } };
    if (input.access === null) {
      if (previous !== null) await tx.achAccessGrant.delete({ where: key });
    } else {
      await tx.achAccessGrant.upsert({
        where: key,
        create: {
          userId: input.userId,
          organizationId: actor.organizationId,
          access: input.access,
          grantedByUserId: actor.userId,
        },
        update: { access: input.access, grantedByUserId: actor.userId, grantedAt: context.clock.now() },
      });
    }
    if (previous !== input.access) {
      await recordAudit(tx, actor, {
        action: input.access === null ? 'ach_access.withdrawn' : 'ach_access.granted',
        subjectType: 'membership',
        subjectId: membership.id,
        details: { userId: input.userId, access: input.access, previous },
      });
    }
    return { userId: input.userId, access: input.access };
  });
}
