// Issue 17: stored step outputs, re-execution (launchRunReexecution / launchPipelineReexecution) and run
// groups, through GraphQL on a real Postgres. Failures are switched by a `fail` run tag, which re-executions
// do not copy (test/fixtures/reexecution): the parent fails, the re-execution succeeds. The documents are
// written here, not generated, so the file does not depend on the shared generated operations.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import { transitionRun } from '../../src/runs/transition.js';
import { storedOutputsOf } from '../../src/runs/step-outputs.js';
import { runCli } from '../support/cli.js';
import { startEngine, type EngineHarness } from '../support/engine.js';
import { execute, executeOk } from '../support/graphql-http.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/reexecution/index.ts', import.meta.url));
const MAX_BYTES = 4096;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const gql = (source: string) => parse(source) as unknown as TypedDocumentNode<Any, Record<string, unknown>>;

const LAUNCH = gql(`mutation ($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) { __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message } }
}`);
const RESULT_FIELDS = `__typename
  ... on LaunchRunSuccess { run { runId status parentRunId rootRunId stepKeysToExecute tags { key value } } }
  ... on InvalidStepError { invalidStepKey }
  ... on PythonError { message className }
  ... on Error { message }`;
const REEXECUTE = gql(`mutation ($executionParams: ExecutionParams, $reexecutionParams: ReexecutionParams) {
  launchRunReexecution(executionParams: $executionParams, reexecutionParams: $reexecutionParams) { ${RESULT_FIELDS} }
}`);
const REEXECUTE_LEGACY = gql(`mutation ($reexecutionParams: ReexecutionParams) {
  launchPipelineReexecution(reexecutionParams: $reexecutionParams) { ${RESULT_FIELDS} }
}`);
const RUN = gql(`query ($runId: ID!) {
  runOrError(runId: $runId) { __typename ... on Run { status parentRunId rootRunId hasReExecutePermission stepKeysToExecute } }
}`);
const LOGS = gql(`query ($runId: ID!) {
  logsForRun(runId: $runId, limit: 1000) { ... on EventConnection { events { __typename ... on MessageEvent { message stepKey eventType } } } }
}`);
const GROUP = gql(`query ($runId: ID!) {
  runGroupOrError(runId: $runId) {
    __typename
    ... on RunGroup { rootRunId runs { runId parentRunId rootRunId } }
    ... on RunGroupNotFoundError { runId message }
  }
}`);

const TERMINATE = gql(`mutation ($runId: String!) { terminateRun(runId: $runId) { __typename } }`);

let engine: EngineHarness;
let server: TestServer;
beforeAll(async () => {
  engine = await startEngine({ definitions: FIXTURE, configYaml: `run_outputs:\n  max_bytes: ${MAX_BYTES}\n` });
  server = await startTestServer(engine.instance, engine.location);
});
afterAll(async () => {
  await server?.server.stop();
  await engine?.cleanup();
});

async function launch(jobName: string, tags: Record<string, string> = {}, runConfigData?: unknown): Promise<string> {
  const data = await executeOk(server.url, LAUNCH, {
    executionParams: {
      selector: { jobName },
      runConfigData,
      executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    },
  });
  if (data.launchRun.__typename !== 'LaunchRunSuccess') throw new Error(JSON.stringify(data.launchRun));
  return data.launchRun.run.runId as string;
}

function waitForStatus(runId: string, statuses: string[]): Promise<string> {
  return waitFor(
    async () => {
      const data = await executeOk(server.url, RUN, { runId });
      const status = data.runOrError.status as string;
      return statuses.includes(status) ? status : undefined;
    },
    { timeoutMs: 20_000, what: `run ${runId} to reach ${statuses.join('/')}` },
  );
}

async function reexecute(reexecutionParams: Record<string, unknown>): Promise<Any> {
  return (await executeOk(server.url, REEXECUTE, { reexecutionParams })).launchRunReexecution;
}

