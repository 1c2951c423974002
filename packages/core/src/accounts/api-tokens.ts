// API tokens for third-party software (a broker's own system filing declarations). An admin creates one
// with resource:verb scopes it holds itself; the token is shown once and only its SHA-256 is stored, with
// a visible prefix to recognize it. A token acts for its creator within its scopes and never beyond the
// creator's current permissions (a demotion narrows it at once, a removal ends it); it expires, can be
// revoked, and records when it was last used. Creation and revocation are audited, and everything done
// with a token is attributed to it (audit rows, declarations).
import { createHash, randomBytes } from 'node:crypto';
import {
  type MembershipRole,
  type OrganizationKind,
  PERMISSIONS,
  type Permission,
  permissionsFor,
} from '@cape/auth';
import { type PrismaClient, withTenant } from '@cape/db';
import { recordAudit } from '../audit.ts';
import { requireTenantActor } from '../authorization.ts';
import { type ApiTokenActor, type ServiceContext, tenantOfActor, type UserActor } from '../context.ts';
import { ForbiddenError, NotAllowedError, ValidationError } from '../errors.ts';
import { isUuid } from './ids.ts';

const MANAGE = 'api-token:manage';
export const API_TOKEN_PREFIX = 'cape_pat_';
const TOKEN_SHAPE = /^cape_pat_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/;
const PREFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const MAX_TOKEN_LIFETIME_DAYS = 366;
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;

/** Managing people and tokens stays with signed-in admins: no token ever holds these. */
export const SCOPES_NEVER_GRANTED_TO_TOKENS: readonly Permission[] = ['member:manage', 'api-token:manage'];

export function isApiTokenFormat(presented: string): boolean {
  return TOKEN_SHAPE.test(presented);
}

export function hashApiToken(presented: string): string {
  return createHash('sha256').update(presented).digest('hex');
}

function newToken(): { token: string; prefix: string } {
  // The prefix is for recognition, not secrecy: a slight bias from the modulo does not matter.
  const prefix = API_TOKEN_PREFIX + [...randomBytes(8)].map((byte) => PREFIX_ALPHABET[byte % 62]).join('');
  return { token: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export type ApiTokenState = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  state: ApiTokenState;
  createdByUserId: string;
  /** Null when the creator is no longer a member (their tokens were revoked then). */
  createdByName: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdByUserId: string;
}

const TOKEN_COLUMNS = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdByUserId: true,
} as const;

function view(row: TokenRow, names: ReadonlyMap<string, string>, now: Date): ApiTokenView {
  return {
    ...row,
    scopes: row.scopes as Permission[],
    state: row.revokedAt ? 'REVOKED' : row.expiresAt <= now ? 'EXPIRED' : 'ACTIVE',
    createdByName: names.get(row.createdByUserId) ?? null,
  };
}

function requireAdmin(context: ServiceContext): UserActor {
  const actor = requireTenantActor(context.actor, MANAGE);
  // A token cannot mint or revoke tokens (it never holds api-token:manage); say so plainly all the same.
  if (actor.kind !== 'user') throw new ForbiddenError(MANAGE);
  return actor;
}

export interface CreateApiTokenInput {
  name: string;
  scopes: readonly string[];
  /** 1 to 366 days; default 90. */
  expiresInDays?: number | null;
}

function checkedScopes(actor: UserActor, scopes: readonly string[]): Permission[] {
  const unique = [...new Set(scopes)];
  const issues: { path: string; message: string }[] = [];
  if (unique.length === 0)
    issues.push({ path: 'input.scopes', message: 'Give the token at least one scope.' });
  for (const scope of unique) {
    if (!PERMISSIONS.includes(scope as Permission)) {
      issues.push({
        path: 'input.scopes',
        message: `"${scope}" is not a scope (resource:verb permissions only).`,
      });
    } else if (SCOPES_NEVER_GRANTED_TO_TOKENS.includes(scope as Permission)) {
      issues.push({
        path: 'input.scopes',
        message: `"${scope}" stays with signed-in admins: no token may hold it.`,
      });
    } else if (!actor.permissions.has(scope as Permission)) {
      issues.push({
        path: 'input.scopes',
        message: `You do not hold "${scope}", so a token you create cannot hold it either.`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues[0]!.message, issues);
  return unique as Permission[];
}

/** Creates a token; the returned `token` is the only time the secret is ever available. */
export async function createApiToken(
  context: ServiceContext,
  input: CreateApiTokenInput,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const actor = requireAdmin(context);
  const name = input.name.trim();
  if (name === '' || name.length > 100) {
    throw ValidationError.of(
      'input.name',
      'Name the token (1-100 characters), e.g. after the software using it.',
    );
  }
  const scopes = checkedScopes(actor, input.scopes);
  const days = input.expiresInDays ?? DEFAULT_TOKEN_LIFETIME_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_LIFETIME_DAYS) {
    throw ValidationError.of(
      'input.expiresInDays',
      `A token expires after 1 to ${MAX_TOKEN_LIFETIME_DAYS} days.`,
    );
  }
  const now = context.clock.now();
  const { token, prefix } = newToken();
  const row = await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        organizationId: actor.organizationId,
        createdByUserId: actor.userId,
        name,
        prefix,
        secretHash: hashApiToken(token),
        scopes,
        createdAt: now,
        expiresAt: new Date(now.getTime() + days * 86_400_000),
      },
      select: TOKEN_COLUMNS,
    });
    await recordAudit(tx, actor, {
      action: 'api_token.created',
      subjectType: 'api_token',
      subjectId: created.id,
      details: { name, prefix, scopes, expiresAt: created.expiresAt.toISOString() },
    });
    return created;
  });
  return { token, apiToken: view(row, await creatorNames(context, actor, [row]), now) };
}

