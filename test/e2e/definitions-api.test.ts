import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { Definitions, asset, graphAsset, op } from '../../src/index.js';
import {
  DefinitionsAssetNodeOrErrorDocument,
  DefinitionsAssetNodesByKeysDocument,
  DefinitionsAssetNodesDocument,
  DefinitionsAssetNodesOfGroupDocument,
  DefinitionsAssetNodesOfJobDocument,
  DefinitionsOpDetailsDocument,
  DefinitionsPipelineAssetSubsetDocument,
  DefinitionsPipelineDocument,
  DefinitionsRepositoriesDocument,
  type DefinitionsPipelineQueryVariables,
  type DefinitionsPipelineResultFragment,
} from '../generated/graphql.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

// examples/index.ts is served as the code location "examples" (its directory's name).
const REPO = { repositoryName: '__repository__', repositoryLocationName: 'examples' };

let ctx: TestInstance;
let examples: TestServer;
let custom: TestServer;
let empty: TestServer;

// A second location for what the examples do not show: asset deps, groups, tags, descriptions.
function customLocation(): LoadedDefinitions {
  const raw = asset({ name: 'raw', groupName: 'ingest', tags: { owner: 'data' }, description: 'Raw rows.' }, () => {});
  const left = op({ name: 'left', pool: 'db' }, () => 1);
  const right = op({ name: 'right' }, () => 2);
  const split = graphAsset({ name: 'split', deps: [raw] }, () => {
    left();
    right();
  });
  const report = asset({ name: 'report', deps: [split, raw], pool: 'db' }, () => {});
  return {
    definitions: new Definitions({ assets: [raw, split, report] }),
    locationName: 'custom',
    file: '/nowhere/custom.ts',
  };
}

beforeAll(async () => {
  ctx = await createTestInstance();
  examples = await startTestServer(ctx.instance, await loadDefinitions('examples/index.ts'));
  custom = await startTestServer(ctx.instance, customLocation());
  empty = await startTestServer(ctx.instance, null);
});
afterAll(async () => {
  await examples?.server.stop();
  await custom?.server.stop();
  await empty?.server.stop();
  await ctx?.cleanup();
});

async function pipeline(url: string, selector: Partial<DefinitionsPipelineQueryVariables>) {
  return (await executeOk(url, DefinitionsPipelineDocument, { ...REPO, ...selector })).pipelineOrError;
}

async function assetSubset(jobName: string, assetPath: string[], solidSelection?: string[]) {
  const variables = { ...REPO, jobName, assetPath, solidSelection };
  return (await executeOk(examples.url, DefinitionsPipelineAssetSubsetDocument, variables)).pipelineOrError;
}

async function assetNodeOrError(url: string, path: string[]) {
  return (await executeOk(url, DefinitionsAssetNodeOrErrorDocument, { path })).assetNodeOrError;
}

const keysOf = (nodes: { assetKey: { path: string[] } }[]) => nodes.map((node) => node.assetKey.path.join('/'));

type JobResult = Extract<DefinitionsPipelineResultFragment, { __typename: 'Job' }>;

function asJob(result: DefinitionsPipelineResultFragment): JobResult {
  expect(result.__typename).toBe('Job');
  return result as JobResult;
}

function solid(job: JobResult, name: string) {
  const found = job.solids.find((candidate) => candidate.name === name);
  expect(found, `solid ${name}`).toBeDefined();
  return found!;
}

