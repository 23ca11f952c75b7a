// Captured step output through GraphQL on real Postgres: what a step prints (stdout, stderr, console from an
// awaited callback, context.log) is readable with Dagster's capturedLogs, attributed to its own step while
// another run's step prints in the same worker; streamed live over graphql-ws while the step still runs (the
// step waits on a gate the test opens); resumed exactly from a cursor; cut and marked at the cap; complete
// once the step's end event is visible; downloadable from capturedLogsMetadata's URL. And across processes:
// a `tidepool serve` worker writes, this process's server streams.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCapturedLogs } from '../../src/runs/captured-logs.js';
import { GATES } from '../fixtures/captured-logs/index.js';
import { startServe, type ServeProcess } from '../support/cli.js';
import { eventsOf, launch, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { execute, executeOk } from '../support/graphql-http.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { openWsClient, subscribeWs, type WsClient } from '../support/ws-client.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/captured-logs/index.ts', import.meta.url));

interface Logs {
  logKey: string[];
  stdout: string | null;
  stderr: string | null;
  cursor: string | null;
}
type LogVars = { logKey: string[]; cursor?: string | null; limit?: number | null };

const CapturedLogsQuery = parse(`
  query CapturedLogs($logKey: [String!]!, $cursor: String, $limit: Int) {
    capturedLogs(logKey: $logKey, cursor: $cursor, limit: $limit) { logKey stdout stderr cursor }
  }`) as TypedDocumentNode<{ capturedLogs: Logs }, LogVars>;

const CapturedLogsSubscription = parse(`
  subscription CapturedLogsLive($logKey: [String!]!, $cursor: String) {
    capturedLogs(logKey: $logKey, cursor: $cursor) { logKey stdout stderr cursor }
  }`) as TypedDocumentNode<{ capturedLogs: Logs }, { logKey: string[]; cursor?: string | null }>;

const MetadataQuery = parse(`
  query CapturedLogsMetadata($logKey: [String!]!) {
    capturedLogsMetadata(logKey: $logKey) { stdoutDownloadUrl stdoutLocation stderrDownloadUrl stderrLocation }
  }`) as TypedDocumentNode<
  { capturedLogsMetadata: { stdoutDownloadUrl: string; stdoutLocation: string; stderrDownloadUrl: string; stderrLocation: string } },
  { logKey: string[] }
>;

const RunLogsQuery = parse(`
  query RunCapturedLogs($runId: ID!, $fileKey: String!) {
    runOrError(runId: $runId) {
      __typename
      ... on Run {
        capturedLogs(fileKey: $fileKey) { stdout stderr cursor }
        eventConnection { events { __typename ... on LogsCapturedEvent { fileKey logKey stepKeys pid stepKey externalUrl } } }
      }
    }
  }`) as TypedDocumentNode<
  {
    runOrError: {
      __typename: string;
      capturedLogs: { stdout: string | null; stderr: string | null; cursor: string };
      eventConnection: {
        events: { __typename: string; fileKey?: string; logKey?: string; stepKeys?: string[]; pid?: number; stepKey?: string | null }[];
      };
    };
  },
  { runId: string; fileKey: string }
>;

const LaunchMutation = parse(`
  mutation Launch($jobName: String!) {
    launchRun(executionParams: { selector: { jobName: $jobName } }) {
      __typename
      ... on LaunchRunSuccess { run { runId } }
      ... on PythonError { message }
      ... on PipelineNotFoundError { message }
    }
  }`) as TypedDocumentNode<{ launchRun: { __typename: string; run?: { runId: string }; message?: string } }, { jobName: string }>;

const TerminateMutation = parse(`
  mutation Terminate($runId: String!) { terminateRun(runId: $runId) { __typename } }`) as TypedDocumentNode<
  { terminateRun: { __typename: string } },
  { runId: string }
>;

const key = (runId: string, step: string) => [runId, 'compute_logs', step];
/** The whole of both streams as the query returns them. */
async function readAll(server: TestServer, runId: string, step: string): Promise<Logs> {
  return (await executeOk(server.url, CapturedLogsQuery, { logKey: key(runId, step) })).capturedLogs;
}

describe('captured logs, one process', () => {
  let engine: EngineHarness;
  let server: TestServer;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    engine = await startEngine({ definitions: FIXTURE, configYaml: 'compute_logs: {max_bytes_per_step: 4096, echo: false}' });
    server = await startTestServer(engine.instance, engine.location);
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server?.server.stop();
    await engine?.cleanup();
  });

  it("reads a running step's output, attributed to it while another run's step prints in the same worker, and streams it live", async () => {
    const runId = await launch(engine, 'speak_job', { tags: { marker: 'alpha' } });
    const other = await launch(engine, 'chatter_job', { tags: { marker: 'beta', count: '60' } });
    const client = openWsClient(server.wsUrl);
    clients.push(client);
    const live = subscribeWs(client.client, CapturedLogsSubscription, { logKey: key(runId, 'speak') });

    // Before the gate opens, the step has printed everything but its last line (state: the last line before the gate is stored).
    const running = await waitFor(
      async () => {
        const logs = await readAll(server, runId, 'speak');
        return logs.stdout?.includes('alpha héllo ✓ unicode') ? logs : undefined;
      },
      { what: 'the step output before the gate' },
    );
    expect(await waitForStatus(engine.instance, runId, ['STARTED'])).toBe('STARTED');
    expect(running.logKey).toEqual(key(runId, 'speak'));
    expect(running.stdout).toBe('alpha stdout line 1\nalpha from an awaited callback\nalpha héllo ✓ unicode\n');
    expect(running.stderr).toMatch(
      /^alpha stderr line 1\n\S+ - tidepool - INFO - speak_job - [0-9a-f-]{36} - speak - alpha through context\.log\n$/,
    );
    expect(running.stderr).not.toContain('after release');
    // The subscription has streamed the same text while the step waits.
    await live.until(
      (c) =>
        c.data
          .map((d) => d.capturedLogs.stdout ?? '')
          .join('')
          .includes('héllo'),
      'live stdout before the gate',
    );
    expect(live.completed).toBe(false);

    // The other run's step printed in the same process at the same time: its lines are its own, and none leaked here.
    await waitForStatus(engine.instance, other, ['SUCCESS']);
    const beta = await readAll(server, other, 'chatter');
    expect(beta.stdout).toBe(Array.from({ length: 60 }, (_, i) => `beta ${i}\n`).join(''));
    expect(beta.stderr).toBeNull();
    expect(`${running.stdout}${running.stderr}`).not.toContain('beta');

    GATES.open('alpha:release');
    await waitForStatus(engine.instance, runId, ['SUCCESS']);
    // The stream ends once the step has, with everything sent.
    await live.until((c) => c.completed, 'the subscription to complete');
    const streamed = live.data.map((d) => d.capturedLogs);
    expect(streamed.map((d) => d.stdout ?? '').join('')).toBe(running.stdout);
    expect(streamed.map((d) => d.stderr ?? '').join('')).toBe(`${running.stderr}alpha after release\n`);
    expect(live.errors).toEqual([]);

    // Run.capturedLogs and the LOGS_CAPTURED event as Dagster shows them.
    const { runOrError } = await executeOk(server.url, RunLogsQuery, { runId, fileKey: 'speak' });
    expect(runOrError.capturedLogs.stdout).toBe(running.stdout);
    const captured = runOrError.eventConnection.events.filter((event) => event.__typename === 'LogsCapturedEvent');
    expect(captured).toEqual([
      {
        __typename: 'LogsCapturedEvent',
        fileKey: 'speak',
        logKey: 'speak',
        stepKeys: ['speak'],
        pid: process.pid,
        stepKey: null,
        externalUrl: null,
      },
    ]);
  });

  it('resumes exactly from a cursor, a few bytes at a time, never splitting a character', async () => {
    const runId = await launch(engine, 'speak_job', { tags: { marker: 'gamma' } });
    GATES.open('gamma:release');
    await waitForStatus(engine.instance, runId, ['SUCCESS']);
    const whole = await readAll(server, runId, 'speak');
    let cursor: string | null = null;
    let stdout = '';
    let stderr = '';
    for (let reads = 0; reads < 200; reads++) {
      const page: Logs = (await executeOk(server.url, CapturedLogsQuery, { logKey: key(runId, 'speak'), cursor, limit: 7 })).capturedLogs;
      if (page.stdout === null && page.stderr === null) {
        expect(page.cursor).toBe(cursor);
        break;
      }
      expect(Buffer.byteLength(page.stdout ?? '')).toBeLessThanOrEqual(7);
      stdout += page.stdout ?? '';
      stderr += page.stderr ?? '';
      cursor = page.cursor;
    }
    expect(stdout).toBe(whole.stdout);
    expect(stderr).toBe(whole.stderr);
    expect(cursor).toBe(`${Buffer.byteLength(whole.stdout!)}:${Buffer.byteLength(whole.stderr!)}`);
    // A subscription from a cursor sends only what follows it (here: nothing more, so it completes with no payload).
    const client = openWsClient(server.wsUrl);
    clients.push(client);
    const resumed = subscribeWs(client.client, CapturedLogsSubscription, { logKey: key(runId, 'speak'), cursor: '20:0' });
    await resumed.until((c) => c.completed, 'the resumed subscription to complete');
    expect(resumed.data.map((d) => d.capturedLogs.stdout).join('')).toBe(Buffer.from(whole.stdout!).subarray(20).toString());
  });

  it('cuts a stream at the cap, marks the chunk, drops the rest and says how much', async () => {
    const runId = await launch(engine, 'flood_job', { tags: { bytes: '10000', write: '1500' } });
    await waitForStatus(engine.instance, runId, ['SUCCESS']);
    const logs = await readAll(server, runId, 'flood');
    const note =
      '\n[tidepool: stdout of step "flood" was truncated at 4096 bytes (compute_logs.max_bytes_per_step); 5904 further bytes were dropped]\n';
    expect(logs.stdout).toBe('x'.repeat(4096) + note);
    expect(logs.stderr).toBe('flood done\n');
    const chunks = await engine.instance.database.db.execute<{ truncated: boolean; len: number }>(
      (await import('drizzle-orm'))
        .sql`select truncated, octet_length(data) as len from captured_log_chunks where run_id = ${runId}::uuid and stream = 'stdout' order by byte_offset`,
    );
    const rows = (chunks as { rows: { truncated: boolean; len: number }[] }).rows;
    expect(rows.reduce((sum, row) => sum + Number(row.len), 0)).toBe(4096 + Buffer.byteLength(note));
    expect(rows.at(-1)!.truncated).toBe(true);
    expect(rows.filter((row) => row.truncated).length).toBeGreaterThanOrEqual(1);
  });

  it("has a step's logs complete as soon as its end event is visible", async () => {
    const runId = await launch(engine, 'two_step_job');
    // State-based: as soon as each step's end event is stored, its whole output is too.
    for (const [step, type, line] of [
      ['first', 'STEP_SUCCESS', 'first says hi\n'],
      ['second', 'STEP_FAILURE', 'second says hi\n'],
    ] as const) {
      await waitFor(
        async () => (await eventsOf(engine.instance, runId)).some((e) => e.stepKey === step && e.eventType === type) || undefined,
        {
          what: `${type} of ${step}`,
        },
      );
      const logs = await readCapturedLogs(engine.instance.database.db, { runId, fileKey: step });
      expect(logs.stdout).toBe(line);
    }
    await waitForStatus(engine.instance, runId, ['FAILURE']);
  });

  it('serves the download URLs as text, and answers bad keys with a typed error', async () => {
    const runId = await launch(engine, 'chatter_job', { tags: { marker: 'delta', count: '3' } });
    await waitForStatus(engine.instance, runId, ['SUCCESS']);
    const { capturedLogsMetadata } = await executeOk(server.url, MetadataQuery, { logKey: key(runId, 'chatter') });
    expect(capturedLogsMetadata.stdoutDownloadUrl).toBe(`/logs/${runId}/compute_logs/chatter/out`);
    expect(capturedLogsMetadata.stderrDownloadUrl).toBe(`/logs/${runId}/compute_logs/chatter/err`);
    const origin = new URL(server.url).origin;
    const response = await fetch(`${origin}${capturedLogsMetadata.stdoutDownloadUrl}`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('delta 0\ndelta 1\ndelta 2\n');
    expect(await (await fetch(`${origin}${capturedLogsMetadata.stderrDownloadUrl}`)).text()).toBe('');
    expect((await fetch(`${origin}/logs/not-a-run/compute_logs/chatter/out`)).status).toBe(400);

    // A well-formed key of nothing captured reads as empty (as in Dagster); another shape is refused.
    const empty = await readAll(server, '00000000-0000-0000-0000-000000000000', 'nope');
    expect(empty).toEqual({ logKey: key('00000000-0000-0000-0000-000000000000', 'nope'), stdout: null, stderr: null, cursor: '0:0' });
    for (const [variables, argument] of [
      [{ logKey: [runId, 'chatter'] }, 'logKey'],
      [{ logKey: [runId, 'other', 'chatter'] }, 'logKey'],
      [{ logKey: key(runId, 'chatter'), cursor: 'x:1' }, 'cursor'],
      [{ logKey: key(runId, 'chatter'), limit: 0 }, 'limit'],
    ] as [LogVars, string][]) {
      const result = await execute(server.url, CapturedLogsQuery, variables);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});

describe('captured logs across processes', () => {
  let engine: EngineHarness;
  let server: TestServer;
  let serve: ServeProcess;
  let home: string;
  let client: WsClient;

  beforeAll(async () => {
    // This process: the database and an API server with no worker. Another: `tidepool serve`, whose worker runs the step.
    engine = await startEngine({ definitions: FIXTURE, parts: { coordinator: false, monitor: false, worker: false } });
    server = await startTestServer(engine.instance, engine.location);
    home = await mkdtemp(join(tmpdir(), 'tidepool-captured-logs-'));
    serve = await startServe(['--definitions', FIXTURE], {
      env: { DATABASE_URL: engine.testDatabase.url, TIDEPOOL_HOME: home },
      cwd: home,
    });
  });
  afterAll(async () => {
    await client?.dispose();
    await serve?.stop();
    await server?.server.stop();
    await engine?.cleanup();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("streams a step another process's worker is running, to its end", async () => {
    const launched = await executeOk(serve.url, LaunchMutation, { jobName: 'tail_job' });
    const runId = launched.launchRun.run!.runId;
    client = openWsClient(server.wsUrl);
    const live = subscribeWs(client.client, CapturedLogsSubscription, { logKey: key(runId, 'tail') });
    await live.until((c) => c.data.some((d) => d.capturedLogs.stderr === 'tail: on stderr\n') || undefined, 'the running step on stderr');
    expect(live.data.map((d) => d.capturedLogs.stdout ?? '').join('')).toBe('tail: started\n');
    expect(live.completed).toBe(false);
    await executeOk(serve.url, TerminateMutation, { runId });
    await live.until((c) => c.completed, 'the subscription to complete after the step ended');
    expect(live.data.map((d) => d.capturedLogs.stdout ?? '').join('')).toBe('tail: started\ntail: stopping\n');
    // compute_logs.echo is off by default: the serve process's stdout (its JSON log lines) carries none of it.
    expect(serve.stdout()).not.toContain('tail: started');
  });
});
