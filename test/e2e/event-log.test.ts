// Issue 17's rich event log through GraphQL on a real Postgres: an asset's materialization with typed
// metadata entries of every kind, observations and expectation results, the data events of an op job in
// Dagster's order, an error with a cause read back as a chain, metadata that fails its step naming the key,
// and the engine events of a step that waits for a pool slot (limit 1, two runs).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/runs/append-event.js';
import { launch, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { execute, executeOk } from '../support/graphql-http.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/event-log/index.ts', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const gql = (source: string) => parse(source) as unknown as TypedDocumentNode<Any, Record<string, unknown>>;

const ENTRY = `__typename label description
  ... on TextMetadataEntry { text }
  ... on MarkdownMetadataEntry { mdStr }
  ... on UrlMetadataEntry { url }
  ... on PathMetadataEntry { path }
  ... on NotebookMetadataEntry { notebookPath: path }
  ... on JsonMetadataEntry { jsonString }
  ... on IntMetadataEntry { intValue intRepr }
  ... on FloatMetadataEntry { floatValue }
  ... on BoolMetadataEntry { boolValue }
  ... on TimestampMetadataEntry { timestamp }
  ... on AssetMetadataEntry { assetKey { path } }
  ... on JobMetadataEntry { jobName locationName repositoryName }
  ... on PipelineRunMetadataEntry { runId }
  ... on TableSchemaMetadataEntry { schema { ...Schema } }
  ... on TableMetadataEntry { table { records schema { ...Schema } } }`;

const LOGS = gql(`query ($runId: ID!) {
  logsForRun(runId: $runId, limit: 1000) {
    __typename
    ... on EventConnection {
      events {
        __typename
        ... on MessageEvent { message stepKey eventType level }
        ... on DisplayableEvent { label metadataEntries { ${ENTRY} } }
        ... on MaterializationEvent { assetKey { path } partition tags { key value } assetLineage { partitions }
          runOrError { __typename ... on Run { runId } } stepStats { stepKey status } }
        ... on ObservationEvent { assetKey { path } }
        ... on AssetMaterializationPlannedEvent { pipelineName assetKey { path } runOrError { __typename } }
        ... on StepExpectationResultEvent { expectationResult { success label metadataEntries { ${ENTRY} } } }
        ... on ExecutionStepInputEvent { inputName typeCheck { success label } }
        ... on ExecutionStepOutputEvent { outputName typeCheck { success } }
        ... on HandledOutputEvent { outputName managerKey }
        ... on LoadedInputEvent { inputName managerKey upstreamOutputName upstreamStepKey }
        ... on ExecutionStepFailureEvent { errorSource failureMetadata { label }
          error { ...Err cause { ...Err } causes { className } errorChain { isExplicitLink message error { ...Err } } } }
        ... on HookErroredEvent { error { message } }
        ... on ObjectStoreOperationEvent { operationResult { op } }
        ... on AssetCheckEvaluationEvent { evaluation { checkName severity targetMaterialization { runId } } }
        ... on ResourceInitFailureEvent { markerStart error { message } }
        ... on AlertFailureEvent { pipelineName }
        ... on EngineEvent { markerStart markerEnd }
      }
    }
  }
}
fragment Schema on TableSchema { constraints { other } columns { name type description constraints { nullable unique other } } }
fragment Err on PythonError { message className stack }`);

const RUN_STATS = gql(`query ($runId: ID!) {
  runOrError(runId: $runId) {
    ... on Run {
      stats { ... on RunStatsSnapshot { materializations expectations } }
      stepStats { stepKey materializations { assetKey { path } } expectationResults { success label } }
    }
  }
}`);

const REEXECUTE = gql(`mutation ($reexecutionParams: ReexecutionParams) {
  launchRunReexecution(reexecutionParams: $reexecutionParams) { __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message } }
}`);

const RUN_ASSETS = gql(`query ($runId: ID!, $limit: Int, $after: String) {
  runOrError(runId: $runId) {
    ... on PipelineRun {
      assets {
        id key { path } definition { assetKey { path } jobNames }
        assetMaterializations(limit: $limit, afterTimestampMillis: $after) { runId stepKey assetKey { path } }
        assetObservations(limit: $limit) { runId assetKey { path } }
      }
    }
    ... on Run { assetMaterializations { runId assetKey { path } metadataEntries { label } } }
  }
}`);

let engine: EngineHarness;
let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'event-log-'));
  engine = await startEngine({
    definitions: FIXTURE,
    configYaml: 'concurrency:\n  pools:\n    default_limit: 1\n    op_granularity_run_buffer: 1\n',
  });
  server = await startTestServer(engine.instance, engine.location);
});
afterAll(async () => {
  await server?.server.stop();
  await engine?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function events(runId: string): Promise<Any[]> {
  const data = await executeOk(server.url, LOGS, { runId });
  expect(data.logsForRun.__typename).toBe('EventConnection');
  return data.logsForRun.events;
}

async function runToEnd(jobName: string, status: string, tags: Record<string, string> = {}): Promise<Any[]> {
  const runId = await launch(engine, jobName, { tags });
  expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE', 'CANCELED'])).toBe(status);
  return events(runId);
}

const byLabel = (entries: Any[]) => Object.fromEntries(entries.map((entry: Any) => [entry.label, entry]));

describe('the rich event log', () => {
  it('shows an asset materialization with typed metadata of every kind, its observation and expectations', async () => {
    const log = await runToEnd('described_job', 'SUCCESS');
    const planned = log.find((e) => e.__typename === 'AssetMaterializationPlannedEvent');
    expect(planned).toMatchObject({
      eventType: 'ASSET_MATERIALIZATION_PLANNED',
      assetKey: { path: ['described'] },
      pipelineName: 'described_job',
    });

    const materialization = log.find((e) => e.__typename === 'MaterializationEvent');
    expect(materialization).toMatchObject({
      eventType: 'ASSET_MATERIALIZATION',
      stepKey: 'described',
      assetKey: { path: ['described'] },
      partition: null,
      tags: [{ key: 'quality', value: 'good' }],
      assetLineage: [],
      runOrError: { __typename: 'Run' },
      stepStats: { stepKey: 'described' },
    });
    const entries = byLabel(materialization.metadataEntries);
    expect(entries.plain_text).toMatchObject({ __typename: 'TextMetadataEntry', text: 'hello', description: null });
    expect(entries.plain_int).toMatchObject({ __typename: 'IntMetadataEntry', intValue: 42, intRepr: '42' });
    expect(entries.plain_float).toMatchObject({ __typename: 'FloatMetadataEntry', floatValue: 2.5 });
    expect(entries.plain_bool).toMatchObject({ __typename: 'BoolMetadataEntry', boolValue: true });
    expect(entries.plain_json).toMatchObject({ __typename: 'JsonMetadataEntry', jsonString: '{"nested":[1,2]}' });
    expect(entries.plain_null).toMatchObject({ __typename: 'NullMetadataEntry' });
    expect(entries.text).toMatchObject({ __typename: 'TextMetadataEntry', text: 'typed' });
    expect(entries.markdown).toMatchObject({ __typename: 'MarkdownMetadataEntry', mdStr: '# Title' });
    expect(entries.url).toMatchObject({ __typename: 'UrlMetadataEntry', url: 'https://example.com/x' });
    expect(entries.path).toMatchObject({ __typename: 'PathMetadataEntry', path: '/data/file.csv' });
    expect(entries.notebook).toMatchObject({ __typename: 'NotebookMetadataEntry', notebookPath: '/nb.ipynb' });
    expect(entries.json).toMatchObject({ __typename: 'JsonMetadataEntry', jsonString: '{"a":1}' });
    expect(entries.int).toMatchObject({ __typename: 'IntMetadataEntry', intValue: 7 });
    expect(entries.big_int).toMatchObject({ __typename: 'IntMetadataEntry', intValue: null, intRepr: String(2 ** 40) });
    expect(entries.float).toMatchObject({ __typename: 'FloatMetadataEntry', floatValue: 0.25 });
    expect(entries.bool).toMatchObject({ __typename: 'BoolMetadataEntry', boolValue: false });
    expect(entries.timestamp).toMatchObject({ __typename: 'TimestampMetadataEntry', timestamp: Date.UTC(2026, 0, 2) / 1000 });
    expect(entries.asset).toMatchObject({ __typename: 'AssetMetadataEntry', assetKey: { path: ['upstream', 'thing'] } });
    expect(entries.job).toMatchObject({ __typename: 'JobMetadataEntry', jobName: 'flow_job', locationName: 'here', repositoryName: null });
    expect(entries.run).toMatchObject({ __typename: 'PipelineRunMetadataEntry' });
    expect(entries.added).toMatchObject({ __typename: 'TextMetadataEntry', text: 'by addOutputMetadata' });
    const schema = {
      constraints: { other: ['id > 0'] },
      columns: [
        { name: 'id', type: 'int', description: null, constraints: { nullable: false, unique: true, other: [] } },
        { name: 'name', type: 'string', description: 'who', constraints: { nullable: true, unique: false, other: [] } },
      ],
    };
    expect(entries.table_schema).toMatchObject({ __typename: 'TableSchemaMetadataEntry', schema });
    expect(entries.table).toMatchObject({ __typename: 'TableMetadataEntry', table: { schema } });
    expect(entries.table.table.records.map((r: string) => JSON.parse(r))).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);

    const observation = log.find((e) => e.__typename === 'ObservationEvent');
    expect(observation).toMatchObject({ eventType: 'ASSET_OBSERVATION', assetKey: { path: ['described'] } });
    expect(observation.metadataEntries).toEqual([expect.objectContaining({ label: 'seen', boolValue: true })]);
    const expectations = log.filter((e) => e.__typename === 'StepExpectationResultEvent').map((e) => e.expectationResult);
    expect(expectations).toMatchObject([
      { success: true, label: 'rows_positive', metadataEntries: [{ label: 'rows', intValue: 3 }] },
      { success: false, label: 'names_unique', metadataEntries: [] },
    ]);
    // The run's stats count them, and the step's stats list them.
    const { runOrError } = await executeOk(server.url, RUN_STATS, { runId: materialization.runOrError.runId });
    expect(runOrError.stats).toEqual({ materializations: 1, expectations: 2 });
    expect(runOrError.stepStats).toEqual([
      {
        stepKey: 'described',
        materializations: [{ assetKey: { path: ['described'] } }],
        expectationResults: [
          { success: true, label: 'rows_positive' },
          { success: false, label: 'names_unique' },
        ],
      },
    ]);
    // The output carries the same metadata as the materialization.
    const output = log.find((e) => e.__typename === 'ExecutionStepOutputEvent');
    expect(byLabel(output.metadataEntries).plain_text).toMatchObject({ text: 'hello' });
  });

  it("lists a run's assets and materializations, and an asset's events across runs, newest first", async () => {
    const first = await launch(engine, 'described_job');
    expect(await waitForStatus(engine.instance, first, ['SUCCESS', 'FAILURE', 'CANCELED'])).toBe('SUCCESS');
    const second = await launch(engine, 'described_job');
    expect(await waitForStatus(engine.instance, second, ['SUCCESS', 'FAILURE', 'CANCELED'])).toBe('SUCCESS');

    const { runOrError } = await executeOk(server.url, RUN_ASSETS, { runId: first, limit: 2 });
    expect(runOrError.assetMaterializations).toEqual([
      { runId: first, assetKey: { path: ['described'] }, metadataEntries: expect.arrayContaining([{ label: 'plain_text' }]) },
    ]);
    expect(runOrError.assets).toHaveLength(1);
    const [asset] = runOrError.assets;
    expect(asset).toMatchObject({
      key: { path: ['described'] },
      definition: { assetKey: { path: ['described'] }, jobNames: expect.arrayContaining(['described_job']) },
    });
    // Across runs, newest first, at most `limit`: the second run's, then the first's.
    expect(asset.assetMaterializations).toEqual([
      { runId: second, stepKey: 'described', assetKey: { path: ['described'] } },
      { runId: first, stepKey: 'described', assetKey: { path: ['described'] } },
    ]);
    expect(asset.assetObservations.map((e: Any) => e.runId)).toEqual([second, first]);
    // A time filter after every event leaves none.
    const later = await executeOk(server.url, RUN_ASSETS, { runId: first, limit: 2, after: String(Date.now() + 60_000) });
    expect(later.runOrError.assets[0].assetMaterializations).toEqual([]);
    // The partition filters, over materializations of two partitions recorded (through the event writer) on one run.
    for (const partition of ['p0', 'p1'])
      await appendEvent(engine.instance.database.api, {
        runId: second,
        eventType: 'ASSET_MATERIALIZATION',
        stepKey: 'described',
        payload: { assetKey: ['described'], partition },
      });
    const PARTITIONED = gql(`query ($runId: ID!) { runOrError(runId: $runId) { ... on Run { assets {
      inLast: assetMaterializations(partitionInLast: 1) { partition }
      named: assetMaterializations(partitions: ["p0", "p9"]) { partition } other: assetMaterializations(partitions: ["p9"]) { partition } } } } }`);
    const partitioned = await executeOk(server.url, PARTITIONED, { runId: first });
    expect(partitioned.runOrError.assets).toEqual([{ inLast: [{ partition: 'p1' }], named: [{ partition: 'p0' }], other: [] }]);
    // A bad limit is a typed error, not an empty list.
    const bad = await execute(server.url, RUN_ASSETS, { runId: first, limit: 0 });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('writes STEP_INPUT, STEP_OUTPUT and HANDLED_OUTPUT in Dagster order, an Output value flowing downstream', async () => {
    const log = await runToEnd('flow_job', 'SUCCESS');
    const data = log.filter((e) => ['STEP_START', 'STEP_INPUT', 'STEP_OUTPUT', 'HANDLED_OUTPUT', 'STEP_SUCCESS'].includes(e.eventType));
    expect(data.map((e) => `${e.stepKey}:${e.eventType}`)).toEqual([
      'produce:STEP_START',
      'produce:STEP_OUTPUT',
      'produce:HANDLED_OUTPUT',
      'produce:STEP_SUCCESS',
      'consume:STEP_START',
      'consume:STEP_INPUT',
      'consume:STEP_OUTPUT',
      'consume:HANDLED_OUTPUT',
      'consume:STEP_SUCCESS',
    ]);
    expect(data[1]).toMatchObject({
      outputName: 'result',
      typeCheck: { success: true },
      metadataEntries: [{ label: 'rows', intValue: 3 }],
    });
    expect(data[2]).toMatchObject({ outputName: 'result', managerKey: 'io_manager' });
    expect(data[5]).toMatchObject({ inputName: 'data', typeCheck: { success: true, label: 'data' } });
    // No asset in an op job: nothing planned, nothing materialized.
    expect(log.some((e) => e.eventType === 'ASSET_MATERIALIZATION' || e.eventType === 'ASSET_MATERIALIZATION_PLANNED')).toBe(false);
  });

  it('writes LOADED_INPUT when a re-execution reads a stored output', async () => {
    const parent = await launch(engine, 'flow_job', { tags: { fail: 'consume' } });
    expect(await waitForStatus(engine.instance, parent, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
    const data = await executeOk(server.url, REEXECUTE, { reexecutionParams: { parentRunId: parent, strategy: 'FROM_FAILURE' } });
    expect(data.launchRunReexecution.__typename).toBe('LaunchRunSuccess');
    const child = data.launchRunReexecution.run.runId as string;
    expect(await waitForStatus(engine.instance, child, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const log = (await events(child)).filter((e) => ['LOADED_INPUT', 'STEP_INPUT', 'STEP_START'].includes(e.eventType));
    expect(log.map((e) => `${e.stepKey}:${e.eventType}`)).toEqual(['consume:STEP_START', 'consume:LOADED_INPUT', 'consume:STEP_INPUT']);
    expect(log[1]).toMatchObject({
      __typename: 'LoadedInputEvent',
      inputName: 'data',
      managerKey: 'io_manager',
      upstreamOutputName: 'result',
      upstreamStepKey: 'produce',
    });
  });

  it('returns an error with a cause as a chain', async () => {
    const log = await runToEnd('chain_job', 'FAILURE');
    const failure = log.find((e) => e.__typename === 'ExecutionStepFailureEvent');
    expect(failure.error).toMatchObject({ message: 'outer', className: 'Error', cause: { message: 'inner', className: 'TypeError' } });
    expect(failure.error.stack.length).toBeGreaterThan(0);
    expect(failure.error.causes).toEqual([{ className: 'TypeError' }]);
    expect(failure.error.errorChain).toHaveLength(1);
    expect(failure.error.errorChain[0]).toMatchObject({
      isExplicitLink: true,
      message: 'inner',
      error: { message: 'inner', className: 'TypeError' },
    });
    expect(failure.error.errorChain[0].error.stack.length).toBeGreaterThan(0);
    // Thrown by the step's own code; it attached no failure metadata.
    expect(failure).toMatchObject({ errorSource: 'USER_CODE_ERROR', failureMetadata: null });
    // The query names event types Tidepool never writes (hooks, alerts, ...): it validates, and none comes back.
    const dormant = ['HookErroredEvent', 'ObjectStoreOperationEvent', 'AssetCheckEvaluationEvent', 'ResourceInitFailureEvent'];
    expect(log.filter((e) => dormant.includes(e.__typename))).toEqual([]);
  });

  it('fails a step whose metadata is invalid, naming the key, and materializes nothing', async () => {
    for (const [jobName, key, says] of [
      ['bad_metadata_job', 'when', /has no metadata type/],
      ['bad_int_job', 'count', /MetadataValue\.int takes an integer, not 1\.5/],
    ] as const) {
      const log = await runToEnd(jobName, 'FAILURE');
      const failure = log.find((e) => e.__typename === 'ExecutionStepFailureEvent');
      expect(failure.error.className).toBe('InvalidMetadataError');
      expect(failure.error.message).toContain(`Metadata entry "${key}" is invalid`);
      expect(failure.error.message).toMatch(says);
      expect(log.some((e) => e.eventType === 'ASSET_MATERIALIZATION' || e.eventType === 'STEP_OUTPUT')).toBe(false);
    }
  });

  it('writes the blocked and claimed engine events of a step that waits for its pool, and none when it does not', async () => {
    const latch = join(dir, 'release');
    const holder = await launch(engine, 'pooled_job', { tags: { latch } });
    await waitFor(async () => ((await events(holder)).some((e) => e.eventType === 'STEP_START') ? true : undefined), {
      what: 'the holder to start its step',
    });
    const waiter = await launch(engine, 'pooled_job');
    const blocked = await waitFor(
      async () => (await events(waiter)).find((e) => e.eventType === 'ENGINE_EVENT' && /blocked/.test(e.message)),
      {
        what: 'the second run to be blocked by the pool',
      },
    );
    expect(blocked).toMatchObject({ __typename: 'EngineEvent', stepKey: 'pooled', level: 'INFO' });
    expect(blocked.message).toContain('pool "evlog_pool" (limit 1)');
    await writeFile(latch, '');
    expect(await waitForStatus(engine.instance, waiter, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const log = await events(waiter);
    const order = log.filter((e) => e.eventType === 'ENGINE_EVENT' || e.eventType === 'STEP_START').map((e) => e.message);
    expect(order).toEqual([
      expect.stringContaining('is blocked by the concurrency limit of pool "evlog_pool" (limit 1)'),
      expect.stringContaining('claimed a concurrency slot of pool "evlog_pool"'),
      expect.stringContaining('Started execution'),
    ]);
    expect(await waitForStatus(engine.instance, holder, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect((await events(holder)).some((e) => e.eventType === 'ENGINE_EVENT')).toBe(false);
  });
});
