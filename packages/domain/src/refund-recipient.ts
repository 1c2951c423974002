import { compareIsoDates, type IsoDate, toDayNumber } from './calendar-date';
import { sameImporterNumber } from './importer-number';

/**
 * Who receives an entry's refund (docs/domain.md, recipient of a refund; CSMS #67648307 and CBP's
 * electronic-refunds rule). The Form 4811 notify party, only when all of these hold on the liquidation (or
 * reliquidation) date:
 * 1. the importer of record has a designation in force (status IN_FORCE, effectiveFrom <= date <
 *    effectiveUntil) that covers refunds;
 * 2. that notify party is named on the entry summary (CBP Form 7501 box 28);
 * 3. the notify party has an active ACH refund enrollment.
 * Otherwise the importer of record. The decision carries a reason code and a plain explanation, so the
 * routing can be shown before filing and recorded per entry. Party numbers are compared in normalized form.
 */

export const REFUND_RECIPIENT_REASON_CODES = [
  'NOTIFY_PARTY_DESIGNATED',
  'NO_DESIGNATION_IN_FORCE',
  'DESIGNATION_EXCLUDES_REFUNDS',
  'NOTIFY_PARTY_NOT_ON_ENTRY',
  'NOTIFY_PARTY_NOT_ACH_ENROLLED',
] as const;
export type RefundRecipientReasonCode = (typeof REFUND_RECIPIENT_REASON_CODES)[number];

export const REFUND_RECIPIENT_REASONS: Readonly<Record<RefundRecipientReasonCode, string>> = Object.freeze({
  NOTIFY_PARTY_DESIGNATED:
    'The importer designated a notify party for refunds on CBP Form 4811, the entry names it, and it is enrolled for ACH refunds: the refund goes to the notify party, in the name of the importer.',
  NO_DESIGNATION_IN_FORCE:
    'The importer has no Form 4811 designation in force on the liquidation date: the refund goes to the importer.',
  DESIGNATION_EXCLUDES_REFUNDS:
    'The Form 4811 designation in force of the importer covers bills or notices of liquidation, not refunds: the refund goes to the importer.',
  NOTIFY_PARTY_NOT_ON_ENTRY:
    'The notify party designated for refunds is not named on the entry summary (CBP Form 7501 box 28): the refund goes to the importer.',
  NOTIFY_PARTY_NOT_ACH_ENROLLED:
    'The designated notify party has no active ACH refund enrollment: under the CBP electronic-refunds rule the refund goes to the importer.',
});

export const FORM_4811_STATUSES = ['PENDING', 'IN_FORCE', 'REVOKED', 'LAPSED'] as const;
export type Form4811Status = (typeof FORM_4811_STATUSES)[number];

export interface Form4811DesignationFacts {
  id: string;
  /** The importer of record that filed the form. */
  importerNumber: string;
  notifyPartyNumber: string;
  coversRefunds: boolean;
  status: Form4811Status;
  effectiveFrom: IsoDate;
  /** Exclusive end; null while open-ended. */
  effectiveUntil: IsoDate | null;
}

export const ACH_ENROLLMENT_STATUSES = ['PENDING', 'ACTIVE', 'REVOKED'] as const;
export type AchEnrollmentStatus = (typeof ACH_ENROLLMENT_STATUSES)[number];

export interface AchRefundEnrollmentFacts {
  partyNumber: string;
  status: AchEnrollmentStatus;
  /** First day the enrollment was active; null while it never was. */
  activeFrom: IsoDate | null;
}

export interface RefundRecipientInput {
  iorNumber: string;
  /** The notify party named on the entry summary (7501 box 28), or null. */
  notifyPartyNumberOnEntry: string | null;
  /** The liquidation or reliquidation date the refund belongs to. */
  liquidationDate: IsoDate;
  /** The importer's Form 4811 designations (designations by other importers are ignored). */
  designations: readonly Form4811DesignationFacts[];
  /** ACH refund enrollments of the notify parties concerned (others are ignored). */
  achRefundEnrollments: readonly AchRefundEnrollmentFacts[];
}

export interface RefundRecipientDecision {
  recipient: 'NOTIFY_PARTY' | 'IMPORTER_OF_RECORD';
  partyNumber: string;
  reason: RefundRecipientReasonCode;
  /** Entry-specific, plain language. */
  explanation: string;
  /** The designation that routed the refund to the notify party, else null. */
  designationId: string | null;
}

function inForceOn(designation: Form4811DesignationFacts, date: IsoDate): boolean {
  const day = toDayNumber(date);
  return (
    designation.status === 'IN_FORCE' &&
    toDayNumber(designation.effectiveFrom) <= day &&
    (designation.effectiveUntil === null || day < toDayNumber(designation.effectiveUntil))
  );
}

