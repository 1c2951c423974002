/**
 * ABA routing transit numbers (docs/domain.md 8.2): 9 digits with the 3-7-1 weighted checksum, and a first
 * pair of digits that the ABA actually assigns (the checksum alone accepts 000000000).
 * Strict on purpose: the value must already be exactly 9 ASCII digits (no spaces or hyphens), because
 * bank details are typed into a form that should store exactly what will be sent to Treasury.
 */
const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7] as const;

/**
 * Assigned prefixes: 00 U.S. Government, 01-12 Federal Reserve districts, 21-32 thrift institutions,
 * 61-72 electronic transactions, 80 traveler's checks.
 */
function hasAssignedPrefix(s: string): boolean {
  const prefix = Number(s.slice(0, 2));
  return prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
}

export function isValidAbaRoutingNumber(s: string): boolean {
  if (!/^[0-9]{9}$/.test(s) || s === '000000000' || !hasAssignedPrefix(s)) return false;
  return Number(s[8]) === abaCheckDigit(s.slice(0, 8));
}

/** The ninth digit that makes the 3-7-1 weighted sum of all nine a multiple of 10. */
export function abaCheckDigit(first8: string): number {
  if (!/^[0-9]{8}$/.test(first8)) throw new RangeError(`Expected 8 digits, got ${JSON.stringify(first8)}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += WEIGHTS[i]! * Number(first8[i]);
  return (10 - (sum % 10)) % 10;
}
