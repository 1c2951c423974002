// Third-party software presents an API token instead of a session: the viewer is the token's creator,
// with the token's effective permissions (its scopes, never more than the creator holds now).
import { authenticateApiToken } from '@cape/core';
import type { PrismaClient } from '@cape/db';
import type { Viewer } from './viewer.ts';

export async function viewerFromApiToken(prisma: PrismaClient, presented: string): Promise<Viewer | null> {
  const authenticated = await authenticateApiToken(prisma, presented);
  if (!authenticated) return null;
  const { actor, creator, token } = authenticated;
  return {
    userId: actor.userId,
    email: creator.email,
    displayName: creator.displayName,
    organizationId: actor.organizationId,
    organizationName: authenticated.organizationName,
    organizationKind: actor.organizationKind,
    role: creator.role,
    permissions: actor.permissions,
    apiToken: token,
  };
}
