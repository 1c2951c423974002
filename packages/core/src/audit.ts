// Who did it, for the audit log and for records that name their author (declarations): a portal user, or
// an API token together with the user who created it.
import type { Prisma, TenantTransaction } from '@cape/db';
import type { ApiTokenActor, UserActor } from './context.ts';

export interface ActorAttribution {
  /** The signed-in user, or the creator of the API token that acted. */
  actorUserId: string;
  /** The API token that acted; null for a portal user. */
  apiTokenId: string | null;
}

export function attributionOf(actor: UserActor | ApiTokenActor): ActorAttribution {
  return { actorUserId: actor.userId, apiTokenId: actor.kind === 'api-token' ? actor.tokenId : null };
}

export interface AuditEvent {
  /** "<subject>.<past tense verb>", e.g. "api_token.created". */
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Prisma.InputJsonObject;
}

/** Appends an audit record for the actor's organization, inside the caller's tenant transaction. */
export async function recordAudit(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
  event: AuditEvent,
): Promise<void> {
  const { actorUserId, apiTokenId } = attributionOf(actor);
  await tx.auditLogEntry.create({
    data: {
      organizationId: actor.organizationId,
      actorUserId,
      apiTokenId,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      details: event.details ?? {},
    },
    select: { id: true },
  });
}
