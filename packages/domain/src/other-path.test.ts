import { describe, expect, it } from 'vitest';
import { otherPathFor, protestDeadline } from './other-path';

const FILED = '2026-04-20';
const liquidated = (liquidationDate: string) => ({
  liquidationStatus: 'LIQUIDATED' as const,
  liquidationDate,
});
const unliquidated = { liquidationStatus: 'UNLIQUIDATED' as const, liquidationDate: null };

describe('the other path of a rejected entry', () => {
  it('is a protest until 180 days after liquidation (2025-11-01 + 180 days = 2026-04-30)', () => {
    expect(protestDeadline('2025-11-01')).toBe('2026-04-30');
    expect(otherPathFor(liquidated('2025-11-01'), ['LIQUIDATED_OUTSIDE_WINDOW'], FILED)).toMatchObject({
      kind: 'PROTEST',
      deadline: '2026-04-30',
      explanation: expect.stringContaining('until 2026-04-30'),
    });
    // The deadline day itself still counts; the day after, the liquidation is final.
    expect(otherPathFor(liquidated('2025-10-22'), ['LIQUIDATED_OUTSIDE_WINDOW'], FILED)).toMatchObject({
      kind: 'PROTEST',
      deadline: '2026-04-20',
    });
    expect(otherPathFor(liquidated('2025-10-21'), ['LIQUIDATED_OUTSIDE_WINDOW'], FILED).kind).toBe(
      'LATER_PHASE',
    );
  });

  it('is a protest for any liquidated entry CAPE refuses while the protest period runs', () => {
    expect(otherPathFor(liquidated('2026-03-01'), ['DRAWBACK_DESIGNATED'], FILED)).toMatchObject({
      kind: 'PROTEST',
      deadline: '2026-08-28',
    });
    const final = { liquidationStatus: 'FINAL' as const, liquidationDate: '2026-01-05' };
    expect(otherPathFor(final, ['FINAL_LIQUIDATION'], FILED)).toMatchObject({
      kind: 'PROTEST',
      deadline: '2026-07-04',
    });
  });

  it('is the open protest itself, or nothing when the entry is already being refunded', () => {
    expect(otherPathFor(liquidated('2026-03-01'), ['OPEN_PROTEST'], FILED)).toMatchObject({
      kind: 'PROTEST',
      deadline: null,
    });
    expect(otherPathFor(liquidated('2026-03-01'), ['ALREADY_ON_ACCEPTED_DECLARATION'], FILED).kind).toBe(
      'NONE',
    );
  });

  it('is a later phase for reconciliation-flagged and finally liquidated entries', () => {
    expect(otherPathFor(unliquidated, ['RECONCILIATION_FLAGGED'], FILED)).toMatchObject({
      kind: 'LATER_PHASE',
      explanation: expect.stringContaining('reconciliation'),
    });
    const longFinal = { liquidationStatus: 'FINAL' as const, liquidationDate: '2025-06-06' };
    expect(otherPathFor(longFinal, ['FINAL_LIQUIDATION'], FILED)).toMatchObject({
      kind: 'LATER_PHASE',
      explanation: expect.stringContaining('final'),
    });
  });

  it('is none for entries CAPE excludes outright, and for a liquidation still pending after the filing date', () => {
    expect(otherPathFor(unliquidated, ['EXCLUDED_ENTRY_TYPE'], FILED).kind).toBe('NONE');
    // ACE shows a future liquidation as LIQUIDATED: it has not happened, so there is nothing to protest yet.
    expect(otherPathFor(liquidated('2026-05-01'), ['DRAWBACK_DESIGNATED'], FILED).kind).toBe('NONE');
  });

  it('needs at least one reason', () => {
    expect(() => otherPathFor(unliquidated, [], FILED)).toThrow(RangeError);
  });
});
