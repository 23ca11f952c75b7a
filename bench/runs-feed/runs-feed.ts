// runs-feed: runsFeedOrError(limit: 50) over HTTP against 1,000,000 stored runs and 200 backfills, walking
// 20 pages deep by cursor, ten times per query kind; the baseline is runsOrError(limit: 50) walking the
// same depth over the same history, in the same run. Also counts: the feed's (runsFeedCountOrError) and
// runsOrError's Runs.count, over the common filters the run counters serve (src/runs/run-count-counters.ts:
// any statuses, a job, one tag, the ROOTS view) and one they do not (two tags: count(*)), first with every
// count rolled up, then again with the deltas of 10,000 runs' status changes pending (no daemon runs here to
// roll them up); each Runs.count is checked against count(*) of the same filter.
//
// The history is stored-runs.ts's (3% of runs carry dagster/backfill=bf-0..99); the backfills bf-0..bf-199
// are written here: bf-0..99 spread over the whole history, bf-100..199 one every 20 minutes among the
// newest 4,000 runs, so the first pages of the ROOTS view mix runs and backfills.
import { sql } from 'drizzle-orm';
import { buildServer } from '../../src/server/build-server.js';
import { now } from '../lib/clock.js';
import type { Db } from '../../src/db/database.js';
import { createBenchDatabase, loadEngineFixture } from '../lib/database.js';
import { postGraphQL } from '../lib/graphql-http.js';
import { measurement, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';
import { queryRows } from '../../src/db/database.js';
import { runsFilterSql, type RunsFilter } from '../../src/runs/runs-filter.js';
import { insertStoredRuns } from '../lib/stored-runs.js';

const RUNS = 1_000_000;
const PAGE = 50;
const DEPTH = 20;
const WALKS = 10;
const COUNTS = 20;

const FIELDS = 'id runStatus creationTime startTime endTime jobName tags { key value }';

const FEED_QUERY = `query Feed($view: RunsFeedView!, $filter: RunsFilter, $cursor: String, $limit: Int!) {
  runsFeedOrError(view: $view, filter: $filter, cursor: $cursor, limit: $limit) {
    __typename
    ... on RunsFeedConnection { cursor hasMore results { __typename ${FIELDS} ... on Run { runId } ... on PartitionBackfill { status } } }
    ... on PythonError { message }
  }
}`;

const RUNS_QUERY = `query Runs($filter: RunsFilter, $cursor: String, $limit: Int) {
  runsOrError(filter: $filter, cursor: $cursor, limit: $limit) {
    __typename
    ... on Runs { results { ${FIELDS} runId } }
    ... on Error { message }
  }
}`;

const FEED_COUNT = `query Count($view: RunsFeedView!, $filter: RunsFilter) {
  runsFeedCountOrError(view: $view, filter: $filter) { __typename ... on RunsFeedCount { count } ... on PythonError { message } }
}`;

const RUNS_COUNT = `query Count($filter: RunsFilter) { runsOrError(filter: $filter, limit: 1) { __typename ... on Runs { count } } }`;

interface Kind {
  name: string;
  walk(url: string, samples: number[]): Promise<void>;
}

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const start = now();
  const value = await fn();
  samples.push(now() - start);
  return value;
}

function feedKind(name: string, view: string, filter: object | null): Kind {
  return {
    name,
    async walk(url, samples) {
      let cursor: string | null = null;
      for (let page = 0; page < DEPTH; page++) {
        type Reply = { runsFeedOrError: { __typename: string; cursor: string; hasMore: boolean; results: unknown[] } };
        const reply: Reply = await timed(samples, () => postGraphQL<Reply>(url, FEED_QUERY, { view, filter, cursor, limit: PAGE }));
        if (reply.runsFeedOrError.__typename !== 'RunsFeedConnection' || reply.runsFeedOrError.results.length !== PAGE) {
          throw new Error(`runsFeedOrError answered ${JSON.stringify(reply.runsFeedOrError).slice(0, 300)}`);
        }
        cursor = reply.runsFeedOrError.cursor;
      }
    },
  };
}

function runsKind(name: string, filter: object | null): Kind {
  return {
    name,
    async walk(url, samples) {
      let cursor: string | null = null;
      for (let page = 0; page < DEPTH; page++) {
        type Reply = { runsOrError: { __typename: string; results: { runId: string }[] } };
        const reply: Reply = await timed(samples, () => postGraphQL<Reply>(url, RUNS_QUERY, { filter, cursor, limit: PAGE }));
        if (reply.runsOrError.__typename !== 'Runs' || reply.runsOrError.results.length !== PAGE) {
          throw new Error(`runsOrError answered ${JSON.stringify(reply.runsOrError).slice(0, 300)}`);
        }
        cursor = reply.runsOrError.results.at(-1)!.runId;
      }
    },
  };
}

