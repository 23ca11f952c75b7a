/**
 * Op retries, as Dagster has them: a declarative `retryPolicy` on an op or asset (Dagster's `RetryPolicy`:
 * maxRetries, delay in seconds, `Backoff` and `Jitter`), and `RetryRequested`, an error a step throws to ask
 * for a retry itself (with or without a policy). The engine's side (events, waiting without a pool slot) is
 * src/execution/step-retry.ts; this file is the definition-time half: the shapes, their validation (a bad
 * value fails at the line that wrote it, naming the op and the key) and the delay arithmetic.
 */
import { DefinitionsError } from './errors.js';
import { describe } from './names.js';

/** Dagster's `Backoff`: how the delay grows with the retry number n (1 for the first retry). */
export const Backoff = {
  /** `n * delay` */
  LINEAR: 'LINEAR',
  /** `(2^n - 1) * delay` */
  EXPONENTIAL: 'EXPONENTIAL',
} as const;
export type Backoff = (typeof Backoff)[keyof typeof Backoff];

/** Dagster's `Jitter`: a random change of the delay, applied after the backoff. */
export const Jitter = {
  /** Between 0 and the backed-off delay: `random() * backoffDelay`. */
  FULL: 'FULL',
  /** The backed-off delay plus or minus up to `delay`: `backoffDelay + (2 * random() * delay - delay)`. */
  PLUS_MINUS: 'PLUS_MINUS',
} as const;
export type Jitter = (typeof Jitter)[keyof typeof Jitter];

/** What a definition writes (Dagster's `RetryPolicy(max_retries=1, delay=None, backoff=None, jitter=None)`). */
export interface RetryPolicy {
  /** Retries after the first attempt; default 1. */
  maxRetries?: number;
  /** Seconds between a failure and the next attempt; default none (retry at once). */
  delay?: number;
  backoff?: Backoff;
  jitter?: Jitter;
}

/** A checked policy, every field present. */
export interface RetryPolicySpec {
  maxRetries: number;
  delay: number | null;
  backoff: Backoff | null;
  jitter: Jitter | null;
}

/** Longest delay accepted, in seconds (a week): setTimeout cannot wait much longer (2^31 ms is ~24.8 days). */
export const MAX_RETRY_DELAY_SECONDS = 7 * 24 * 3600;
/** Most retries accepted per step. */
export const MAX_RETRIES = 1000;

const POLICY_KEYS = ['maxRetries', 'delay', 'backoff', 'jitter'];

/** Checks an optional `retryPolicy` of `label` (e.g. `op "fetch"`); null when the definition has none. */
export function checkRetryPolicy(label: string, name: string, value: unknown): RetryPolicySpec | null {
  if (value === undefined || value === null) return null;
  const fail = (key: string | null, rule: string): never => {
    throw new DefinitionsError(`The retryPolicy${key === null ? '' : `.${key}`} of ${label} ${rule}.`, { definition: name });
  };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(null, `must be an object such as { maxRetries: 3, delay: 10 } (got ${describe(value)})`);
  }
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((key) => !POLICY_KEYS.includes(key));
  if (unknown.length > 0) fail(unknown[0]!, `is not a retry policy key (the keys are ${POLICY_KEYS.join(', ')})`);

  let maxRetries = 1;
  if (raw.maxRetries !== undefined) {
    if (typeof raw.maxRetries !== 'number' || !Number.isInteger(raw.maxRetries) || raw.maxRetries < 0 || raw.maxRetries > MAX_RETRIES) {
      fail('maxRetries', `must be an integer from 0 to ${MAX_RETRIES} (got ${describe(raw.maxRetries)})`);
    }
    maxRetries = raw.maxRetries as number;
  }
  let delay: number | null = null;
  if (raw.delay !== undefined && raw.delay !== null) {
    if (typeof raw.delay !== 'number' || !Number.isFinite(raw.delay) || raw.delay < 0 || raw.delay > MAX_RETRY_DELAY_SECONDS) {
      fail('delay', `must be a number of seconds from 0 to ${MAX_RETRY_DELAY_SECONDS} (got ${describe(raw.delay)})`);
    }
    delay = raw.delay as number;
  }
  const backoff = oneOf(raw.backoff, Object.values(Backoff), (rule) => fail('backoff', rule));
  const jitter = oneOf(raw.jitter, Object.values(Jitter), (rule) => fail('jitter', rule));
  // Dagster's rule: backoff and jitter modulate the delay, so they need one.
  if (backoff !== null && delay === null) fail('backoff', 'needs a delay to modulate; set retryPolicy.delay too');
  if (jitter !== null && delay === null) fail('jitter', 'needs a delay to modulate; set retryPolicy.delay too');
  return Object.freeze({ maxRetries, delay, backoff, jitter });
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fail: (rule: string) => never): T | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return fail(`must be one of ${allowed.join(', ')} (got ${describe(value)})`);
  }
  return value as T;
}

