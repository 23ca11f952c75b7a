// Subscriptions across processes: two `tidepool serve` replicas on one Postgres (a transition made
// through A reaches B's subscribers), and a server whose Postgres connections — its LISTEN connection
// included — are terminated mid-stream (the stream goes on without loss: the hub catches up from the
// table after the LISTEN connection comes back).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstanceConfig, resolveSettings } from '../../src/config/index.js';
import { queryRows } from '../../src/db/database.js';
import { openInstance, type Instance } from '../../src/instance/instance.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { transitionRuns } from '../../src/runs/transition.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import { LaunchRunDocument, RunStatusChangedDocument } from '../generated/graphql.js';
import { startServe, type ServeProcess } from '../support/cli.js';
import { ENGINE_FIXTURE } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestDatabase, withAdmin, type TestDatabase } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';
import { openWsClient, subscribeWs, type WsClient } from '../support/ws-client.js';

interface Deployment {
  database: TestDatabase;
  home: string;
  /** The test's own connection to the database (to read ground truth and to write). */
  instance: Instance;
  servers: ServeProcess[];
  clients: WsClient[];
}

async function deploy(serveArgs: string[][]): Promise<Deployment> {
  const database = await createTestDatabase();
  const home = await mkdtemp(join(tmpdir(), 'tidepool-replicas-'));
  const env = { DATABASE_URL: database.url, TIDEPOOL_HOME: home };
  const settings = resolveSettings({}, env, home);
  const instance = await openInstance(settings, {
    migrate: false,
    config: parseInstanceConfig('', null),
    applicationName: 'tidepool:test',
  });
  const servers = await Promise.all(serveArgs.map((args) => startServe(args, { env, cwd: home })));
  return { database, home, instance, servers, clients: [] };
}

async function teardown(deployment: Deployment | undefined): Promise<void> {
  if (!deployment) return;
  for (const client of deployment.clients) await client.dispose();
  for (const server of deployment.servers) await server.stop();
  await deployment.instance.close();
  await deployment.database.drop();
  await rm(deployment.home, { recursive: true, force: true });
}

async function lastEventId(instance: Instance): Promise<string> {
  const [row] = await queryRows<{ id: string | null }>(instance.database.db, sql`select max(id) as id from run_events`);
  return String(row?.id ?? 0);
}

const wsUrl = (server: ServeProcess) => server.url.replace(/^http/, 'ws');

describe('two serve processes on one database', () => {
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await deploy([
      ['--definitions', ENGINE_FIXTURE],
      ['--definitions', ENGINE_FIXTURE],
    ]);
  }, 60_000);
  afterAll(() => teardown(deployment));

  it("a run launched through A reaches B's subscriber: QUEUED, STARTING, STARTED, SUCCESS in order", async () => {
    const [a, b] = deployment.servers;
    const tag = randomUUID();
    const client = openWsClient(wsUrl(b!));
    deployment.clients.push(client);
    const sub = subscribeWs(client.client, RunStatusChangedDocument, {
      filter: { tags: [{ key: 'replica', value: tag }] },
      cursor: await lastEventId(deployment.instance),
    });
    const launched = await executeOk(a!.url, LaunchRunDocument, {
      executionParams: { selector: { jobName: 'quick_job' }, executionMetadata: { tags: [{ key: 'replica', value: tag }] } },
    });
    if (launched.launchRun.__typename !== 'LaunchRunSuccess') throw new Error('launch failed');
    const runId = launched.launchRun.run.runId;

    const changes = (await sub.atLeast(4, 30_000)).map((d) => d.runStatusChanged);
    expect(changes.map((c) => [c.run.runId, c.fromStatus, c.toStatus])).toEqual([
      [runId, 'NOT_STARTED', 'QUEUED'],
      [runId, 'QUEUED', 'STARTING'],
      [runId, 'STARTING', 'STARTED'],
      [runId, 'STARTED', 'SUCCESS'],
    ]);
  });
});

describe('a server whose Postgres connections are terminated mid-stream', () => {
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await deploy([['--no-daemon']]);
  }, 60_000);
  afterAll(() => teardown(deployment));

  it('goes on streaming without loss once it has reconnected', { timeout: 90_000 }, async () => {
    const { instance, database } = deployment;
    const server = deployment.servers[0]!;
    const tag = randomUUID();
    const runIds = await createRuns(
      instance.database.db,
      Array.from({ length: 30 }, () => ({
        jobName: 'some_job',
        repositoryName: '__repository__',
        locationName: 'test',
        tags: { terminate: tag },
        runConfig: {},
        stepKeysToExecute: null,
        assetSelection: null,
        allPools: [],
        rootPools: [],
        hasUnconstrainedRootNodes: true,
        snapshot: null,
      })),
      'QUEUED',
    );
    const start = await lastEventId(instance);
    const client = openWsClient(wsUrl(server));
    deployment.clients.push(client);
    const sub = subscribeWs(client.client, RunStatusChangedDocument, {
      filter: { tags: [{ key: 'terminate', value: tag }] },
      cursor: start,
    });

    const steps: [RunStatus, RunStatus][] = [
      ['QUEUED', 'STARTING'],
      ['STARTING', 'STARTED'],
      ['STARTED', 'SUCCESS'],
    ];
    const moveAll = async (ids: string[]) => {
      for (const [from, to] of steps) {
        for (const runId of ids) await transitionRuns(instance.database.db, [runId], { from: [from], to, message: `to ${to}` });
      }
    };
    const terminateServerConnections = () =>
      withAdmin(async (admin) => {
        const { rows } = await admin.query<{ application_name: string }>(
          `select application_name from pg_stat_activity
           where datname = $1 and application_name like 'tidepool:serve%' and pg_terminate_backend(pid)`,
          [database.name],
        );
        return rows.map((row) => row.application_name);
      });
    const listenPid = () =>
      withAdmin(async (admin) => {
        const { rows } = await admin.query<{ pid: number }>(
          `select pid from pg_stat_activity where datname = $1 and application_name = 'tidepool:serve:listen'`,
          [database.name],
        );
        return rows[0]?.pid;
      });

    await moveAll(runIds.slice(0, 10));
    await sub.atLeast(30, 30_000);
    const listenBefore = await listenPid();
    expect(await terminateServerConnections()).toContain('tidepool:serve:listen');
    // Written while the server has no LISTEN connection: these hints are lost for good.
    await moveAll(runIds.slice(10, 20));
    await sub.atLeast(60, 60_000);
    expect(await terminateServerConnections()).toContain('tidepool:serve:listen');
    await moveAll(runIds.slice(20));
    await sub.atLeast(90, 60_000);
    // The LISTEN connection came back (a new backend).
    const listenAfter = await waitFor(listenPid, { what: 'the server to LISTEN again', timeoutMs: 30_000 });
    expect(listenAfter).not.toBe(listenBefore);

    const expected = (
      await queryRows<{ id: string }>(
        instance.database.db,
        sql`select e.id from run_events e join run_tags t on t.run_id = e.run_id and t.key = 'terminate' and t.value = ${tag}
            where e.run_status is not null and e.id > ${Number(start)} order by e.id`,
      )
    ).map((row) => row.id);
    expect(expected).toHaveLength(90);
    expect(sub.data.map((d) => d.runStatusChanged.cursor)).toEqual(expected);
    expect(sub.failure).toBeNull();
    expect(server.child.exitCode).toBeNull();
  });
});