/** A count as a client asks for it: the feed's in a view, or the runs list's (view null). */
interface CountKind {
  name: string;
  view: 'ROOTS' | 'RUNS' | null;
  filter: RunsFilter | null;
  /** A filter the counters cannot express: count(*), shown for comparison, without the counts' goal. */
  scans?: true;
}

const TEAM = { key: 'team', value: 'team-3' };
const PROD = { key: 'env', value: 'prod' };
const COUNT_KINDS: CountKind[] = [
  { name: 'runsFeedCountOrError-ROOTS', view: 'ROOTS', filter: null },
  { name: 'runsFeedCountOrError-ROOTS-FAILURE', view: 'ROOTS', filter: { statuses: ['FAILURE'] } },
  { name: 'runsFeedCountOrError-ROOTS-team-SUCCESS', view: 'ROOTS', filter: { tags: [TEAM], statuses: ['SUCCESS'] } },
  { name: 'Runs.count', view: null, filter: null },
  { name: 'Runs.count-job-QUEUED|STARTED', view: null, filter: { pipelineName: 'quick_job', statuses: ['QUEUED', 'STARTED'] } },
  { name: 'Runs.count-env-SUCCESS|FAILURE', view: null, filter: { tags: [PROD], statuses: ['SUCCESS', 'FAILURE'] } },
  { name: 'Runs.count-two-tags', view: null, filter: { tags: [TEAM, PROD] }, scans: true },
];

async function askCount(url: string, kind: CountKind): Promise<number> {
  if (kind.view === null) {
    const reply = await postGraphQL<{ runsOrError: { count: number } }>(url, RUNS_COUNT, { filter: kind.filter });
    return reply.runsOrError.count;
  }
  const reply = await postGraphQL<{ runsFeedCountOrError: { count: number } }>(url, FEED_COUNT, { view: kind.view, filter: kind.filter });
  return reply.runsFeedCountOrError.count;
}

