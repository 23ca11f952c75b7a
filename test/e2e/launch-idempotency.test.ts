// Issue 15: idempotent launches. A launch tagged `tidepool/idempotency_key` (or sent with the HTTP header
// `Idempotency-Key`) creates one run per key; a repeat answers that run. Racing launches of one key, from
// the in-process server and two `tidepool serve` processes on the same database, create exactly one run: the
// race is made by state (every launch waits on an uncommitted holder of the key), not by timing.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { launchRuns } from '../../src/queue/launch.js';
import { TAGS } from '../../src/runs/vocabulary.js';
import { startServe, type ServeProcess } from '../support/cli.js';
import { ENGINE_FIXTURE } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { DeleteRunDocument, TerminateRunDocument } from '../generated/graphql.js';

const KEY_TAG = TAGS.idempotencyKey;

let test: TestInstance;
let server: TestServer;
const home = mkdtempSync(join(tmpdir(), 'tidepool-idempotency-'));
beforeAll(async () => {
  test = await createTestInstance();
  server = await startTestServer(test.instance, await loadDefinitions(ENGINE_FIXTURE));
});
afterAll(async () => {
  await server?.server.stop();
  await test?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

const db = () => test.instance.database.db;

const LAUNCH_RUN = `mutation ($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId jobName status tags { key value } } }
    ... on InvalidTagsError { tagKey }
    ... on Error { message }
  }
}`;

const LAUNCH_MULTIPLE = `mutation ($executionParamsList: [ExecutionParams!]!) {
  launchMultipleRuns(executionParamsList: $executionParamsList) {
    __typename
    ... on LaunchMultipleRunsResult {
      launchMultipleRunsResult {
        __typename
        ... on LaunchRunSuccess { run { runId } }
        ... on InvalidTagsError { tagKey }
        ... on Error { message }
      }
    }
  }
}`;

interface LaunchAnswer {
  __typename: string;
  run?: { runId: string; jobName: string; status: string; tags: { key: string; value: string }[] };
  tagKey?: string | null;
  message?: string;
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

function params(jobName: string, tags: Record<string, string> = {}) {
  return { selector: { jobName }, executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) } };
}

async function launchRun(url: string, jobName: string, tags: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const result = await post(url, LAUNCH_RUN, { executionParams: params(jobName, tags) }, headers);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data!.launchRun as LaunchAnswer;
}

function runIdOf(answer: LaunchAnswer): string {
  if (answer.__typename !== 'LaunchRunSuccess') throw new Error(`not launched: ${JSON.stringify(answer)}`);
  return answer.run!.runId;
}

/** What a refused launch must leave as it was: every run, tag row and event. */
async function storedCounts() {
  const [row] = await queryRows<{ runs: number; tags: number; events: number }>(
    db(),
    sql`select (select count(*)::int from runs) as runs, (select count(*)::int from run_tags) as tags,
               (select count(*)::int from run_events) as events`,
  );
  return row!;
}

async function runsWithKey(key: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db(), sql`select id from runs where tags ->> ${KEY_TAG} = ${key} order by seq`);
  return rows.map((row) => row.id);
}

