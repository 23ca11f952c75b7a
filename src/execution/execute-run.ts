// Executes one run's steps: in dependency order, independent steps in parallel, each step's return
// value passed to the steps that take it as input. A step that throws fails, and every step downstream
// of it is skipped; the run fails. When the run's signal aborts (termination), no new step starts and
// running steps see `context.signal` abort.
import { describeError } from '../db/errors.js';
import type { Logger } from '../log/index.js';
import type { InstanceApi, JobSpec, StepContext, StepSpec } from '../definitions/index.js';
import { opConfigFor } from '../definitions/index.js';
import { recording } from '../metrics/instruments.js';
import type { NewEvent } from '../runs/append-event.js';
import { errorInfo } from '../runs/error-info.js';
import { gateWithEvents } from './pool-wait-events.js';
import { openStepEvents, plannedMaterializations, stepEventMethods } from './step-events.js';
import { TAGS, type LogLevel } from '../runs/vocabulary.js';
import type { StepOutputHooks } from './step-output-hooks.js';
import { captureStepOutput, withCapturedLog, type StepCapture, type StepLogWriter } from './step-log-capture.js';
import { afterFailedAttempt, attemptStartEvent, runWithRetries, type StepAttemptOutcome } from './step-retry.js';

export type RunOutcome = 'SUCCESS' | 'FAILURE' | 'CANCELED';

export interface RunToExecute {
  runId: string;
  job: JobSpec;
  tags: Record<string, string>;
  runConfig: unknown;
}

/** Waits for whatever a step needs before it may run (a pool slot); returns the release function. */
export type StepGate = (
  step: StepSpec,
  signal: AbortSignal,
  run: { runId: string; tags: Record<string, string> },
  /** Called when the step must wait (its pool is at its limit), before it waits: pool-wait-events.ts. */
  onBlocked?: (blocked: { pool: string; limit: number }) => void,
) => Promise<() => Promise<void>>;

/**
 * Where the run's step events and log messages go, in the order they happen. Writing returns nothing
 * (step code logs synchronously); the caller ends the run only after they are stored.
 */
export interface RunEvents {
  write(event: Omit<NewEvent, 'runId'>): void;
}

export interface ExecuteOptions {
  events: RunEvents;
  signal: AbortSignal;
  instanceApi: InstanceApi;
  gate?: StepGate;
  /** The run's logger: step failures are logged by step key and error class (the message stays in the run's events). */
  log: Logger;
  /** Where each step's stdout/stderr goes (captured logs); absent: not captured. */
  logs?: StepLogWriter;
  /** Storing step outputs and loading a re-execution's inputs (step-output-hooks.ts); absent: neither. */
  outputs?: StepOutputHooks;
}

type StepState = 'pending' | 'running' | 'success' | 'failure' | 'skipped';

export async function executeRun(run: RunToExecute, options: ExecuteOptions): Promise<RunOutcome> {
  const { job } = run;
  const { events, signal } = options;
  const state = new Map<string, StepState>(job.steps.map((step) => [step.key, 'pending']));
  // A re-execution starts with the stored outputs of the steps it does not run that its steps take.
  const outputs = (await options.outputs?.loadInputs(run)) ?? new Map<string, unknown>();
  const inFlight = new Map<string, Promise<void>>();
  if (!signal.aborted) for (const event of plannedMaterializations(job)) events.write(event);

  const launchReadySteps = () => {
    for (const step of job.steps) {
      if (state.get(step.key) !== 'pending') continue;
      const upstream = step.upstream.map((key) => state.get(key));
      if (upstream.some((s) => s === 'failure' || s === 'skipped')) {
        state.set(step.key, 'skipped');
        const blockers = step.upstream.filter((key) => state.get(key) === 'failure' || state.get(key) === 'skipped');
        events.write({
          eventType: 'STEP_SKIPPED',
          stepKey: step.key,
          message: `Skipped ${step.key}: upstream step(s) ${blockers.join(', ')} did not succeed.`,
          payload: { upstream: blockers },
        });
        continue;
      }
      if (signal.aborted || !upstream.every((s) => s === 'success')) continue;
      state.set(step.key, 'running');
      inFlight.set(
        step.key,
        runWithRetries(step, options, (retryNumber) => runStep(run, step, outputs, options, retryNumber)).then((ok) => {
          state.set(step.key, ok ? 'success' : 'failure');
          inFlight.delete(step.key);
        }),
      );
    }
  };

  // Skipping can cascade without any step running, so repeat until nothing changes and nothing runs.
  for (;;) {
    const before = [...state.values()].join();
    launchReadySteps();
    if (inFlight.size === 0 && [...state.values()].join() === before) break;
    if (inFlight.size > 0) await Promise.race(inFlight.values());
  }
  if (signal.aborted) return 'CANCELED';
  return [...state.values()].every((s) => s === 'success') ? 'SUCCESS' : 'FAILURE';
}

