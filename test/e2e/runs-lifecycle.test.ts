// Issue "runs": launching, executing, terminating and deleting runs through the GraphQL API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import {
  DeleteRunDocument,
  LaunchMultipleRunsDocument,
  LaunchRunDocument,
  RunLifecycleDocument,
  RunLogsDocument,
  TerminateRunDocument,
  TerminateRunsDocument,
} from '../generated/graphql.js';
import { startEngine, type EngineHarness } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

let engine: EngineHarness;
let server: TestServer;
beforeAll(async () => {
  engine = await startEngine();
  server = await startTestServer(engine.instance, engine.location);
});
afterAll(async () => {
  await server?.server.stop();
  await engine?.cleanup();
});

const selector = (jobName: string, extra: Record<string, unknown> = {}) => ({ selector: { jobName, ...extra } });

async function runStatus(runId: string) {
  const data = await executeOk(server.url, RunLifecycleDocument, { runId });
  if (data.runOrError.__typename !== 'Run') throw new Error(`no run ${runId}`);
  return data.runOrError;
}

function waitForStatus(runId: string, statuses: string[]) {
  return waitFor(
    async () => {
      const run = await runStatus(runId);
      return statuses.includes(run.status) ? run : undefined;
    },
    { timeoutMs: 15_000, what: `run ${runId} to reach ${statuses.join('/')}` },
  );
}

async function countRuns(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(engine.instance.database.db, sql`select count(*)::int as n from runs`);
  return row!.n;
}

describe('launching through GraphQL', () => {
  it("runs the guide's graph asset to SUCCESS with its events in order", async () => {
    const data = await executeOk(server.url, LaunchRunDocument, {
      executionParams: selector('__ASSET_JOB', { assetSelection: [{ path: ['my_graph_asset'] }] }),
    });
    expect(data.launchRun.__typename).toBe('LaunchRunSuccess');
    if (data.launchRun.__typename !== 'LaunchRunSuccess') return;
    const { run } = data.launchRun;
    expect(run.status).toBe('QUEUED');
    expect(run.allPools).toEqual(['bar', 'barbar']);
    expect(run.rootConcurrencyKeys).toEqual(['bar']);
    expect(run.hasUnconstrainedRootNodes).toBe(false);
    expect(run.tags).toEqual(expect.arrayContaining([{ key: '.dagster/pool/bar', value: 'true' }]));

    const finished = await waitForStatus(run.runId, ['SUCCESS', 'FAILURE']);
    expect(finished.status).toBe('SUCCESS');
    expect(finished.canTerminate).toBe(false);
    expect(finished.stepStats.map((s) => [s.stepKey, s.status])).toEqual([
      ['my_graph_asset.my_op', 'SUCCESS'],
      ['my_graph_asset.my_downstream_op', 'SUCCESS'],
    ]);
    const logs = await executeOk(server.url, RunLogsDocument, { runId: run.runId });
    if (logs.logsForRun.__typename !== 'EventConnection') throw new Error('no logs');
    const sequence = logs.logsForRun.events.map((e) =>
      'eventType' in e ? `${e.eventType ?? 'LOG'}${e.stepKey ? `:${e.stepKey}` : ''}` : '',
    );
    // Dagster's order: the asset planned at the start, each step's capture announced (a run-level event) before
    // it starts, its input received, its output handled, the asset materialized by the step that produces it.
    expect(sequence).toEqual([
      'RUN_ENQUEUED',
      'RUN_STARTING',
      'RUN_START',
      'ASSET_MATERIALIZATION_PLANNED',
      'LOGS_CAPTURED',
      'STEP_START:my_graph_asset.my_op',
      'STEP_OUTPUT:my_graph_asset.my_op',
      'HANDLED_OUTPUT:my_graph_asset.my_op',
      'STEP_SUCCESS:my_graph_asset.my_op',
      'LOGS_CAPTURED',
      'STEP_START:my_graph_asset.my_downstream_op',
      'STEP_INPUT:my_graph_asset.my_downstream_op',
      'LOG:my_graph_asset.my_downstream_op',
      'STEP_OUTPUT:my_graph_asset.my_downstream_op',
      'HANDLED_OUTPUT:my_graph_asset.my_downstream_op',
      'ASSET_MATERIALIZATION:my_graph_asset.my_downstream_op',
      'STEP_SUCCESS:my_graph_asset.my_downstream_op',
      'RUN_SUCCESS',
    ]);
  });

  it('returns typed errors for bad launches and writes nothing', async () => {
    const before = await countRuns();
    const cases = [
      [selector('no_such_job'), 'PipelineNotFoundError'],
      [selector('__ASSET_JOB', { assetSelection: [{ path: ['nope'] }] }), 'InvalidSubsetError'],
      // Dagster's InvalidStepError carries the key, not a message (checked below).
      [{ ...selector('quick_job'), stepKeys: ['missing_step'] }, 'InvalidStepError'],
      [selector('quick_job', { solidSelection: ['missing_step'] }), 'InvalidSubsetError'],
      [{ ...selector('quick_job'), runConfigData: { ops: { not_an_op: { config: {} } } } }, 'RunConfigValidationInvalid'],
      [
        { ...selector('quick_job'), runConfigData: 'ops: [unclosed' },
        'RunConfigValidationInvalid',
        'is not valid YAML: BAD_INDENT at line 1',
      ],
      [{ ...selector('quick_job'), executionMetadata: { tags: [{ key: 'bad key!', value: 'x' }] } }, 'InvalidTagsError'],
      [{ ...selector('quick_job'), executionMetadata: { tags: [{ key: '.dagster/pool/x', value: 'x' }] } }, 'InvalidTagsError'],
    ] as const;
    for (const [executionParams, typename, message] of cases) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename ... on Error { message } ... on InvalidStepError { invalidStepKey } } }',
          variables: { p: executionParams },
        }),
      });
      const body = (await response.json()) as {
        data?: { launchRun: { __typename: string; message: string; invalidStepKey?: string } };
        errors?: { message: string }[];
      };
      expect(body.data?.launchRun.__typename).toBe(typename);
      if (typename === 'InvalidStepError') {
        expect(body.data?.launchRun.invalidStepKey).toBe('missing_step');
        continue;
      }
      expect(body.data?.launchRun.message.length).toBeGreaterThan(10);
      if (message) expect(body.data?.launchRun.message).toContain(message);
    }
    expect(await countRuns()).toBe(before);
  });

  it('launchMultipleRuns creates the valid runs and reports each invalid one', async () => {
    const data = await executeOk(server.url, LaunchMultipleRunsDocument, {
      executionParamsList: [selector('quick_job'), selector('nope'), selector('quick_job')],
    });
    if (data.launchMultipleRuns.__typename !== 'LaunchMultipleRunsResult') throw new Error('unexpected');
    const results = data.launchMultipleRuns.launchMultipleRunsResult;
    expect(results.map((r) => r.__typename)).toEqual(['LaunchRunSuccess', 'PipelineNotFoundError', 'LaunchRunSuccess']);
    for (const result of results) {
      if (result.__typename === 'LaunchRunSuccess') expect((await waitForStatus(result.run.runId, ['SUCCESS'])).status).toBe('SUCCESS');
    }
  });
});

