import { CH99_CLASSES, type Ch99Class } from './chapter99';
import type { EntryForEligibility, EntryLine, EntryTariffLine } from './entry';
import {
  IEEPA_COLLECTION_PERIOD,
  judgeTariffForRefund,
  type MalformedHtsTariff,
  type UnrefundableIeepaReason,
} from './refundable-ieepa';
import { err, ok, type Result } from './result';

/**
 * CAPE mass processing (docs/domain.md, after acceptance): strip the IEEPA Chapter 99 numbers from the entry
 * and rerun the duty. The refund principal is exactly the duty on the refundable IEEPA tariffs, by the same
 * rule the eligibility check uses (refundable-ieepa.ts), so an entry accepted for N cents refunds N cents.
 *
 * - Refundable IEEPA tariffs: removed, their duty is the principal.
 * - IEEPA tariffs with no duty (0% exemption lines such as 9903.01.33 reported at 0): removed, nothing refunded.
 * - IEEPA tariffs carrying duty that the rule does not refund (duty reported on a 0% exemption heading, an
 *   entry dated outside the collection period): kept in the new version with their duty, and listed in
 *   `unrefundedIeepaTariffs` so an operator can look at them. Nothing disappears: every cent deposited is
 *   either refunded or still on the entry.
 * - Everything else (MFN, Section 232/301/122/201, AD/CVD) stays exactly as deposited.
 */

export interface RefundLine {
  lineNumber: number;
  removedTariffs: EntryTariffLine[];
  keptTariffs: EntryTariffLine[];
  /** Sum of the line's tariffs as deposited. */
  originalDutyCents: bigint;
  ieepaPrincipalCents: bigint;
  recalculatedDutyCents: bigint;
}

export interface UnrefundedIeepaTariff {
  lineNumber: number;
  htsNumber: string;
  dutyCents: bigint;
  reason: Exclude<UnrefundableIeepaReason, 'NO_DUTY'>;
}

export interface RefundComputation {
  entryNumber: string;
  lines: RefundLine[];
  /** The new entry-summary version: the same lines without the removed IEEPA tariffs. */
  newSummaryLines: EntryLine[];
  originalDutyCents: bigint;
  /** IEEPA duty removed: the refund principal (interest is separate). */
  ieepaPrincipalCents: bigint;
  recalculatedDutyCents: bigint;
  /** Duty of the new version by authority; NOT_CH99 holds MFN and AD/CVD; IEEPA only unrefunded tariffs. */
  recalculatedDutyByClass: Record<Ch99Class, bigint>;
  unrefundedIeepaTariffs: UnrefundedIeepaTariff[];
}

export interface RefundInputError {
  code: 'MALFORMED_HTS_NUMBER';
  message: string;
  tariffs: MalformedHtsTariff[];
}

function sum(tariffs: readonly Pick<EntryTariffLine, 'dutyCents'>[]): bigint {
  return tariffs.reduce((total, t) => total + t.dutyCents, 0n);
}

/**
 * The refund of one accepted entry. An entry with a tariff number that is not an HTS number gets a typed
 * error naming every such tariff (nothing is computed from a guess). Throws RangeError for negative duty or
 * a malformed entry date (not something an ACE entry summary can hold).
 */
export function computeRefund(
  entry: Pick<EntryForEligibility, 'entryNumber' | 'entryDate' | 'lines'>,
): Result<RefundComputation, RefundInputError> {
  const malformed: MalformedHtsTariff[] = [];
  const byClass = Object.fromEntries(CH99_CLASSES.map((c) => [c, 0n])) as Record<Ch99Class, bigint>;
  const lines: RefundLine[] = [];
  const newSummaryLines: EntryLine[] = [];
  const unrefundedIeepaTariffs: UnrefundedIeepaTariff[] = [];
  for (const line of entry.lines) {
    const removedTariffs: EntryTariffLine[] = [];
    const keptTariffs: EntryTariffLine[] = [];
    let ieepaPrincipalCents = 0n;
    for (const tariff of line.tariffs) {
      if (tariff.dutyCents < 0n) {
        throw new RangeError(
          `Line ${line.lineNumber} tariff ${tariff.htsNumber} has negative duty ${tariff.dutyCents}`,
        );
      }
      const verdict = judgeTariffForRefund(tariff, entry.entryDate, IEEPA_COLLECTION_PERIOD);
      if (verdict.kind === 'MALFORMED_HTS_NUMBER') {
        malformed.push({
          lineNumber: line.lineNumber,
          htsNumber: tariff.htsNumber,
          dutyCents: tariff.dutyCents,
          error: verdict.error,
        });
        continue;
      }
      if (verdict.kind === 'REFUNDABLE_IEEPA') {
        removedTariffs.push(tariff);
        ieepaPrincipalCents += tariff.dutyCents;
        continue;
      }
      if (verdict.kind === 'UNREFUNDABLE_IEEPA') {
        // An IEEPA number with no duty: stripped like every IEEPA number, nothing to refund.
        if (verdict.reason === 'NO_DUTY') {
          removedTariffs.push(tariff);
          continue;
        }
        unrefundedIeepaTariffs.push({
          lineNumber: line.lineNumber,
          htsNumber: tariff.htsNumber,
          dutyCents: tariff.dutyCents,
          reason: verdict.reason,
        });
      }
      keptTariffs.push(tariff);
      byClass[verdict.kind === 'NOT_IEEPA' ? verdict.ch99Class : 'IEEPA'] += tariff.dutyCents;
    }
    lines.push({
      lineNumber: line.lineNumber,
      removedTariffs,
      keptTariffs,
      originalDutyCents: sum(line.tariffs),
      ieepaPrincipalCents,
      recalculatedDutyCents: sum(keptTariffs),
    });
    newSummaryLines.push({ ...line, tariffs: keptTariffs });
  }
  if (malformed.length > 0) {
    return err({
      code: 'MALFORMED_HTS_NUMBER',
      message: `Entry ${entry.entryNumber}: ${malformed.map((t) => `line ${t.lineNumber}: ${t.error.message}`).join(' ')}`,
      tariffs: malformed,
    });
  }
  return ok({
    entryNumber: entry.entryNumber,
    lines,
    newSummaryLines,
    originalDutyCents: lines.reduce((total, l) => total + l.originalDutyCents, 0n),
    ieepaPrincipalCents: lines.reduce((total, l) => total + l.ieepaPrincipalCents, 0n),
    recalculatedDutyCents: lines.reduce((total, l) => total + l.recalculatedDutyCents, 0n),
    recalculatedDutyByClass: byClass,
    unrefundedIeepaTariffs,
  });
}