describe("the guide's example: pools on assets and ops", () => {
  it('shows my_asset in pool foo, as an asset node and as a step of __ASSET_JOB', async () => {
    expect(await assetNodeOrError(examples.url, ['my_asset'])).toMatchObject({
      __typename: 'AssetNode',
      assetKey: { path: ['my_asset'] },
      pools: ['foo'],
      opName: 'my_asset',
      opNames: ['my_asset'],
      isGraphAsset: false,
      isExecutable: true,
      computeKind: null,
      groupName: 'default',
      jobNames: ['__ASSET_JOB'],
    });

    const job = asJob(await pipeline(examples.url, { jobName: '__ASSET_JOB' }));
    expect(solid(job, 'my_asset')).toMatchObject({
      pool: 'foo',
      pools: ['foo'],
      definition: { name: 'my_asset', pool: 'foo', pools: ['foo'] },
      inputs: [],
      upstreamStepKeys: [],
    });
  });

  it("shows my_graph_asset's ops in pools bar and barbar, my_downstream_op after my_op", async () => {
    const job = asJob(await pipeline(examples.url, { jobName: '__ASSET_JOB' }));
    expect(solid(job, 'my_graph_asset.my_op')).toMatchObject({
      pool: 'bar',
      definition: { name: 'my_op', pool: 'bar', pools: ['bar'], description: null },
      inputs: [],
      upstreamStepKeys: [],
      outputs: [
        {
          definition: { name: 'result' },
          dependedBy: [{ solid: { name: 'my_graph_asset.my_downstream_op' }, definition: { name: 'inp' } }],
        },
      ],
    });
    expect(solid(job, 'my_graph_asset.my_downstream_op')).toMatchObject({
      pool: 'barbar',
      pools: ['barbar'],
      definition: { name: 'my_downstream_op', pool: 'barbar' },
      inputs: [{ definition: { name: 'inp' }, dependsOn: [{ solid: { name: 'my_graph_asset.my_op' } }] }],
      upstreamStepKeys: ['my_graph_asset.my_op'],
      outputs: [{ definition: { name: 'result' }, dependedBy: [] }],
    });
    expect(job.pools).toEqual(['bar', 'barbar', 'foo']);
  });

  it("gives my_graph_asset's asset node the pools of its ops", async () => {
    const nodes = (await executeOk(examples.url, DefinitionsAssetNodesDocument)).assetNodes;
    expect(nodes.map((node) => [node.assetKey.path, node.pools])).toEqual([
      [['my_asset'], ['foo']],
      [['my_graph_asset'], ['bar', 'barbar']],
      [['first_asset'], []],
      [['regional'], []],
      [['daily'], []],
    ]);
    expect(nodes[1]).toMatchObject({
      opNames: ['my_graph_asset.my_op', 'my_graph_asset.my_downstream_op'],
      opName: 'my_graph_asset.my_op',
      isGraphAsset: true,
    });
  });

  it("answers the op details pane: one handle's pool, and the ops under a graph asset", async () => {
    const data = await executeOk(examples.url, DefinitionsOpDetailsDocument, {
      ...REPO,
      jobName: '__ASSET_JOB',
      handleID: 'my_graph_asset.my_downstream_op',
      parentHandleID: 'my_graph_asset',
    });
    expect(data.pipelineOrError).toEqual({
      __typename: 'Job',
      solidHandle: {
        handleID: 'my_graph_asset.my_downstream_op',
        solid: { name: 'my_graph_asset.my_downstream_op', definition: { name: 'my_downstream_op', pool: 'barbar', pools: ['barbar'] } },
      },
      solidHandles: [{ handleID: 'my_graph_asset.my_downstream_op' }, { handleID: 'my_graph_asset.my_op' }],
    });
    const missing = await executeOk(examples.url, DefinitionsOpDetailsDocument, {
      ...REPO,
      jobName: '__ASSET_JOB',
      handleID: 'no_such_op',
    });
    expect(missing.pipelineOrError).toMatchObject({ solidHandle: null });
    expect((missing.pipelineOrError as { solidHandles: unknown[] }).solidHandles).toHaveLength(6);
  });
});