/** One attempt of a step (retries: step-retry.ts). Its slot is released when the attempt ends, before any wait to retry. */
async function runStep(
  run: RunToExecute,
  step: StepSpec,
  outputs: Map<string, unknown>,
  options: ExecuteOptions,
  retryNumber = 0,
): Promise<StepAttemptOutcome> {
  const { events, signal } = options;
  let release: (() => Promise<void>) | null = null;
  /** When the step's compute started; null while it waits for its gate (a failure then is not a step's). */
  let computeStarted: number | null = null;
  /** The step's captured stdout/stderr: finished (stored) before its end event is written. */
  let capture: StepCapture | null = null;
  try {
    if (options.gate) release = await gateWithEvents(options.gate, step, signal, run, events);
    if (signal.aborted) throw signal.reason;
    capture = options.logs?.open(run.runId, step.key) ?? null;
    if (capture) events.write(capture.startedEvent());
    events.write(attemptStartEvent(step, retryNumber));
    options.outputs?.checkInputs(run, step, outputs);
    // STEP_INPUT (and LOADED_INPUT) now; STEP_OUTPUT as it returns; HANDLED_OUTPUT and its asset's materialization on success.
    const recorder = openStepEvents(run, step, events);
    computeStarted = performance.now();
    const context = withCapturedLog(stepContext(run, step, options, retryNumber), capture);
    const value = await captureStepOutput(capture, () =>
      Promise.resolve(step.compute(context, ...step.inputs.map((input) => outputs.get(input.fromStep)))).then((returned) =>
        recorder.finish(returned),
      ),
    );
    await capture?.finish();
    // Stored with the step's success (or the step fails: not JSON, or above run_outputs.max_bytes).
    options.outputs?.store(run.runId, step.key, value);
    outputs.set(step.key, value);
    recorder.succeeded(Boolean((options as { outputs?: unknown }).outputs));
    const elapsedMs = performance.now() - computeStarted;
    recording()?.stepDuration.observe({ outcome: 'success' }, elapsedMs / 1000);
    const durationMs = Math.round(elapsedMs);
    events.write({
      eventType: 'STEP_SUCCESS',
      stepKey: step.key,
      message: `Finished execution of step "${step.key}" in ${durationMs}ms.`,
      payload: { durationMs },
    });
    return true;
  } catch (thrown) {
    await capture?.finish();
    const canceled = signal.aborted;
    // Only the step's own code is retried: not a termination, nor a failure of its gate.
    const next = canceled || computeStarted === null ? null : afterFailedAttempt(step, retryNumber, thrown);
    if (next !== null && next.retryAfterSeconds !== null) {
      options.log.warn({ stepKey: step.key, retryNumber: retryNumber + 1 }, 'step failed; retrying');
      events.write(next.event);
      return { retryAfterSeconds: next.retryAfterSeconds };
    }
    const error = next === null ? thrown : next.error;
    const err = error instanceof Error ? error : new Error(String(error));
    if (computeStarted !== null) recording()?.stepDuration.observe({ outcome: 'failure' }, (performance.now() - computeStarted) / 1000);
    // A failed statement of the step's gate (its pool slot) says why, not which SQL.
    const message = describeError(err);
    // The message is the step code's text, which may quote its config: operators read it in the run's events.
    if (!canceled) options.log.warn({ stepKey: step.key, errorType: err.name }, 'step failed');
    events.write({
      eventType: 'STEP_FAILURE',
      stepKey: step.key,
      level: 'ERROR',
      message: canceled ? `Step "${step.key}" was stopped: the run was terminated.` : `Execution of step "${step.key}" failed: ${message}`,
      payload: {
        error: errorInfo(error),
        canceled,
        // Dagster's ErrorSource: a termination, or the step's compute (its code, its output refused), or the engine before it.
        errorSource: canceled ? 'INTERRUPT' : computeStarted === null ? 'FRAMEWORK_ERROR' : 'USER_CODE_ERROR',
      },
    });
    return false;
  } finally {
    await release?.();
  }
}

function stepContext(run: RunToExecute, step: StepSpec, options: ExecuteOptions, retryNumber: number): StepContext {
  const log = (level: LogLevel) => (message: string) =>
    options.events.write({ eventType: 'LOG_MESSAGE', stepKey: step.key, level, message: String(message) });
  return {
    runId: run.runId,
    jobName: run.job.name,
    stepKey: step.key,
    opName: step.opName,
    assetKey: step.assetKey,
    pool: step.pool,
    log: { debug: log('DEBUG'), info: log('INFO'), warning: log('WARNING'), error: log('ERROR') },
    signal: options.signal,
    tags: run.tags,
    opConfig: opConfigFor(run.job, run.runConfig, step.key),
    instance: options.instanceApi,
    partitionKey: run.tags[TAGS.partition] ?? null,
    ...stepEventMethods(run, step),
    retryNumber,
  };
}
