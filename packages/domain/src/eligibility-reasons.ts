/**
 * Closed set of reasons an entry cannot go on a CAPE declaration, in the stable order results list them.
 * Each maps to CBP's message text where docs/domain.md records the exact string (null where CBP's wording is
 * not known), to the ERROR_DESCRIPTION our Claim Details download shows (CBP's text when known, otherwise
 * ours in the same style), and to a plain-language fix.
 */

export const ELIGIBILITY_REASON_CODES = [
  'ENTRY_NOT_IN_ACE',
  'ENTRY_SUMMARY_NOT_ACCEPTED',
  'FILER_NOT_AUTHORIZED',
  'EXCLUDED_ENTRY_TYPE',
  'ENTRY_TYPE_NOT_ALLOWED',
  'DRAWBACK_DESIGNATED',
  'RECONCILIATION_FLAGGED',
  'OPEN_PROTEST',
  'ADCVD_PENDING_LIQUIDATION_1504D',
  'FINAL_LIQUIDATION',
  'LIQUIDATED_OUTSIDE_WINDOW',
  'SURETY_PAID_IEEPA_DUTY',
  'MALFORMED_HTS_NUMBER',
  'NO_DUTIABLE_IEEPA_LINE',
  'IEEPA_LINE_AFTER_COLLECTION_END',
  'ALREADY_ON_ACCEPTED_DECLARATION',
] as const;
export type EligibilityReasonCode = (typeof ELIGIBILITY_REASON_CODES)[number];

export interface EligibilityReasonInfo {
  /** CBP's entry-level error text, or null where the exact wording is not known. */
  cbpMessage: string | null;
  /** ERROR_DESCRIPTION in our Claim Details download: `cbpMessage` when known, otherwise our text in CBP's style. */
  errorDescription: string;
  description: string;
  fix: string;
}