describe('repositoriesOrError', () => {
  it('lists the location, its jobs with their pools, assets, schedules and sensors', async () => {
    const result = (await executeOk(examples.url, DefinitionsRepositoriesDocument)).repositoriesOrError;
    expect(result.__typename).toBe('RepositoryConnection');
    if (result.__typename !== 'RepositoryConnection') return;
    expect(result.nodes).toHaveLength(1);
    const repository = result.nodes[0]!;
    expect(repository).toMatchObject({
      id: 'examples:__repository__',
      name: '__repository__',
      location: { id: 'examples', name: 'examples' },
    });
    expect(repository.jobs.map(({ name, isAssetJob, pools }) => ({ name, isAssetJob, pools }))).toEqual([
      { name: '__ASSET_JOB', isAssetJob: true, pools: ['bar', 'barbar', 'foo'] },
      { name: 'etl_job', isAssetJob: false, pools: ['compute', 'warehouse'] },
      { name: 'my_job', isAssetJob: true, pools: [] },
    ]);
    expect(repository.pipelines.map((job) => job.name)).toEqual(repository.jobs.map((job) => job.name));
    const etl = repository.jobs.find((job) => job.name === 'etl_job')!;
    expect(etl).toMatchObject({ id: 'examples:__repository__:etl_job', isJob: true, tags: [{ key: 'team', value: 'data' }] });
    expect(etl.solids.map((s) => s.name)).toEqual(['extract', 'transform', 'transform_2', 'load']);
    expect(repository.jobs.find((job) => job.name === 'my_job')!.solids).toEqual([{ name: 'first_asset' }]);
    expect(repository.assetNodes.map((node) => node.assetKey.path[0])).toEqual([
      'my_asset',
      'my_graph_asset',
      'first_asset',
      'regional',
      'daily',
    ]);
    expect(repository.schedules).toEqual([
      {
        id: 'examples:__repository__:schedule:my_schedule',
        name: 'my_schedule',
        cronSchedule: '* * * * *',
        executionTimezone: null,
        description: null,
        pipelineName: 'my_job',
        mode: 'default',
      },
    ]);
    expect(repository.sensors).toEqual([
      {
        id: 'examples:__repository__:sensor:my_cool_sensor',
        name: 'my_cool_sensor',
        description: null,
        minIntervalSeconds: 60,
        targets: [{ pipelineName: 'etl_job', mode: 'default' }],
      },
    ]);
  });

  it('is empty when the server runs without definitions', async () => {
    const result = (await executeOk(empty.url, DefinitionsRepositoriesDocument)).repositoriesOrError;
    expect(result).toEqual({ __typename: 'RepositoryConnection', nodes: [] });
  });
});

