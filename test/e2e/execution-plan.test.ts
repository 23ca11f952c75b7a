// Issue 17: a run's execution plan and job snapshot. Launches store the job's structure once per distinct
// structure (job_snapshots) in the transaction that creates the runs; Run.executionPlan, Run.pipeline and
// pipelineSnapshotOrError read the stored snapshot, so a run keeps its plan after its job changes.
// Two servers on one database serve two versions of one code location ("plans"), as a reload would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import { asset, Definitions, job, op } from '../../src/index.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { countJobSnapshots } from '../../src/runs/job-snapshots.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { newRun } from '../support/runs.js';

const REPO = { repositoryName: '__repository__', repositoryLocationName: 'plans' };

/** The location "plans": `etl` is extract → transform → load (v2 adds `audit`, fed by extract). */
function plans(version: 1 | 2): LoadedDefinitions {
  const extract = op({ name: 'extract', tags: { kind: 'io', area: 'raw' } }, async () => 1);
  const transform = op({ name: 'transform', pool: 'cpu', ins: ['raw'] }, async (_context, n: number) => n + 1);
  const load = op({ name: 'load', ins: ['rows'] }, async (_context, n: number) => n);
  const audit = op({ name: 'audit', ins: ['raw'] }, async (_context, n: number) => n);
  const etl = job({ name: 'etl', tags: { team: 'data' }, description: 'Extract, transform, load.' }, () => {
    const raw = extract();
    load(transform(raw));
    if (version === 2) audit(raw);
  });
  const up = asset({ name: 'up' }, async () => undefined);
  const down = asset({ name: 'down', deps: [up] }, async () => undefined);
  return { definitions: new Definitions({ assets: [up, down], jobs: [etl] }), locationName: 'plans', file: 'plans.ts' };
}

let ctx: TestInstance;
let v1: TestServer;
let v2: TestServer;

beforeAll(async () => {
  ctx = await createTestInstance();
  v1 = await startTestServer(ctx.instance, plans(1));
  v2 = await startTestServer(ctx.instance, plans(2));
});
afterAll(async () => {
  await v1?.server.stop();
  await v2?.server.stop();
  await ctx?.cleanup();
});

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- untyped test queries

