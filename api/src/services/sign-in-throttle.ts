// Slows password guessing: after too many failed sign-ins for one e-mail address (or from one client
// address) within a window, further attempts are refused until the window has moved on. In memory, per
// API process: a deployment with several API processes needs a shared store behind the same interface.
export interface SignInThrottleOptions {
  maxFailures: number;
  windowMs: number;
  now?: () => number;
}

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: SignInThrottleOptions = { maxFailures: 10, windowMs: 15 * 60_000 }) {
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the next attempt is allowed for any of these keys; 0 when allowed now. */
  retryAfterSeconds(keys: string[]): number {
    const now = this.now();
    let waitMs = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.options.maxFailures) {
        const oldest = recent[recent.length - this.options.maxFailures]!;
        waitMs = Math.max(waitMs, oldest + this.options.windowMs - now);
      }
    }
    return Math.ceil(waitMs / 1000);
  }

  recordFailure(keys: string[]): void {
    const now = this.now();
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((at) => at > now - this.options.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    return recent;
  }
}
