import { type Actor, type BusinessClock, type ServiceContext, userActor } from '@cape/core';
import type { PrismaClient } from '@cape/db';
import type { ApiConfig } from './config.ts';
import { NotSignedInError } from './errors.ts';
import type { SignInThrottle } from './services/sign-in-throttle.ts';
import type { Viewer } from './viewer.ts';

export interface ApiContext {
  /** The application-role client (row-level security applies). Services open tenant transactions on it. */
  prisma: PrismaClient;
  viewer: Viewer | null;
  config: ApiConfig;
  signInThrottle: SignInThrottle;
  /** The caller's network address (the socket's, never a client-supplied header). */
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

function actorOf(viewer: Viewer): Actor {
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
