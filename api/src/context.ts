import { type Actor, type BusinessClock, type ServiceContext, userActor } from '@cape/core';
import type { PrismaClient } from '@cape/db';
import type { ApiConfig } from './config.ts';
import { NotSignedInError } from './errors.ts';
import type { SignInThrottle } from './services/sign-in-throttle.ts';
import type { Viewer } from './viewer.ts';

export interface ApiContext {
  /**
   * This request's client: the operator role's for CBP operations staff, the application role's otherwise
   * (row-level security applies to both), limited to a few concurrent transactions per request.
   */
  prisma: PrismaClient;
  /** The operator role's client, when configured (sign-in upgrades operators' password hashes over it). */
  operatorPrisma?: PrismaClient;
  viewer: Viewer | null;
  config: ApiConfig;
  signInThrottle: SignInThrottle;
  /** The caller's network address: the socket's, or what a trusted proxy reports (TRUSTED_PROXIES). */
  clientAddress: string | null;
  /** What day it is for CAPE (shared by every replica through PostgreSQL). */
  clock: BusinessClock;
}

/** The context a CAPE service gets for this request's signed-in viewer. */
export function serviceContextOf(context: ApiContext): ServiceContext {
  const { viewer } = context;
  if (!viewer) throw new NotSignedInError();
  return { db: context.prisma, actor: actorOf(viewer), clock: context.clock };
}

/** The actor a signed-in viewer (a portal user, or an API token) is for CAPE's services. */
export function actorOf(viewer: Viewer): Actor {
  if (!viewer.apiToken) return userActor(viewer);
  const { userId, organizationId, organizationKind, permissions } = viewer;
  return {
    kind: 'api-token',
    tokenId: viewer.apiToken.id,
    userId,
    organizationId,
    organizationKind,
    permissions,
  };
}
