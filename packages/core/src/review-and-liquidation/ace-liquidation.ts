// Extended, suspended and under-review entries keep their status when accepted; their refund is computed when
// ACE liquidates them (docs/domain.md, liquidation timing). Entry-summary ingestion learns that: it updates
// entry_summaries (LIQUIDATED with the date) and, in the same transaction, calls this to record the event for
// the entries CAPE was waiting for. The next processing cycle (scheduled every few minutes, or run by the
// operator) liquidates them with interest up to that date and refunds them.
import type { TenantTransaction } from '@cape/db';
import type { IsoDate } from '@cape/domain';
import { recordOutboxEvent } from '../processing-cycle/outbox.ts';

export interface AceLiquidationNotice {
  entrySummaryId: bigint;
  liquidationDate: IsoDate;
}

/**
 * Writes an "entry.liquidated_by_ace_reported" event for each given entry that is waiting for ACE's
 * liquidation (others are ignored); returns how many were waiting. Runs in the caller's tenant transaction,
 * so the event exists exactly when the ingestion update does.
 */
export async function reportAceLiquidations(
  tx: TenantTransaction,
  notices: readonly AceLiquidationNotice[],
  businessDate: IsoDate,
): Promise<number> {
  if (notices.length === 0) return 0;
  const waiting = await tx.entryProcessing.findMany({
    where: { entrySummaryId: { in: notices.map((n) => n.entrySummaryId) }, state: 'AWAITING_LIQUIDATION' },
    select: {
      entrySummaryId: true,
      declarationId: true,
      declarantOrganizationId: true,
      filerOrganizationId: true,
      importerOrganizationId: true,
    },
  });
  const dates = new Map(notices.map((n) => [n.entrySummaryId, n.liquidationDate]));
  for (const entry of waiting) {
    await recordOutboxEvent(tx, {
      businessDate,
      subjectType: 'ENTRY',
      subjectId: entry.declarationId,
      eventType: 'entry.liquidated_by_ace_reported',
      organizationIds: [
        entry.declarantOrganizationId,
        entry.filerOrganizationId,
        entry.importerOrganizationId,
      ].filter((id): id is string => id !== null),
      entrySummaryIds: [entry.entrySummaryId],
      payload: {
        declarationId: entry.declarationId,
        liquidationDate: dates.get(entry.entrySummaryId) ?? null,
      },
    });
  }
  return waiting.length;
}
