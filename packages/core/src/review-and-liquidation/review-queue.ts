// The operator's review queue (docs/domain.md, review period): entries an automatic check flagged wait here
// until CBP operations staff release them; staff may also hold any entry that is not yet (re)liquidated.
// Every hold and release names its reason, is audited, and writes an outbox event in the same transaction.
import type { Prisma, TenantTransaction } from '@cape/db';
import { withTenant } from '@cape/db';
import { type IsoDate, parseEntryNumber } from '@cape/domain';
import { recordAudit } from '../audit.ts';
import { requireTenantActor } from '../authorization.ts';
import { type ServiceContext, tenantOfActor } from '../context.ts';
import { NotAllowedError, ValidationError } from '../errors.ts';
import { recordOutboxEvent } from '../processing-cycle/outbox.ts';
import { describeReviewFlag } from './review-flags.ts';
import { rescheduleAfterRelease } from './schedule.ts';

const REVIEW = 'operations:review';
export const REVIEW_QUEUE_STATES = ['AWAITING_REVIEW', 'HELD', 'NOT_SCHEDULABLE'] as const;
export type ReviewQueueState = (typeof REVIEW_QUEUE_STATES)[number];
const HOLDABLE = ['AWAITING_REVIEW', 'SCHEDULED', 'AWAITING_LIQUIDATION'] as const;
const RELEASABLE = ['AWAITING_REVIEW', 'HELD'] as const;
export const MAX_REVIEW_PAGE = 200;

export interface ReviewFlagView {
  code: string;
  description: string;
}

export interface ReviewQueueItem {
  entrySummaryId: bigint;
  entryNumber: string;
  claimNumber: string;
  importerNumber: string;
  importerName: string;
  acceptanceDate: Date;
  state: string;
  flags: ReviewFlagView[];
  principalCents: bigint;
  liquidationKind: string | null;
  scheduledDate: Date | null;
  reliquidationDeadline: Date | null;
  scheduleNote: string | null;
  reviewReason: string | null;
  reviewedAt: Date | null;
}

const ITEM_SELECT = {
  entrySummaryId: true,
  claimNumber: true,
  acceptanceDate: true,
  state: true,
  reviewFlags: true,
  principalCents: true,
  liquidationKind: true,
  scheduledDate: true,
  reliquidationDeadline: true,
  scheduleNote: true,
  reviewReason: true,
  reviewedAt: true,
  entrySummary: { select: { entryNumber: true, importer: { select: { partyNumber: true, name: true } } } },
} as const satisfies Prisma.EntryProcessingSelect;

type ItemRow = Prisma.EntryProcessingGetPayload<{ select: typeof ITEM_SELECT }>;

function toItem(row: ItemRow): ReviewQueueItem {
  return {
    entrySummaryId: row.entrySummaryId,
    entryNumber: row.entrySummary.entryNumber,
    claimNumber: row.claimNumber,
    importerNumber: row.entrySummary.importer.partyNumber,
    importerName: row.entrySummary.importer.name,
    acceptanceDate: row.acceptanceDate,
    state: row.state,
    flags: row.reviewFlags.map((code) => ({ code, description: describeReviewFlag(code) })),
    principalCents: row.principalCents,
    liquidationKind: row.liquidationKind,
    scheduledDate: row.scheduledDate,
    reliquidationDeadline: row.reliquidationDeadline,
    scheduleNote: row.scheduleNote,
    reviewReason: row.reviewReason,
    reviewedAt: row.reviewedAt,
  };
}

export interface ReviewQueuePage {
  /** Entries after this id (ascending id order). */
  after?: bigint;
  first: number;
  states?: readonly ReviewQueueState[];
}

/** Entries waiting for the operator: flagged, held, or left without a date by CBP's timing rule. */
export async function listReviewQueue(
  context: ServiceContext,
  page: ReviewQueuePage,
): Promise<ReviewQueueItem[]> {
  const actor = requireTenantActor(context.actor, REVIEW);
  const take = Math.min(Math.max(page.first, 0), MAX_REVIEW_PAGE);
  const rows = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.entryProcessing.findMany({
      where: {
        state: { in: [...(page.states?.length ? page.states : REVIEW_QUEUE_STATES)] },
        ...(page.after === undefined ? {} : { entrySummaryId: { gt: page.after } }),
      },
      orderBy: { entrySummaryId: 'asc' },
      take,
      select: ITEM_SELECT,
    }),
  );
  return rows.map(toItem);
}

export interface ReviewDecisionInput {
  /** The entry number (any common spelling) of an entry on an accepted declaration. */
  entryNumber: string;
  reason: string;
}

function validated(input: ReviewDecisionInput): { entryNumber: string; reason: string } {
  const issues: { path: string; message: string }[] = [];
  const parsed = parseEntryNumber(input.entryNumber);
  if (!parsed.ok) issues.push({ path: 'input.entryNumber', message: parsed.error.message });
  const reason = input.reason.trim();
  if (reason.length < 3)
    issues.push({ path: 'input.reason', message: 'Give the reason (at least 3 characters).' });
  if (reason.length > 1000)
    issues.push({ path: 'input.reason', message: 'The reason is at most 1,000 characters.' });
  if (!parsed.ok || issues.length > 0) {
    throw new ValidationError(
      issues.length === 1 ? issues[0]!.message : `The input has ${issues.length} problems.`,
      issues,
    );
  }
  return { entryNumber: parsed.value, reason };
}

