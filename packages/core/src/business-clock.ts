// What "today" is for CAPE. CAPE's dates (filing, liquidation, processing days) are business dates in
// Eastern time, where CBP runs: a declaration uploaded at 23:30 in California on April 20 is filed on
// April 21. Demos and tests move this clock; production never does.
import type { IsoDate } from '@cape/domain';

export interface BusinessClock {
  /** The current business date for CAPE, 'YYYY-MM-DD' in America/New_York. */
  today(): Promise<IsoDate>;
  /** The current instant (for timestamps such as certified-at), never used for business dates. */
  now(): Date;
}

export const CAPE_TIME_ZONE = 'America/New_York';

const easternDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: CAPE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The business date in Eastern time of an instant ('en-CA' formats as YYYY-MM-DD). */
export function businessDateOf(instant: Date): IsoDate {
  return easternDate.format(instant);
}

/** The real clock: today in Eastern time. */
export function systemBusinessClock(): BusinessClock {
  return {
    today: async () => businessDateOf(new Date()),
    now: () => new Date(),
  };
}

/** A clock stopped on one business date (tests, benchmarks, a demo pinned to a day). */
export function fixedBusinessClock(date: IsoDate, instant: Date = new Date()): BusinessClock {
  return { today: async () => date, now: () => instant };
}
