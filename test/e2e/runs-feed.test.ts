// The runs feed over GraphQL (runsFeedOrError, runsFeedCountOrError): runs and backfills merged newest
// first in each view, Dagster's status mapping for backfills, filters, paging whose cursor is stable while
// runs and backfills are created between pages, counts equal to what paging returns, and bad input as
// PythonError.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { backfills } from '../../src/db/schema.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { transitionRuns } from '../../src/runs/transition.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { newRun } from '../support/runs.js';

let ctx: TestInstance;
let server: TestServer;
let db: Db;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
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

const FEED = `query Feed($view: RunsFeedView!, $filter: RunsFilter, $cursor: String, $limit: Int!) {
  runsFeedOrError(view: $view, filter: $filter, cursor: $cursor, limit: $limit) {
    __typename
    ... on RunsFeedConnection {
      cursor hasMore
      results {
        __typename id runStatus creationTime startTime endTime jobName
        tags { key value } assetSelection { path } assetCheckSelection { name }
        ... on Run { runId status }
        ... on PartitionBackfill { backfillStatus: status }
      }
    }
    ... on PythonError { message className }
  }
}`;

const COUNT = `query Count($view: RunsFeedView!, $filter: RunsFilter) {
  runsFeedCountOrError(view: $view, filter: $filter) {
    __typename
    ... on RunsFeedCount { count }
    ... on PythonError { message }
  }
}`;

const BASE = Date.parse('2026-01-01T00:00:00Z');
const at = (second: number) => new Date(BASE + second * 1000);

/** A run created at `second`, moved to `status`; returns its id. */
const PATHS: Record<'QUEUED' | 'STARTED' | 'SUCCESS' | 'FAILURE', RunStatus[]> = {
  QUEUED: [],
  STARTED: ['STARTING', 'STARTED'],
  SUCCESS: ['STARTING', 'STARTED', 'SUCCESS'],
  FAILURE: ['STARTING', 'STARTED', 'FAILURE'],
};

async function run(
  name: string,
  second: number,
  options: { status?: keyof typeof PATHS; tags?: Record<string, string> } = {},
): Promise<string> {
  const [id] = await db.transaction((tx) => createRuns(tx, [newRun({ jobName: `job_${name}`, tags: options.tags ?? {} })], 'QUEUED'));
  for (const to of PATHS[options.status ?? 'QUEUED']) {
    await db.transaction((tx) => transitionRuns(tx, [id!], { from: ['QUEUED', 'STARTING', 'STARTED'], to, message: `to ${to}` }));
  }
  await db.execute(sql`update runs set created_at = ${at(second)} where id = ${id!}`);
  names.set(id!, name);
  return id!;
}

/** A job backfill created at `second` (written as the backfills folder would). */
async function backfill(name: string, second: number, status: string, tags: Record<string, string> = {}): Promise<string> {
  const id = `bf${randomUUID().slice(0, 8)}`;
  await db.insert(backfills).values({
    id,
    status,
    jobName: `job_${name}`,
    partitionSetName: `job_${name}_partition_set`,
    tags,
    numPartitions: 2,
    createdAt: at(second),
    endedAt: status === 'REQUESTED' ? null : at(second + 100),
  });
  names.set(id, name);
  return id;
}

const names = new Map<string, string>();
let ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestInstance();
  server = await startTestServer(ctx.instance);
  db = ctx.instance.database.db;
  // Creation seconds: A 1, B1 2, A1 3 (a run of B1), C 4, B2 5, D and E 6 (a tie), B3 7, F 8.
  const A = await run('A', 1, { status: 'SUCCESS' });
  const B1 = await backfill('B1', 2, 'COMPLETED');
  const A1 = await run('A1', 3, { status: 'SUCCESS', tags: { 'dagster/backfill': B1 } });
  const C = await run('C', 4, { status: 'FAILURE' });
  const B2 = await backfill('B2', 5, 'REQUESTED');
  const D = await run('D', 6);
  const E = await run('E', 6, { status: 'STARTED' });
  const B3 = await backfill('B3', 7, 'FAILED', { team: 'x' });
  const F = await run('F', 8, { status: 'SUCCESS', tags: { team: 'x' } });
  ids = { A, B1, A1, C, B2, D, E, B3, F };
}, 30_000);
afterAll(async () => {
  await server?.server.stop();
  await ctx?.cleanup();
});