async function events(runId: string): Promise<{ message: string; stepKey: string | null; eventType: string }[]> {
  return (await executeOk(server.url, LOGS, { runId })).logsForRun.events;
}

async function stepsStarted(runId: string): Promise<string[]> {
  return (await events(runId)).filter((event) => event.eventType === 'STEP_START').map((event) => event.stepKey!);
}

const tagsOf = (run: { tags: { key: string; value: string }[] }) => Object.fromEntries(run.tags.map((tag) => [tag.key, tag.value]));

/** A finished pipeline_job run that failed at `consume` (produce succeeded and stored its output). */
async function failedAtConsume(): Promise<string> {
  const runId = await launch('pipeline_job', { fail: 'consume' });
  expect(await waitForStatus(runId, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
  return runId;
}

describe('stored step outputs', () => {
  it('stores each successful step’s return value as JSON, undefined as such', async () => {
    const runId = await launch('pipeline_job');
    expect(await waitForStatus(runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const outputs = await storedOutputsOf(engine.instance.database.db, runId);
    expect(outputs.get('produce')).toMatchObject({ value: { rows: [1, 2, 3], producedBy: runId }, isUndefined: false });
    expect(outputs.get('consume')).toMatchObject({ value: { total: 6, from: runId }, isUndefined: false });
    expect(outputs.get('report')).toMatchObject({ value: null, isUndefined: true, sizeBytes: 0 });
  });

  it('fails a step whose output is above run_outputs.max_bytes, saying how big, the limit and how to raise it', async () => {
    const small = await launch('big_output_job', {}, { ops: { big: { config: { bytes: 100 } } } });
    const large = await launch('big_output_job', {}, { ops: { big: { config: { bytes: 10_000 } } } });
    expect(await waitForStatus(small, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await waitForStatus(large, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
    const failure = (await events(large)).find((event) => event.eventType === 'STEP_FAILURE')!;
    expect(failure.stepKey).toBe('big');
    expect(failure.message).toContain(
      `The output of step "big" is 10002 bytes as JSON, above the limit of ${MAX_BYTES} bytes (run_outputs.max_bytes in the instance config)`,
    );
    expect(failure.message).toContain('raise run_outputs.max_bytes');
    expect((await storedOutputsOf(engine.instance.database.db, large)).size).toBe(0);
  });

  it('fails a step whose output is not plain JSON (function, BigInt, cycle, Date), naming the part', async () => {
    const cases: [string, string][] = [
      ['function', 'the value.callback is a function'],
      ['bigint', 'the value.count is a BigInt (10n)'],
      ['cycle', 'the value.self refers back to one of its containing values (a cycle)'],
      ['date', 'the value[0] is a Date, not a plain object'],
    ];
    const runIds = await Promise.all(cases.map(([kind]) => launch('bad_output_job', {}, { ops: { bad: { config: { kind } } } })));
    for (const [index, [, expected]] of cases.entries()) {
      expect(await waitForStatus(runIds[index]!, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
      const failure = (await events(runIds[index]!)).find((event) => event.eventType === 'STEP_FAILURE')!;
      expect(failure.message).toContain(`The output of step "bad" cannot be stored: ${expected}`);
    }
  });
});

describe('re-execution', () => {
  it('FROM_FAILURE runs only the failed steps, with the stored upstream output; the group lists both', async () => {
    const parent = await failedAtConsume();
    const result = await reexecute({ parentRunId: parent, strategy: 'FROM_FAILURE' });
    expect(result.__typename).toBe('LaunchRunSuccess');
    const child = result.run;
    expect(child.parentRunId).toBe(parent);
    expect(child.rootRunId).toBe(parent);
    expect(child.stepKeysToExecute).toEqual(['consume', 'report']);
    expect(tagsOf(child)).toMatchObject({
      'dagster/parent_run_id': parent,
      'dagster/root_run_id': parent,
      'dagster/is_resume_retry': 'true',
    });
    expect(tagsOf(child).fail).toBeUndefined();
    expect(await waitForStatus(child.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');

    expect(await stepsStarted(child.runId)).toEqual(['consume', 'report']);
    // consume received produce's output as the parent stored it (computed by the parent run).
    const received = (await events(child.runId)).find((event) => event.message.startsWith('consume received'))!;
    expect(JSON.parse(received.message.slice('consume received '.length))).toEqual({ rows: [1, 2, 3], producedBy: parent });

    const group = (await executeOk(server.url, GROUP, { runId: child.runId })).runGroupOrError;
    expect(group.__typename).toBe('RunGroup');
    expect(group.rootRunId).toBe(parent);
    expect(group.runs).toEqual([
      { runId: parent, parentRunId: null, rootRunId: null },
      { runId: child.runId, parentRunId: parent, rootRunId: parent },
    ]);
    const fromRoot = (await executeOk(server.url, GROUP, { runId: parent })).runGroupOrError;
    expect(fromRoot.runs.map((run: { runId: string }) => run.runId)).toEqual([parent, child.runId]);

    // A re-execution of the re-execution stays in the root's group, and loads produce's output from the root.
    const grandchild = await reexecute({ parentRunId: child.runId, strategy: 'ALL_STEPS' });
    expect(grandchild.run).toMatchObject({ parentRunId: child.runId, rootRunId: parent });
    expect(await waitForStatus(grandchild.run.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const third = await executeOk(server.url, REEXECUTE, {
      executionParams: {
        selector: { jobName: 'pipeline_job' },
        stepKeys: ['report'],
        executionMetadata: { parentRunId: child.runId, rootRunId: parent },
      },
    });
    expect(third.launchRunReexecution.run).toMatchObject({ parentRunId: child.runId, rootRunId: parent, stepKeysToExecute: ['report'] });
    expect(await waitForStatus(third.launchRunReexecution.run.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const reported = (await events(third.launchRunReexecution.run.runId)).find((event) => event.message.startsWith('report received'))!;
    expect(JSON.parse(reported.message.slice('report received '.length))).toEqual({ total: 6, from: parent });
    const whole = (await executeOk(server.url, GROUP, { runId: parent })).runGroupOrError;
    expect(whole.runs).toHaveLength(4);
  });

  it('ALL_STEPS runs every step again (legacy launchPipelineReexecution), keeping the parent’s tags when asked', async () => {
    const parent = await launch('pipeline_job', { fail: 'report', team: 'data' });
    expect(await waitForStatus(parent, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
    const data = await executeOk(server.url, REEXECUTE_LEGACY, {
      reexecutionParams: { parentRunId: parent, strategy: 'ALL_STEPS', useParentRunTags: true, extraTags: [{ key: 'fail', value: '' }] },
    });
    const child = data.launchPipelineReexecution.run;
    expect(tagsOf(child)).toMatchObject({ team: 'data', fail: '', 'dagster/parent_run_id': parent });
    expect(tagsOf(child)['dagster/is_resume_retry']).toBeUndefined();
    expect(child.stepKeysToExecute).toBeNull();
    expect(await waitForStatus(child.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await stepsStarted(child.runId)).toEqual(['produce', 'consume', 'report']);
    const received = (await events(child.runId)).find((event) => event.message.startsWith('consume received'))!;
    expect(received.message).toContain(child.runId);
  });

  it('runs an explicit step selection, loading the outputs of unselected upstream steps', async () => {
    const parent = await launch('pipeline_job');
    expect(await waitForStatus(parent, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const data = await executeOk(server.url, REEXECUTE, {
      executionParams: { selector: { jobName: 'pipeline_job' }, stepKeys: ['consume'], executionMetadata: { parentRunId: parent } },
    });
    const child = data.launchRunReexecution.run;
    expect(child.stepKeysToExecute).toEqual(['consume']);
    expect(await waitForStatus(child.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await stepsStarted(child.runId)).toEqual(['consume']);
    const outputs = await storedOutputsOf(engine.instance.database.db, child.runId);
    expect([...outputs.keys()]).toEqual(['consume']);
    expect(outputs.get('consume')!.value).toEqual({ total: 6, from: parent });
  });

  it('FROM_ASSET_FAILURE runs the assets that did not materialize', async () => {
    const parent = await launch('assets_job', { fail: 'clean_data' });
    expect(await waitForStatus(parent, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
    const result = await reexecute({ parentRunId: parent, strategy: 'FROM_ASSET_FAILURE' });
    expect(result.run.stepKeysToExecute).toEqual(['clean_data']);
    expect(tagsOf(result.run)['dagster/is_asset_resume_retry']).toBe('true');
    expect(await waitForStatus(result.run.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await stepsStarted(result.run.runId)).toEqual(['clean_data']);
  });

  it('answers each refusal with its error and creates no run', async () => {
    const countRuns = async () => (await storedRunIds()).length;
    const failed = await failedAtConsume();
    const succeeded = await launch('pipeline_job');
    const failedEarly = await launch('pipeline_job', { fail: 'produce' });
    const holding = await launch('hold_job');
    expect(await waitForStatus(succeeded, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await waitForStatus(failedEarly, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
    await waitForStatus(holding, ['STARTED']);
    // A run that failed with every step succeeded (e.g. ended from outside): nothing to retry from failure.
    const allStepsDone = await launch('pipeline_job');
    expect(await waitForStatus(allStepsDone, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    await engine.instance.database.db.transaction((tx) =>
      transitionRun(tx, allStepsDone, { from: ['SUCCESS'], to: 'FAILURE', message: 'Ended FAILURE by the test.' }),
    );
    const before = await countRuns();

    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await reexecute({ parentRunId: missing, strategy: 'ALL_STEPS' })).toMatchObject({
      __typename: 'PythonError',
      className: 'RunNotFoundError',
      message: `Run ${missing} could not be found.`,
    });
    expect(await reexecute({ parentRunId: holding, strategy: 'ALL_STEPS' })).toMatchObject({
      __typename: 'PythonError',
      className: 'ReexecutionNotAllowedError',
      message: `Run ${holding} is STARTED: only a finished run (SUCCESS, FAILURE or CANCELED) can be re-executed.`,
    });
    expect(await reexecute({ parentRunId: succeeded, strategy: 'FROM_FAILURE' })).toMatchObject({
      __typename: 'PythonError',
      message: expect.stringContaining('Cannot reexecute from failure a run that is not failed or canceled'),
    });
    expect(await reexecute({ parentRunId: allStepsDone, strategy: 'FROM_FAILURE' })).toMatchObject({
      __typename: 'InvalidSubsetError',
      message: 'No steps needed to be retried in the failed run.',
    });
    expect(await reexecute({ parentRunId: succeeded, strategy: 'FROM_ASSET_FAILURE' })).toMatchObject({
      __typename: 'InvalidSubsetError',
      message: 'No assets or asset checks needed to be retried in the failed run.',
    });
    const selected = (parentRunId: string, stepKeys: string[]) =>
      executeOk(server.url, REEXECUTE, {
        executionParams: { selector: { jobName: 'pipeline_job' }, stepKeys, executionMetadata: { parentRunId } },
      }).then((data) => data.launchRunReexecution);
    expect(await selected(failed, ['consume', 'nope'])).toEqual({ __typename: 'InvalidStepError', invalidStepKey: 'nope' });
    expect(await selected(failedEarly, ['consume'])).toMatchObject({
      __typename: 'PythonError',
      className: 'MissingStepOutputError',
      message: expect.stringContaining(`Step "consume" needs the output of step "produce", which this re-execution does not run`),
    });
    const both = await executeOk(server.url, REEXECUTE, {
      executionParams: { selector: { jobName: 'pipeline_job' }, executionMetadata: { parentRunId: failed } },
      reexecutionParams: { parentRunId: failed, strategy: 'ALL_STEPS' },
    });
    expect(both.launchRunReexecution).toMatchObject({
      __typename: 'PythonError',
      message: 'Must only provide one of either executionParams or reexecutionParams',
    });
    const neither = await executeOk(server.url, REEXECUTE, { executionParams: null });
    expect(neither.launchRunReexecution.__typename).toBe('PythonError');
    const badStrategy = await execute(server.url, REEXECUTE, { reexecutionParams: { parentRunId: failed, strategy: 'SOME_STEPS' } });
    expect(badStrategy.errors?.[0]?.message).toContain('SOME_STEPS');
    expect(await countRuns()).toBe(before);

    const group = (await executeOk(server.url, GROUP, { runId: missing })).runGroupOrError;
    expect(group).toEqual({
      __typename: 'RunGroupNotFoundError',
      runId: missing,
      message: `Run group of run ${missing} could not be found.`,
    });
    await executeOk(server.url, TERMINATE, { runId: holding });
    expect(await waitForStatus(holding, ['CANCELED'])).toBe('CANCELED');
  });
});

async function storedRunIds(): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(engine.instance.database.db, sql`select id from runs`);
  return rows.map((row) => row.id);
}

describe('tidepool run reexecute', () => {
  it('re-executes from failure through the CLI, and names the argument it refuses', async () => {
    const parent = await failedAtConsume();
    const home = await mkdtemp(join(tmpdir(), 'tidepool-reexecute-'));
    const env = { DATABASE_URL: engine.testDatabase.url, TIDEPOOL_HOME: home };
    try {
      const [ok, badStep, badStrategy] = await Promise.all([
        runCli(['run', 'reexecute', parent, '--definitions', FIXTURE, '--json'], { env }),
        runCli(['run', 'reexecute', parent, '--definitions', FIXTURE, '--step', 'nope'], { env }),
        runCli(['run', 'reexecute', parent, '--strategy', 'SOME_STEPS'], { env }),
      ]);
      expect(ok.code, ok.stderr).toBe(0);
      const launched = JSON.parse(ok.stdout) as { runId: string; parentRunId: string; stepKeysToExecute: string[] };
      expect(launched).toMatchObject({ parentRunId: parent, strategy: 'FROM_FAILURE', stepKeysToExecute: ['consume', 'report'] });
      expect(await waitForStatus(launched.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
      expect(await stepsStarted(launched.runId)).toEqual(['consume', 'report']);
      expect(badStep.code).not.toBe(0);
      expect(badStep.stderr).toContain('--step nope: The job "pipeline_job" has no step "nope"');
      expect(badStrategy.code).not.toBe(0);
      expect(badStrategy.stderr).toContain('--strategy');
      expect(badStrategy.stderr).toContain('SOME_STEPS');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('under the process executor (run_worker.executor: process)', () => {
  it('stores outputs sent by the run’s child process and gives a re-execution’s child the stored inputs', async () => {
    const processEngine = await startEngine({
      definitions: FIXTURE,
      configYaml: `run_outputs:\n  max_bytes: ${MAX_BYTES}\nrun_worker:\n  executor: process\n`,
    });
    const processServer = await startTestServer(processEngine.instance, processEngine.location);
    const previous = server;
    server = processServer;
    try {
      const parent = await failedAtConsume();
      const outputs = await storedOutputsOf(processEngine.instance.database.db, parent);
      expect(outputs.get('produce')!.value).toEqual({ rows: [1, 2, 3], producedBy: parent });
      const child = (await reexecute({ parentRunId: parent, strategy: 'FROM_FAILURE' })).run;
      expect(await waitForStatus(child.runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
      const received = (await events(child.runId)).find((event) => event.message.startsWith('consume received'))!;
      expect(JSON.parse(received.message.slice('consume received '.length))).toEqual({ rows: [1, 2, 3], producedBy: parent });
    } finally {
      server = previous;
      await processServer.server.stop();
      await processEngine.cleanup();
    }
    // Each run starts a process of its own (TypeScript definitions loaded through tsx): seconds each on a busy machine.
  }, 90_000);
});
