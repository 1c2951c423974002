import { describe, expect, it } from 'vitest';
import {
  type AchRefundEnrollmentFacts,
  chooseRefundRecipient,
  type Form4811DesignationFacts,
  REFUND_RECIPIENT_REASON_CODES,
  REFUND_RECIPIENT_REASONS,
  type RefundRecipientInput,
} from './refund-recipient';

const IOR = '12-345678900';
const AGENT = '98-765432100';

const designation: Form4811DesignationFacts = {
  id: 'd-1',
  importerNumber: IOR,
  notifyPartyNumber: AGENT,
  coversRefunds: true,
  status: 'IN_FORCE',
  effectiveFrom: '2026-01-15',
  effectiveUntil: null,
};

const ach: AchRefundEnrollmentFacts = { partyNumber: AGENT, status: 'ACTIVE', activeFrom: '2026-02-01' };

function input(overrides: Partial<RefundRecipientInput> = {}): RefundRecipientInput {
  return {
    iorNumber: IOR,
    notifyPartyNumberOnEntry: AGENT,
    liquidationDate: '2026-06-04',
    designations: [designation],
    achRefundEnrollments: [ach],
    ...overrides,
  };
}

const reasonOf = (overrides: Partial<RefundRecipientInput>) => chooseRefundRecipient(input(overrides)).reason;

