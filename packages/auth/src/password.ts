// scrypt from node:crypto: memory-hard, no native add-on to install. Stored as
// "scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>" so parameters can be raised without a migration: a hash made
// with weaker parameters still verifies, and `needsRehash` tells the caller to store a new one.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';

export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1 (128 MiB and a few hundred ms per hash). */
export const DEFAULT_PASSWORD_COST: PasswordCost = { N: 2 ** 17, r: 8, p: 1 };

const KEY_LENGTH = 32;
// Stored parameters above these are refused rather than run (a gigabyte per check is an attack, not a hash).
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

// Each hash holds 128·N·r bytes and a core while it runs: at most this many run at once in the process (one
// core is left to everything else), the rest wait.
export const HASHES_AT_ONCE = Math.min(4, Math.max(1, availableParallelism() - 1));
let hashing = 0;
const waitingForHashing: (() => void)[] = [];

/** How many hashes are running right now (never more than HASHES_AT_ONCE). */
export function passwordHashesRunning(): number {
  return hashing;
}

async function fewAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (hashing < HASHES_AT_ONCE) hashing++;
  else await new Promise<void>((resolve) => waitingForHashing.push(resolve));
  try {
    return await work();
  } finally {
    const next = waitingForHashing.shift();
    if (next) next();
    else hashing--;
  }
}

function scrypt(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  return fewAtATime(
    () =>
      new Promise((resolve, reject) => {
        scryptCallback(
          password,
          salt,
          KEY_LENGTH,
          { ...cost, maxmem: 256 * cost.N * cost.r },
          (error, key) => (error ? reject(error) : resolve(key)),
        );
      }),
  );
}

export async function hashPassword(
  password: string,
  cost: PasswordCost = DEFAULT_PASSWORD_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface StoredHash extends PasswordCost {
  salt: Buffer;
  key: Buffer;
}

function parseStored(stored: string): StoredHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : Number.NaN)) as [
    number,
    number,
    number,
  ];
  const powerOfTwo = N >= 2 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return null;
  return { N, r, p, salt: Buffer.from(parts[4]!, 'base64'), key: Buffer.from(parts[5]!, 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with weaker parameters than `cost` (or is not a hash this module makes). */
export function needsRehash(stored: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): boolean {
  const parsed = parseStored(stored);
  return !parsed || parsed.N < cost.N || parsed.r < cost.r || parsed.p < cost.p;
}
