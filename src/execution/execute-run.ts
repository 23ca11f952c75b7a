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
import { TAGS, type LogLevel } from '../runs/vocabulary.js';

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
}

type StepState = 'pending' | 'running' | 'success' | 'failure' | 'skipped';

export async function executeRun(run: RunToExecute, options: ExecuteOptions): Promise<RunOutcome> {
  const { job } = run;
  const { events, signal } = options;
  const state = new Map<string, StepState>(job.steps.map((step) => [step.key, 'pending']));
  const outputs = new Map<string, unknown>();
  const inFlight = new Map<string, Promise<void>>();

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
        runStep(run, step, outputs, options).then((ok) => {
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

async function runStep(run: RunToExecute, step: StepSpec, outputs: Map<string, unknown>, options: ExecuteOptions): Promise<boolean> {
  const { events, signal } = options;
  let release: (() => Promise<void>) | null = null;
  /** When the step's compute started; null while it waits for its gate (a failure then is not a step's). */
  let computeStarted: number | null = null;
  try {
    if (options.gate) release = await options.gate(step, signal, run);
    if (signal.aborted) throw signal.reason;
    events.write({ eventType: 'STEP_START', stepKey: step.key, message: `Started execution of step "${step.key}".` });
    computeStarted = performance.now();
    const context = stepContext(run, step, options);
    const value = await step.compute(context, ...step.inputs.map((input) => outputs.get(input.fromStep)));
    outputs.set(step.key, value);
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
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    if (computeStarted !== null) recording()?.stepDuration.observe({ outcome: 'failure' }, (performance.now() - computeStarted) / 1000);
    // A failed statement of the step's gate (its pool slot) says why, not which SQL.
    const message = describeError(err);
    const canceled = signal.aborted;
    // The message is the step code's text, which may quote its config: operators read it in the run's events.
    if (!canceled) options.log.warn({ stepKey: step.key, errorType: err.name }, 'step failed');
    events.write({
      eventType: 'STEP_FAILURE',
      stepKey: step.key,
      level: 'ERROR',
      message: canceled ? `Step "${step.key}" was stopped: the run was terminated.` : `Execution of step "${step.key}" failed: ${message}`,
      payload: { error: errorInfo(error), canceled },
    });
    return false;
  } finally {
    await release?.();
  }
}

function stepContext(run: RunToExecute, step: StepSpec, options: ExecuteOptions): StepContext {
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
  };
}