describe('chooseRefundRecipient', () => {
  it('all three conditions hold: the notify party, with the designation that routed it', () => {
    expect(chooseRefundRecipient(input())).toEqual({
      recipient: 'NOTIFY_PARTY',
      partyNumber: AGENT,
      reason: 'NOTIFY_PARTY_DESIGNATED',
      designationId: 'd-1',
      explanation:
        "Importer 12-345678900 designated 98-765432100 for refunds (Form 4811 in force on 2026-06-04), the entry names it, and it is enrolled for ACH refunds: the refund goes to 98-765432100, in the importer's name.",
    });
  });

  describe('condition 1: a designation covering refunds is in force on the liquidation date', () => {
    it('no designation at all', () => {
      expect(chooseRefundRecipient(input({ designations: [] }))).toEqual({
        recipient: 'IMPORTER_OF_RECORD',
        partyNumber: IOR,
        reason: 'NO_DESIGNATION_IN_FORCE',
        designationId: null,
        explanation:
          'Importer 12-345678900 has no Form 4811 designation, so the refund goes to the importer.',
      });
    });

    it.each([
      ['PENDING', 'is still being processed by CBP'],
      ['REVOKED', 'was revoked'],
      ['LAPSED', 'has lapsed'],
    ] as const)('status %s is not in force', (status, why) => {
      const r = chooseRefundRecipient(input({ designations: [{ ...designation, status }] }));
      expect(r).toMatchObject({ recipient: 'IMPORTER_OF_RECORD', reason: 'NO_DESIGNATION_IN_FORCE' });
      expect(r.explanation).toContain(`the designation of ${AGENT} ${why}`);
    });

    it('effective from <= date < effective until', () => {
      const on = (effectiveFrom: string, effectiveUntil: string | null) =>
        reasonOf({ designations: [{ ...designation, effectiveFrom, effectiveUntil }] });
      expect(on('2026-06-04', null)).toBe('NOTIFY_PARTY_DESIGNATED'); // starts that day
      expect(on('2026-06-05', null)).toBe('NO_DESIGNATION_IN_FORCE'); // starts the day after
      expect(on('2026-01-15', '2026-06-05')).toBe('NOTIFY_PARTY_DESIGNATED'); // ends the day after
      expect(on('2026-01-15', '2026-06-04')).toBe('NO_DESIGNATION_IN_FORCE'); // exclusive end
      const future = chooseRefundRecipient(
        input({ designations: [{ ...designation, effectiveFrom: '2026-07-01' }] }),
      );
      expect(future.explanation).toContain('takes effect on 2026-07-01');
      const ended = chooseRefundRecipient(
        input({ designations: [{ ...designation, effectiveUntil: '2026-03-01' }] }),
      );
      expect(ended.explanation).toContain('ended on 2026-03-01');
    });

    it("another importer's designation does not count; the importer's own matches in any spelling", () => {
      expect(reasonOf({ designations: [{ ...designation, importerNumber: '11-111111100' }] })).toBe(
        'NO_DESIGNATION_IN_FORCE',
      );
      expect(reasonOf({ designations: [{ ...designation, importerNumber: '12345678900' }] })).toBe(
        'NOTIFY_PARTY_DESIGNATED',
      );
    });

    it('a designation in force for bills or notices only excludes refunds', () => {
      const r = chooseRefundRecipient(input({ designations: [{ ...designation, coversRefunds: false }] }));
      expect(r).toMatchObject({ recipient: 'IMPORTER_OF_RECORD', reason: 'DESIGNATION_EXCLUDES_REFUNDS' });
      expect(r.explanation).toContain('covers bills or notices of liquidation but not refunds');
    });
  });

  describe('condition 2: the notify party is named on the entry summary', () => {
    it('no notify party on the entry', () => {
      const r = chooseRefundRecipient(input({ notifyPartyNumberOnEntry: null }));
      expect(r).toMatchObject({ recipient: 'IMPORTER_OF_RECORD', reason: 'NOTIFY_PARTY_NOT_ON_ENTRY' });
      expect(r.explanation).toContain('names no notify party (7501 box 28)');
    });

    it('another party on the entry (e.g. a carrier) than the one designated for refunds', () => {
      const r = chooseRefundRecipient(input({ notifyPartyNumberOnEntry: '55-555555500' }));
      expect(r).toMatchObject({ partyNumber: IOR, reason: 'NOTIFY_PARTY_NOT_ON_ENTRY' });
      expect(r.explanation).toContain(
        'names notify party 55-555555500, but the refund designation in force is for 98-765432100',
      );
    });

    it('the designated party written without hyphens on the entry still matches', () => {
      expect(reasonOf({ notifyPartyNumberOnEntry: '98765432100' })).toBe('NOTIFY_PARTY_DESIGNATED');
    });

    it('with two designations in force, the one naming the entry notify party is used', () => {
      const other = { ...designation, id: 'd-2', notifyPartyNumber: '55-555555500' };
      const r = chooseRefundRecipient(
        input({
          designations: [other, designation],
          achRefundEnrollments: [{ ...ach, partyNumber: '55-555555500' }, ach],
        }),
      );
      expect(r).toMatchObject({ partyNumber: AGENT, designationId: 'd-1' });
    });
  });

  describe('condition 3: the notify party has an active ACH refund enrollment', () => {
    it.each([
      [[], 'has no ACH refund enrollment;'],
      [[{ ...ach, status: 'PENDING', activeFrom: null }], 'active on 2026-06-04 (pending)'],
      [[{ ...ach, status: 'REVOKED' }], 'active on 2026-06-04 (revoked)'],
      [[{ ...ach, activeFrom: '2026-06-05' }], '(active from 2026-06-05)'],
      [[{ ...ach, activeFrom: null }], '(active from an unknown date)'],
      [[{ ...ach, partyNumber: IOR }], 'has no ACH refund enrollment;'], // the importer's own enrollment
    ] as const)('%j: the importer', (achRefundEnrollments, text) => {
      const r = chooseRefundRecipient(input({ achRefundEnrollments }));
      expect(r).toMatchObject({ recipient: 'IMPORTER_OF_RECORD', reason: 'NOTIFY_PARTY_NOT_ACH_ENROLLED' });
      expect(r.explanation).toContain(text);
    });

    it('active from the liquidation date itself counts', () => {
      expect(reasonOf({ achRefundEnrollments: [{ ...ach, activeFrom: '2026-06-04' }] })).toBe(
        'NOTIFY_PARTY_DESIGNATED',
      );
    });
  });

  it('checks the conditions in order and explains every reason', () => {
    // Nothing holds: the first missing condition is reported.
    expect(
      reasonOf({
        designations: [{ ...designation, status: 'REVOKED' }],
        notifyPartyNumberOnEntry: null,
        achRefundEnrollments: [],
      }),
    ).toBe('NO_DESIGNATION_IN_FORCE');
    expect(Object.keys(REFUND_RECIPIENT_REASONS)).toEqual([...REFUND_RECIPIENT_REASON_CODES]);
  });

  it('throws RangeError for a malformed date', () => {
    expect(() => chooseRefundRecipient(input({ liquidationDate: '06/04/2026' }))).toThrow(RangeError);
  });
});
