// The child process of the process executor (process-executor.ts): executes one run and exits. It opens no
// database connection: it imports the run's definitions file, resolves the run's steps as the worker did
// (and refuses to run if they differ), and runs execute-run.ts with the worker's parts reached over IPC —
// events go to the worker's journal, the step gate and the instance API are calls answered by the worker.
// A termination arrives as an `abort` message and aborts the run's signal, as in the worker. An error that
// escapes the steps (uncaught exception, unhandled rejection) is reported, and the process exits: only
// this run fails. When the worker goes away (its IPC channel closes), the process exits too.
import { loadDefinitions, type RunRecordsFilter } from '../definitions/index.js';
import { logger } from '../log/index.js';
import type { RunRecord } from '../runs/run-record.js';
import { executeRun } from './execute-run.js';
import { getJobForRun } from './job-for-run.js';
import { jobShape } from './job-shape.js';
import { stepOutputHooks } from './step-output-hooks.js';
import { startStepLogCapture } from './step-log-capture.js';
import type { ChildCall, ChildCallResult, FromChild, RunProcessStart, ToChild } from './run-process-protocol.js';

const controller = new AbortController();
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
let nextCall = 1;
let started = false;

function send(message: FromChild): void {
  process.send!(message);
}

function call<C extends ChildCall>(request: C): Promise<ChildCallResult[C['method']]> {
  const id = nextCall++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ type: 'call', id, ...request });
  });
}

function errorOf(reason: { name: string; message: string }): Error {
  const error = new Error(reason.message);
  error.name = reason.name;
  return error;
}

function reportFatal(error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const stack = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  process.send!({ type: 'fatal', error: { name: err.name, message: err.message, stack } } satisfies FromChild, () => process.exit(1));
  setTimeout(() => process.exit(1), 1_000).unref();
}

process.on('uncaughtException', reportFatal);
process.on('unhandledRejection', reportFatal);
process.on('disconnect', () => process.exit(70));
process.on('message', (message: ToChild) => {
  switch (message.type) {
    case 'start':
      if (started) return;
      started = true;
      void execute(message).catch(reportFatal);
      return;
    case 'abort':
      controller.abort(errorOf(message.reason));
      return;
    case 'reply': {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(errorOf(message.error));
    }
  }
});

async function execute(start: RunProcessStart): Promise<void> {
  const log = logger().child({ runId: start.run.id, workerId: start.workerId, runPid: process.pid });
  let loaded;
  try {
    loaded = await loadDefinitions(start.definitionsFile);
  } catch (error) {
    send({ type: 'refused', reason: (error as Error).message });
    return;
  }
  const job = getJobForRun(loaded, start.run as unknown as RunRecord);
  if (!job.ok) {
    send({ type: 'refused', reason: job.reason });
    return;
  }
  if (jobShape(job.job) !== start.jobShape) {
    send({
      type: 'refused',
      reason:
        `the steps of job "${start.run.jobName}" in ${start.definitionsFile} differ from the ones the worker resolved ` +
        `(generation ${start.generation}): the file changed and the code location was not reloaded yet.`,
    });
    return;
  }
  const outcome = await executeRun(
    { runId: start.run.id, job: job.job, tags: start.run.tags, runConfig: start.run.runConfig },
    {
      events: { write: (event) => send({ type: 'event', event }) },
      signal: controller.signal,
      instanceApi: { getRunRecords: (filter?: RunRecordsFilter) => call({ method: 'getRunRecords', filter }) },
      gate: async (step) => {
        const token = await call({ method: 'gate', stepKey: step.key });
        return async () => {
          await call({ method: 'release', token });
        };
      },
      log,
      // Steps' stdout/stderr are captured here, as in a worker, and stored by the worker.
      logs:
        start.computeLogs === null
          ? undefined
          : startStepLogCapture((chunks) => call({ method: 'storeLogChunks', chunks }), start.computeLogs, log),
      // Outputs are checked here (a bad one fails the step here) and stored by the worker, with the step's events.
      outputs:
        start.maxOutputBytes === null
          ? undefined
          : stepOutputHooks(
              async () => new Map(await call({ method: 'loadInputs' })),
              { writeOutput: (_runId, output) => send({ type: 'output', output }) },
              { maxBytes: start.maxOutputBytes },
            ),
    },
  );
  process.send!({ type: 'done', outcome } satisfies FromChild, () => process.exit(0));
}

send({ type: 'ready', pid: process.pid });
