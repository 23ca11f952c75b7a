// "Why is my run queued?" and the guide's troubleshooting cases, through the GraphQL API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstanceConfig } from '../../src/config/index.js';
import { startBackground, type Background } from '../../src/daemon/background.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { DaemonHealthDocument, InstanceOverviewDocument, LaunchRunDocument, RunLifecycleDocument } from '../generated/graphql.js';
import { ENGINE_FIXTURE } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const CONFIG = `
concurrency:
  runs:
    max_concurrent_runs: 1
    tag_concurrency_limits:
      - { key: db, value: redshift, limit: 1 }
`;

let test: TestInstance;
let location: LoadedDefinitions;
let server: TestServer;
let background: Background | null = null;
beforeAll(async () => {
  test = await createTestInstance({ configYaml: CONFIG });
  location = await loadDefinitions(ENGINE_FIXTURE);
  server = await startTestServer(test.instance, location);
});
afterAll(async () => {
  await server?.server.stop();
  await background?.stop();
  await test?.cleanup();
});

async function launchQuick(url: string, tags: Record<string, string> = {}): Promise<string> {
  const data = await executeOk(url, LaunchRunDocument, {
    executionParams: {
      selector: { jobName: 'quick_job' },
      executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    },
  });
  if (data.launchRun.__typename !== 'LaunchRunSuccess') throw new Error(JSON.stringify(data.launchRun));
  return data.launchRun.run.runId;
}

async function runInfo(url: string, runId: string) {
  const data = await executeOk(url, RunLifecycleDocument, { runId });
  if (data.runOrError.__typename !== 'Run') throw new Error('no run');
  return data.runOrError;
}

describe('queueBlockers and queuePosition', () => {
  it('says the coordinator is down while no coordinator runs, then every limit that holds a run', async () => {
    const first = await launchQuick(server.url, { db: 'redshift' });
    const waiting = await runInfo(server.url, first);
    expect(waiting.status).toBe('QUEUED');
    expect(waiting.queuePosition).toBe(1);
    expect(waiting.queueBlockers.map((b) => b.kind)).toEqual(['COORDINATOR_DOWN']);
    expect(waiting.queueBlockers[0]!.message).toContain('tidepool daemon');

    // A coordinator without a worker: the first run starts and stays in progress (STARTING).
    background = await startBackground(test.instance, location, { coordinator: true, monitor: true, worker: false });
    await waitFor(async () => (await runInfo(server.url, first)).status === 'STARTING', { what: 'the first run to be dequeued' });
    // The monitor's first heartbeat may come after the first dequeue: wait for both daemons' state, not a time.
    const statuses = await waitFor(
      async () => {
        const health = await executeOk(server.url, DaemonHealthDocument);
        const all = health.instance.daemonHealth.allDaemonStatuses.map((s) => [s.daemonType, s.healthy] as const);
        return all.filter(([, healthy]) => healthy).length === 2 ? all : undefined;
      },
      { timeoutMs: 30_000, what: 'the coordinator and the monitor to report healthy' },
    );
    expect(statuses).toEqual([
      ['QUEUED_RUN_COORDINATOR', true],
      ['MONITORING', true],
      ['SCHEDULER', false],
      ['SENSOR', false],
      ['BACKFILL', false],
      ['EVENT_LOG_CONSUMER', false],
    ]);

    const second = await launchQuick(server.url, { db: 'redshift' });
    const third = await launchQuick(server.url, { 'dagster/priority': '5' });
    const blocked = await runInfo(server.url, second);
    expect(blocked.status).toBe('QUEUED');
    expect(blocked.queueBlockers).toEqual([
      expect.objectContaining({ kind: 'MAX_CONCURRENT_RUNS', limit: 1, inUse: 1, runIds: [first] }),
      expect.objectContaining({ kind: 'TAG_LIMIT', key: 'db', value: 'redshift', limit: 1, inUse: 1, runIds: [first] }),
    ]);
    for (const blocker of blocked.queueBlockers) expect(blocker.message).toMatch(/\.$/);
    // The higher-priority run is ahead of the older one.
    expect((await runInfo(server.url, third)).queuePosition).toBe(1);
    expect(blocked.queuePosition).toBe(2);
    expect((await runInfo(server.url, first)).queueBlockers).toEqual([]);
  });

  it('shows a paused queue (max_concurrent_runs: 0)', async () => {
    const paused = { ...test.instance, config: parseInstanceConfig('concurrency:\n  runs:\n    max_concurrent_runs: 0\n', null) };
    const pausedServer = await startTestServer(paused, location);
    try {
      const runId = await launchQuick(pausedServer.url);
      const info = await runInfo(pausedServer.url, runId);
      expect(info.queueBlockers.map((b) => b.kind)).toContain('QUEUE_PAUSED');
    } finally {
      await pausedServer.server.stop();
    }
  });
});

describe("the guide's troubleshooting: runs skipping QUEUED", () => {
  it('with DefaultRunCoordinator, runs go straight to STARTING and the API says queuing is off', async () => {
    const direct = { ...test.instance, config: parseInstanceConfig('run_coordinator:\n  class: DefaultRunCoordinator\n', null) };
    const directServer = await startTestServer(direct, location);
    try {
      const overview = await executeOk(directServer.url, InstanceOverviewDocument);
      expect(overview.instance.runQueuingSupported).toBe(false);
      expect(overview.instance.runQueueConfig).toBeNull();
      expect(overview.instance.info).toContain('DefaultRunCoordinator');
      const data = await executeOk(directServer.url, LaunchRunDocument, { executionParams: { selector: { jobName: 'quick_job' } } });
      if (data.launchRun.__typename !== 'LaunchRunSuccess') throw new Error('launch failed');
      expect(data.launchRun.run.status).toBe('STARTING');
    } finally {
      await directServer.server.stop();
    }
  });
});