/** COUNTS samples of every count kind, interleaved; throws if a Runs.count differs from count(*). */
async function measureCounts(db: Db, url: string): Promise<{ samples: Map<string, number[]>; answers: Map<string, number> }> {
  const samples = new Map<string, number[]>(COUNT_KINDS.map((kind) => [kind.name, []]));
  const answers = new Map<string, number>();
  for (const kind of COUNT_KINDS) await askCount(url, kind); // warm-up
  for (let i = 0; i < COUNTS; i++) {
    for (const kind of COUNT_KINDS) answers.set(kind.name, await timed(samples.get(kind.name)!, () => askCount(url, kind)));
  }
  for (const kind of COUNT_KINDS) {
    if (kind.view !== null) continue;
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from runs where ${runsFilterSql(kind.filter ?? {})}`);
    if (row?.n !== answers.get(kind.name)) throw new Error(`${kind.name} answered ${answers.get(kind.name)}, count(*) is ${row?.n}.`);
  }
  return { samples, answers };
}

const KINDS: Kind[] = [
  runsKind('runsOrError', null),
  feedKind('runsFeed-ROOTS', 'ROOTS', null),
  feedKind('runsFeed-RUNS', 'RUNS', null),
  feedKind('runsFeed-BACKFILLS-and-runs-FAILURE', 'ROOTS', { statuses: ['FAILURE'] }),
  runsKind('runsOrError-FAILURE', { statuses: ['FAILURE'] }),
];

async function insertBackfills(db: Db): Promise<void> {
  await db.execute(sql`
    insert into backfills (id, status, job_name, partition_set_name, tags, num_partitions, created_at, updated_at, ended_at)
    select 'bf-' || k,
           (array['COMPLETED', 'FAILED', 'CANCELED', 'REQUESTED'])[1 + k % 4],
           'quick_job', 'quick_job_partition_set', '{}'::jsonb, 10,
           case when k < 100 then now() - make_interval(mins => ${RUNS} - k * ${RUNS / 100} - 1) - interval '30 seconds'
                else now() - make_interval(mins => (k - 100) * 20) - interval '30 seconds' end,
           now(), null
      from generate_series(0, 199) as k`);
  await db.execute(sql`analyze backfills`);
}

export const runsFeed: Scenario = {
  name: 'runs-feed',
  description:
    'runsFeedOrError(limit: 50) 20 pages deep over 1M runs and 200 backfills, vs. runsOrError(limit: 50); the feed count vs. Runs.count.',
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    try {
      const setupStart = now();
      const instance = await database.openInstance('', 'bench:runs-feed');
      const setup = await insertStoredRuns(instance, await loadEngineFixture(), RUNS);
      await insertBackfills(instance.database.db);
      const setupMs = now() - setupStart;

      const server = buildServer({ instance, location: null, port: 0, host: '127.0.0.1' });
      const { url } = await server.start();
      const samples = new Map<string, number[]>(KINDS.map((kind) => [kind.name, []]));
      let counts: Awaited<ReturnType<typeof measureCounts>>;
      let pendingCounts: Awaited<ReturnType<typeof measureCounts>>;
      let moved = 0;
      try {
        for (const kind of KINDS) await kind.walk(url, []); // warm-up
        // Interleaved: each walk of each kind in turn, so drift on the machine hits them alike.
        for (let walk = 0; walk < WALKS; walk++) for (const kind of KINDS) await kind.walk(url, samples.get(kind.name)!);
        counts = await measureCounts(instance.database.db, url);
        // 10,000 SUCCESS runs become FAILURE: what a busy instance leaves pending between two roll-ups.
        const [changed] = await queryRows<{ n: number }>(
          instance.database.db,
          sql`with m as (update runs set status = 'FAILURE' where status = 'SUCCESS' and seq % 80 = 0 returning 1) select count(*)::int as n from m`,
        );
        moved = changed?.n ?? 0;
        pendingCounts = await measureCounts(instance.database.db, url);
      } finally {
        await server.stop();
      }

      const baseline = { name: 'runs-feed/runsOrError-limit50', stats: summarize(samples.get('runsOrError')!) };
      const measurements: Measurement[] = [
        measurement('runs-feed/runsFeedOrError-ROOTS-limit50', 'latency', summarize(samples.get('runsFeed-ROOTS')!), baseline, (stats) => ({
          text: 'p50 under 20 ms',
          met: stats.p50 < 20,
        })),
        measurement('runs-feed/runsFeedOrError-RUNS-limit50', 'latency', summarize(samples.get('runsFeed-RUNS')!), baseline),
        measurement(
          'runs-feed/runsFeedOrError-ROOTS-FAILURE-limit50',
          'latency',
          summarize(samples.get('runsFeed-BACKFILLS-and-runs-FAILURE')!),
          { name: 'runs-feed/runsOrError-FAILURE-limit50', stats: summarize(samples.get('runsOrError-FAILURE')!) },
        ),
        measurement('runs-feed/runsOrError-FAILURE-limit50', 'latency', summarize(samples.get('runsOrError-FAILURE')!)),
        measurement(baseline.name, 'latency', baseline.stats),
        ...COUNT_KINDS.map((kind) =>
          measurement(
            `runs-feed/${kind.name}`,
            'latency',
            summarize(counts.samples.get(kind.name)!),
            undefined,
            kind.scans ? undefined : (stats) => ({ text: 'p50 under 50 ms', met: stats.p50 < 50 }),
          ),
        ),
        ...COUNT_KINDS.map((kind) =>
          measurement(`runs-feed/${kind.name}-deltas-pending`, 'latency', summarize(pendingCounts.samples.get(kind.name)!), {
            name: `runs-feed/${kind.name}`,
            stats: summarize(counts.samples.get(kind.name)!),
          }),
        ),
      ];
      return {
        measurements,
        notes: [
          `Over HTTP to an in-process server (buildServer), one query at a time; each kind walks ${DEPTH} pages of ${PAGE} by cursor, ` +
            `${WALKS} times, interleaved with the other kinds after one warm-up walk each (${DEPTH * WALKS} samples per kind).`,
          `Counts, ${COUNTS} samples of each kind interleaved after a warm-up: ` +
            COUNT_KINDS.map((kind) => `${kind.name} = ${counts.answers.get(kind.name)}`).join('; ') +
            ` (ROOTS: runs without dagster/backfill plus 200 backfills). Every Runs.count equalled count(*) of its filter.`,
          `Then ${moved} runs moved SUCCESS -> FAILURE in one statement, their count deltas left pending, and the counts asked again.`,
          `Setup (not a result): ${(setupMs / 1000).toFixed(1)} s; ${setup.rows.runs} runs, ${setup.rows.runTags} tag rows.`,
        ],
      };
    } finally {
      await database.drop().catch(() => undefined);
    }
  },
};
