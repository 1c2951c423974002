// Slows password guessing without letting a guesser lock the account's owner out. An attempt is reserved
// (counted, atomically, in PostgreSQL) before the password hash runs, so concurrent guesses cannot all slip
// through; a successful sign-in gives its attempts back. Three counters per window:
//   - account + client address: the limit one guesser meets (10 per 15 minutes), whatever else happens;
//   - client address, any account: password spraying from one address;
//   - account, from every address: distributed guessing. When it is exhausted, only addresses the account
//     signed in from before (remembered for 30 days) may still try, each within its own limit above, so a
//     known user keeps getting in while strangers are refused.
// State lives in the sign_in_throttle table (rate-limiter-flexible's PostgreSQL store): shared by every API
// process, bounded by the window (expired rows are deleted), and keyed by hashes, not e-mail or addresses.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { addressThrottleKey } from '../client-address.ts';

export interface SignInLimits {
  /** Failed attempts for one account from one client address per window. */
  perAccountAndAddress: number;
  /** Failed attempts from one client address per window, whatever the account. */
  perAddress: number;
  /** Failed attempts for one account per window from addresses it has not signed in from. */
  perAccount: number;
  windowSeconds: number;
  /** How long an address stays known for an account after a successful sign-in from it. */
  knownAddressSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAccountAndAddress: 10,
  perAddress: 50,
  perAccount: 100,
  windowSeconds: 15 * 60,
  knownAddressSeconds: 30 * 24 * 3600,
};

export type ThrottleScope = 'account-and-address' | 'address' | 'account';

export type SignInReservation =
  | { allowed: true; succeeded(): Promise<void> }
  | {
      allowed: false;
      scope: ThrottleScope;
      retryAfterSeconds: number;
      /** Only the first refusal of a window is worth an audit record; the rest repeat it. */
      firstRefusalInWindow: boolean;
    };

const TABLE = 'sign_in_throttle';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class SignInThrottle {
  private readonly byAccountAndAddress: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;
  private readonly byAccount: RateLimiterPostgres;
  private readonly knownAddresses: RateLimiterPostgres;

  constructor(
    pool: pg.Pool,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {
    const counter = (keyPrefix: string, points: number, duration: number, clearExpired = false) =>
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: TABLE,
        tableCreated: true,
        keyPrefix,
        points,
        duration,
        // One sweeper for the shared table is enough.
        clearExpiredByTimeout: clearExpired,
      });
    this.byAccountAndAddress = counter(
      'account-address',
      limits.perAccountAndAddress,
      limits.windowSeconds,
      true,
    );
    this.byAddress = counter('address', limits.perAddress, limits.windowSeconds);
    this.byAccount = counter('account', limits.perAccount, limits.windowSeconds);
    this.knownAddresses = counter('known', 1, limits.knownAddressSeconds);
  }

  /** Counts an attempt for this e-mail address from this client address, or refuses it. */
  async reserve(email: string, clientAddress: string | null): Promise<SignInReservation> {
    const address = addressThrottleKey(clientAddress);
    const keys = {
      address: digest(address),
      accountAndAddress: digest(`${email}\n${address}`),
      account: digest(email),
    };
    // In this order, so attempts one counter refuses do not use up the next: hammering one account does not
    // exhaust its address's limit for everyone else there, nor the account's limit for its other addresses.
    const pairRefusal = await this.consume(this.byAccountAndAddress, keys.accountAndAddress);
    if (pairRefusal) {
      return this.refused('account-and-address', pairRefusal, this.limits.perAccountAndAddress);
    }
    const addressRefusal = await this.consume(this.byAddress, keys.address);
    if (addressRefusal) return this.refused('address', addressRefusal, this.limits.perAddress);
    const accountRefusal = await this.consume(this.byAccount, keys.account);
    if (accountRefusal && !(await this.knownAddresses.get(keys.accountAndAddress))) {
      return this.refused('account', accountRefusal, this.limits.perAccount);
    }
    return {
      allowed: true,
      succeeded: async () => {
        await Promise.all([
          this.byAccountAndAddress.delete(keys.accountAndAddress),
          this.byAddress.reward(keys.address, 1),
          this.byAccount.reward(keys.account, 1),
          this.knownAddresses.set(keys.accountAndAddress, 1, this.limits.knownAddressSeconds),
        ]);
      },
    };
  }

  /** null when the attempt was counted within the limit; the refusal otherwise (store errors propagate). */
  private async consume(counter: RateLimiterPostgres, key: string): Promise<RateLimiterRes | null> {
    try {
      await counter.consume(key);
      return null;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return outcome;
      throw outcome;
    }
  }

  private refused(scope: ThrottleScope, refusal: RateLimiterRes, limit: number): SignInReservation {
    return {
      allowed: false,
      scope,
      retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)),
      firstRefusalInWindow: refusal.consumedPoints === limit + 1,
    };
  }
}
