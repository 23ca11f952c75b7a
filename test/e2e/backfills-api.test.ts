// Partitions and backfills over GraphQL with Dagster's names and shapes, against a server with the engine
// and the backfill daemon running: partition sets and keys, launching (job and asset backfills), reading
// a backfill's partitions and runs, cancel and resume, and every bad input as a typed union member that
// writes nothing.
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { startEngine, type EngineHarness } from '../support/engine.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/backfills/index.ts', import.meta.url));
const REPO = '{ repositoryName: "__repository__", repositoryLocationName: "backfills" }';

let engine: EngineHarness;
let server: TestServer;

beforeAll(async () => {
  engine = await startEngine({ definitions: FIXTURE, parts: { backfills: true, automation: false, worker: { pollIntervalMs: 200 } } });
  server = await startTestServer(engine.instance, engine.location);
});
afterAll(async () => {
  await server?.server.stop();
  await engine?.cleanup();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in each test
async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const LAUNCH = `mutation Launch($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId launchedRunIds }
    ... on Error { message }
    ... on PartitionSetNotFoundError { partitionSetName }
    ... on InvalidSubsetError { pipeline { name } }
    ... on PythonError { className }
  }
}`;

const BACKFILL = `query Backfill($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill {
      id status numPartitions partitionNames partitionSetName isAssetBackfill timestamp endTimestamp numCancelable
      assetSelection { path }
      tags { key value }
      partitionSet { name pipelineName }
      runs(limit: 10) { runId tags { key value } }
      partitionStatuses { results { id partitionName runId runStatus runDuration } }
      partitionStatusCounts { runStatus count }
      hasCancelPermission hasResumePermission error { message } title description
    }
    ... on BackfillNotFoundError { backfillId message }
  }
}`;

async function backfillCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(engine.instance.database.db, sql`select count(*)::int as n from backfills`);
  return row!.n;
}

async function waitForStatus(id: string, statuses: string[]) {
  return waitFor(
    async () => {
      const data = await gql(BACKFILL, { id });
      return statuses.includes(data.partitionBackfillOrError.status) ? data.partitionBackfillOrError : undefined;
    },
    { timeoutMs: 20_000, what: `backfill ${id} to reach ${statuses.join('/')}` },
  );
}

describe('partitions over GraphQL', () => {
  it('lists partition sets of partitioned jobs, their partitions and keys, and asset partition definitions', async () => {
    const data = await gql(`{
      partitionSetsOrError(repositorySelector: ${REPO}, pipelineName: "flaky_job") {
        __typename ... on PartitionSets { results { name pipelineName mode partitionsOrError(limit: 2) { ... on Partitions { results { name tagsOrError { ... on PartitionTags { results { key value } } } } } } } }
      }
      plain: partitionSetsOrError(repositorySelector: ${REPO}, pipelineName: "plain_job") { ... on PartitionSets { results { name } } }
      missing: partitionSetsOrError(repositorySelector: ${REPO}, pipelineName: "nope") { __typename ... on PipelineNotFoundError { pipelineName } }
      set: partitionSetOrError(repositorySelector: ${REPO}, partitionSetName: "flaky_job_partition_set") { __typename ... on PartitionSet { partition(partitionName: "bad") { name status } none: partition(partitionName: "zzz") { name } } }
      noSet: partitionSetOrError(repositorySelector: ${REPO}, partitionSetName: "plain_job_partition_set") { __typename ... on PartitionSetNotFoundError { partitionSetName } }
      pipelineOrError(params: { jobName: "flaky_job", repositoryName: "__repository__", repositoryLocationName: "backfills" }) {
        ... on Job { isPartitioned partitionKeysOrError(reverse: true, limit: 2) { ... on PartitionKeys { partitionKeys } } }
      }
      assetNodes { assetKey { path } isPartitioned partitionKeys partitionDefinition { type description dimensionTypes { name type } } }
      repositoriesOrError { ... on RepositoryConnection { nodes { partitionSets { name } } } }
    }`);
    expect(data.partitionSetsOrError.results).toEqual([
      {
        name: 'flaky_job_partition_set',
        pipelineName: 'flaky_job',
        mode: 'default',
        partitionsOrError: {
          results: [
            {
              name: 'ok1',
              tagsOrError: {
                results: [
                  { key: 'dagster/partition', value: 'ok1' },
                  { key: 'dagster/partition_set', value: 'flaky_job_partition_set' },
                ],
              },
            },
            { name: 'bad', tagsOrError: expect.anything() },
          ],
        },
      },
    ]);
    expect(data.plain.results).toEqual([]);
    expect(data.missing).toEqual({ __typename: 'PipelineNotFoundError', pipelineName: 'nope' });
    expect(data.set).toEqual({ __typename: 'PartitionSet', partition: { name: 'bad', status: null }, none: null });
    expect(data.noSet).toEqual({ __typename: 'PartitionSetNotFoundError', partitionSetName: 'plain_job_partition_set' });
    expect(data.pipelineOrError).toEqual({ isPartitioned: true, partitionKeysOrError: { partitionKeys: ['ok2', 'bad'] } });
    const byKey = Object.fromEntries(data.assetNodes.map((node: { assetKey: { path: string[] } }) => [node.assetKey.path[0], node]));
    expect(byKey.regional).toEqual({
      assetKey: { path: ['regional'] },
      isPartitioned: true,
      partitionKeys: ['eu', 'us', 'apac'],
      partitionDefinition: { type: 'STATIC', description: '3 static partitions', dimensionTypes: [{ name: 'default', type: 'STATIC' }] },
    });
    expect(byKey.daily_asset.partitionDefinition.description).toBe('Daily, starting 2026-01-01 UTC.');
    expect(byKey.daily_asset.partitionKeys[0]).toBe('2026-01-01');
    expect(byKey.unpartitioned).toMatchObject({ isPartitioned: false, partitionKeys: [], partitionDefinition: null });
    expect(data.repositoriesOrError.nodes[0].partitionSets.map((set: { name: string }) => set.name)).toEqual([
      'flaky_job_partition_set',
      'hanging_job_partition_set',
      'partitioned_job_partition_set',
    ]);
  });
});

describe('backfills over GraphQL', () => {
  it('launches a job backfill by partition set, runs it to COMPLETED and reads its partitions, runs and counts', async () => {
    const launched = await gql(LAUNCH, {
      params: {
        selector: {
          partitionSetName: 'partitioned_job_partition_set',
          repositorySelector: { repositoryName: '__repository__', repositoryLocationName: 'backfills' },
        },
        partitionNames: ['p001', 'p002', 'p003'],
        tags: [{ key: 'team', value: 'data' }],
        title: 'Reload',
        description: 'Three partitions again',
      },
    });
    expect(launched.launchPartitionBackfill).toMatchObject({ __typename: 'LaunchBackfillSuccess', launchedRunIds: [] });
    const id = launched.launchPartitionBackfill.backfillId as string;
    expect(id).toMatch(/^[a-z]{8}$/);

    const backfill = await waitForStatus(id, ['COMPLETED', 'FAILED']);
    expect(backfill).toMatchObject({
      id,
      status: 'COMPLETED',
      numPartitions: 3,
      partitionNames: ['p001', 'p002', 'p003'],
      partitionSetName: 'partitioned_job_partition_set',
      isAssetBackfill: false,
      assetSelection: null,
      numCancelable: 0,
      tags: [{ key: 'team', value: 'data' }],
      title: 'Reload',
      description: 'Three partitions again',
      partitionSet: { name: 'partitioned_job_partition_set', pipelineName: 'partitioned_job' },
      partitionStatusCounts: [{ runStatus: 'SUCCESS', count: 3 }],
      hasCancelPermission: true,
      hasResumePermission: true,
      error: null,
    });
    expect(backfill.endTimestamp).toBeGreaterThanOrEqual(backfill.timestamp);
    expect(
      backfill.partitionStatuses.results.map((p: { partitionName: string; runStatus: string }) => [p.partitionName, p.runStatus]),
    ).toEqual([
      ['p001', 'SUCCESS'],
      ['p002', 'SUCCESS'],
      ['p003', 'SUCCESS'],
    ]);
    expect(backfill.partitionStatuses.results[0].runDuration).toBeGreaterThanOrEqual(0);
    expect(backfill.runs).toHaveLength(3);
    for (const run of backfill.runs as { tags: { key: string; value: string }[] }[]) {
      expect(run.tags).toEqual(
        expect.arrayContaining([
          { key: 'dagster/backfill', value: id },
          { key: 'team', value: 'data' },
        ]),
      );
    }

    const set = await gql(`{ partitionSetOrError(repositorySelector: ${REPO}, partitionSetName: "partitioned_job_partition_set") {
      ... on PartitionSet {
        partitionStatusesOrError { ... on PartitionStatuses { results { id partitionName runStatus } } }
        partitionRuns { partitionName run { status tags { key value } } }
        backfills { id }
      }
    } }`);
    const statuses = set.partitionSetOrError.partitionStatusesOrError.results as {
      id: string;
      partitionName: string;
      runStatus: string | null;
    }[];
    expect(statuses).toHaveLength(200);
    expect(statuses.slice(0, 4)).toEqual([
      { id: 'partitioned_job_partition_set:p000', partitionName: 'p000', runStatus: null },
      { id: 'partitioned_job_partition_set:p001', partitionName: 'p001', runStatus: 'SUCCESS' },
      { id: 'partitioned_job_partition_set:p002', partitionName: 'p002', runStatus: 'SUCCESS' },
      { id: 'partitioned_job_partition_set:p003', partitionName: 'p003', runStatus: 'SUCCESS' },
    ]);
    const partitionRuns = set.partitionSetOrError.partitionRuns as { partitionName: string; run: { status: string } | null }[];
    expect(partitionRuns.slice(0, 2)).toEqual([
      { partitionName: 'p000', run: null },
      { partitionName: 'p001', run: { status: 'SUCCESS', tags: expect.arrayContaining([{ key: 'dagster/partition', value: 'p001' }]) } },
    ]);
    expect(set.partitionSetOrError.backfills).toEqual([{ id }]);

    const list = await gql(`{ partitionBackfillsOrError(status: COMPLETED, limit: 5) { ... on PartitionBackfills { results { id } } } }`);
    expect(list.partitionBackfillsOrError.results.map((b: { id: string }) => b.id)).toContain(id);
    const page = await gql(`query($c: String) { partitionBackfillsOrError(cursor: $c) { ... on PartitionBackfills { results { id } } } }`, {
      c: id,
    });
    expect(page.partitionBackfillsOrError.results.map((b: { id: string }) => b.id)).not.toContain(id);
  });

  it('launches an asset backfill over a range (partitionsByAssets) and by assetSelection', async () => {
    const ranged = await gql(LAUNCH, {
      params: {
        partitionsByAssets: [{ assetKey: { path: ['daily_asset'] }, partitions: { range: { start: '2026-02-01', end: '2026-02-03' } } }],
      },
    });
    const id = ranged.launchPartitionBackfill.backfillId as string;
    const backfill = await waitForStatus(id, ['COMPLETED', 'FAILED']);
    expect(backfill).toMatchObject({
      status: 'COMPLETED',
      isAssetBackfill: true,
      assetSelection: [{ path: ['daily_asset'] }],
      partitionSetName: null,
      partitionSet: null,
      partitionNames: ['2026-02-01', '2026-02-02', '2026-02-03'],
    });
    const selected = await gql(LAUNCH, { params: { assetSelection: [{ path: ['regional'] }], allPartitions: true } });
    expect((await waitForStatus(selected.launchPartitionBackfill.backfillId, ['COMPLETED', 'FAILED'])).numPartitions).toBe(3);
  });

  it('cancels and resumes through the mutations', async () => {
    const launched = await gql(LAUNCH, {
      params: {
        selector: {
          partitionSetName: 'hanging_job_partition_set',
          repositorySelector: { repositoryName: '__repository__', repositoryLocationName: 'backfills' },
        },
        allPartitions: true,
      },
    });
    const id = launched.launchPartitionBackfill.backfillId as string;
    await waitFor(
      async () =>
        (await gql(BACKFILL, { id })).partitionBackfillOrError.partitionStatusCounts.some(
          (c: { runStatus: string }) => c.runStatus === 'STARTED',
        ),
      {
        what: 'a hanging run to start',
      },
    );
    const cancel = await gql(
      `mutation($id: String!) { cancelPartitionBackfill(backfillId: $id) { __typename ... on CancelBackfillSuccess { backfillId } } }`,
      { id },
    );
    expect(cancel.cancelPartitionBackfill).toEqual({ __typename: 'CancelBackfillSuccess', backfillId: id });
    const canceled = await waitForStatus(id, ['CANCELED']);
    expect(canceled.partitionStatusCounts).toEqual([{ runStatus: 'CANCELED', count: 4 }]);
    const again = await gql(
      `mutation($id: String!) { cancelPartitionBackfill(backfillId: $id) { __typename ... on PythonError { className message } } }`,
      { id },
    );
    expect(again.cancelPartitionBackfill).toMatchObject({ __typename: 'PythonError', className: 'BackfillStatusError' });

    const resume = await gql(
      `mutation($id: String!) { resumePartitionBackfill(backfillId: $id) { __typename ... on ResumeBackfillSuccess { backfillId } } }`,
      { id },
    );
    expect(resume.resumePartitionBackfill).toEqual({ __typename: 'ResumeBackfillSuccess', backfillId: id });
    expect((await gql(BACKFILL, { id })).partitionBackfillOrError.status).toBe('REQUESTED');
    await gql(`mutation($id: String!) { cancelPartitionBackfill(backfillId: $id) { __typename } }`, { id });
    await waitForStatus(id, ['CANCELED']);
  });

  it('answers bad input with typed errors and writes nothing', async () => {
    const before = await backfillCount();
    const repo = { repositoryName: '__repository__', repositoryLocationName: 'backfills' };
    // [params, the answer's type, for an InvalidSubsetError the job it names]
    const cases: [Record<string, unknown>, string, string?][] = [
      [
        { selector: { partitionSetName: 'nope_partition_set', repositorySelector: repo }, allPartitions: true },
        'PartitionSetNotFoundError',
      ],
      [
        { selector: { partitionSetName: 'plain_job_partition_set', repositorySelector: repo }, allPartitions: true },
        'PartitionSetNotFoundError',
      ],
      [
        { selector: { partitionSetName: 'partitioned_job_partition_set', repositorySelector: repo }, partitionNames: ['p001', 'x'] },
        'InvalidSubsetError',
        'partitioned_job',
      ],
      [{ assetSelection: [{ path: ['unpartitioned'] }], allPartitions: true }, 'InvalidSubsetError', '__ASSET_JOB'],
      [{ assetSelection: [{ path: ['nope'] }], allPartitions: true }, 'InvalidSubsetError', '__ASSET_JOB'],
      [{ assetSelection: [{ path: ['daily_asset'] }, { path: ['regional'] }], allPartitions: true }, 'InvalidSubsetError', '__ASSET_JOB'],
      [
        {
          partitionsByAssets: [{ assetKey: { path: ['daily_asset'] }, partitions: { range: { start: '2026-02-03', end: '2026-02-01' } } }],
        },
        'InvalidSubsetError',
        '__ASSET_JOB',
      ],
      [{ assetSelection: [{ path: ['regional'] }], partitionNames: ['eu'], allPartitions: true }, 'ConflictingExecutionParamsError'],
      [{ partitionNames: ['eu'] }, 'ConflictingExecutionParamsError'],
      [
        { assetSelection: [{ path: ['regional'] }], allPartitions: true, tags: [{ key: 'dagster/backfill', value: 'x' }] },
        'InvalidTagsError',
      ],
    ];
    for (const [params, typename, jobName] of cases) {
      const answer = await gql(LAUNCH, { params });
      expect(answer.launchPartitionBackfill.__typename, JSON.stringify(params)).toBe(typename);
      if (jobName) expect(answer.launchPartitionBackfill.pipeline.name).toBe(jobName);
      expect(answer.launchPartitionBackfill.message.length).toBeGreaterThan(0);
    }
    expect(await backfillCount()).toBe(before);
    const badTag =
      await gql(`mutation { launchRun(executionParams: { selector: { jobName: "partitioned_job" }, executionMetadata: { tags: [{ key: "dagster/partition", value: "zzz" }] } }) {
      __typename ... on InvalidTagsError { tagKey message } } }`);
    expect(badTag.launchRun).toMatchObject({ __typename: 'InvalidTagsError', tagKey: 'dagster/partition' });
    expect((await gql(BACKFILL, { id: 'nope' })).partitionBackfillOrError).toMatchObject({
      __typename: 'BackfillNotFoundError',
      backfillId: 'nope',
    });
    const resume = await gql(`{ x: partitionBackfillsOrError(cursor: "nope") { __typename } }`);
    expect(resume.x.__typename).toBe('PythonError');
  });
});