describe('terminating and deleting through GraphQL', () => {
  it('terminates a running run: its step stops and the run ends CANCELED', async () => {
    const launched = await executeOk(server.url, LaunchRunDocument, { executionParams: selector('wait_job') });
    if (launched.launchRun.__typename !== 'LaunchRunSuccess') throw new Error('launch failed');
    const runId = launched.launchRun.run.runId;
    await waitFor(async () => (await runStatus(runId)).stepStats.some((s) => s.stepKey === 'wait'), { what: 'the step to start' });
    const terminated = await executeOk(server.url, TerminateRunDocument, { runId });
    expect(terminated.terminateRun).toMatchObject({ __typename: 'TerminateRunSuccess' });
    const run = await waitForStatus(runId, ['CANCELED']);
    expect(run.stepStats.find((s) => s.stepKey === 'wait')?.status).toBe('FAILURE');

    const again = await executeOk(server.url, TerminateRunDocument, { runId });
    expect(again.terminateRun.__typename).toBe('TerminateRunFailure');
    const many = await executeOk(server.url, TerminateRunsDocument, { runIds: [runId, 'not-a-run'] });
    if (many.terminateRuns.__typename !== 'TerminateRunsResult') throw new Error('unexpected');
    expect(many.terminateRuns.terminateRunResults.map((r) => r.__typename)).toEqual(['TerminateRunFailure', 'RunNotFoundError']);

    const deleted = await executeOk(server.url, DeleteRunDocument, { runId });
    expect(deleted.deleteRun).toEqual({ __typename: 'DeletePipelineRunSuccess', runId });
    const gone = await executeOk(server.url, RunLifecycleDocument, { runId });
    expect(gone.runOrError.__typename).toBe('RunNotFoundError');
  });

  it('refuses to delete an unfinished run', async () => {
    const launched = await executeOk(server.url, LaunchRunDocument, { executionParams: selector('wait_job') });
    if (launched.launchRun.__typename !== 'LaunchRunSuccess') throw new Error('launch failed');
    const runId = launched.launchRun.run.runId;
    await waitForStatus(runId, ['STARTED']);
    const refused = await executeOk(server.url, DeleteRunDocument, { runId });
    expect(refused.deleteRun.__typename).toBe('RunDeletionFailure');
    await executeOk(server.url, TerminateRunDocument, { runId, terminatePolicy: 'MARK_AS_CANCELED_IMMEDIATELY' });
    expect((await runStatus(runId)).status).toBe('CANCELED');
  });
});