type View = 'ROOTS' | 'RUNS' | 'BACKFILLS';

/** Every entry of the feed, `limit` at a time; `between` runs before each page after the first. */
async function pageThrough(view: View, limit: number, filter: object | null = null, between?: () => Promise<void>) {
  const entries: { __typename: string; id: string; runStatus: string }[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page += 1) {
    if (page > 0 && between) await between();
    const data = await gql(FEED, { view, filter, cursor, limit });
    const connection = data.runsFeedOrError;
    expect(connection.__typename).toBe('RunsFeedConnection');
    expect(connection.results.length).toBeLessThanOrEqual(limit);
    entries.push(...connection.results);
    cursor = connection.cursor;
    if (!connection.hasMore) return entries;
  }
  throw new Error('the feed did not end');
}

const nameList = (entries: { id: string }[]) => entries.map((entry) => names.get(entry.id) ?? `new:${entry.id}`);
const count = async (view: View, filter: object | null = null) => (await gql(COUNT, { view, filter })).runsFeedCountOrError.count as number;

describe('runsFeedOrError', () => {
  const ROOTS = ['F', 'B3', 'E', 'D', 'B2', 'C', 'B1', 'A'];
  const RUNS = ['F', 'E', 'D', 'C', 'A1', 'A'];
  const BACKFILLS = ['B3', 'B2', 'B1'];

  it('mixes runs and backfills newest first in each view, at every page size, and counts what it pages', async () => {
    for (const [view, expected] of [
      ['ROOTS', ROOTS],
      ['RUNS', RUNS],
      ['BACKFILLS', BACKFILLS],
    ] as const) {
      for (const limit of [1, 2, 3, 50]) {
        expect(nameList(await pageThrough(view, limit)), `${view} by ${limit}`).toEqual(expected);
      }
      expect(await count(view)).toBe(expected.length);
    }
  });

  it('answers each entry as a Run or a PartitionBackfill with the RunsFeedEntry fields', async () => {
    const entries = await pageThrough('ROOTS', 50);
    const byName = new Map(entries.map((entry) => [names.get(entry.id), entry as Record<string, unknown>]));
    expect(byName.get('F')).toMatchObject({ __typename: 'Run', runId: ids.F, runStatus: 'SUCCESS', status: 'SUCCESS', jobName: 'job_F' });
    expect(byName.get('F')!.tags).toContainEqual({ key: 'team', value: 'x' });
    expect(byName.get('F')!.creationTime).toBe(at(8).getTime() / 1000);
    // Backfill statuses as run statuses (Dagster's to_dagster_run_status).
    expect(byName.get('B1')).toMatchObject({
      __typename: 'PartitionBackfill',
      backfillStatus: 'COMPLETED',
      runStatus: 'SUCCESS',
      jobName: 'job_B1',
    });
    expect(byName.get('B2')).toMatchObject({ backfillStatus: 'REQUESTED', runStatus: 'STARTED', endTime: null });
    expect(byName.get('B3')).toMatchObject({ backfillStatus: 'FAILED', runStatus: 'FAILURE', creationTime: at(7).getTime() / 1000 });
    expect(byName.get('B3')!.endTime).toBe(at(107).getTime() / 1000);
    expect(byName.get('B3')!.assetCheckSelection).toBeNull();
  });

  it('filters runs and backfills alike (statuses mapped for backfills, tags, job, dagster/backfill)', async () => {
    const cases: [View, object, string[]][] = [
      ['ROOTS', { statuses: ['FAILURE'] }, ['B3', 'C']],
      ['ROOTS', { statuses: ['SUCCESS', 'STARTED'] }, ['F', 'E', 'B2', 'B1', 'A']],
      ['ROOTS', { statuses: ['QUEUED'] }, ['D']], // no backfill status is QUEUED
      ['ROOTS', { tags: [{ key: 'team', value: 'x' }] }, ['F', 'B3']],
      ['ROOTS', { jobName: 'job_B2' }, ['B2']],
      ['ROOTS', { tags: [{ key: 'dagster/backfill', value: '' }] }, []],
      ['RUNS', { statuses: ['SUCCESS'] }, ['F', 'A1', 'A']],
      ['BACKFILLS', { statuses: ['CANCELED'] }, []],
      ['ROOTS', { createdBefore: at(6).getTime() / 1000, createdAfter: at(1).getTime() / 1000 }, ['B2', 'C', 'B1']],
      ['ROOTS', { runIds: [ids.C] }, ['C']], // run ids apply to runs only
    ];
    // The dagster/backfill tag names one backfill: in ROOTS that backfill (its runs are hidden), in RUNS its runs.
    cases.push(['ROOTS', { tags: [{ key: 'dagster/backfill', value: ids.B1 }] }, ['B1']]);
    cases.push(['RUNS', { tags: [{ key: 'dagster/backfill', value: ids.B1 }] }, ['A1']]);
    for (const [view, filter, expected] of cases) {
      expect(nameList(await pageThrough(view, 2, filter)), `${view} ${JSON.stringify(filter)}`).toEqual(expected);
      expect(await count(view, filter), `count ${view} ${JSON.stringify(filter)}`).toBe(expected.length);
    }
  });

  it('keeps its place while runs and backfills are created between pages', async () => {
    let created = 0;
    const createNewer = async () => {
      created += 1;
      // Newer than everything (the default creation time, now), in both streams, with the same tags.
      await db.transaction((tx) => createRuns(tx, [newRun({ jobName: 'job_new', tags: { team: 'x' } })], 'QUEUED'));
      await db.insert(backfills).values({
        id: `new${randomUUID().slice(0, 8)}`,
        status: 'FAILED',
        jobName: 'job_new',
        partitionSetName: 'job_new_partition_set',
        tags: { team: 'x' },
        numPartitions: 1,
      });
    };
    // Each case: the feed as a first page sees it, then paged while entries are created before every page.
    const cases: [View, number, object | null][] = [
      ['ROOTS', 1, null],
      ['ROOTS', 3, { tags: [{ key: 'team', value: 'x' }] }],
      ['ROOTS', 2, { statuses: ['FAILURE'] }],
      ['RUNS', 2, null],
      ['BACKFILLS', 1, null],
    ];
    for (const [view, limit, filter] of cases) {
      const before = nameList(await pageThrough(view, 1000, filter));
      if (created === 0) expect(before).toEqual(ROOTS);
      expect(nameList(await pageThrough(view, limit, filter, createNewer)), `${view} by ${limit} ${JSON.stringify(filter)}`).toEqual(
        before,
      );
    }
    expect(created).toBeGreaterThan(10);
    // The new entries are at the top of a fresh first page.
    const fresh = await gql(FEED, { view: 'ROOTS', limit: 2 });
    expect(nameList(fresh.runsFeedOrError.results).every((name) => name.startsWith('new:'))).toBe(true);
  });

  it('answers bad input with a PythonError', async () => {
    for (const variables of [
      { view: 'ROOTS', limit: 0 },
      { view: 'ROOTS', limit: 1001 },
      { view: 'ROOTS', limit: 5, cursor: 'not-a-cursor' },
      { view: 'ROOTS', limit: 5, cursor: Buffer.from('{"r":["at","x"],"b":7}').toString('base64url') },
      { view: 'RUNS', limit: 5, filter: { runIds: ['nope'] } },
      { view: 'BACKFILLS', limit: 5, filter: { jobName: 'a', pipelineName: 'b' } },
    ]) {
      const data = await gql(FEED, variables);
      expect(data.runsFeedOrError.__typename, JSON.stringify(variables)).toBe('PythonError');
      expect(data.runsFeedOrError.message).toMatch(/limit|cursor|run id|two different jobs/);
    }
    expect((await gql(COUNT, { view: 'BACKFILLS', filter: { runIds: ['nope'] } })).runsFeedCountOrError.__typename).toBe('PythonError');
  });
});
