// The capture's invariants, checked where they are made (executeRun with a worker's StepLogWriter, real
// Postgres): a step's logs are stored when its end event is written — with a flush interval far longer than
// the test, so only the step-end flush can have stored them; and two runs' steps printing at once in this
// process keep their own lines.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { executeRun } from '../../src/execution/execute-run.js';
import { startStepLogCapture, type StepLogWriter } from '../../src/execution/step-log-capture.js';
import { logger } from '../../src/log/index.js';
import { readCapturedLogs } from '../../src/runs/captured-logs.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { instanceApi } from '../../src/runs/queries.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';
import { newRun } from '../support/runs.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/captured-logs/index.ts', import.meta.url));

describe('step log capture', () => {
  let test: TestInstance;
  let location: LoadedDefinitions;
  let writer: StepLogWriter;

  beforeAll(async () => {
    test = await createTestInstance();
    location = await loadDefinitions(FIXTURE);
    writer = startStepLogCapture(test.instance.database.db, { maxBytesPerStep: 1 << 20, echo: false, flushIntervalMs: 600_000 }, logger());
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  async function run(
    jobName: string,
    tags: Record<string, string>,
    onEvent: (runId: string, type: string, stepKey: string | null | undefined) => void = () => {},
  ) {
    const [runId] = await createRuns(test.instance.database.db, [newRun({ jobName, tags })], 'STARTING');
    const db = test.instance.database.db;
    const outcome = await executeRun(
      { runId: runId!, job: location.definitions.getJob(jobName)!, tags, runConfig: {} },
      {
        events: { write: (event) => onEvent(runId!, event.eventType, event.stepKey) },
        signal: new AbortController().signal,
        instanceApi: instanceApi(db),
        log: logger(),
        logs: writer,
      },
    );
    return { runId: runId!, outcome };
  }

  it("has stored a step's logs when its STEP_SUCCESS or STEP_FAILURE is written", async () => {
    const reads: Promise<[string, string | null]>[] = [];
    const result = await run('two_step_job', {}, (runId, type, stepKey) => {
      if ((type === 'STEP_SUCCESS' || type === 'STEP_FAILURE') && stepKey) {
        // Read at the moment the end event is handed over (the worker's journal writes it after this).
        reads.push(readCapturedLogs(test.instance.database.db, { runId, fileKey: stepKey }).then((logs) => [stepKey, logs.stdout]));
      }
    });
    expect(result.outcome).toBe('FAILURE');
    expect(await Promise.all(reads)).toEqual([
      ['first', 'first says hi\n'],
      ['second', 'second says hi\n'],
    ]);
  });

  it("keeps each run's lines to its own step while both print at once", async () => {
    const [a, b] = await Promise.all([
      run('chatter_job', { marker: 'aa', count: '40' }),
      run('chatter_job', { marker: 'bb', count: '40' }),
    ]);
    for (const [{ runId }, marker] of [
      [a, 'aa'],
      [b, 'bb'],
    ] as const) {
      const logs = await readCapturedLogs(test.instance.database.db, { runId, fileKey: 'chatter' });
      expect(logs.stdout).toBe(Array.from({ length: 40 }, (_, i) => `${marker} ${i}\n`).join(''));
    }
  });
});
