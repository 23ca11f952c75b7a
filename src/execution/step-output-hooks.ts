// What execute-run.ts does with step outputs beyond passing them downstream in memory:
//  - `store`: a step's return value is checked and serialised (runs/output-value.ts: JSON only, at most
//    `run_outputs.max_bytes`) before the step may succeed — a value that cannot be stored fails the step
//    with the reason — and queued on the worker's journal just before the step's STEP_SUCCESS, so both are
//    written in one transaction of the journal's group commit (no round trip per step).
//  - `loadInputs`: a re-execution's steps may take the output of a step the run does not execute; those
//    values are read once when the run starts, from the nearest run up its lineage that stored one
//    (runs/step-outputs.ts). Ordinary runs need none and make no query.
//  - `checkInputs`: a step whose loaded input is missing (its producing run was deleted since the launch
//    checked it) fails with a message naming the step it needs, instead of receiving undefined.
// For the rich event log (H5): HANDLED_OUTPUT events belong in `store` (after the output is queued) and
// LOADED_INPUT events in `loadInputs`/`checkInputs` (per input a step receives from a stored output).
import type { Db } from '../db/database.js';
import type { StepSpec } from '../definitions/index.js';
import { outputValue, serializeOutput, type SerializedOutput } from '../runs/output-value.js';
import { outputsFromLineage } from '../runs/step-outputs.js';
import { TAGS } from '../runs/vocabulary.js';
import type { RunToExecute } from './execute-run.js';

export interface StepOutputHooks {
  /** The bound on a stored output (`run_outputs.max_bytes`): the process executor's child checks with it. */
  readonly maxBytes: number;
  /** Queues an output already checked and serialised (by a run's child process, process-executor.ts). */
  writeSerialized(runId: string, output: SerializedOutput): void;
  /** The values of the steps this run does not execute that its steps take as inputs, by step key. */
  loadInputs(run: RunToExecute): Promise<Map<string, unknown>>;
  /** Throws when an input of `step` comes from a step the run does not execute and no value was loaded. */
  checkInputs(run: RunToExecute, step: StepSpec, available: ReadonlyMap<string, unknown>): void;
  /** Checks, serialises and queues the step's output to be stored; throws StepOutputError (the step fails). */
  store(runId: string, stepKey: string, value: unknown): void;
}

/** A step's input whose producing step's stored output could not be found when the run started. */
export class MissingInputError extends Error {
  override readonly name = 'MissingInputError';
}

export interface StepOutputSink {
  writeOutput(runId: string, output: SerializedOutput): void;
}

/**
 * The worker's hooks: outputs go to its journal. `store: false` (a bench-only engine option, the baseline of
 * bench/outputs) keeps the check and serialisation but writes nothing.
 */
export function journalStepOutputs(db: Db, sink: StepOutputSink, options: { maxBytes: number; store?: boolean }): StepOutputHooks {
  return stepOutputHooks(
    async (run) => {
      const external = externalInputSteps(run);
      const parentRunId = run.tags[TAGS.parentRunId];
      if (external.length === 0 || parentRunId === undefined) return new Map();
      const found = await outputsFromLineage(db, parentRunId, external);
      return new Map([...found].map(([stepKey, stored]) => [stepKey, outputValue(stored)]));
    },
    sink,
    options,
  );
}

/**
 * The hooks around a way to load inputs and a sink for outputs: the worker's (journalStepOutputs) and a run's
 * child process's (run-process.ts: loading is a call to the worker, outputs are messages to it).
 */
export function stepOutputHooks(
  load: (run: RunToExecute) => Promise<Map<string, unknown>>,
  sink: StepOutputSink,
  options: { maxBytes: number; store?: boolean },
): StepOutputHooks {
  const store = options.store ?? true;
  return {
    maxBytes: options.maxBytes,
    writeSerialized: (runId, output) => {
      if (store) sink.writeOutput(runId, output);
    },
    loadInputs: load,
    checkInputs(run, step, available) {
      for (const input of step.inputs) {
        if (available.has(input.fromStep) || run.job.steps.some((other) => other.key === input.fromStep)) continue;
        throw new MissingInputError(
          `Step "${step.key}" needs the output of step "${input.fromStep}" (input "${input.name}"), which this run does not ` +
            `execute, and no run of its lineage stored one (was that run deleted?). Re-execute "${input.fromStep}" too.`,
        );
      }
    },
    store(runId, stepKey, value) {
      const output = serializeOutput(stepKey, value, options.maxBytes);
      if (store) sink.writeOutput(runId, output);
    },
  };
}

/** Steps the run does not execute whose outputs its steps take. */
function externalInputSteps(run: RunToExecute): string[] {
  const executed = new Set(run.job.steps.map((step) => step.key));
  return [...new Set(run.job.steps.flatMap((step) => step.inputs.map((input) => input.fromStep)).filter((key) => !executed.has(key)))];
}
