import type { Permission } from '@cape/auth';
import { ForbiddenError, NotSignedInError } from '../errors.ts';
import type { Viewer } from '../viewer.ts';

/** Services check permissions themselves too: they are callable without GraphQL (jobs, tests, scripts). */
export function requirePermission(viewer: Viewer | null, permission: Permission): Viewer {
  if (!viewer) throw new NotSignedInError();
  if (!viewer.permissions.has(permission)) throw new ForbiddenError(permission);
  return viewer;
}