export const ELIGIBILITY_REASONS: Readonly<Record<EligibilityReasonCode, EligibilityReasonInfo>> =
  Object.freeze({
    ENTRY_NOT_IN_ACE: {
      cbpMessage: null,
      errorDescription: 'ENTRY SUMMARY NOT FOUND IN ACE',
      description:
        'The entry was not filed in ACE or has no ACE liquidation status, so CAPE cannot process it.',
      fix: 'Check the entry number. Entries filed outside ACE cannot be refunded through CAPE; ask CBP about other refund routes.',
    },
    ENTRY_SUMMARY_NOT_ACCEPTED: {
      cbpMessage: 'ENTRY SUMMARY IS CANCELLED/REJECTED',
      errorDescription: 'ENTRY SUMMARY IS CANCELLED/REJECTED',
      description: 'The entry summary is cancelled or rejected, not in Accepted status.',
      fix: 'Check the entry number. If the summary should stand, have the filer correct and retransmit it until ACE accepts it, then file a new declaration.',
    },
    FILER_NOT_AUTHORIZED: {
      cbpMessage: null,
      errorDescription: 'FILER NOT AUTHORIZED FOR ENTRY',
      description:
        'The account may not list this entry: an importer account may list only its own IOR numbers, a broker only entries it filed under its filer codes.',
      fix: 'Remove the entry; the importer of record or the broker that filed the entry summary must declare it.',
    },
    EXCLUDED_ENTRY_TYPE: {
      cbpMessage: null,
      errorDescription: 'ENTRY TYPE NOT ALLOWED',
      description:
        'CAPE excludes entry types 08 (duty deferral), 09 (reconciliation), 23 (temporary importation under bond) and drawback types 41-45 and 47.',
      fix: 'Remove the entry from the declaration; IEEPA duty on it cannot be refunded through CAPE.',
    },
    ENTRY_TYPE_NOT_ALLOWED: {
      cbpMessage: 'ENTRY TYPE NOT ALLOWED',
      errorDescription: 'ENTRY TYPE NOT ALLOWED',
      description:
        'From 2026-07-07 CAPE no longer accepts warehouse entries (types 21 and 22) on a declaration (CSMS #69127837). Warehouse withdrawals (types 31, 32, 34 and 38) are still accepted.',
      fix: 'Remove the warehouse entry. Declare the warehouse withdrawal entries (types 31, 32, 34 or 38) on which the IEEPA duty was paid instead.',
    },
    DRAWBACK_DESIGNATED: {
      cbpMessage: 'ENTRY ON DRAWBACK',
      errorDescription: 'ENTRY ON DRAWBACK',
      description: 'The entry is designated on a drawback claim.',
      fix: 'Remove the entry; entries designated on drawback claims are excluded from CAPE.',
    },
    RECONCILIATION_FLAGGED: {
      cbpMessage: 'ENTRY SUMMARY FLAGGED FOR RECON',
      errorDescription: 'ENTRY SUMMARY FLAGGED FOR RECON',
      description:
        'The entry is flagged for reconciliation. From 2026-06-29 types 01, 02 and 06 are accepted while no type 09 reconciliation entry has been filed; flagged entries with a filed type 09 wait for a later phase.',
      fix: 'If no reconciliation entry has been filed and the type is 01, 02 or 06, declare it on or after 2026-06-29 (file the reconciliation first if its deadline is less than 30 days away). Otherwise wait for a later CAPE phase.',
    },
    OPEN_PROTEST: {
      cbpMessage: 'PROTEST ON ENTRY',
      errorDescription: 'PROTEST ON ENTRY',
      description: 'The entry has an open or suspended protest.',
      fix: 'Wait until the protest is decided or withdrawn, then declare the entry on a new declaration.',
    },
    ADCVD_PENDING_LIQUIDATION_1504D: {
      cbpMessage: null,
      errorDescription: 'AD/CVD ENTRY PENDING LIQUIDATION',
      description:
        'AD/CVD entry with Commerce liquidation instructions issued, pending liquidation under 19 U.S.C. 1504(d).',
      fix: 'Wait until CBP liquidates the entry under the Commerce instructions, then declare it if it is still within 80 days of liquidation.',
    },
    FINAL_LIQUIDATION: {
      cbpMessage: 'ENTRY SUMMARY IS IN FINAL LIQUIDATION STATUS',
      errorDescription: 'ENTRY SUMMARY IS IN FINAL LIQUIDATION STATUS',
      description: 'The liquidation is final; CAPE Phase 1 cannot reliquidate it.',
      fix: 'Not refundable through CAPE Phase 1. Finally liquidated entries are expected in a later phase or through the courts.',
    },
    LIQUIDATED_OUTSIDE_WINDOW: {
      cbpMessage: 'ENTRY SUMMARY IS IN FINAL LIQUIDATION STATUS',
      errorDescription: 'ENTRY SUMMARY IS IN FINAL LIQUIDATION STATUS',
      description: 'The entry liquidated more than 80 days before the declaration was filed.',
      fix: 'Not refundable through CAPE Phase 1. Within 180 days of liquidation a protest is the remedy; otherwise wait for a later phase.',
    },
    SURETY_PAID_IEEPA_DUTY: {
      cbpMessage: null,
      errorDescription: 'IEEPA DUTY PAID BY SURETY',
      description:
        'The IEEPA duty on this entry was paid in whole or in part by a surety; such entries are outside CAPE Phase 1.',
      fix: 'Remove the entry. Contact CBP (IEEPARefunds@cbp.dhs.gov) together with the surety about the refund; it is not made through this phase of CAPE.',
    },
    MALFORMED_HTS_NUMBER: {
      cbpMessage: null,
      errorDescription: 'HTS NUMBER NOT 8 OR 10 DIGITS',
      description:
        'A tariff number on the entry is not an HTS number (8 or 10 digits once dots, hyphens and other characters are removed), so it cannot be told whether it is an IEEPA number.',
      fix: 'Correct the tariff number on the entry summary (post-summary correction), then declare the entry on a new declaration.',
    },
    NO_DUTIABLE_IEEPA_LINE: {
      cbpMessage: 'NO IEEPA HTS ON ENTRY',
      errorDescription: 'NO IEEPA HTS ON ENTRY',
      description:
        'No line carries a dutiable IEEPA Chapter 99 number (9903.01/9903.02 with duty above zero on an entry dated 2025-02-04 to 2026-02-23); 0% exemption headings do not count.',
      fix: 'Remove the entry: there is no IEEPA duty to refund. If IEEPA duty was paid but is missing from the entry summary, correct it with a post-summary correction first.',
    },
    IEEPA_LINE_AFTER_COLLECTION_END: {
      cbpMessage: null,
      errorDescription: 'IEEPA HTS AFTER COLLECTION END',
      description:
        'An IEEPA Chapter 99 number appears on an entry dated on or after 2026-02-24, when IEEPA collection had stopped: a data error.',
      fix: 'Correct the entry summary (post-summary correction removing the IEEPA number) or contact CBP about a refund outside CAPE.',
    },
    ALREADY_ON_ACCEPTED_DECLARATION: {
      cbpMessage: null,
      errorDescription: 'ENTRY ALREADY ON AN ACCEPTED CAPE DECLARATION',
      description: 'The entry is already on another accepted CAPE declaration.',
      fix: 'Remove the entry; it is already being refunded. Track it under the earlier declaration.',
    },
  });