describe('pipelineOrError', () => {
  it('draws an op job: aliased ops share a definition, inputs name their upstream steps', async () => {
    const job = asJob(await pipeline(examples.url, { pipelineName: 'etl_job' }));
    expect(job).toMatchObject({ id: 'examples:__repository__:etl_job', name: 'etl_job', isJob: true, isAssetJob: false });
    expect(solid(job, 'transform_2')).toMatchObject({
      definition: { name: 'transform', pool: 'compute' },
      inputs: [{ definition: { name: 'rows' }, dependsOn: [{ solid: { name: 'extract' } }] }],
    });
    expect(solid(job, 'load')).toMatchObject({
      pool: 'warehouse',
      inputs: [
        { definition: { name: 'left' }, dependsOn: [{ solid: { name: 'transform' } }] },
        { definition: { name: 'right' }, dependsOn: [{ solid: { name: 'transform_2' } }] },
      ],
      upstreamStepKeys: ['transform', 'transform_2'],
    });
    expect(solid(job, 'extract').outputs[0]!.dependedBy.map((input) => input.solid.name)).toEqual(['transform', 'transform_2']);
    expect(job.solidHandles.map((handle) => handle.handleID)).toEqual(['extract', 'load', 'transform', 'transform_2']);
  });

  it('returns the subset an asset selection asks for, with its own id and pools', async () => {
    const job = asJob(await assetSubset('__ASSET_JOB', ['my_graph_asset']));
    expect(job.solids.map((s) => s.name)).toEqual(['my_graph_asset.my_op', 'my_graph_asset.my_downstream_op']);
    expect(job.pools).toEqual(['bar', 'barbar']);
    expect(job.id).not.toBe('examples:__repository__:__ASSET_JOB');
  });

  it('returns a step subset and drops ordering on unselected steps', async () => {
    const job = asJob(await pipeline(custom.url, { repositoryLocationName: 'custom', jobName: '__ASSET_JOB', solidSelection: ['report'] }));
    expect(job.solids).toHaveLength(1);
    expect(solid(job, 'report')).toMatchObject({ upstreamStepKeys: [], inputs: [] });
  });

  it('answers PipelineNotFoundError for an unknown job or another location', async () => {
    expect(await pipeline(examples.url, { jobName: 'no_such_job' })).toEqual({
      __typename: 'PipelineNotFoundError',
      message: 'Could not find a job named "no_such_job" in __repository__@examples.',
      pipelineName: 'no_such_job',
      repositoryName: '__repository__',
      repositoryLocationName: 'examples',
    });
    expect(await pipeline(examples.url, { jobName: 'etl_job', repositoryLocationName: 'elsewhere' })).toMatchObject({
      __typename: 'PipelineNotFoundError',
      pipelineName: 'etl_job',
      repositoryLocationName: 'elsewhere',
    });
    expect(await pipeline(examples.url, { jobName: 'etl_job', repositoryName: 'other_repo' })).toMatchObject({
      __typename: 'PipelineNotFoundError',
      repositoryName: 'other_repo',
    });
  });

  it('answers PipelineNotFoundError with a sentence when the selector names no job', async () => {
    expect(await pipeline(examples.url, {})).toMatchObject({
      __typename: 'PipelineNotFoundError',
      pipelineName: '',
      message: expect.stringContaining('names no job'),
    });
  });

  it('takes pipelineName when it and jobName name different jobs, as Dagster does', async () => {
    expect(await pipeline(examples.url, { jobName: 'etl_job', pipelineName: 'my_job' })).toMatchObject({
      __typename: 'Job',
      name: 'my_job',
    });
  });

  it('answers InvalidSubsetError for an invalid asset or step selection', async () => {
    const unknownAsset = await assetSubset('__ASSET_JOB', ['nope']);
    expect(unknownAsset).toMatchObject({ __typename: 'InvalidSubsetError', message: expect.stringContaining('"nope"') });

    // The error names the whole job the selection was made from (Dagster's InvalidSubsetError.pipeline).
    const notInJob = await assetSubset('my_job', ['my_asset']);
    expect(notInJob).toMatchObject({ __typename: 'InvalidSubsetError', message: expect.stringContaining('"my_asset"') });
    if (notInJob.__typename !== 'InvalidSubsetError') return;
    expect(notInJob.pipeline.name).toBe('my_job');
    expect(notInJob.pipeline.solids.length).toBeGreaterThan(0);

    const opJob = await assetSubset('etl_job', ['my_asset']);
    expect(opJob.__typename).toBe('InvalidSubsetError');

    const missingInput = await pipeline(examples.url, {
      jobName: '__ASSET_JOB',
      solidSelection: ['my_graph_asset.my_downstream_op'],
    });
    expect(missingInput).toMatchObject({
      __typename: 'InvalidSubsetError',
      message: expect.stringContaining('"my_graph_asset.my_op"'),
    });

    const both = await assetSubset('__ASSET_JOB', ['my_asset'], ['my_asset']);
    expect(both).toMatchObject({ __typename: 'InvalidSubsetError', message: expect.stringContaining('not both') });
  });

  it('answers PipelineNotFoundError when the server runs without definitions', async () => {
    expect(await pipeline(empty.url, { jobName: '__ASSET_JOB' })).toMatchObject({
      __typename: 'PipelineNotFoundError',
      pipelineName: '__ASSET_JOB',
    });
  });
});

