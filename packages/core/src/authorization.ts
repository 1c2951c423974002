// Services check permissions themselves: they are called from GraphQL, the worker, scripts and tests alike.
import type { Permission } from '@cape/auth';
import type { Actor, ApiTokenActor, UserActor } from './context.ts';
import { ForbiddenError } from './errors.ts';

/** The acting user or token, when it holds the permission. The system actor holds every permission. */
export function requirePermission(actor: Actor, permission: Permission): Actor {
  if (actor.kind !== 'system' && !actor.permissions.has(permission)) throw new ForbiddenError(permission);
  return actor;
}

/** As requirePermission, for work that is always done on behalf of an organization (never the system). */
export function requireTenantActor(actor: Actor, permission: Permission): UserActor | ApiTokenActor {
  if (actor.kind === 'system') throw new ForbiddenError(permission);
  requirePermission(actor, permission);
  return actor;
}
