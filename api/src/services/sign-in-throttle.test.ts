// The throttle against real PostgreSQL (its counters live there, shared by API processes).
import { connectionPoolOf } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits, SignInThrottle } from './sign-in-throttle.ts';

const db = await useTestDatabase();
// Connected through Prisma first, so closing the client ends the pool the throttle uses.
await db.app.$connect();
const pool = connectionPoolOf(db.app);
let run = 0;

/** A fresh account name per test, so tests sharing the table never share counters. */
function account(name: string): string {
  run++;
  return `${name}-${run}@example.test`;
}

function throttle(limits: Partial<SignInLimits> = {}) {
  return new SignInThrottle(pool, { ...DEFAULT_SIGN_IN_LIMITS, ...limits });
}

describe('SignInThrottle', () => {
  it('lets exactly 10 of 200 concurrent guesses through, counted before any password is checked', async () => {
    const email = account('target');
    const shared = throttle();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => shared.reserve(email, '203.0.113.5')),
    );
    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(10);
    const refusals = outcomes.filter((outcome) => !outcome.allowed);
    expect(refusals.every((refusal) => refusal.scope === 'account-and-address')).toBe(true);
    expect(refusals.filter((refusal) => refusal.firstRefusalInWindow)).toHaveLength(1);
    expect(Math.max(...refusals.map((refusal) => refusal.retryAfterSeconds))).toBeLessThanOrEqual(900);
  });

  it('does not lock the account out for its owner at another address', async () => {
    const email = account('victim');
    for (let i = 0; i < 12; i++) await throttle().reserve(email, '203.0.113.5');
    expect(await throttle().reserve(email, '203.0.113.5')).toMatchObject({ allowed: false });
    expect(await throttle().reserve(email, '198.51.100.7')).toMatchObject({ allowed: true });
  });

  it('limits one address across accounts (password spraying)', async () => {
    const spraying = throttle({ perAddress: 3 });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await spraying.reserve(account('spray'), '192.0.2.44'));
    expect(outcomes.map((outcome) => outcome.allowed)).toEqual([true, true, true, false]);
    expect(outcomes[3]).toMatchObject({ scope: 'address' });
  });

  it('refuses strangers once an account is attacked from many addresses, but not its known addresses', async () => {
    const limits = { perAccountAndAddress: 2, perAccount: 3 };
    const email = account('distributed');
    const owner = await throttle(limits).reserve(email, '198.51.100.7');
    if (!owner.allowed) throw new Error('the owner was refused');
    await owner.succeeded();
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      await throttle(limits).reserve(email, address);
    }
    expect(await throttle(limits).reserve(email, '203.0.113.4')).toMatchObject({
      allowed: false,
      scope: 'account',
    });
    expect(await throttle(limits).reserve(email, '198.51.100.7')).toMatchObject({ allowed: true });
  });

  it('gives the attempts back after a successful sign-in', async () => {
    const email = account('typo');
    for (let i = 0; i < 9; i++) await throttle().reserve(email, '198.51.100.8');
    const success = await throttle().reserve(email, '198.51.100.8');
    if (!success.allowed) throw new Error('refused within the limit');
    await success.succeeded();
    const again = await Promise.all(
      Array.from({ length: 11 }, () => throttle().reserve(email, '198.51.100.8')),
    );
    expect(again.filter((outcome) => outcome.allowed)).toHaveLength(10);
  });

  it('shares its counts between API processes through the database', async () => {
    const email = account('replicas');
    const [first, second] = [throttle(), throttle()];
    const outcomes = [];
    for (let i = 0; i < 12; i++) outcomes.push(await (i % 2 ? first : second).reserve(email, '203.0.113.9'));
    expect(outcomes.map((outcome) => outcome.allowed)).toEqual([...Array(10).fill(true), false, false]);
  });

  it('stores hashes, never the e-mail or the address', async () => {
    const email = account('private');
    await throttle().reserve(email, '198.51.100.99');
    const { rows } = await pool.query<{ key: string }>('select key from sign_in_throttle');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.key.includes('private') || row.key.includes('198.51.100.99'))).toBe(false);
  });
});
