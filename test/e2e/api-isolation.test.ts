// The engine protected from the API, and the API from its clients: request bodies under a byte budget
// and checked to be UTF-8; the API's own Postgres connections (reads and mutations apart, the engine
// apart from both) under a statement timeout; a request's statement cancelled when its client goes
// away; SIGTERM stopping a server whose requests are stuck in the database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { startEngine, type EngineHarness } from '../support/engine.js';
import { startServe } from '../support/cli.js';
import { createTestInstance, startTestServer, type TestServer } from '../support/instance.js';
import { createTestDatabase } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, body: string | Buffer, signal?: AbortSignal): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
    signal,
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const gql = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
/** Priced 500 (a count over the whole history): a heavy read (api.heavy_reads.min_cost). */
const countQuery = gql('{ runsOrError { __typename ... on Runs { count } } }');
/** Priced 2: a read on the read lane. */
const pageQuery = gql('{ runsOrError(limit: 1) { __typename ... on Runs { results { runId } } } }');

let engine: EngineHarness;
let server: TestServer;
let admin: pg.Client;

beforeAll(async () => {
  // A short statement timeout, so that the tests wait seconds, not the default ten.
  engine = await startEngine({ configYaml: 'api: {statement_timeout_seconds: 2, database_connections: 2, max_request_bytes: 10000}' });
  server = await startTestServer(engine.instance, engine.location);
  admin = new pg.Client({ connectionString: engine.testDatabase.url, application_name: 'tidepool-test-admin' });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await server?.server.stop();
  await engine?.cleanup();
});

async function runCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(engine.instance.database.db, sql`select count(*)::int as n from runs`);
  return row!.n;
}

/** Holds `runs` locked against every reader until the returned function is called. */
/**
 * Rows of pg_stat_activity as they are now. The probes run on the locking connection, inside its open
 * transaction, where Postgres keeps the first snapshot of the activity view until the transaction ends:
 * without clearing it, a probe taken before the request arrived would be all the test ever saw.
 */
async function activityNow<R extends pg.QueryResultRow>(client: pg.Client, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
  await client.query('select pg_stat_clear_snapshot()');
  return client.query<R>(text, values);
}

async function lockRuns(): Promise<() => Promise<void>> {
  await admin.query('begin');
  await admin.query('lock table runs in access exclusive mode');
  return async () => {
    await admin.query('rollback');
  };
}

describe('request bodies', () => {
  it('refuses a body over max_request_bytes with 413 REQUEST_TOO_LARGE, and runs nothing', async () => {
    const before = await runCount();
    const tags = Array.from({ length: 400 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(20) }));
    const answer = await post(
      server.url,
      gql('mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename } }', {
        p: { selector: { jobName: 'quick_job' }, executionMetadata: { tags } },
      }),
    );
    expect(answer.status).toBe(413);
    expect(answer.errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
    expect(answer.errors?.[0]?.message).toContain('10000 bytes');
    expect(await runCount()).toBe(before);
  });

  it('refuses a body that is not UTF-8 with 400 INVALID_UTF8 instead of replacing the bytes', async () => {
    const before = await runCount();
    const text = gql('mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename } }', {
      p: { selector: { jobName: 'quick_job' }, executionMetadata: { tags: [{ key: 'owner', value: 'XX' }] } },
    });
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('XX');
    bytes[at] = 0xc3; // a lead byte followed by an ASCII byte: not UTF-8
    const answer = await post(server.url, bytes);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_UTF8');
    expect(await runCount()).toBe(before);
  });

  it('still serves a body within the budget', async () => {
    const answer = await post(server.url, countQuery);
    expect(answer.status).toBe(200);
    expect(answer.data?.runsOrError).toMatchObject({ __typename: 'Runs' });
  });
});

describe("the API's database connections", () => {
  it('stops a read past the statement timeout with STATEMENT_TIMEOUT', async () => {
    const unlock = await lockRuns();
    try {
      const answer = await post(server.url, countQuery);
      expect(answer.errors?.[0]?.extensions?.code).toBe('STATEMENT_TIMEOUT');
    } finally {
      await unlock();
    }
  });

  it('keeps mutations and the engine going while every read connection is taken', async () => {
    // Take every connection of the read lane (database_connections: 2), as a storm of reads would.
    const apiPool = (engine.instance.database.api as unknown as { $client: { connect(): Promise<pg.PoolClient> } }).$client;
    const held = [await apiPool.connect(), await apiPool.connect()];
    try {
      const read = await post(server.url, pageQuery);
      expect(read.errors?.[0]?.extensions?.code).toBe('SERVICE_BUSY');

      // A mutation has its own lane, and runs execute on the engine's connections.
      const set = await post(server.url, gql('mutation { setConcurrencyLimit(concurrencyKey: "isolation", limit: 3) }'));
      expect(set.errors).toBeUndefined();
      const launched = await post(
        server.url,
        gql(
          'mutation { launchRun(executionParams: { selector: { jobName: "quick_job" } }) { __typename ... on LaunchRunSuccess { run { runId } } } }',
        ),
      );
      const runId = (launched.data?.launchRun as { run: { runId: string } }).run.runId;
      await waitFor(
        async () => {
          const [row] = await queryRows<{ status: string }>(engine.instance.database.db, sql`select status from runs where id = ${runId}`);
          return row?.status === 'SUCCESS';
        },
        { what: 'the run to succeed while the API reads are starved', timeoutMs: 20_000 },
      );
    } finally {
      for (const client of held) client.release();
    }
    const read = await post(server.url, pageQuery);
    expect(read.data?.runsOrError).toMatchObject({ __typename: 'Runs' });
  });
});