describe('the tidepool/idempotency_key tag', () => {
  it('launches one run for a key given twice and answers the same run both times', async () => {
    const key = randomUUID();
    const first = await launchRun(server.url, 'quick_job', { [KEY_TAG]: key });
    const second = await launchRun(server.url, 'quick_job', { [KEY_TAG]: key });
    expect(second.__typename).toBe('LaunchRunSuccess');
    expect(runIdOf(second)).toBe(runIdOf(first));
    expect(second.run!.tags).toContainEqual({ key: KEY_TAG, value: key });
    expect(await runsWithKey(key)).toEqual([runIdOf(first)]);
    // The repeat wrote nothing: the run still has the one RUN_ENQUEUED event its launch wrote.
    const events = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from run_events where run_id = ${runIdOf(first)}`);
    expect(events[0]!.n).toBe(1);
  });

  it('launches different runs for different keys, and for launches without a key', async () => {
    const a = runIdOf(await launchRun(server.url, 'quick_job', { [KEY_TAG]: randomUUID() }));
    const b = runIdOf(await launchRun(server.url, 'quick_job', { [KEY_TAG]: randomUUID() }));
    const c = runIdOf(await launchRun(server.url, 'quick_job'));
    const d = runIdOf(await launchRun(server.url, 'quick_job'));
    expect(new Set([a, b, c, d]).size).toBe(4);
  });

  it("refuses a key of another job's run with InvalidTagsError, writing nothing", async () => {
    const key = randomUUID();
    const original = runIdOf(await launchRun(server.url, 'quick_job', { [KEY_TAG]: key }));
    const before = await storedCounts();
    const refused = await launchRun(server.url, 'wait_job', { [KEY_TAG]: key });
    expect(refused.__typename).toBe('InvalidTagsError');
    expect(refused.tagKey).toBe(KEY_TAG);
    expect(refused.message).toContain(original);
    expect(refused.message).toContain('quick_job');
    expect(await storedCounts()).toEqual(before);
    expect(await runsWithKey(key)).toEqual([original]);
  });

  it('refuses an empty key or one longer than 255 characters, writing nothing', async () => {
    const before = await storedCounts();
    for (const value of ['', 'k'.repeat(256)]) {
      const refused = await launchRun(server.url, 'quick_job', { [KEY_TAG]: value });
      expect(refused.__typename).toBe('InvalidTagsError');
      expect(refused.tagKey).toBe(KEY_TAG);
    }
    expect(await storedCounts()).toEqual(before);
  });

  it('launches one run for a key repeated in a launchMultipleRuns batch, and refuses its entry of another job', async () => {
    const [k1, k2] = [randomUUID(), randomUUID()];
    const result = await post(server.url, LAUNCH_MULTIPLE, {
      executionParamsList: [
        params('quick_job', { [KEY_TAG]: k1 }),
        params('quick_job', { [KEY_TAG]: k1 }),
        params('quick_job', { [KEY_TAG]: k2 }),
        params('wait_job', { [KEY_TAG]: k1 }),
        params('quick_job'),
      ],
    });
    expect(result.errors).toBeUndefined();
    const answers = (result.data!.launchMultipleRuns as { launchMultipleRunsResult: LaunchAnswer[] }).launchMultipleRunsResult;
    expect(answers.map((answer) => answer.__typename)).toEqual([
      'LaunchRunSuccess',
      'LaunchRunSuccess',
      'LaunchRunSuccess',
      'InvalidTagsError',
      'LaunchRunSuccess',
    ]);
    const [a, b, c, , e] = answers.map((answer) => answer.run?.runId);
    expect(b).toBe(a);
    expect(new Set([a, c, e]).size).toBe(3);
    expect(await runsWithKey(k1)).toEqual([a]);
    expect(await runsWithKey(k2)).toEqual([c]);
  });

  it('frees the key of a deleted run: the next launch with it creates a new run', async () => {
    const key = randomUUID();
    const first = runIdOf(await launchRun(server.url, 'quick_job', { [KEY_TAG]: key }));
    const terminated = await executeOk(server.url, TerminateRunDocument, { runId: first });
    expect(terminated.terminateRun.__typename).toBe('TerminateRunSuccess');
    const deleted = await executeOk(server.url, DeleteRunDocument, { runId: first });
    expect(deleted.deleteRun.__typename).toBe('DeletePipelineRunSuccess');
    const again = runIdOf(await launchRun(server.url, 'quick_job', { [KEY_TAG]: key }));
    expect(again).not.toBe(first);
    expect(await runsWithKey(key)).toEqual([again]);
  });

  it('keeps its meaning from the SDK and CLI path (launchRuns), answering the run the API launched', async () => {
    const key = randomUUID();
    const viaApi = runIdOf(await launchRun(server.url, 'quick_job', { [KEY_TAG]: key }));
    const location = await loadDefinitions(ENGINE_FIXTURE);
    const [viaEngine] = await launchRuns(test.instance, location, [
      { selector: { jobName: 'quick_job' }, executionMetadata: { tags: [{ key: KEY_TAG, value: key }] } },
    ]);
    expect(viaEngine!.ok && viaEngine!.runId).toBe(viaApi);
  });
});

describe('the Idempotency-Key header', () => {
  it("is the launch's tag: the same header twice answers the same run", async () => {
    const key = randomUUID();
    const first = await launchRun(server.url, 'quick_job', {}, { 'Idempotency-Key': key });
    expect(first.run!.tags).toContainEqual({ key: KEY_TAG, value: key });
    const second = await launchRun(server.url, 'quick_job', {}, { 'Idempotency-Key': key });
    expect(runIdOf(second)).toBe(runIdOf(first));
    // A tag of the same key is the same launch.
    const tagged = await launchRun(server.url, 'quick_job', { [KEY_TAG]: key });
    expect(runIdOf(tagged)).toBe(runIdOf(first));
    expect(await runsWithKey(key)).toEqual([runIdOf(first)]);
  });

  it('refuses a header and a tag that differ, and a request of several launches, writing nothing', async () => {
    const before = await storedCounts();
    const differing = await launchRun(server.url, 'quick_job', { [KEY_TAG]: randomUUID() }, { 'Idempotency-Key': randomUUID() });
    expect(differing.__typename).toBe('InvalidTagsError');
    expect(differing.tagKey).toBe(KEY_TAG);

    const two = await post(
      server.url,
      `mutation ($p: ExecutionParams!) { a: launchRun(executionParams: $p) { __typename } b: launchRun(executionParams: $p) { __typename } }`,
      { p: params('quick_job') },
      { 'Idempotency-Key': randomUUID() },
    );
    // The first launch field is refused; a mutation's fields run in order, so the second never runs.
    expect(two.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(two.errors?.[0]?.message).toMatch(/Idempotency-Key header names one launch: this request holds 2 launches/);

    const multiple = await post(
      server.url,
      LAUNCH_MULTIPLE,
      { executionParamsList: [params('quick_job')] },
      { 'Idempotency-Key': randomUUID() },
    );
    expect(multiple.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await storedCounts()).toEqual(before);
  });
});

describe('racing launches of one key', () => {
  let serves: ServeProcess[] = [];
  afterAll(async () => {
    await Promise.all(serves.map((serve) => serve.stop()));
  });

  it('create exactly one run from 12 launches across the in-process server and two serve processes', async () => {
    const env = { DATABASE_URL: test.testDatabase.url, TIDEPOOL_HOME: home };
    serves = await Promise.all([1, 2].map(() => startServe(['--definitions', ENGINE_FIXTURE], { env })));
    const urls = [server.url, ...serves.map((serve) => serve.url)];
    const key = randomUUID();

    // A transaction holds the key uncommitted, so every launch reads it free and then waits at its insert.
    const holder = new pg.Client({ connectionString: test.testDatabase.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(
        `insert into tidepool.runs (id, job_name, repository_name, location_name, status, idempotency_key)
         values ($1, 'quick_job', '__repository__', 'holder', 'NOT_STARTED', $2)`,
        [randomUUID(), key],
      );
      // Four per server: each process's API has four write connections (api.database_connections 8, halved).
      const launches = urls.flatMap((url, server) =>
        [0, 1, 2, 3].map((i) =>
          (i + server) % 2 === 0
            ? launchRun(url, 'quick_job', { [KEY_TAG]: key })
            : launchRun(url, 'quick_job', {}, { 'Idempotency-Key': key }),
        ),
      );
      const waiting = await waitFor(
        async () => {
          const [row] = await queryRows<{ n: number }>(
            db(),
            sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into %runs%'`,
          );
          return row!.n >= launches.length ? row!.n : false;
        },
        { timeoutMs: 15_000, what: `all ${launches.length} launches to wait on the key's holder` },
      );
      expect(waiting).toBe(launches.length);
      // The holder gives the key up: the launches now race for it among themselves.
      await holder.query('rollback');
      const answers = await Promise.all(launches);
      const runIds = new Set(answers.map(runIdOf));
      const stored = await runsWithKey(key);
      expect(stored.length, `observed runs for one key after ${launches.length} racing launches: ${stored.length}`).toBe(1);
      expect([...runIds], `distinct runs answered: ${runIds.size}`).toEqual(stored);
    } finally {
      await holder.end();
    }
  }, 30_000);
});
