// The per-client launch rate limit: a token bucket per client on an injected clock, in bounded memory.
import { describe, expect, it } from 'vitest';
import { LaunchRateLimiter } from '../../src/queue/launch-rate.js';

describe('LaunchRateLimiter', () => {
  it('admits a burst, then launches at the sustained rate, saying when to retry', () => {
    let clock = 0;
    const limiter = new LaunchRateLimiter({ perSecond: 10, burst: 5 }, () => clock);
    expect(limiter.take('a', 5)).toEqual({ ok: true });
    expect(limiter.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 0.1 });
    expect(limiter.take('a', 3)).toEqual({ ok: false, retryAfterSeconds: 0.3 });
    // Another client has its own bucket.
    expect(limiter.take('b', 5)).toEqual({ ok: true });
    clock += 100;
    expect(limiter.take('a', 1)).toEqual({ ok: true });
    expect(limiter.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 0.1 });
    // Refilling stops at the burst.
    clock += 60_000;
    expect(limiter.take('a', 5)).toEqual({ ok: true });
    expect(limiter.take('a', 1)).toMatchObject({ ok: false });
  });

  it('refuses more than a burst at once with no retry time, and takes nothing for it', () => {
    const limiter = new LaunchRateLimiter({ perSecond: 10, burst: 5 }, () => 0);
    expect(limiter.take('a', 6)).toEqual({ ok: false, retryAfterSeconds: null });
    expect(limiter.take('a', 5)).toEqual({ ok: true });
  });

  it('forgets clients whose buckets have refilled, so memory follows recent clients only', () => {
    let clock = 0;
    const limiter = new LaunchRateLimiter({ perSecond: 100, burst: 500 }, () => clock);
    for (let i = 0; i < 5000; i++) expect(limiter.take(`old-${i}`, 1)).toEqual({ ok: true });
    expect(limiter.size).toBe(5000);
    // Five seconds later every old bucket is full again; new clients' arrivals sweep them out.
    clock += 5_000;
    for (let i = 0; i < 5000; i++) limiter.take(`new-${i}`, 1);
    expect(limiter.size).toBeLessThanOrEqual(5000);
    // A forgotten client starts again from a full bucket, as if remembered.
    expect(limiter.take('old-0', 500)).toEqual({ ok: true });
  });
});
