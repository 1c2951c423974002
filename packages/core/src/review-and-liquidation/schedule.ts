// CBP's liquidation timing (the domain's scheduleLiquidation) turned into the columns an entry's processing
// row keeps. The rule itself lives in @cape/domain; this only records its answer.
import {
  compareIsoDates,
  type IsoDate,
  type LiquidationStatus,
  processingDayOnOrAfter,
  scheduleLiquidation,
} from '@cape/domain';

export type ScheduledState = 'SCHEDULED' | 'AWAITING_LIQUIDATION' | 'NOT_SCHEDULABLE';
export type LiquidationKind = 'LIQUIDATION' | 'RELIQUIDATION' | 'ACE_LIQUIDATION';

export interface EntrySchedule {
  state: ScheduledState;
  kind: LiquidationKind | null;
  date: IsoDate | null;
  originalLiquidationDate: IsoDate | null;
  deadline: IsoDate | null;
  /** Why there is no date, or what forced it (the domain's reason codes). */
  note: string | null;
  timingVersion: string;
}

export interface ScheduleFacts {
  entryType: string;
  liquidationStatus: LiquidationStatus;
  liquidationDate: IsoDate | null;
  /** Declarations are accepted the day they are filed (validation is immediate). */
  acceptanceDate: IsoDate;
}

export function scheduleEntry(facts: ScheduleFacts): EntrySchedule {
  const schedule = scheduleLiquidation({
    entryType: facts.entryType,
    liquidationStatus: facts.liquidationStatus,
    liquidationDate: facts.liquidationDate,
    filingDate: facts.acceptanceDate,
    acceptanceDate: facts.acceptanceDate,
  });
  const base = { timingVersion: schedule.timingVersion, originalLiquidationDate: null, deadline: null };
  switch (schedule.action) {
    case 'LIQUIDATE':
      return {
        ...base,
        state: 'SCHEDULED',
        kind: 'LIQUIDATION',
        date: schedule.date,
        note: schedule.pendingLiquidationIgnored ? 'PENDING_LIQUIDATION_IGNORED' : null,
      };
    case 'RELIQUIDATE':
      return {
        ...base,
        state: 'SCHEDULED',
        kind: 'RELIQUIDATION',
        date: schedule.date,
        originalLiquidationDate: facts.liquidationDate,
        deadline: schedule.deadline,
        note: schedule.offCycle
          ? 'DEADLINE_OFF_CYCLE'
          : schedule.deadlineForcedDate
            ? 'DEADLINE_FORCED_DATE'
            : null,
      };
    case 'KEEP_STATUS':
      return {
        ...base,
        state: 'AWAITING_LIQUIDATION',
        kind: 'ACE_LIQUIDATION',
        date: null,
        note: `${schedule.reason}:${schedule.status}`,
      };
    case 'NOT_SCHEDULABLE':
      return {
        ...base,
        state: 'NOT_SCHEDULABLE',
        kind: null,
        date: null,
        deadline: 'deadline' in schedule ? schedule.deadline : null,
        originalLiquidationDate: facts.liquidationDate,
        note: schedule.reason,
      };
  }
}

export interface ReleasedSchedule {
  state: 'SCHEDULED' | 'NOT_SCHEDULABLE';
  date: IsoDate | null;
  note: string | null;
}

/**
 * The date of an entry the operator releases after its scheduled day went by while it waited: the first
 * processing day from today on; a reliquidation never after CBP's day-90 limit (then it cannot be scheduled).
 */
export function rescheduleAfterRelease(
  scheduled: { kind: 'LIQUIDATION' | 'RELIQUIDATION'; date: IsoDate; deadline: IsoDate | null },
  today: IsoDate,
): ReleasedSchedule {
  if (compareIsoDates(scheduled.date, today) >= 0)
    return { state: 'SCHEDULED', date: scheduled.date, note: null };
  const date = processingDayOnOrAfter(today);
  if (scheduled.kind === 'RELIQUIDATION' && scheduled.deadline !== null) {
    if (compareIsoDates(date, scheduled.deadline) > 0) {
      return { state: 'NOT_SCHEDULABLE', date: null, note: 'RELEASED_AFTER_RELIQUIDATION_DEADLINE' };
    }
  }
  return { state: 'SCHEDULED', date, note: 'RESCHEDULED_AFTER_RELEASE' };
}
