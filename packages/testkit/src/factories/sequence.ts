/**
 * Deterministic unique numbering for factories: one counter per process (each test file gets its own
 * database, and vitest gives each file its own module instance, so numbers start over per file).
 */
let counter = 0;

/** 1, 2, 3, ... */
export function nextSequence(): number {
  counter++;
  return counter;
}

const FILER_CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Factory filer codes run Z01, Z02, ... ZZZ, then Y00 ...: far from the codes tests like to name
 * explicitly (B76, 002, ...), so an automatic code does not collide with a chosen one.
 */
export function nextFilerCode(): string {
  const n = nextSequence();
  const firstLetters = 'ZYXWVU';
  const block = Math.floor(n / 1296);
  const first = firstLetters[block];
  if (first === undefined) throw new Error('Factory filer codes exhausted; pass filerCode explicitly');
  const rest = n % 1296;
  return `${first}${FILER_CODE_ALPHABET[Math.floor(rest / 36)]}${FILER_CODE_ALPHABET[rest % 36]}`;
}

/** EIN importer number 'NN-NNNNNNN00' (prefix 98, a valid IRS campus prefix), unique per counter value. */
export function nextEinImporterNumber(): string {
  const n = nextSequence();
  return `98-${String(n).padStart(7, '0')}00`;
}

/** Agent numbers for notify parties: the EIN format with a different prefix, so they never meet IOR numbers. */
export function nextNotifyPartyNumber(): string {
  const n = nextSequence();
  return `97-${String(n).padStart(7, '0')}00`;
}

/** Transaction numbers for factory entries, unique across filer codes as well. */
export function nextTransactionNumber(): number {
  return 1_000_000 + nextSequence();
}

export function nextBillNumber(): string {
  return `CBP-TEST-${String(nextSequence()).padStart(6, '0')}`;
}
