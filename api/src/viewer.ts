// Who is calling: resolved once per request from the session token, always re-reading the membership so
// a removed membership or changed role takes effect at once.
import {
  type MembershipRole,
  type OrganizationKind,
  type Permission,
  permissionsFor,
  verifySessionToken,
} from '@cape/auth';
import { isApiTokenFormat } from '@cape/core';
import { type PrismaClient, type TenantContext, withSignedInUser } from '@cape/db';
import { viewerFromApiToken } from './api-token-viewer.ts';

export interface Viewer {
  userId: string;
  email: string;
  displayName: string;
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  role: MembershipRole;
  permissions: ReadonlySet<Permission>;
  /** Set when third-party software calls with an API token: it acts for its creator, within its scopes. */
  apiToken?: { id: string; name: string; prefix: string };
}

export function tenantOf(viewer: Viewer): TenantContext {
  return {
    organizationId: viewer.organizationId,
    organizationKind: viewer.organizationKind,
    userId: viewer.userId,
  };
}

export async function loadViewer(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
): Promise<Viewer | null> {
  const membership = await withSignedInUser(prisma, userId, (tx) =>
    tx.membership.findUnique({
      where: { userId_organizationId: { userId, organizationId } },
      include: { user: { select: { email: true, displayName: true } }, organization: true },
    }),
  );
  if (!membership) return null;
  return {
    userId,
    email: membership.user.email,
    displayName: membership.user.displayName,
    organizationId,
    organizationName: membership.organization.name,
    organizationKind: membership.organization.kind,
    role: membership.role,
    permissions: permissionsFor(membership.organization.kind, membership.role),
  };
}

export async function viewerFromAuthorization(
  prisma: PrismaClient,
  authorization: string | null,
  sessionSecret: string,
): Promise<Viewer | null> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) return null;
  if (isApiTokenFormat(match[1])) return await viewerFromApiToken(prisma, match[1]);
  const claims = verifySessionToken(match[1], sessionSecret);
  if (!claims) return null;
  return await loadViewer(prisma, claims.userId, claims.organizationId);
}
