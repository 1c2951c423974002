// Every CAPE service takes this context explicitly: which database, who is acting, and what day it is for
// CAPE. Nothing reads a global clock or a request object, so services run the same from GraphQL, the worker,
// a benchmark or a test.
import { type MembershipRole, type OrganizationKind, type Permission, permissionsFor } from '@cape/auth';
import type { PrismaClient, TenantContext } from '@cape/db';
import type { BusinessClock } from './business-clock.ts';

/** A person signed in to the portal, acting for one organization. */
export interface UserActor {
  kind: 'user';
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  role: MembershipRole;
  permissions: ReadonlySet<Permission>;
}

/** Third-party software holding an organization's API token (scoped, never more than its creator). */
export interface ApiTokenActor {
  kind: 'api-token';
  tokenId: string;
  /** The user who created the token: filings made with it are attributed to the token and this user. */
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  permissions: ReadonlySet<Permission>;
}

/** The platform itself (the worker, scheduled processing, the demo seed). */
export interface SystemActor {
  kind: 'system';
  /** What the system is doing, for the audit log ("processing cycle", "demo seed"). */
  purpose: string;
}

export type Actor = UserActor | ApiTokenActor | SystemActor;

export interface ServiceContext {
  /**
   * For users and tokens, the application-role client: row-level security applies to every tenant
   * transaction on it. For the system actor (the worker), the client of the role that processes every
   * tenant's entries.
   */
  db: PrismaClient;
  actor: Actor;
  clock: BusinessClock;
}

/** The tenant a user or token acts for; the system acts as no tenant and must use its own paths. */
export function tenantOfActor(actor: UserActor | ApiTokenActor): TenantContext {
  return {
    organizationId: actor.organizationId,
    organizationKind: actor.organizationKind,
    userId: actor.userId,
  };
}

/** A user acting for an organization in a role, with the permissions that role has there. */
export function userActor(member: {
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  role: MembershipRole;
}): UserActor {
  return { kind: 'user', ...member, permissions: permissionsFor(member.organizationKind, member.role) };
}

export function systemActor(purpose: string): SystemActor {
  return { kind: 'system', purpose };
}