describe('assetNodes and assetNodeOrError', () => {
  it("narrows to a job's assets, to keys, or to a group", async () => {
    const ofJob = async (jobName: string) =>
      keysOf((await executeOk(examples.url, DefinitionsAssetNodesOfJobDocument, { ...REPO, jobName })).assetNodes);
    expect(await ofJob('my_job')).toEqual(['first_asset']);
    expect(await ofJob('__ASSET_JOB')).toEqual(['my_asset', 'my_graph_asset', 'first_asset', 'regional', 'daily']);
    expect(await ofJob('etl_job')).toEqual([]);
    expect(await ofJob('no_such_job')).toEqual([]);

    const ofGroup = async (groupName: string, repositoryLocationName = 'examples') =>
      keysOf(
        (await executeOk(examples.url, DefinitionsAssetNodesOfGroupDocument, { ...REPO, repositoryLocationName, groupName })).assetNodes,
      );
    expect(await ofGroup('default')).toEqual(['my_asset', 'my_graph_asset', 'first_asset', 'regional', 'daily']);
    expect(await ofGroup('other')).toEqual([]);
    expect(await ofGroup('default', 'elsewhere')).toEqual([]);

    const byKeys = await executeOk(examples.url, DefinitionsAssetNodesByKeysDocument, {
      ...REPO,
      jobName: 'my_job',
      first: ['first_asset'],
      second: ['my_graph_asset'],
    });
    expect(keysOf(byKeys.byKeys)).toEqual(['my_graph_asset', 'first_asset']);
    expect(keysOf(byKeys.inJob)).toEqual(['first_asset']);
  });

  it('shows dependencies, groups, tags and descriptions', async () => {
    const nodes = (await executeOk(custom.url, DefinitionsAssetNodesDocument)).assetNodes;
    const byKey = Object.fromEntries(nodes.map((node) => [node.assetKey.path[0], node]));
    expect(byKey['raw']).toMatchObject({
      id: 'custom:__repository__:["raw"]',
      groupName: 'ingest',
      description: 'Raw rows.',
      tags: [{ key: 'owner', value: 'data' }],
      dependencyKeys: [],
      dependedByKeys: [{ path: ['split'] }, { path: ['report'] }],
      pools: [],
    });
    expect(byKey['split']).toMatchObject({ dependencyKeys: [{ path: ['raw'] }], pools: ['db'], isGraphAsset: true });
    expect(byKey['report']).toMatchObject({ dependencyKeys: [{ path: ['split'] }, { path: ['raw'] }], pools: ['db'] });
    const grouped = await executeOk(custom.url, DefinitionsAssetNodesOfGroupDocument, {
      ...REPO,
      repositoryLocationName: 'custom',
      groupName: 'ingest',
    });
    expect(keysOf(grouped.assetNodes)).toEqual(['raw']);
  });

  it('turns asset deps into one input per upstream asset, naming it', async () => {
    const job = asJob(await pipeline(custom.url, { repositoryLocationName: 'custom', jobName: '__ASSET_JOB' }));
    // `split` has two output ops (left, right); `report` waits for both and for `raw`.
    expect(solid(job, 'report').inputs).toEqual([
      { definition: { name: 'split' }, dependsOn: [{ solid: { name: 'split.left' } }, { solid: { name: 'split.right' } }] },
      { definition: { name: 'raw' }, dependsOn: [{ solid: { name: 'raw' } }] },
    ]);
    expect(solid(job, 'report').upstreamStepKeys).toEqual(['split.left', 'split.right', 'raw']);
    expect(solid(job, 'split.left').inputs).toEqual([{ definition: { name: 'raw' }, dependsOn: [{ solid: { name: 'raw' } }] }]);
    expect(solid(job, 'raw').outputs[0]!.dependedBy.map((input) => [input.solid.name, input.definition.name])).toEqual([
      ['split.left', 'raw'],
      ['split.right', 'raw'],
      ['report', 'raw'],
    ]);
  });

  it('answers AssetNotFoundError for an unknown key, a multi-part key, or no location', async () => {
    for (const [url, path] of [
      [examples.url, ['nope']],
      [examples.url, ['my', 'asset']],
      [empty.url, ['my_asset']],
    ] as const) {
      expect(await assetNodeOrError(url, [...path])).toEqual({
        __typename: 'AssetNotFoundError',
        message: `Asset key ${JSON.stringify(path)} not found.`,
      });
    }
    expect((await executeOk(empty.url, DefinitionsAssetNodesDocument)).assetNodes).toEqual([]);
  });
});
