import { CH99_CLASSES, type Ch99Class, classifyChapter99 } from './chapter99';
import type { EntryForEligibility, EntryLine, EntryTariffLine } from './entry';

/**
 * CAPE mass processing (docs/domain.md 4.5, 5.3): strip every IEEPA Chapter 99 number from the entry and rerun
 * the duty. Everything else (MFN, Section 232/301/122/201, AD/CVD) stays exactly as deposited, so the new
 * entry-summary version's duty is the sum of the retained tariffs.
 */

export interface RefundLine {
  lineNumber: number;
  removedTariffs: EntryTariffLine[];
  keptTariffs: EntryTariffLine[];
  originalDutyCents: bigint;
  ieepaPrincipalCents: bigint;
  recalculatedDutyCents: bigint;
}

export interface RefundComputation {
  entryNumber: string;
  lines: RefundLine[];
  /** The new entry-summary version: the same lines without the IEEPA tariffs. */
  newSummaryLines: EntryLine[];
  originalDutyCents: bigint;
  /** IEEPA duty removed: the refund principal (interest is separate). */
  ieepaPrincipalCents: bigint;
  recalculatedDutyCents: bigint;
  /** Duty of the new version by authority; IEEPA is always 0 and NOT_CH99 holds MFN and AD/CVD. */
  recalculatedDutyByClass: Record<Ch99Class, bigint>;
}

function sum(tariffs: readonly EntryTariffLine[]): bigint {
  return tariffs.reduce((total, t) => total + t.dutyCents, 0n);
}

/** Throws RangeError when a tariff carries negative duty (not something an entry summary can hold). */
export function computeRefund(entry: Pick<EntryForEligibility, 'entryNumber' | 'lines'>): RefundComputation {
  const byClass = Object.fromEntries(CH99_CLASSES.map((c) => [c, 0n])) as Record<Ch99Class, bigint>;
  const lines: RefundLine[] = [];
  const newSummaryLines: EntryLine[] = [];
  for (const line of entry.lines) {
    const removedTariffs: EntryTariffLine[] = [];
    const keptTariffs: EntryTariffLine[] = [];
    for (const tariff of line.tariffs) {
      if (tariff.dutyCents < 0n) {
        throw new RangeError(
          `Line ${line.lineNumber} tariff ${tariff.htsNumber} has negative duty ${tariff.dutyCents}`,
        );
      }
      const ch99 = classifyChapter99(tariff.htsNumber);
      if (ch99 === 'IEEPA') {
        removedTariffs.push(tariff);
      } else {
        keptTariffs.push(tariff);
        byClass[ch99] += tariff.dutyCents;
      }
    }
    const ieepaPrincipalCents = sum(removedTariffs);
    const recalculatedDutyCents = sum(keptTariffs);
    lines.push({
      lineNumber: line.lineNumber,
      removedTariffs,
      keptTariffs,
      originalDutyCents: ieepaPrincipalCents + recalculatedDutyCents,
      ieepaPrincipalCents,
      recalculatedDutyCents,
    });
    newSummaryLines.push({ ...line, tariffs: keptTariffs });
  }
  const ieepaPrincipalCents = lines.reduce((total, l) => total + l.ieepaPrincipalCents, 0n);
  const recalculatedDutyCents = lines.reduce((total, l) => total + l.recalculatedDutyCents, 0n);
  return {
    entryNumber: entry.entryNumber,
    lines,
    newSummaryLines,
    originalDutyCents: ieepaPrincipalCents + recalculatedDutyCents,
    ieepaPrincipalCents,
    recalculatedDutyCents,
    recalculatedDutyByClass: byClass,
  };
}
