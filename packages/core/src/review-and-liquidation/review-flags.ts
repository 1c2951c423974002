// The automatic checks run when an accepted entry is mass processed (docs/domain.md, review period: automatic
// checks at acceptance; compliance-flagged entries wait for an operator). An entry with any flag waits in the
// review queue until the operator releases it.

export const REVIEW_FLAGS = {
  MALFORMED_HTS_NUMBER:
    'A tariff number on the entry is not an HTS number (8 or 10 digits): the IEEPA lines cannot be removed until the entry is corrected.',
  ZERO_PRINCIPAL: 'No refundable IEEPA duty is left on the entry: there is nothing to refund.',
  PRINCIPAL_CHANGED_SINCE_ACCEPTANCE:
    'The refundable IEEPA duty differs from what the declaration accepted: the entry changed after acceptance.',
  LARGE_REFUND: 'The refund principal is at or above the compliance review threshold.',
  UNREFUNDED_IEEPA_DUTY:
    'IEEPA duty the refund rule does not refund (an exemption heading carrying duty, or an entry dated outside the collection period) stays on the entry.',
  SUMMARY_NOT_ACCEPTED: 'The entry summary is no longer in ACE "Accepted" status (cancelled or rejected).',
  SURETY_PAID_IEEPA_DUTY: 'A surety paid IEEPA duty on this entry: outside CAPE Phase 1.',
  INTEREST_PERIOD_INVALID:
    'The deposit date is after the (re)liquidation date, so no interest period exists: check the entry data.',
} as const;

export type ReviewFlag = keyof typeof REVIEW_FLAGS;

export function describeReviewFlag(flag: string): string {
  return (REVIEW_FLAGS as Record<string, string>)[flag] ?? flag;
}
