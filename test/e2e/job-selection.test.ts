// Issue 12: launchRun and pipelineOrError select jobs with one function (src/definitions/select-job.ts),
// so the same selector names the same job and steps, or fails with the same error, on both paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../src/definitions/index.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

// examples/index.ts is served as the code location "examples" (its directory's name).
const REPO = { repositoryName: '__repository__', repositoryLocationName: 'examples' };

let ctx: TestInstance;
let examples: TestServer;
let empty: TestServer;

beforeAll(async () => {
  ctx = await createTestInstance();
  examples = await startTestServer(ctx.instance, await loadDefinitions('examples/index.ts'));
  empty = await startTestServer(ctx.instance, null);
});
afterAll(async () => {
  await examples?.server.stop();
  await empty?.server.stop();
  await ctx?.cleanup();
});

interface Selection {
  jobName?: string;
  pipelineName?: string;
  assets?: string[];
  steps?: string[];
}

/** What a path answered: the job and its steps (null: the whole job), or the error's type and message. */
type Outcome = { job: string; steps: string[] | null } | { error: string; message: string };

async function post(url: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, Record<string, unknown>>; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

const assetSelectionOf = (s: Selection) => s.assets?.map((key) => ({ path: [key] }));

async function viaPipelineOrError(url: string, s: Selection): Promise<Outcome> {
  const { pipelineOrError: result } = await post(
    url,
    `query($params: PipelineSelector!) {
      pipelineOrError(params: $params) { __typename ... on Error { message } ... on Job { name solids { name } } }
    }`,
    { params: { ...REPO, jobName: s.jobName, pipelineName: s.pipelineName, solidSelection: s.steps, assetSelection: assetSelectionOf(s) } },
  );
  if (result!.__typename !== 'Job') return { error: result!.__typename as string, message: result!.message as string };
  // A launched run records its steps only when it was given a selection.
  const steps = s.steps || s.assets ? (result!.solids as { name: string }[]).map((solid) => solid.name) : null;
  return { job: result!.name as string, steps };
}

async function viaLaunchRun(url: string, s: Selection): Promise<Outcome> {
  const { launchRun: result } = await post(
    url,
    `mutation($params: ExecutionParams!) {
      launchRun(executionParams: $params) {
        __typename ... on Error { message } ... on LaunchRunSuccess { run { jobName stepKeysToExecute } }
      }
    }`,
    {
      params: {
        selector: { ...REPO, jobName: s.jobName, pipelineName: s.pipelineName, assetSelection: assetSelectionOf(s) },
        stepKeys: s.steps,
      },
    },
  );
  if (result!.__typename !== 'LaunchRunSuccess') return { error: result!.__typename as string, message: result!.message as string };
  const run = result!.run as { jobName: string; stepKeysToExecute: string[] | null };
  return { job: run.jobName, steps: run.stepKeysToExecute };
}

async function bothPaths(url: string, s: Selection): Promise<Outcome> {
  const [read, launched] = await Promise.all([viaPipelineOrError(url, s), viaLaunchRun(url, s)]);
  expect(launched).toEqual(read);
  return read;
}

describe('one job selection for launchRun and pipelineOrError', () => {
  it('takes pipelineName when it and jobName name different jobs, as Dagster does', async () => {
    expect(await bothPaths(examples.url, { jobName: 'etl_job', pipelineName: 'my_job' })).toEqual({ job: 'my_job', steps: null });
    expect(await bothPaths(examples.url, { jobName: 'my_job', pipelineName: '' })).toEqual({ job: 'my_job', steps: null });
  });

  it('refuses a selection of both assets and steps', async () => {
    expect(await bothPaths(examples.url, { jobName: '__ASSET_JOB', assets: ['my_asset'], steps: ['my_asset'] })).toEqual({
      error: 'InvalidSubsetError',
      message: expect.stringContaining('not both'),
    });
  });

  it('selects the same steps for an asset or a step selection', async () => {
    expect(await bothPaths(examples.url, { jobName: '__ASSET_JOB', assets: ['my_graph_asset'] })).toEqual({
      job: '__ASSET_JOB',
      steps: ['my_graph_asset.my_op', 'my_graph_asset.my_downstream_op'],
    });
    expect(await bothPaths(examples.url, { jobName: '__ASSET_JOB', steps: ['my_asset'] })).toEqual({
      job: '__ASSET_JOB',
      steps: ['my_asset'],
    });
  });

  it('answers an asset the job does not materialize with the same InvalidSubsetError', async () => {
    expect(await bothPaths(examples.url, { jobName: 'my_job', assets: ['my_asset'] })).toEqual({
      error: 'InvalidSubsetError',
      message: 'The job "my_job" does not materialize the asset(s) "my_asset" (its assets: "first_asset").',
    });
  });

  it('answers an unknown job, no job, or no definitions with the same PipelineNotFoundError', async () => {
    expect(await bothPaths(examples.url, { jobName: 'no_such_job' })).toEqual({
      error: 'PipelineNotFoundError',
      message: 'Could not find a job named "no_such_job" in __repository__@examples.',
    });
    expect(await bothPaths(examples.url, {})).toEqual({ error: 'PipelineNotFoundError', message: expect.stringContaining('names no job') });
    expect(await bothPaths(empty.url, { jobName: 'my_job' })).toEqual({
      error: 'PipelineNotFoundError',
      message: 'Could not find a job named "my_job" in __repository__@examples.',
    });
  });
});