async function post(server: TestServer, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

const LAUNCH = `mutation($params: ExecutionParams!) {
  launchRun(executionParams: $params) { __typename ... on LaunchRunSuccess { run { runId pipelineSnapshotId } } ... on Error { message } }
}`;

async function launch(
  server: TestServer,
  selector: Record<string, unknown>,
  stepKeys?: string[],
): Promise<{ runId: string; pipelineSnapshotId: string }> {
  const { launchRun } = await post(server, LAUNCH, { params: { selector: { ...REPO, ...selector }, stepKeys } });
  expect(launchRun.__typename, launchRun.message).toBe('LaunchRunSuccess');
  return launchRun.run;
}

const PLAN = `query($runId: ID!) {
  runOrError(runId: $runId) {
    ... on Run {
      pipelineSnapshotId
      stepKeysToExecute
      executionPlan {
        artifactsPersisted
        steps { key solidHandleID kind inputs { name dependsOn { key } } outputs { name } metadata { key value } }
      }
      pipeline { __typename name solidSelection ... on PipelineSnapshot { pipelineSnapshotId solids { name } } }
    }
  }
}`;

async function runPlan(server: TestServer, runId: string): Promise<Data> {
  return (await post(server, PLAN, { runId })).runOrError;
}

/** A plan as [key, [input name, dependsOn keys]…] rows, for compact assertions. */
function shape(plan: Data): [string, [string, string[]][]][] {
  return plan.steps.map((step: Data) => [
    step.key,
    step.inputs.map((input: Data) => [input.name, input.dependsOn.map((d: Data) => d.key)]),
  ]);
}

const SNAPSHOT = `query($snapshotId: String, $selector: PipelineSelector) {
  pipelineSnapshotOrError(snapshotId: $snapshotId, activePipelineSelector: $selector) {
    __typename
    ... on PipelineSnapshot { id pipelineSnapshotId name description graphName parentSnapshotId tags { key value } solids { name inputs { definition { name } } } runs { runId } }
    ... on PipelineSnapshotNotFoundError { message snapshotId }
    ... on PipelineNotFoundError { message pipelineName }
    ... on PythonError { message className }
  }
}`;

describe('job snapshots and execution plans', () => {
  let first: { runId: string; pipelineSnapshotId: string };

  it('stores one snapshot for two runs of the same job, named by the job as loaded', async () => {
    const before = await countJobSnapshots(ctx.instance.database.db);
    first = await launch(v1, { jobName: 'etl' });
    const second = await launch(v1, { jobName: 'etl' });
    expect(first.pipelineSnapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(second.pipelineSnapshotId).toBe(first.pipelineSnapshotId);
    expect(await countJobSnapshots(ctx.instance.database.db)).toBe(before + 1);

    const { pipelineOrError } = await post(
      v1,
      `query($p: PipelineSelector!) { pipelineOrError(params: $p) { ... on Job { pipelineSnapshotId } } }`,
      {
        p: { ...REPO, pipelineName: 'etl' },
      },
    );
    expect(pipelineOrError.pipelineSnapshotId).toBe(first.pipelineSnapshotId);
  });

  it("shows the job's steps, inputs with the steps they depend on, outputs and tags", async () => {
    const run = await runPlan(v1, first.runId);
    expect(run.pipelineSnapshotId).toBe(first.pipelineSnapshotId);
    expect(run.executionPlan.artifactsPersisted).toBe(true);
    expect(shape(run.executionPlan)).toEqual([
      ['extract', []],
      ['transform', [['raw', ['extract']]]],
      ['load', [['rows', ['transform']]]],
    ]);
    for (const step of run.executionPlan.steps) {
      expect(step.kind).toBe('COMPUTE');
      expect(step.solidHandleID).toBe(step.key);
      expect(step.outputs).toEqual([{ name: 'result' }]);
    }
    expect(run.executionPlan.steps[0].metadata).toEqual([
      { key: 'area', value: 'raw' },
      { key: 'kind', value: 'io' },
    ]);
    expect(run.pipeline).toMatchObject({
      __typename: 'PipelineSnapshot',
      name: 'etl',
      solidSelection: null,
      pipelineSnapshotId: first.pipelineSnapshotId,
    });
    expect(run.pipeline.solids.map((s: Data) => s.name)).toEqual(['extract', 'transform', 'load']);
  });

  it('gives a changed job a new snapshot, written once for a launch of many runs; old runs keep their plan', async () => {
    const before = await countJobSnapshots(ctx.instance.database.db);
    const { launchMultipleRuns } = await post(
      v2,
      `mutation($list: [ExecutionParams!]!) {
        launchMultipleRuns(executionParamsList: $list) {
          __typename ... on LaunchMultipleRunsResult { launchMultipleRunsResult { __typename ... on LaunchRunSuccess { run { runId pipelineSnapshotId } } } }
        }
      }`,
      { list: Array.from({ length: 6 }, () => ({ selector: { ...REPO, jobName: 'etl' } })) },
    );
    const results = launchMultipleRuns.launchMultipleRunsResult as Data[];
    expect(results.map((r) => r.__typename)).toEqual(Array(6).fill('LaunchRunSuccess'));
    const ids = new Set(results.map((r) => r.run.pipelineSnapshotId));
    expect(ids.size).toBe(1);
    const [changed] = ids;
    expect(changed).not.toBe(first.pipelineSnapshotId);
    expect(await countJobSnapshots(ctx.instance.database.db)).toBe(before + 1);

    const newer = await runPlan(v2, results[0]!.run.runId);
    expect(shape(newer.executionPlan).map(([key]) => key)).toEqual(['extract', 'transform', 'load', 'audit']);
    // The first run, read through the server that serves the changed job, still shows what it ran.
    const older = await runPlan(v2, first.runId);
    expect(shape(older.executionPlan).map(([key]) => key)).toEqual(['extract', 'transform', 'load']);
    expect(older.pipeline.pipelineSnapshotId).toBe(first.pipelineSnapshotId);
  });

  it('shows only the steps a run executes, and only planned steps as dependencies', async () => {
    const subset = await launch(v1, { jobName: 'etl' }, ['extract', 'transform']);
    expect(shape((await runPlan(v1, subset.runId)).executionPlan)).toEqual([
      ['extract', []],
      ['transform', [['raw', ['extract']]]],
    ]);
    // A run of the downstream asset alone: its input from `deps` is shown, with no step to depend on.
    const down = await launch(v1, { jobName: '__ASSET_JOB', assetSelection: [{ path: ['down'] }] });
    const run = await runPlan(v1, down.runId);
    expect(run.stepKeysToExecute).toEqual(['down']);
    expect(shape(run.executionPlan)).toEqual([['down', [['up', []]]]]);
    // The snapshot is of the whole job whatever the run executes.
    expect(run.pipeline.solids.map((s: Data) => s.name)).toEqual(['up', 'down']);
  });

  it('answers pipelineSnapshotOrError by id, by active selector, and with typed errors', async () => {
    const { pipelineSnapshotOrError: stored } = await post(v2, SNAPSHOT, { snapshotId: first.pipelineSnapshotId });
    expect(stored).toMatchObject({
      __typename: 'PipelineSnapshot',
      id: first.pipelineSnapshotId,
      pipelineSnapshotId: first.pipelineSnapshotId,
      name: 'etl',
      description: 'Extract, transform, load.',
      graphName: 'etl',
      parentSnapshotId: null,
      tags: [{ key: 'team', value: 'data' }],
    });
    expect(stored.solids).toEqual([
      { name: 'extract', inputs: [] },
      { name: 'transform', inputs: [{ definition: { name: 'raw' } }] },
      { name: 'load', inputs: [{ definition: { name: 'rows' } }] },
    ]);
    expect(stored.runs.map((r: Data) => r.runId)).toContain(first.runId);

    const { pipelineSnapshotOrError: active } = await post(v2, SNAPSHOT, { selector: { ...REPO, pipelineName: 'etl' } });
    expect(active.__typename).toBe('PipelineSnapshot');
    expect(active.id).not.toBe(first.pipelineSnapshotId);
    expect(active.solids.map((s: Data) => s.name)).toEqual(['extract', 'transform', 'load', 'audit']);

    const missing = 'f'.repeat(64);
    const { pipelineSnapshotOrError: notFound } = await post(v1, SNAPSHOT, { snapshotId: missing });
    expect(notFound).toMatchObject({ __typename: 'PipelineSnapshotNotFoundError', snapshotId: missing });
    const { pipelineSnapshotOrError: noJob } = await post(v1, SNAPSHOT, { selector: { ...REPO, pipelineName: 'nope' } });
    expect(noJob).toMatchObject({ __typename: 'PipelineNotFoundError', pipelineName: 'nope' });
    for (const variables of [{}, { snapshotId: missing, selector: { ...REPO, pipelineName: 'etl' } }]) {
      const { pipelineSnapshotOrError: invalid } = await post(v1, SNAPSHOT, variables);
      expect(invalid).toMatchObject({ __typename: 'PythonError', className: 'PipelineSnapshotArgumentsError' });
    }
  });

  it('plans runs created before snapshots from the job as loaded now, and has no plan for a job that is gone', async () => {
    const [legacy, gone] = await createRuns(
      ctx.instance.database.db,
      [newRun({ jobName: 'etl', locationName: 'plans' }), newRun({ jobName: 'gone_job', locationName: 'plans' })],
      'QUEUED',
    );
    const run = await runPlan(v2, legacy!);
    expect(run.pipelineSnapshotId).toBeNull();
    expect(shape(run.executionPlan).map(([key]) => key)).toEqual(['extract', 'transform', 'load', 'audit']);
    expect(run.pipeline).toEqual({ __typename: 'UnknownPipeline', name: 'etl', solidSelection: null });
    const none = await runPlan(v2, gone!);
    expect(none.executionPlan).toBeNull();
    expect(none.pipeline).toMatchObject({ __typename: 'UnknownPipeline', name: 'gone_job' });
  });
});
