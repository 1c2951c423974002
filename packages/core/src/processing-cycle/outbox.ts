// The transactional outbox (outbox_events): every state change of a declaration, entry or refund writes an
// event row in the transaction that makes the change, so a subscriber never sees a change without its event
// or an event without its change. The worker writes events inside its set-based statements (see the SQL of
// each stage); services on the application role use `recordOutboxEvent`.
import type { Prisma, TenantTransaction } from '@cape/db';
import type { IsoDate } from '@cape/domain';

export type OutboxSubject = 'DECLARATION' | 'ENTRY' | 'REFUND' | 'PROCESSING_CYCLE';

export interface OutboxEventInput {
  businessDate: IsoDate;
  subjectType: OutboxSubject;
  subjectId: string;
  /** "<subject>.<what happened>", e.g. "entry.held". */
  eventType: string;
  /** Tenants that may read the event (the operator always may). */
  organizationIds: readonly string[];
  entrySummaryIds?: readonly bigint[];
  cycleId?: string | null;
  payload?: Prisma.InputJsonObject;
}

export async function recordOutboxEvent(tx: TenantTransaction, event: OutboxEventInput): Promise<void> {
  await tx.outboxEvent.create({
    data: {
      businessDate: new Date(`${event.businessDate}T00:00:00Z`),
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      eventType: event.eventType,
      organizationIds: [...new Set(event.organizationIds)].sort(),
      entrySummaryIds: [...(event.entrySummaryIds ?? [])],
      cycleId: event.cycleId ?? null,
      payload: event.payload ?? {},
    },
    select: { id: true },
  });
}

/**
 * SQL for an event's audience from an entry's tenant keys (any may be NULL): the distinct organizations,
 * sorted, so the same change always writes the same row.
 */
export function audienceSql(...columns: string[]): string {
  return `ARRAY(SELECT DISTINCT o FROM unnest(ARRAY[${columns.join(', ')}]::uuid[]) AS o WHERE o IS NOT NULL ORDER BY o)`;
}