function whyNotInForce(designation: Form4811DesignationFacts, date: IsoDate): string {
  const who = `the designation of ${designation.notifyPartyNumber}`;
  if (designation.status !== 'IN_FORCE') {
    const status = {
      PENDING: 'is still being processed by CBP',
      REVOKED: 'was revoked',
      LAPSED: 'has lapsed',
    }[designation.status];
    return `${who} ${status}`;
  }
  if (compareIsoDates(date, designation.effectiveFrom) < 0) {
    return `${who} takes effect on ${designation.effectiveFrom}`;
  }
  return `${who} ended on ${designation.effectiveUntil}`;
}

function achActiveOn(enrollment: AchRefundEnrollmentFacts, date: IsoDate): boolean {
  return (
    enrollment.status === 'ACTIVE' &&
    enrollment.activeFrom !== null &&
    toDayNumber(enrollment.activeFrom) <= toDayNumber(date)
  );
}

/** Chooses the refund recipient; see the module comment. Throws RangeError for a malformed date. */
export function chooseRefundRecipient(input: RefundRecipientInput): RefundRecipientDecision {
  const date = input.liquidationDate;
  toDayNumber(date);
  const toImporter = (reason: RefundRecipientReasonCode, explanation: string): RefundRecipientDecision => ({
    recipient: 'IMPORTER_OF_RECORD',
    partyNumber: input.iorNumber,
    reason,
    explanation,
    designationId: null,
  });

  const own = input.designations.filter((d) => sameImporterNumber(d.importerNumber, input.iorNumber));
  const inForce = own.filter((d) => inForceOn(d, date));
  if (inForce.length === 0) {
    return toImporter(
      'NO_DESIGNATION_IN_FORCE',
      own.length === 0
        ? `Importer ${input.iorNumber} has no Form 4811 designation, so the refund goes to the importer.`
        : `No Form 4811 designation of importer ${input.iorNumber} is in force on ${date} (${own.map((d) => whyNotInForce(d, date)).join('; ')}), so the refund goes to the importer.`,
    );
  }

  const forRefunds = inForce.filter((d) => d.coversRefunds);
  if (forRefunds.length === 0) {
    return toImporter(
      'DESIGNATION_EXCLUDES_REFUNDS',
      `The Form 4811 designation in force on ${date} (notify party ${inForce.map((d) => d.notifyPartyNumber).join(', ')}) covers bills or notices of liquidation but not refunds, so the refund goes to importer ${input.iorNumber}.`,
    );
  }

  const named = input.notifyPartyNumberOnEntry;
  const designation =
    named === null ? undefined : forRefunds.find((d) => sameImporterNumber(d.notifyPartyNumber, named));
  if (designation === undefined) {
    const designated = forRefunds.map((d) => d.notifyPartyNumber).join(', ');
    return toImporter(
      'NOTIFY_PARTY_NOT_ON_ENTRY',
      named === null
        ? `The entry summary names no notify party (7501 box 28), but the refund designation is for ${designated}; the notify party must be on the entry, so the refund goes to importer ${input.iorNumber}.`
        : `The entry summary names notify party ${named}, but the refund designation in force is for ${designated}, so the refund goes to importer ${input.iorNumber}.`,
    );
  }

  const enrollments = input.achRefundEnrollments.filter((e) =>
    sameImporterNumber(e.partyNumber, designation.notifyPartyNumber),
  );
  if (!enrollments.some((e) => achActiveOn(e, date))) {
    const state =
      enrollments.length === 0
        ? 'has no ACH refund enrollment'
        : `has no ACH refund enrollment active on ${date} (${enrollments.map((e) => (e.status === 'ACTIVE' ? `active from ${e.activeFrom ?? 'an unknown date'}` : e.status.toLowerCase())).join(', ')})`;
    return toImporter(
      'NOTIFY_PARTY_NOT_ACH_ENROLLED',
      `Notify party ${designation.notifyPartyNumber} ${state}; a designee without ACH refund enrollment does not receive refunds, so the refund goes to importer ${input.iorNumber}.`,
    );
  }

  return {
    recipient: 'NOTIFY_PARTY',
    partyNumber: designation.notifyPartyNumber,
    reason: 'NOTIFY_PARTY_DESIGNATED',
    explanation: `Importer ${input.iorNumber} designated ${designation.notifyPartyNumber} for refunds (Form 4811 in force on ${date}), the entry names it, and it is enrolled for ACH refunds: the refund goes to ${designation.notifyPartyNumber}, in the importer's name.`,
    designationId: designation.id,
  };
}
