import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { parse as parseYaml } from 'yaml';
import { recordHeartbeat } from '../../src/daemon/heartbeats.js';
import { DaemonHealthDocument, InstanceOverviewDocument } from '../generated/graphql.js';
import { execute, executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

const CONFIG = `
concurrency:
  runs:
    max_concurrent_runs: 15
    tag_concurrency_limits:
      - key: dagster/backfill
        limit: 10
  pools:
    default_limit: 2
    granularity: run
    op_granularity_run_buffer: 1
`;

let ctx: TestInstance;
let server: TestServer;
beforeAll(async () => {
  ctx = await createTestInstance({ configYaml: CONFIG });
  server = await startTestServer(ctx.instance);
});
afterAll(async () => {
  await server?.server.stop();
  await ctx?.cleanup();
});

describe('Query.instance over HTTP', () => {
  it('reports the effective config, defaults included', async () => {
    const data = await executeOk(server.url, InstanceOverviewDocument);
    expect(data.version).toMatch(/^\d+\.\d+\.\d+/);
    const instance = data.instance;
    expect(instance.runQueuingSupported).toBe(true);
    expect(instance.runQueueConfig).toEqual({
      maxConcurrentRuns: 15,
      tagConcurrencyLimitsYaml: expect.stringContaining('dagster/backfill'),
      isOpConcurrencyAware: true,
    });
    expect(instance.poolConfig).toEqual({ poolGranularity: 'run', defaultPoolLimit: 2, opGranularityRunBuffer: 1 });
    expect(instance.minConcurrencyLimitValue).toBe(0);
    expect(instance.maxConcurrencyLimitValue).toBe(1000);
    expect(instance.supportsConcurrencyLimits).toBe(true);
    expect(instance.hasInfo).toBe(true);
    expect(parseYaml(instance.info!)).toMatchObject({
      concurrency: { runs: { max_concurrent_runs: 15 }, pools: { granularity: 'run' } },
      run_coordinator: { class: 'QueuedRunCoordinator' },
      run_monitoring: { worker_lease_seconds: 30 },
    });
  });

  it('judges daemon health from heartbeats: fresh is healthy, stale or missing is not', async () => {
    const before = await executeOk(server.url, DaemonHealthDocument);
    expect(before.instance.daemonHealth.allDaemonStatuses).toEqual([
      expect.objectContaining({ daemonType: 'QUEUED_RUN_COORDINATOR', required: true, healthy: false, lastHeartbeatTime: null }),
      expect.objectContaining({ daemonType: 'MONITORING', required: true, healthy: false, lastHeartbeatTime: null }),
      ...['SCHEDULER', 'SENSOR', 'BACKFILL'].map((daemonType) => expect.objectContaining({ daemonType, required: true, healthy: false })),
      // Run retries (Dagster's event log consumer daemon) are off by default, so it is listed but not required.
      expect.objectContaining({ daemonType: 'EVENT_LOG_CONSUMER', required: false, healthy: false }),
    ]);

    const db = ctx.instance.database.db;
    await recordHeartbeat(db, { daemonType: 'QUEUED_RUN_COORDINATOR', daemonId: 'a', intervalSeconds: 1 });
    await recordHeartbeat(db, { daemonType: 'MONITORING', daemonId: 'b', intervalSeconds: 5, lastError: 'boom' });
    await db.execute(sql`update daemon_heartbeats set last_heartbeat = now() - interval '1 minute' where daemon_id = 'b'`);

    const after = await executeOk(server.url, DaemonHealthDocument);
    const [coordinator, monitor] = after.instance.daemonHealth.allDaemonStatuses;
    expect(coordinator).toMatchObject({ healthy: true, instanceCount: 1 });
    expect(Math.abs(coordinator!.lastHeartbeatTime! - Date.now() / 1000)).toBeLessThan(60);
    expect(monitor).toMatchObject({ healthy: false, lastHeartbeatErrors: [{ message: 'boom' }] });
    expect(after.instance.daemonHealth.daemonStatus).toEqual({ daemonType: 'QUEUED_RUN_COORDINATOR', healthy: true });
  });

  it('serves GraphiQL to browsers', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
  });

  it('rejects invalid operations with a validation error, not a 500', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ instance { noSuchField } }' }),
    });
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]!.message).toContain('Cannot query field "noSuchField" on type "Instance"');
  });
});

describe('errors about the request itself', () => {
  it('a variable of the wrong type gets a typed error (BAD_USER_INPUT)', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query($t: String!) { instance { daemonHealth { daemonStatus(daemonType: $t) { healthy } } } }',
        variables: { t: 5 },
      }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions?: { code?: string } }[] };
    expect(body.errors[0]!.message).toContain('$t');
    expect(body.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the same API over WebSocket (graphql-ws)', () => {
  it('answers a query through the shared pipeline', async () => {
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: '{ instance { runQueuingSupported poolConfig { poolGranularity } } }' },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result).toEqual({ data: { instance: { runQueuingSupported: true, poolConfig: { poolGranularity: 'run' } } } });
    } finally {
      await client.dispose();
    }
  });
});

describe('error masking', () => {
  it('hides unexpected errors from clients', async () => {
    // A server whose database does not exist: resolvers that touch storage fail unexpectedly.
    const { openPostgres } = await import('../../src/db/postgres.js');
    const { buildServer } = await import('../../src/server/build-server.js');
    const broken = openPostgres({ url: ctx.testDatabase.url.replace(/[^/]+$/, 'tidepool_no_such_database') });
    const brokenServer = buildServer({ instance: { ...ctx.instance, database: broken }, location: null, port: 0, host: '127.0.0.1' });
    const { url } = await brokenServer.start();
    try {
      const result = await execute(url, DaemonHealthDocument);
      expect(result.errors?.[0]?.message).toBe('Unexpected error.');
      expect(JSON.stringify(result)).not.toContain('tidepool_no_such_database');
    } finally {
      await brokenServer.stop();
      await broken.close();
    }
  });
});
