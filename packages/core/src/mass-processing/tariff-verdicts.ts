// Which tariffs mass processing removes is the domain's rule (judgeTariffForRefund, the same rule
// computeRefund and the eligibility check use). The rule reads a tariff's HTS number, the entry date and
// whether the tariff carries duty, so the worker asks it once per distinct (HTS number, entry date, has duty)
// in a batch and hands the answers to one set-based statement, instead of loading every tariff into memory.
import { type IsoDate, judgeTariffForRefund } from '@cape/domain';

/** What mass processing does with a tariff. */
export type TariffAction =
  /** A refundable IEEPA tariff: removed, its duty is refund principal. */
  | 'REFUND'
  /** An IEEPA tariff carrying no duty (a 0% exemption line): removed, nothing refunded. */
  | 'DROP'
  /** Not IEEPA: stays on the new version as deposited. */
  | 'KEEP'
  /** IEEPA duty the rule does not refund: stays on the new version, flagged for the operator. */
  | 'KEEP_UNREFUNDED'
  /** Not an HTS number: the entry cannot be processed as is. */
  | 'MALFORMED';

export interface TariffVerdictKey {
  htsNumber: string;
  entryDate: IsoDate;
  hasDuty: boolean;
}

const cache = new Map<string, TariffAction>();

export function tariffAction(key: TariffVerdictKey): TariffAction {
  const cacheKey = `${key.htsNumber}|${key.entryDate}|${key.hasDuty ? 1 : 0}`;
  let action = cache.get(cacheKey);
  if (action === undefined) {
    // Any positive amount stands for "carries duty": the rule only compares the duty with zero.
    const verdict = judgeTariffForRefund(
      { htsNumber: key.htsNumber, dutyCents: key.hasDuty ? 1n : 0n },
      key.entryDate,
    );
    switch (verdict.kind) {
      case 'REFUNDABLE_IEEPA':
        action = 'REFUND';
        break;
      case 'UNREFUNDABLE_IEEPA':
        action = verdict.reason === 'NO_DUTY' ? 'DROP' : 'KEEP_UNREFUNDED';
        break;
      case 'NOT_IEEPA':
        action = 'KEEP';
        break;
      case 'MALFORMED_HTS_NUMBER':
        action = 'MALFORMED';
        break;
    }
    cache.set(cacheKey, action);
  }
  return action;
}

/** The verdicts of a batch as parallel arrays, the shape `unnest` takes. */
export function verdictArrays(keys: readonly TariffVerdictKey[]) {
  return {
    htsNumbers: keys.map((key) => key.htsNumber),
    entryDates: keys.map((key) => key.entryDate),
    hasDuty: keys.map((key) => key.hasDuty),
    actions: keys.map((key) => tariffAction(key)),
  };
}