async function lockedEntry(tx: TenantTransaction, entryNumber: string) {
  const entry = await tx.entrySummary.findUnique({ where: { entryNumber }, select: { id: true } });
  const rows = entry
    ? await tx.$queryRaw<{ entry_summary_id: bigint }[]>`
        SELECT entry_summary_id FROM entry_processing WHERE entry_summary_id = ${entry.id} FOR UPDATE`
    : [];
  if (!entry || rows.length === 0) {
    throw new NotAllowedError(
      `Entry ${entryNumber} is not on an accepted CAPE declaration that has been processed.`,
    );
  }
  return await tx.entryProcessing.findUniqueOrThrow({
    where: { entrySummaryId: entry.id },
    select: {
      ...ITEM_SELECT,
      declarationId: true,
      declarantOrganizationId: true,
      filerOrganizationId: true,
      importerOrganizationId: true,
      capeVersion: true,
    },
  });
}

function isoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

async function recordDecision(
  tx: TenantTransaction,
  context: ServiceContext,
  entry: Awaited<ReturnType<typeof lockedEntry>>,
  action: 'hold' | 'release',
  reason: string,
  details: Prisma.InputJsonObject,
) {
  const actor = requireTenantActor(context.actor, REVIEW);
  const today = await context.clock.today();
  await recordAudit(tx, actor, {
    action: `entry_processing.${action === 'hold' ? 'held' : 'released'}`,
    subjectType: 'entry_summary',
    subjectId: entry.entrySummaryId.toString(),
    details: { entryNumber: entry.entrySummary.entryNumber, reason, ...details },
  });
  await recordOutboxEvent(tx, {
    businessDate: today,
    subjectType: 'ENTRY',
    subjectId: entry.declarationId,
    eventType: action === 'hold' ? 'entry.held' : 'entry.released',
    organizationIds: [
      entry.declarantOrganizationId,
      entry.filerOrganizationId,
      entry.importerOrganizationId,
    ].filter((id): id is string => id !== null),
    entrySummaryIds: [entry.entrySummaryId],
    payload: { declarationId: entry.declarationId, reason, ...details },
  });
}

type LockedEntry = Awaited<ReturnType<typeof lockedEntry>>;

interface NextState {
  state: 'HELD' | 'SCHEDULED' | 'AWAITING_LIQUIDATION' | 'NOT_SCHEDULABLE';
  scheduledDate?: Date | null;
  scheduleNote?: string | null;
}

/**
 * One operator decision on one entry, in one transaction: the entry is locked, checked (`allowed` throws a
 * NotAllowedError when the decision does not apply), moved to its next state with the reason, audited, and
 * its event written.
 */
async function decide(
  context: ServiceContext,
  input: ReviewDecisionInput,
  action: 'hold' | 'release',
  next: (entry: LockedEntry, today: IsoDate) => NextState,
): Promise<ReviewQueueItem> {
  const actor = requireTenantActor(context.actor, REVIEW);
  const { entryNumber, reason } = validated(input);
  const today = await context.clock.today();
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const entry = await lockedEntry(tx, entryNumber);
    const target = next(entry, today);
    const updated = await tx.entryProcessing.update({
      where: { entrySummaryId: entry.entrySummaryId },
      data: {
        ...target,
        stateChangedOn: new Date(`${today}T00:00:00Z`),
        reviewReason: reason,
        reviewedByUserId: actor.userId,
        reviewedAt: context.clock.now(),
        updatedAt: context.clock.now(),
      },
      select: ITEM_SELECT,
    });
    await recordDecision(tx, context, entry, action, reason, {
      previousState: entry.state,
      state: target.state,
      scheduledDate: updated.scheduledDate ? isoDate(updated.scheduledDate) : null,
    });
    return toItem(updated);
  });
}

function refuse(entry: LockedEntry, why: string): never {
  const state = entry.state.toLowerCase().replaceAll('_', ' ');
  throw new NotAllowedError(`Entry ${entry.entrySummary.entryNumber} is ${state}: ${why}`);
}

/** Holds an entry that is not yet (re)liquidated: it waits in the review queue until released. */
export async function holdEntry(
  context: ServiceContext,
  input: ReviewDecisionInput,
): Promise<ReviewQueueItem> {
  return await decide(context, input, 'hold', (entry) => {
    if (!(HOLDABLE as readonly string[]).includes(entry.state)) {
      refuse(entry, 'only an entry that is not yet (re)liquidated can be held.');
    }
    return { state: 'HELD' };
  });
}

/**
 * Releases a flagged or held entry: it goes back to CBP's schedule (a date that went by while it waited moves
 * to the first processing day from today, never past the 90-day reliquidation limit), or back to waiting for
 * ACE's liquidation.
 */
export async function releaseEntry(
  context: ServiceContext,
  input: ReviewDecisionInput,
): Promise<ReviewQueueItem> {
  return await decide(context, input, 'release', (entry, today) => {
    if (!(RELEASABLE as readonly string[]).includes(entry.state)) {
      refuse(entry, 'only a flagged or held entry can be released.');
    }
    if (entry.capeVersion === null) {
      refuse(
        entry,
        'it could not be mass processed (a tariff number is not an HTS number) and cannot be released until the entry is corrected and declared again.',
      );
    }
    if (entry.principalCents === 0n)
      refuse(entry, 'it has no refundable IEEPA duty: there is nothing to release.');
    if (entry.liquidationKind === 'ACE_LIQUIDATION') return { state: 'AWAITING_LIQUIDATION' };
    if (entry.liquidationKind === null || entry.scheduledDate === null) return { state: 'NOT_SCHEDULABLE' };
    const released = rescheduleAfterRelease(
      {
        kind: entry.liquidationKind,
        date: isoDate(entry.scheduledDate),
        deadline: entry.reliquidationDeadline ? isoDate(entry.reliquidationDeadline) : null,
      },
      today,
    );
    return {
      state: released.state,
      scheduledDate: released.date ? new Date(`${released.date}T00:00:00Z`) : entry.scheduledDate,
      scheduleNote: released.note ?? entry.scheduleNote,
    };
  });
}
