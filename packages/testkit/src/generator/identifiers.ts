/**
 * Identifier formats the generator must get right: filer codes (DOMAIN 1.1), entry numbers with their check
 * digit (1.2), importer of record numbers (8.1) and ABA routing numbers (8.2).
 */
import { abaCheckDigit, entryCheckDigit } from '@cape/domain';
import type { Prng } from './prng.ts';
import { EIN_PREFIXES } from './reference-data.ts';

const FILER_CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const FILER_CODE_SPACE = FILER_CODE_ALPHABET.length ** 3;

export const MAX_TRANSACTION_NUMBER = 9_999_999;

function filerCodeAt(index: number): string {
  const a = FILER_CODE_ALPHABET[Math.floor(index / 1296)]!;
  const b = FILER_CODE_ALPHABET[Math.floor(index / 36) % 36]!;
  const c = FILER_CODE_ALPHABET[index % 36]!;
  return `${a}${b}${c}`;
}

/**
 * `count` filer codes not in `unavailable` (and never '000'), chosen deterministically by `rng`: random
 * draws first, then, should the space be nearly used up, a scan from a random starting point.
 */
export function pickFreeFilerCodes(count: number, unavailable: ReadonlySet<string>, rng: Prng): string[] {
  const chosen = new Set<string>();
  const usable = (code: string) => code !== '000' && !unavailable.has(code) && !chosen.has(code);
  for (let attempt = 0; attempt < count * 50 && chosen.size < count; attempt++) {
    const code = filerCodeAt(rng.int(0, FILER_CODE_SPACE - 1));
    if (usable(code)) chosen.add(code);
  }
  const start = rng.int(0, FILER_CODE_SPACE - 1);
  for (let step = 0; step < FILER_CODE_SPACE && chosen.size < count; step++) {
    const code = filerCodeAt((start + step) % FILER_CODE_SPACE);
    if (usable(code)) chosen.add(code);
  }
  if (chosen.size < count) {
    throw new Error(`Only ${chosen.size} unused filer codes are left; ${count} are needed.`);
  }
  return [...chosen];
}

/** The 11-character entry number: filer code + 7-digit transaction number + check digit. */
export function entryNumberFor(filerCode: string, transactionNumber: number): string {
  if (
    !Number.isInteger(transactionNumber) ||
    transactionNumber < 0 ||
    transactionNumber > MAX_TRANSACTION_NUMBER
  ) {
    throw new RangeError(`Transaction number must be 0..${MAX_TRANSACTION_NUMBER}, got ${transactionNumber}`);
  }
  const first10 = `${filerCode}${String(transactionNumber).padStart(7, '0')}`;
  return `${first10}${entryCheckDigit(first10)}`;
}

export type PartyNumberKind = 'EIN' | 'SSN' | 'CBP_ASSIGNED';

// Broker software rejects O, I and Z in EIN suffixes; most importers use '00'.
const EIN_SUFFIX_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRSTUVWXY';

/** EIN with suffix, 'NN-NNNNNNNXX'. */
export function randomEinImporterNumber(rng: Prng): string {
  const suffix = rng.chance(0.85)
    ? '00'
    : `${rng.pick([...EIN_SUFFIX_CHARACTERS])}${rng.pick([...EIN_SUFFIX_CHARACTERS])}`;
  return `${rng.pick(EIN_PREFIXES)}-${rng.digits(7)}${suffix}`;
}

/** SSN 'NNN-NN-NNNN' that the SSA could have issued (no 000/666/9xx area, no 00 group, no 0000 serial). */
export function randomSsn(rng: Prng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 665;
  const group = rng.int(1, 99);
  const serial = rng.int(1, 9999);
  return `${String(area).padStart(3, '0')}-${String(group).padStart(2, '0')}-${String(serial).padStart(4, '0')}`;
}

/** CBP-assigned 'YYDDPP-NNNNN': year assigned, district/port, serial. */
export function randomCbpAssignedNumber(rng: Prng, portCode: string): string {
  return `${rng.int(15, 25)}${portCode}-${rng.digits(5)}`;
}

/** Adds the ABA check digit to 8 digits. */
export function abaWithCheckDigit(first8: string): string {
  return `${first8}${abaCheckDigit(first8)}`;
}

/** A routing number with a Federal Reserve prefix (01-12 banks, 21-32 thrifts) and a valid check digit. */
export function randomRoutingNumber(rng: Prng): string {
  const district = rng.int(1, 12) + (rng.chance(0.3) ? 20 : 0);
  return abaWithCheckDigit(`${String(district).padStart(2, '0')}${rng.digits(6)}`);
}
