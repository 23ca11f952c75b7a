// /metrics end to end: a real server and engine on a real Postgres run jobs with a pool limit, a tag limit and
// max_concurrent_runs; the scrape, taken while one run holds the pool's slot, another's step waits for it
// and a third is queued, reports exactly that, and after the runs end their statuses and durations. Every
// check waits for a state (the database gauges are re-read at most every 2 s), never for a time.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyKeyChangedDocument, SetConcurrencyLimitDocument, TerminateRunDocument } from '../generated/graphql.js';
import { launch, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { childEnv, CLI } from '../support/cli.js';
import { openWsClient, subscribeWs } from '../support/ws-client.js';
import { parseMetrics, type Scrape } from '../support/metrics.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/pool-jobs/index.ts', import.meta.url));
const DASHBOARD = new URL('../../deploy/grafana/tidepool-dashboard.json', import.meta.url);

// Two runs in progress at most; runs tagged team count against a limit of 5; a step's pool is not a reason
// to keep its run queued, so the second run starts and its step waits for the slot.
const CONFIG = `
concurrency:
  runs:
    max_concurrent_runs: 2
    tag_concurrency_limits:
      - key: team
        limit: 5
run_coordinator:
  class: QueuedRunCoordinator
  config:
    block_op_concurrency_limited_runs:
      enabled: false
`;

let engine: EngineHarness;
let server: TestServer;
let metricsUrl: string;

beforeAll(async () => {
  engine = await startEngine({ configYaml: CONFIG, definitions: FIXTURE });
  server = await startTestServer(engine.instance, engine.location);
  metricsUrl = new URL('/metrics', server.url).href;
});
afterAll(async () => {
  await server?.server.stop();
  await engine?.cleanup();
});

async function scrape(): Promise<Scrape> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseMetrics(await response.text());
}

/** Scrapes until `holds` is true of the scrape; returns that scrape. */
function scrapeUntil(holds: (metrics: Scrape) => boolean, what: string): Promise<Scrape> {
  return waitFor(
    async () => {
      const metrics = await scrape();
      return holds(metrics) ? metrics : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 200, what },
  );
}

const slowJob = (ms: number) => ({ runConfigData: { ops: { slow: { config: { ms } } } }, tags: { team: 'data' } });

