/**
 * ABA routing transit numbers (DOMAIN.md 8.2): 9 digits with the 3-7-1 weighted checksum.
 * Strict on purpose: the value must already be exactly 9 ASCII digits (no spaces or hyphens), because
 * bank details are typed into a form that should store exactly what will be sent to Treasury.
 */
const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1] as const;

export function isValidAbaRoutingNumber(s: string): boolean {
  if (!/^[0-9]{9}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i]! * Number(s[i]);
  return sum % 10 === 0;
}
