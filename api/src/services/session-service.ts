// Sign-in: e-mail + password to a session token for one of the user's organizations. Unknown e-mail and
// wrong password fail alike (and take alike long). Every attempt that reaches the password check lands in
// the audit log; refused ones (throttled) are recorded once per throttle window, not once each.
import {
  DEFAULT_PASSWORD_COST,
  hashPassword,
  needsRehash,
  type PasswordCost,
  signSessionToken,
  verifyPassword,
} from '@cape/auth';
import { type PrismaClient, withSignedInUser, withTenant } from '@cape/db';
import type { ApiConfig } from '../config.ts';
import { InvalidCredentialsError, TooManySignInAttemptsError } from '../errors.ts';
import { loadViewer, tenantOf, type Viewer } from '../viewer.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

export interface SignInInput {
  email: string;
  password: string;
  /** When the user belongs to several organizations; defaults to the first they joined. */
  organizationId?: string | null;
}

export interface SignInResult {
  token: string;
  expiresAt: Date;
  viewer: Viewer;
}

interface SignInRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
}

let timingDecoy: Promise<string> | undefined;

export interface SignInGuard {
  throttle?: SignInThrottle;
  /** The caller's network address, when known. */
  clientAddress?: string | null;
  /** The operator role's client: operators' password hashes are upgraded over it (never by the app role). */
  operatorPrisma?: PrismaClient;
}

export async function signIn(
  prisma: PrismaClient,
  config: ApiConfig,
  input: SignInInput,
  guard?: SignInGuard,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  // Reserved before the password hash runs: concurrent guesses are counted before any is checked.
  const reservation = await guard?.throttle?.reserve(email, guard.clientAddress ?? null);
  if (reservation && !reservation.allowed) {
    if (reservation.firstRefusalInWindow) {
      await recordFailedSignIn(prisma, email, 'throttled', { scope: reservation.scope });
    }
    throw new TooManySignInAttemptsError(reservation.retryAfterSeconds);
  }
  const result = await verifiedSignIn(prisma, config, email, input, guard?.operatorPrisma);
  await reservation?.succeeded();
  return result;
}

async function verifiedSignIn(
  prisma: PrismaClient,
  config: ApiConfig,
  email: string,
  input: SignInInput,
  operatorPrisma?: PrismaClient,
): Promise<SignInResult> {
  const cost = config.passwordCost ?? DEFAULT_PASSWORD_COST;
  const [user] = await prisma.$queryRaw<SignInRow[]>`select * from app_find_user_for_sign_in(${email})`;
  if (!user) {
    timingDecoy ??= hashPassword('timing decoy', cost);
    await verifyPassword(input.password, await timingDecoy);
    await recordFailedSignIn(prisma, email);
    throw new InvalidCredentialsError();
  }
  if (!(await verifyPassword(input.password, user.password_hash))) {
    await recordFailedSignIn(prisma, email);
    throw new InvalidCredentialsError();
  }
  const memberships = await withSignedInUser(prisma, user.id, (tx) =>
    tx.membership.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } }),
  );
  const membership = input.organizationId
    ? memberships.find((candidate) => candidate.organizationId === input.organizationId)
    : memberships[0];
  const viewer = membership ? await loadViewer(prisma, user.id, membership.organizationId) : null;
  if (!viewer) {
    await recordFailedSignIn(prisma, email);
    throw new InvalidCredentialsError();
  }
  if (needsRehash(user.password_hash, cost)) {
    await storeStrongerHash(prisma, operatorPrisma, viewer, user.password_hash, input.password, cost);
  }
  const expiresAtSeconds = Math.floor(Date.now() / 1000) + config.sessionTtlSeconds;
  const token = signSessionToken(
    { userId: viewer.userId, organizationId: viewer.organizationId, exp: expiresAtSeconds },
    config.sessionSecret,
  );
  await withTenant(prisma, tenantOf(viewer), (tx) =>
    tx.auditLogEntry.create({
      data: {
        organizationId: viewer.organizationId,
        actorUserId: viewer.userId,
        action: 'session.signed_in',
        subjectType: 'user',
        subjectId: viewer.userId,
      },
    }),
  );
  return { token, expiresAt: new Date(expiresAtSeconds * 1000), viewer };
}

/** Sign-in is the one moment the password is known: a hash made with weaker parameters is replaced. */
async function storeStrongerHash(
  prisma: PrismaClient,
  operatorPrisma: PrismaClient | undefined,
  viewer: Viewer,
  verifiedHash: string,
  password: string,
  cost: PasswordCost,
): Promise<void> {
  const stronger = await hashPassword(password, cost);
  if (viewer.organizationKind === 'OPERATOR') {
    // The application role may not touch operators' hashes (see the password_rehash migration).
    if (operatorPrisma) {
      await operatorPrisma.$executeRaw`update users set password_hash = ${stronger} where id = ${viewer.userId}::uuid`;
    }
    return;
  }
  await prisma.$queryRaw`select app_replace_password_hash(${viewer.userId}::uuid, ${verifiedHash}, ${stronger})`;
}

async function recordFailedSignIn(
  prisma: PrismaClient,
  email: string,
  reason = 'invalid_credentials',
  more: Record<string, string> = {},
): Promise<void> {
  // No tenant is known: the record belongs to no organization and only operators can read it.
  const details = JSON.stringify({ reason, ...more });
  await prisma.$executeRaw`select app_record_tenantless_audit('session.sign_in_failed', 'email', ${email}, ${details}::jsonb)`;
}
