import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle.ts';

function throttle() {
  let now = 1_000_000;
  const instance = new SignInThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
  return { instance, advance: (ms: number) => (now += ms) };
}

describe('SignInThrottle', () => {
  it('allows attempts until the limit of failures within the window', () => {
    const { instance, advance } = throttle();
    for (let i = 0; i < 3; i++) {
      expect(instance.retryAfterSeconds(['email:a'])).toBe(0);
      instance.recordFailure(['email:a']);
      advance(1_000);
    }
    expect(instance.retryAfterSeconds(['email:a'])).toBe(57);
    expect(instance.retryAfterSeconds(['email:b'])).toBe(0);
  });

  it('lets the window move on', () => {
    const { instance, advance } = throttle();
    for (let i = 0; i < 3; i++) instance.recordFailure(['email:a']);
    advance(60_001);
    expect(instance.retryAfterSeconds(['email:a'])).toBe(0);
  });

  it('blocks on any of the keys (e-mail or client address)', () => {
    const { instance } = throttle();
    for (let i = 0; i < 3; i++) instance.recordFailure([`email:${i}`, 'ip:10.0.0.1']);
    expect(instance.retryAfterSeconds(['email:new', 'ip:10.0.0.1'])).toBeGreaterThan(0);
  });

  it('forgets failures after a successful sign-in', () => {
    const { instance } = throttle();
    for (let i = 0; i < 2; i++) instance.recordFailure(['email:a']);
    instance.recordSuccess(['email:a']);
    instance.recordFailure(['email:a']);
    expect(instance.retryAfterSeconds(['email:a'])).toBe(0);
  });
});