async function creatorNames(context: ServiceContext, actor: UserActor, rows: TokenRow[]) {
  // Row-level security shows the users who are members now: a former member's name stays hidden.
  const users = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.user.findMany({
      where: {
        id: { in: [...new Set(rows.map((row) => row.createdByUserId))] },
        memberships: { some: { organizationId: actor.organizationId } },
      },
      select: { id: true, displayName: true },
    }),
  );
  return new Map(users.map((user) => [user.id, user.displayName]));
}

/** The account's tokens (never their secrets), newest first. */
export async function listApiTokens(context: ServiceContext): Promise<ApiTokenView[]> {
  const actor = requireAdmin(context);
  const now = context.clock.now();
  const rows = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.apiToken.findMany({
      where: { organizationId: actor.organizationId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: TOKEN_COLUMNS,
    }),
  );
  const names = await creatorNames(context, actor, rows);
  return rows.map((row) => view(row, names, now));
}

export async function revokeApiToken(
  context: ServiceContext,
  input: { tokenId: string },
): Promise<ApiTokenView> {
  const actor = requireAdmin(context);
  const now = context.clock.now();
  const row = await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const token = isUuid(input.tokenId)
      ? await tx.apiToken.findFirst({
          where: { id: input.tokenId, organizationId: actor.organizationId },
          select: TOKEN_COLUMNS,
        })
      : null;
    if (!token) throw ValidationError.of('input.tokenId', 'No API token of your account has this id.');
    if (token.revokedAt) throw new NotAllowedError(`The token ${token.prefix}… is already revoked.`);
    const revoked = await tx.apiToken.update({
      where: { id: token.id },
      data: { revokedAt: now, revokedByUserId: actor.userId },
      select: TOKEN_COLUMNS,
    });
    await recordAudit(tx, actor, {
      action: 'api_token.revoked',
      subjectType: 'api_token',
      subjectId: token.id,
      details: { name: token.name, prefix: token.prefix },
    });
    return revoked;
  });
  return view(row, await creatorNames(context, actor, [row]), now);
}

// ---------------------------------------------------------------- authentication

interface AuthenticatedRow {
  token_id: string;
  token_name: string;
  token_prefix: string;
  scopes: string[];
  organization_id: string;
  organization_kind: OrganizationKind;
  organization_name: string;
  user_id: string;
  email: string;
  display_name: string;
  role: MembershipRole;
}

export interface AuthenticatedApiToken {
  actor: ApiTokenActor;
  token: { id: string; name: string; prefix: string };
  organizationName: string;
  creator: { email: string; displayName: string; role: MembershipRole };
}

/** What a scope list allows for a creator in a role now: the intersection, never more. */
export function effectiveTokenPermissions(
  scopes: readonly string[],
  kind: OrganizationKind,
  creatorRole: MembershipRole,
): ReadonlySet<Permission> {
  const creator = permissionsFor(kind, creatorRole);
  return new Set(
    scopes.filter(
      (scope): scope is Permission =>
        creator.has(scope as Permission) && !SCOPES_NEVER_GRANTED_TO_TOKENS.includes(scope as Permission),
    ),
  );
}

/**
 * The actor for a presented token, or null when it is malformed, unknown, revoked, expired, or its creator
 * is no longer a member. Records the last use (to the minute).
 */
export async function authenticateApiToken(
  db: PrismaClient,
  presented: string,
): Promise<AuthenticatedApiToken | null> {
  if (!isApiTokenFormat(presented)) return null;
  const [row] = await db.$queryRaw<AuthenticatedRow[]>`
    select * from app_authenticate_api_token(${hashApiToken(presented)})`;
  if (!row) return null;
  return {
    actor: {
      kind: 'api-token',
      tokenId: row.token_id,
      userId: row.user_id,
      organizationId: row.organization_id,
      organizationKind: row.organization_kind,
      permissions: effectiveTokenPermissions(row.scopes, row.organization_kind, row.role),
    },
    token: { id: row.token_id, name: row.token_name, prefix: row.token_prefix },
    organizationName: row.organization_name,
    creator: { email: row.email, displayName: row.display_name, role: row.role },
  };
}