describe('/metrics', () => {
  it('reports the pool, tag limit, queue and run statuses while runs share one slot, then what they did', async () => {
    const before = await scrape();
    await executeOk(server.url, SetConcurrencyLimitDocument, { concurrencyKey: 'database', limit: 1 });

    // One run holds the slot for as long as the test wants (it is terminated below).
    const holder = await launch(engine, 'slow_job', slowJob(600_000));
    await scrapeUntil((m) => m.value('tidepool_pool_slots_in_use', { pool: 'database' }) === 1, 'the first run holding the slot');
    const waiter = await launch(engine, 'slow_job', slowJob(50));
    const queued = await launch(engine, 'slow_job', slowJob(50));

    const during = await scrapeUntil(
      (m) => m.value('tidepool_pool_steps_waiting', { pool: 'database' }) === 1 && m.value('tidepool_queued_runs') === 1,
      'a step waiting for the slot and a run queued',
    );
    expect(during.value('tidepool_pool_limit', { pool: 'database' })).toBe(1);
    expect(during.value('tidepool_pool_slots_in_use', { pool: 'database' })).toBe(1);
    expect(during.value('tidepool_pools')).toBe(1);
    expect(during.value('tidepool_runs', { status: 'QUEUED' })).toBe(1);
    expect(during.value('tidepool_runs', { status: 'STARTED' })).toBe(2);
    expect(during.value('tidepool_runs', { status: 'STARTING' })).toBe(0);
    expect(during.value('tidepool_oldest_queued_run_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(during.value('tidepool_tag_limit', { key: 'team', value: '' })).toBe(5);
    expect(during.value('tidepool_tag_limit_in_use', { key: 'team', value: '' })).toBe(2);

    // A live subscription over WebSocket is counted while it is open.
    const ws = openWsClient(server.wsUrl);
    try {
      const feed = subscribeWs(ws.client, ConcurrencyKeyChangedDocument, { concurrencyKey: 'database' });
      await feed.until((f) => f.results.length > 0, 'the pool feed to answer');
      const live = await scrape();
      expect(live.value('tidepool_websocket_connections')).toBe(1);
      expect(live.value('tidepool_active_subscriptions')).toBe(1);
    } finally {
      await ws.dispose();
    }

    await executeOk(server.url, TerminateRunDocument, { runId: holder });
    expect(await waitForStatus(engine.instance, holder, ['CANCELED', 'FAILURE', 'SUCCESS'])).toBe('CANCELED');
    for (const runId of [waiter, queued]) expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');

    const after = await scrapeUntil(
      (m) => m.value('tidepool_runs', { status: 'STARTED' }) === 0 && m.value('tidepool_queued_runs') === 0,
      'no run in progress',
    );
    const added = (name: string, labels: Record<string, string> = {}) =>
      (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);
    expect(after.value('tidepool_pool_slots_in_use', { pool: 'database' })).toBe(0);
    expect(after.value('tidepool_pool_steps_waiting', { pool: 'database' })).toBe(0);
    expect(after.value('tidepool_oldest_queued_run_age_seconds')).toBe(0);
    // Runs by status: each status change made in this process, and the run durations by end status.
    expect(added('tidepool_run_status_changes_total', { status: 'SUCCESS' })).toBe(2);
    expect(added('tidepool_run_status_changes_total', { status: 'CANCELED' })).toBe(1);
    expect(added('tidepool_run_status_changes_total', { status: 'STARTING' })).toBe(3);
    expect(added('tidepool_run_duration_seconds_count', { status: 'SUCCESS' })).toBe(2);
    expect(added('tidepool_run_duration_seconds_count', { status: 'CANCELED' })).toBe(1);
    expect(added('tidepool_run_launch_to_starting_seconds_count')).toBe(3);
    // Every step of the pool waited for its slot (granted at once or not); the second run's was handed over.
    expect(added('tidepool_slot_wait_seconds_count')).toBe(3);
    expect(added('tidepool_slot_handoff_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(added('tidepool_step_duration_seconds_count', { outcome: 'success' })).toBe(2);
    expect(added('tidepool_dequeue_pass_duration_seconds_count')).toBeGreaterThan(0);
    // The API's requests by operation name and type.
    expect(added('tidepool_graphql_request_duration_seconds_count', { operation: 'SetConcurrencyLimit', type: 'mutation' })).toBe(1);
    expect(added('tidepool_graphql_request_duration_seconds_count', { operation: 'TerminateRun', type: 'mutation' })).toBe(1);
    // Postgres pools and the event loop.
    expect(after.value('tidepool_postgres_pool_connections', { pool: 'engine' })).toBeGreaterThan(0);
    expect(after.value('tidepool_postgres_pool_max_connections', { pool: 'engine' })).toBeGreaterThan(0);
    expect(after.value('tidepool_postgres_pool_connections', { pool: 'api-write' })).toBeGreaterThan(0);
    expect(after.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    // Runs over all history come from the table's statistics, once Postgres has analyzed it.
    await engine.instance.database.db.execute(sql`analyze runs`);
    const analyzed = await scrapeUntil((m) => m.value('tidepool_runs_estimated', { status: 'SUCCESS' }) !== undefined, 'estimates');
    expect(analyzed.value('tidepool_runs_estimated', { status: 'SUCCESS' })).toBe(2);
    // A status seen once is not among the column's common values: it has no estimate (see run-counts.ts).
    expect(analyzed.value('tidepool_runs_estimated')).toBeLessThanOrEqual(3);
  });

  it('collapses operation names past the cap and unnamed operations, so clients cannot add series at will', async () => {
    const post = (query: string) =>
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    // The registry is the process's: other test files run in this worker may have counted requests before.
    const anonymous = { operation: 'anonymous', type: 'query' };
    const anonymousBefore = (await scrape()).value('tidepool_graphql_request_duration_seconds_count', anonymous) ?? 0;
    for (let batch = 0; batch < 6; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`query Name${batch * 20 + i} { __typename }`)));
      for (const reply of replies) expect(reply.status).toBe(200);
    }
    expect((await post('{ __typename }')).status).toBe(200);
    const metrics = await scrape();
    const operations = new Set(metrics.series('tidepool_graphql_request_duration_seconds_count').map((s) => s.labels.operation));
    // The cap is the process's (its registry's), whatever other servers of this worker counted before.
    const named = [...operations].filter((name) => name !== undefined && !['anonymous', 'other', 'unknown'].includes(name));
    expect(named.length).toBeLessThanOrEqual(100);
    expect(operations).toContain('other');
    expect(operations).toContain('anonymous');
    expect(metrics.value('tidepool_graphql_request_duration_seconds_count', anonymous)).toBe(anonymousBefore + 1);
  });

  it('the Grafana dashboard charts only metrics the server exports, and every area the issue asks for', async () => {
    interface Panel {
      type: string;
      title: string;
      targets?: { expr: string }[];
    }
    const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as { panels: Panel[] };
    const exported = (await scrape()).names;
    const charts = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(charts.length).toBeGreaterThan(10);
    const charted = new Set<string>();
    for (const panel of charts) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets!) {
        const names = expr.match(/\b(?:tidepool|nodejs|process)_[a-z0-9_]+\b/g) ?? [];
        expect(names.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        for (const name of names) {
          expect(exported.has(name), `${panel.title}: ${name} is not exported`).toBe(true);
          charted.add(name);
        }
      }
    }
    for (const name of [
      'tidepool_queued_runs',
      'tidepool_pool_slots_in_use',
      'tidepool_pool_steps_waiting',
      'tidepool_dequeue_pass_duration_seconds_bucket',
      'tidepool_slot_wait_seconds_bucket',
      'tidepool_run_duration_seconds_bucket',
      'tidepool_graphql_request_duration_seconds_bucket',
      'tidepool_postgres_pool_connections',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(charted, name).toContain(name);
  });

  it("tidepool daemon serves them on --metrics-port (only /metrics there), with its own coordinator's passes", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const daemon = spawn(process.execPath, [CLI, 'daemon', '--metrics-port', `127.0.0.1:${port}`], {
      env: childEnv({ DATABASE_URL: engine.testDatabase.url, LOG_LEVEL: 'warn' }),
    });
    let output = '';
    daemon.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => daemon.once('close', resolve));
    try {
      const base = `http://127.0.0.1:${port}`;
      const metrics = await waitFor(
        async () => {
          if (daemon.exitCode !== null) throw new Error(`tidepool daemon exited with ${daemon.exitCode}: ${output}`);
          const response = await fetch(`${base}/metrics`).catch(() => null);
          if (response?.status !== 200) return undefined;
          const scraped = parseMetrics(await response.text());
          return (scraped.value('tidepool_dequeue_pass_duration_seconds_count') ?? 0) > 0 ? scraped : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: 'the daemon to report a dequeue pass on its metrics port' },
      );
      expect(metrics.value('tidepool_queued_runs')).toBe(0);
      expect(metrics.value('tidepool_postgres_pool_connections', { pool: 'engine' })).toBeGreaterThan(0);
      expect((await fetch(`${base}/healthz`)).status).toBe(404);
    } finally {
      daemon.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('is not served when the instance config turns metrics off', async () => {
    const off = await createTestInstance({ configYaml: 'metrics:\n  enabled: false\n' });
    const offServer = await startTestServer(off.instance);
    try {
      expect((await fetch(new URL('/metrics', offServer.url))).status).toBe(404);
    } finally {
      await offServer.server.stop();
      await off.cleanup();
    }
  });
});
