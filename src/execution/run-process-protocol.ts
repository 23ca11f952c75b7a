// The messages between a run worker and the child process that executes one run (process executor:
// process-executor.ts in the worker, run-process.ts in the child). The channel is Node's IPC with the
// 'advanced' serialization (structured clone), so Dates and nested objects cross as they are. Messages on
// one channel arrive in the order they were sent: a run's events reach the worker's journal in order, and
// its `done` after all of them.
import type { NewEvent } from '../runs/append-event.js';
import type { RunRecordLike, RunRecordsFilter } from '../definitions/index.js';
import type { NewLogChunk } from '../runs/captured-logs.js';
import type { SerializedOutput } from '../runs/output-value.js';
import type { RunOutcome } from './execute-run.js';
import type { StepLogSettings } from './step-log-capture.js';

/** What the child needs to execute the run: where the code is, and the run as stored. */
export interface RunProcessStart {
  type: 'start';
  /** The definitions file the worker's location was loaded from, and the generation it serves. */
  definitionsFile: string;
  generation: number;
  /** The steps the worker resolved for the run (jobShape): the child checks that its code has the same. */
  jobShape: string;
  run: {
    id: string;
    jobName: string;
    locationName: string;
    stepKeysToExecute: string[] | null;
    tags: Record<string, string>;
    runConfig: unknown;
  };
  workerId: string;
  /** run_outputs.max_bytes, for the child's check of its steps' outputs (null: outputs are not stored). */
  maxOutputBytes: number | null;
  /** The worker's compute_logs settings: the child captures its steps' output and stores it through the worker (null: not captured). */
  computeLogs: StepLogSettings | null;
}

/** Worker → child. */
export type ToChild =
  | RunProcessStart
  /** The run was terminated (or its worker is stopping): the child aborts the run's signal. */
  | { type: 'abort'; reason: { name: string; message: string } }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: { name: string; message: string } };

/** Calls the child makes to the worker, answered by a `reply`. */
export type ChildCall =
  /** The step gate (pool slots): resolves with a release token once the step may run. */
  | { method: 'gate'; stepKey: string }
  | { method: 'release'; token: number }
  | { method: 'getRunRecords'; filter: RunRecordsFilter | undefined }
  /** A re-execution's inputs from steps it does not run (stored outputs up its lineage), as [step key, value]. */
  | { method: 'loadInputs' }
  /** A batch of the child's captured step output, stored by the worker (its StepLogWriter's store). */
  | { method: 'storeLogChunks'; chunks: NewLogChunk[] };

export type ChildCallResult = {
  gate: number;
  release: null;
  getRunRecords: RunRecordLike[];
  loadInputs: [string, unknown][];
  storeLogChunks: [string, number][];
};

/** Child → worker. */
export type FromChild =
  | { type: 'ready'; pid: number }
  | { type: 'event'; event: Omit<NewEvent, 'runId'> }
  /** A step's output, checked and serialised by the child, to be stored with its STEP_SUCCESS (sent just before it). */
  | { type: 'output'; output: SerializedOutput }
  | ({ type: 'call'; id: number } & ChildCall)
  | { type: 'done'; outcome: RunOutcome }
  /** The run could not start in the child (its code did not load, or is not the code the worker resolved). */
  | { type: 'refused'; reason: string }
  /** An error escaped the steps (an uncaught exception, an unhandled rejection): the child exits after sending it. */
  | { type: 'fatal'; error: { name: string; message: string; stack: string[] } };