/**
 * A server of its own whose API statements time out only after a minute (so that within a test only the
 * lock, or a cancel, ends them), with `runs` locked by `locker` for the duration of `body`.
 */
async function withRunsLockedOnPatientServer(extraApiYaml: string, body: (url: string, locker: pg.Client) => Promise<void>): Promise<void> {
  const patient = await createTestInstance({ configYaml: `api: {statement_timeout_seconds: 60${extraApiYaml}}` });
  const patientServer = await startTestServer(patient.instance, engine.location);
  const locker = new pg.Client({ connectionString: patient.testDatabase.url });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query('lock table runs in access exclusive mode');
    await body(patientServer.url, locker);
  } finally {
    await locker.end();
    await patientServer.server.stop();
    await patient.cleanup();
  }
}

describe('heavy reads', () => {
  it('run on their own connection, one at a time, while cheap reads go on', { timeout: 150_000 }, async () => {
    await withRunsLockedOnPatientServer(', heavy_reads: {connections: 1}', async (url, locker) => {
      // Two requests with a count each (priced 500, at heavy_reads.min_cost): the first waits for the
      // lock on the heavy lane's one connection; the second waits in the server for its turn.
      const counts = [post(url, countQuery), post(url, countQuery)];
      const heavyStatements = async () =>
        (
          await activityNow<{ application_name: string; wait_event_type: string | null }>(
            locker,
            `select application_name, wait_event_type from pg_stat_activity
              where datname = current_database() and application_name like '%:api-%' and state = 'active'`,
          )
        ).rows;
      await waitFor(async () => (await heavyStatements()).length > 0, { what: 'a count to reach Postgres', timeoutMs: 100_000 });
      // A cheap read (the pools table, not locked) is answered meanwhile, on the read lane.
      const pools = await post(url, gql('{ instance { concurrencyLimits { concurrencyKey } } }'));
      expect(pools.errors).toBeUndefined();
      expect(await heavyStatements()).toEqual([{ application_name: expect.stringMatching(/:api-heavy$/), wait_event_type: 'Lock' }]);
      await locker.query('rollback');
      for (const answer of await Promise.all(counts)) expect(answer.data?.runsOrError).toMatchObject({ __typename: 'Runs', count: 0 });
    });
  });
});

describe('a client that goes away', () => {
  it('has its statement cancelled, long before the statement timeout', { timeout: 150_000 }, async () => {
    await withRunsLockedOnPatientServer('', async (url, locker) => {
      const client = new AbortController();
      const request = post(url, countQuery, client.signal).catch((error: Error) => error);
      const waitingRead = async () =>
        (
          await activityNow<{ pid: number }>(
            locker,
            `select pid from pg_stat_activity where datname = current_database() and application_name like '%:api-heavy'
               and state = 'active' and wait_event_type = 'Lock'`,
          )
        ).rows[0];
      const blocked = await waitFor(waitingRead, { what: 'the API read to wait for the lock', timeoutMs: 100_000 });
      client.abort();
      expect(await request).toBeInstanceOf(Error);
      await waitFor(
        async () =>
          (await activityNow(locker, 'select 1 from pg_stat_activity where pid = $1 and wait_event_type = $2', [blocked.pid, 'Lock']))
            .rowCount === 0,
        { what: 'the abandoned statement to be cancelled' },
      );
    });
  });
});

describe('shutdown', () => {
  it('SIGTERM stops a server whose requests are stuck waiting in the database', { timeout: 150_000 }, async () => {
    const database = await createTestDatabase();
    const home = await mkdtemp(join(tmpdir(), 'tidepool-sigterm-'));
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      // A long statement timeout: only cancellation on stop can free these requests quickly.
      const serve = await startServe(['--no-daemon'], { env: { DATABASE_URL: database.url, TIDEPOOL_HOME: home }, cwd: home });
      await locker.query('begin');
      await locker.query('lock table runs in access exclusive mode');
      const stuck = Array.from({ length: 6 }, () => post(serve.url, pageQuery).catch((error: Error) => error));
      await waitFor(
        async () =>
          (
            await activityNow(
              locker,
              `select 1 from pg_stat_activity where datname = current_database() and application_name like '%:api-read' and wait_event_type = 'Lock'`,
            )
          ).rowCount! >= 6,
        { what: 'six API reads waiting on the lock', timeoutMs: 100_000 },
      );
      // Exit code 0: stopped by cancelling its requests, not by the shutdown deadline (exit 1), and each
      // request told so before its connection closed.
      expect(await serve.stop()).toBe(0);
      for (const answer of await Promise.all(stuck)) {
        expect(answer).toMatchObject({ errors: [{ extensions: { code: 'REQUEST_CANCELED' } }] });
      }
    } finally {
      await locker.end();
      await database.drop();
      await rm(home, { recursive: true, force: true });
    }
  });
});
