// The per-client launch rate limit (api.launch_rate): a token bucket per client holding up to `burst`
// launches and refilling at `perSecond`. A launch takes its tokens before its run config is read or the
// database is touched, so refused launches cost next to nothing.
//
// Memory stays bounded: a client without a bucket has a full one, so a bucket that has refilled is
// dropped. Refilled buckets are swept whenever the map has doubled since the last sweep, so it holds the
// clients that launched within the last burst/perSecond seconds, and at most as many again.
import type { Instance } from '../instance/instance.js';

export interface LaunchRate {
  perSecond: number;
  burst: number;
}

export type LaunchAdmission = { ok: true } | { ok: false; retryAfterSeconds: number | null };

interface Bucket {
  tokens: number;
  /** When `tokens` was last computed, by the limiter's clock (ms). */
  at: number;
}

const MIN_SWEEP_SIZE = 1024;

export class LaunchRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  #sweepAt = MIN_SWEEP_SIZE;

  /** `now` is a monotonic clock in milliseconds; tests inject their own. */
  constructor(
    readonly rate: LaunchRate,
    now: () => number = () => performance.now(),
  ) {
    this.#now = now;
  }

  /**
   * Takes `count` launches for `client`, or takes nothing and says when to retry: null when `count` is
   * more than a burst, which no wait makes possible.
   */
  take(client: string, count: number): LaunchAdmission {
    const now = this.#now();
    const tokens = this.#tokens(client, now);
    if (count > tokens) {
      const retryAfterSeconds = count > this.rate.burst ? null : Math.ceil(((count - tokens) / this.rate.perSecond) * 1000) / 1000;
      return { ok: false, retryAfterSeconds };
    }
    this.#buckets.set(client, { tokens: tokens - count, at: now });
    if (this.#buckets.size >= this.#sweepAt) this.#sweep(now);
    return { ok: true };
  }

  /** How many clients have a bucket (for tests of the memory bound). */
  get size(): number {
    return this.#buckets.size;
  }

  #tokens(client: string, now: number): number {
    const bucket = this.#buckets.get(client);
    if (bucket === undefined) return this.rate.burst;
    return Math.min(this.rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond);
  }

  #sweep(now: number): void {
    for (const client of this.#buckets.keys()) {
      if (this.#tokens(client, now) >= this.rate.burst) this.#buckets.delete(client);
    }
    this.#sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * this.#buckets.size);
  }
}

const limiters = new WeakMap<Instance, LaunchRateLimiter>();

/** The instance's limiter: every server of one instance in this process shares it. */
export function launchRateLimiterOf(instance: Instance): LaunchRateLimiter {
  let limiter = limiters.get(instance);
  if (limiter === undefined) {
    limiter = new LaunchRateLimiter(instance.config.api.launchRate);
    limiters.set(instance, limiter);
  }
  return limiter;
}

/** Replaces the instance's limiter, e.g. with one on a test's clock. */
export function setLaunchRateLimiter(instance: Instance, limiter: LaunchRateLimiter): void {
  limiters.set(instance, limiter);
}