/**
 * Seconds to wait before retry number `retryNumber` (1 for the first retry), as Dagster's `calculate_delay`
 * computes it. `random` returns a number in [0, 1). Never negative.
 */
export function retryDelaySeconds(policy: RetryPolicySpec, retryNumber: number, random: () => number = Math.random): number {
  const base = policy.delay ?? 0;
  let delay = base;
  if (policy.backoff === 'EXPONENTIAL') delay = (2 ** retryNumber - 1) * base;
  else if (policy.backoff === 'LINEAR') delay = retryNumber * base;
  if (policy.jitter === 'FULL') delay = random() * delay;
  else if (policy.jitter === 'PLUS_MINUS') delay = delay + (2 * random() * base - base);
  return Math.min(Math.max(0, delay), MAX_RETRY_DELAY_SECONDS);
}

export interface RetryRequestedOptions {
  /** Retries allowed for the step (attempts after the first); default 1. */
  maxRetries?: number;
  /** Seconds to wait before the next attempt; default 0. */
  secondsToWait?: number;
  /** The error that made the step ask (shown as the cause of the retry's error). */
  cause?: unknown;
}

/**
 * Thrown by a step to ask for a retry (Dagster's `RetryRequested(max_retries=1, seconds_to_wait=None)`):
 * `throw new RetryRequested({ maxRetries: 3, secondsToWait: 5, cause: error })`. It applies whether or not
 * the step has a retryPolicy; once the step has had `maxRetries` retries, the step fails.
 */
export class RetryRequested extends Error {
  override readonly name = 'RetryRequested';
  readonly maxRetries: number;
  readonly secondsToWait: number;

  constructor(options: RetryRequestedOptions = {}) {
    const maxRetries = options.maxRetries ?? 1;
    const secondsToWait = options.secondsToWait ?? 0;
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES) {
      throw new RangeError(`RetryRequested: maxRetries must be an integer from 0 to ${MAX_RETRIES} (got ${String(options.maxRetries)}).`);
    }
    if (
      typeof secondsToWait !== 'number' ||
      !Number.isFinite(secondsToWait) ||
      secondsToWait < 0 ||
      secondsToWait > MAX_RETRY_DELAY_SECONDS
    ) {
      throw new RangeError(
        `RetryRequested: secondsToWait must be a number from 0 to ${MAX_RETRY_DELAY_SECONDS} (got ${String(options.secondsToWait)}).`,
      );
    }
    super(
      `The step requested a retry (at most ${maxRetries}${secondsToWait > 0 ? `, in ${secondsToWait} s` : ''}).`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.maxRetries = maxRetries;
    this.secondsToWait = secondsToWait;
  }
}

/** True for a RetryRequested, also one from another copy of this module (a reloaded code location). */
export function isRetryRequested(error: unknown): error is RetryRequested {
  return (
    error instanceof RetryRequested ||
    (error instanceof Error &&
      error.name === 'RetryRequested' &&
      typeof (error as RetryRequested).maxRetries === 'number' &&
      typeof (error as RetryRequested).secondsToWait === 'number')
  );
}
