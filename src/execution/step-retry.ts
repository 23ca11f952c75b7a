// Op retries in the run worker, as Dagster runs them. A step whose code throws, and that has retries left
// (its retryPolicy's maxRetries, or those of a RetryRequested it threw), does not fail: it writes
// STEP_UP_FOR_RETRY (the error with its cause chain, and secondsToWait), gives its pool slot back, waits, and
// then runs again from its gate: it claims a slot like any step (so the wait holds no slot another step
// could use) and writes STEP_RESTARTED where a first attempt writes STEP_START. After the last attempt the
// step fails (STEP_FAILURE) as a step without retries does. Only the step's own code is retried: a step
// stopped by a termination, or whose gate failed (its run ended while it waited for a slot), fails at once.
// A termination during the wait ends the wait at once (the run's signal), and the step fails as stopped.
//
// Why the wait lives outside the attempt: the attempt's `finally` releases its slot before this file
// waits, so "a waiting step holds no slot" is a property of the code's shape, not of a flag to remember.
import type { StepSpec } from '../definitions/index.js';
import { isRetryRequested, retryDelaySeconds } from '../definitions/index.js';
import type { NewEvent } from '../runs/append-event.js';
import { errorInfo } from '../runs/error-info.js';

/** How one attempt of a step ended: it succeeded, it failed for good, or it asks to run again after a wait. */
export type StepAttemptOutcome = boolean | { retryAfterSeconds: number };

type StepEvent = Omit<NewEvent, 'runId'>;

/**
 * Runs `attempt` (given the retry number: 0 first, 1 for the first retry, …) until it succeeds or fails for
 * good, waiting between attempts. Resolves true when the step succeeded.
 */
export async function runWithRetries(
  step: Pick<StepSpec, 'key'>,
  options: { events: { write(event: StepEvent): void }; signal: AbortSignal },
  attempt: (retryNumber: number) => Promise<StepAttemptOutcome>,
): Promise<boolean> {
  for (let retryNumber = 0; ; retryNumber++) {
    const outcome = await attempt(retryNumber);
    if (typeof outcome === 'boolean') return outcome;
    if (!(await waitUnlessAborted(outcome.retryAfterSeconds * 1000, options.signal))) {
      options.events.write({
        eventType: 'STEP_FAILURE',
        stepKey: step.key,
        level: 'ERROR',
        message: `Step "${step.key}" was stopped while waiting to retry: the run was terminated.`,
        payload: { error: errorInfo(options.signal.reason), canceled: true },
      });
      return false;
    }
  }
}

/** The event that opens an attempt: STEP_START for the first, STEP_RESTARTED for a retry. */
export function attemptStartEvent(step: Pick<StepSpec, 'key'>, retryNumber: number): StepEvent {
  if (retryNumber === 0) return { eventType: 'STEP_START', stepKey: step.key, message: `Started execution of step "${step.key}".` };
  return {
    eventType: 'STEP_RESTARTED',
    stepKey: step.key,
    message: `Started re-execution (attempt # ${retryNumber + 1}) of step "${step.key}".`,
    payload: { retryNumber },
  };
}

export type AfterFailure =
  /** Retry: write `event`, then wait `retryAfterSeconds`. */
  | { retryAfterSeconds: number; event: StepEvent }
  /** Fail the step with `error` (the step's own, or why it may not retry again). */
  | { retryAfterSeconds: null; error: unknown };

/**
 * What follows a failed attempt of the step's code (not a canceled one, nor a failure of its gate): a
 * retry when the step has retries left, else the step's failure. A RetryRequested thrown by the step
 * decides with its own numbers; otherwise the step's retryPolicy does; a step with neither fails.
 */
export function afterFailedAttempt(
  step: Pick<StepSpec, 'key' | 'retryPolicy'>,
  retryNumber: number,
  error: unknown,
  random: () => number = Math.random,
): AfterFailure {
  let maxRetries: number;
  let seconds: number;
  if (isRetryRequested(error)) {
    maxRetries = error.maxRetries;
    seconds = error.secondsToWait;
  } else if (step.retryPolicy !== null && step.retryPolicy !== undefined) {
    maxRetries = step.retryPolicy.maxRetries;
    seconds = retryDelaySeconds(step.retryPolicy, retryNumber + 1, random);
  } else {
    return { retryAfterSeconds: null, error };
  }
  if (retryNumber >= maxRetries) {
    // Dagster's words for a step that asked for more retries than it may have.
    const exhausted = isRetryRequested(error) ? new RetriesExhausted(maxRetries, error) : error;
    return { retryAfterSeconds: null, error: exhausted };
  }
  // secondsToWait is an Int in Dagster's schema: a fractional delay is waited in full but shown rounded up.
  const shown = Math.ceil(seconds);
  return {
    retryAfterSeconds: seconds,
    event: {
      eventType: 'STEP_UP_FOR_RETRY',
      stepKey: step.key,
      level: 'WARNING',
      message: `Execution of step "${step.key}" failed and has requested a retry${seconds > 0 ? ` in ${shown} seconds` : ''}.`,
      payload: { error: errorInfo(error), secondsToWait: shown, retryNumber: retryNumber + 1, maxRetries },
    },
  };
}

/** A step that asked for a retry when it had none left (Dagster: "Exceeded max_retries of N"). */
class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';
  constructor(maxRetries: number, request: Error) {
    super(`Exceeded max_retries of ${maxRetries}.`, { cause: request.cause ?? request });
  }
}

/** Waits `ms`, or less when `signal` aborts; resolves false if it aborted (before or during the wait). */
function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
