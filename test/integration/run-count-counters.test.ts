// Run counts from the maintained counters (src/runs/run-count-counters.ts) equal count(*) over the runs,
// through GraphQL (`runsOrError { ... on Runs { count } }` and `runsFeedCountOrError`), after launches,
// transitions, tag adds and changes, deletes, with deltas pending and after roll-ups; while transitions
// run concurrently on several connections beside concurrent roll-ups; and after the rebuild the migration
// runs on a database whose runs were stored before the counters existed. Filters the counters cannot
// express (two tags, run ids, time bounds) are still exact.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_ACTOR } from '../../src/audit/actor.js';
import { queryRows, type Db } from '../../src/db/database.js';
import { addRunTags } from '../../src/runs/add-run-tags.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { deleteRun } from '../../src/runs/delete-run.js';
import { rollUpRunCounts } from '../../src/runs/run-count-counters.js';
import { runsFilterSql, type RunsFilter } from '../../src/runs/runs-filter.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { RUN_STATUSES, type RunStatus } from '../../src/runs/vocabulary.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { newRun } from '../support/runs.js';

let ctx: TestInstance;
let server: TestServer;
let db: Db;

beforeAll(async () => {
  ctx = await createTestInstance();
  db = ctx.instance.database.db;
  server = await startTestServer(ctx.instance);
});
afterAll(async () => {
  await server?.server.stop();
  await ctx?.cleanup();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
async function gql(query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const RUNS_COUNT = `query Count($filter: RunsFilter) {
  runsOrError(filter: $filter, limit: 1) { __typename ... on Runs { count } ... on PythonError { message } }
}`;
const FEED_COUNT = `query FeedCount($view: RunsFeedView!, $filter: RunsFilter) {
  runsFeedCountOrError(view: $view, filter: $filter) { __typename ... on RunsFeedCount { count } ... on PythonError { message } }
}`;

const JOBS = ['job_a', 'job_b', 'job_c'];
const TEAMS = ['red', 'blue'];

/** Filters the counters serve (any statuses, a job, one tag) and filters they cannot (counted by count(*)). */
function filters(runIds: string[]): RunsFilter[] {
  return [
    {},
    { statuses: ['QUEUED'] },
    { statuses: ['SUCCESS', 'FAILURE', 'CANCELED'] },
    { statuses: ['STARTING', 'STARTED', 'CANCELING'] },
    { pipelineName: 'job_a' },
    { pipelineName: 'job_b', statuses: ['SUCCESS'] },
    { tags: [{ key: 'team', value: 'red' }] },
    { tags: [{ key: 'team', value: 'blue' }], statuses: ['FAILURE', 'SUCCESS'] },
    { tags: [{ key: 'team', value: 'red' }], pipelineName: 'job_c', statuses: ['QUEUED', 'SUCCESS'] },
    { tags: [{ key: 'dagster/backfill', value: 'bf-1' }] },
    { tags: [{ key: 'stage', value: 'late' }] },
    // Counted by count(*): two tags, run ids, a time bound.
    {
      tags: [
        { key: 'team', value: 'red' },
        { key: 'env', value: 'prod' },
      ],
    },
    { runIds: runIds.slice(0, 5), statuses: ['SUCCESS'] },
    { createdAfter: 0, statuses: ['QUEUED'] },
  ];
}

async function countStar(filter: RunsFilter): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from runs where ${runsFilterSql(filter)}`);
  return row!.n;
}

/** Every filter's count through GraphQL, in the RUNS list and both feed views, equals count(*). */
async function expectExactCounts(runIds: string[]): Promise<void> {
  for (const filter of filters(runIds)) {
    const expected = await countStar(filter);
    const roots = await countStar({ ...filter, excludeSubruns: true });
    const runs = await gql(RUNS_COUNT, { filter });
    expect(runs.runsOrError, JSON.stringify(filter)).toEqual({ __typename: 'Runs', count: expected });
    const feedRuns = await gql(FEED_COUNT, { view: 'RUNS', filter });
    expect(feedRuns.runsFeedCountOrError.count, `RUNS ${JSON.stringify(filter)}`).toBe(expected);
    // No backfills are stored: the ROOTS view counts root runs only.
    const feedRoots = await gql(FEED_COUNT, { view: 'ROOTS', filter });
    expect(feedRoots.runsFeedCountOrError.count, `ROOTS ${JSON.stringify(filter)}`).toBe(roots);
  }
}

/** run_counts holds exactly the buckets of the stored runs, none at zero, once every delta is rolled up. */
async function expectRolledUpExactly(): Promise<void> {
  while ((await rollUpRunCounts(db)) > 0);
  const [pending] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from run_count_deltas`);
  expect(pending!.n).toBe(0);
  const bucketsSql = (from: ReturnType<typeof sql>) =>
    queryRows<{ bucket: string }>(
      db,
      sql`select concat_ws('|', tag_key, tag_value, job_name, status, root, runs) as bucket from (${from}) b order by 1`,
    );
  const stored = await bucketsSql(sql`select * from run_counts`);
  const recomputed = await bucketsSql(
    sql`select c.tag_key, c.tag_value, c.job_name, c.status, c.root, count(*) as runs
        from runs r cross join lateral tidepool_run_count_buckets(r.job_name, r.status, r.tags) c
        group by 1, 2, 3, 4, 5`,
  );
  expect(stored).toEqual(recomputed);
}

async function move(runIds: string[], to: RunStatus): Promise<void> {
  await db.transaction((tx) => transitionRuns(tx, runIds, { from: RUN_STATUSES.filter((s) => s !== to), to, message: `to ${to}` }));
}

/** `count` runs spread over the jobs, teams and envs; every fifth one a backfill's run. */
function launch(count: number, status: 'QUEUED' | 'STARTING' = 'QUEUED'): Promise<string[]> {
  const runs = Array.from({ length: count }, (_, i) =>
    newRun({
      jobName: JOBS[i % JOBS.length]!,
      tags: {
        team: TEAMS[i % TEAMS.length]!,
        env: i % 3 === 0 ? 'prod' : 'dev',
        ...(i % 5 === 0 ? { 'dagster/backfill': `bf-${i % 2}` } : {}),
      },
    }),
  );
  return db.transaction((tx) => createRuns(tx, runs, status));
}

describe('run counts from the counters', () => {
  const all: string[] = [];

  it('equal count(*) after launches, transitions, tag adds and deletes, with deltas pending and rolled up', async () => {
    const queued = await launch(30);
    const starting = await launch(12, 'STARTING');
    all.push(...queued, ...starting);
    await expectExactCounts(all);

    await move(queued.slice(0, 20), 'STARTING');
    await move([...queued.slice(0, 20), ...starting], 'STARTED');
    await rollUpRunCounts(db);
    await move(queued.slice(0, 10), 'SUCCESS');
    await move(queued.slice(10, 15), 'FAILURE');
    await move(starting.slice(0, 4), 'CANCELING');
    await move(starting.slice(0, 3), 'CANCELED');
    await expectExactCounts(all);

    // A new tag, a changed value (team moves bucket), and a run becoming a backfill's run (leaves ROOTS).
    await db.transaction(async (tx) => {
      await addRunTags(tx, queued[1]!, { stage: 'late' });
      await addRunTags(tx, queued[2]!, { team: 'blue', stage: 'late' });
      await addRunTags(tx, queued[3]!, { 'dagster/backfill': 'bf-1' });
    });
    await expectExactCounts(all);

    for (const runId of [queued[0]!, queued[2]!, queued[11]!]) await deleteRun(db, runId, OPEN_ACTOR);
    all.splice(0, all.length, ...all.filter((id) => ![queued[0], queued[2], queued[11]].includes(id)));
    await expectExactCounts(all);
    await expectRolledUpExactly();
    await expectExactCounts(all);
  });

  it('stay exact while several connections move runs and several roll-ups run at once', async () => {
    const runIds = await launch(64);
    all.push(...runIds);
    const lanes = Array.from({ length: 8 }, (_, lane) => runIds.filter((_, i) => i % 8 === lane));
    const paths: RunStatus[][] = [
      ['STARTING', 'STARTED', 'SUCCESS'],
      ['STARTING', 'STARTED', 'FAILURE'],
      ['STARTING', 'STARTED', 'CANCELING', 'CANCELED'],
      ['CANCELED'],
    ];
    // Each lane moves its runs one at a time along a path on its own connection, and every lane's steps
    // interleave with roll-ups started beside them (several of them in flight at once).
    const rollUps: Promise<number>[] = [];
    await Promise.all(
      lanes.map(async (lane, index) => {
        for (const runId of lane) {
          for (const to of paths[index % paths.length]!) {
            await move([runId], to);
            rollUps.push(rollUpRunCounts(db));
          }
          if (index % 2 === 0) await db.transaction((tx) => addRunTags(tx, runId, { team: 'blue', stage: 'late' }));
        }
      }),
    );
    await Promise.all(rollUps);
    await expectExactCounts(all);
    // Rolled-up buckets plus deltas pending beside them.
    await db.transaction((tx) => Promise.all(lanes[1]!.map((runId) => addRunTags(tx, runId, { stage: 'late' }))));
    await expectExactCounts(all);
    await expectRolledUpExactly();
  });

  it('are rebuilt from the stored runs as the migration does for runs stored before the counters existed', async () => {
    // Runs written with the triggers off stand for the runs an upgraded database already had.
    const [template] = all;
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`insert into runs (id, job_name, repository_name, location_name, status, tags)
            select gen_random_uuid(), 'job_old', r.repository_name, r.location_name, s.status, jsonb_build_object('team', 'red', 'old', i::text)
            from runs r, generate_series(1, 20) as i, (values ('SUCCESS'), ('FAILURE')) as s(status)
            where r.id = ${template!}`,
      );
      await tx.execute(
        sql`insert into run_tags (run_id, key, value) select id, t.key, t.value from runs r, jsonb_each_text(r.tags) t where job_name = 'job_old'`,
      );
    });
    const [counted] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from runs`);
    expect((await gql(RUNS_COUNT, { filter: {} })).runsOrError.count).toBe(counted!.n - 40);

    await db.execute(sql`select tidepool_rebuild_run_counts()`);
    await expectExactCounts(all);
    expect((await gql(RUNS_COUNT, { filter: { pipelineName: 'job_old', statuses: ['FAILURE'] } })).runsOrError.count).toBe(20);
    await expectRolledUpExactly();
  });
});
