// history-scale: the runs list filtered by a tag and statuses — runsOrError(filter: { tags: [{key,
// value}], statuses: [...] }, limit: 50) over HTTP, one query at a time — against 1,000,000 stored runs,
// and the count of the same filters (countRuns, the query behind `Runs.count`, called directly). The
// baseline is the same query mix against 10,000 stored runs of the same shape: a history 100x larger
// should not make the page much slower.
//
// Histories are bulk-inserted (stored-runs.ts: statuses mostly terminal, varied tags, a few events per
// run); the setup is timed and reported but is not a result. The query mix has five kinds, from a common
// tag and status to a rare tag whose runs mostly do not match the status (fewer than 50 matches, so the
// page cannot stop early); each kind draws its values from a fixed pseudo-random sequence, the same for
// both histories. Afterwards the slowest list kind is run under EXPLAIN ANALYZE at each size (and at 1M
// without parallel workers), and the slowest count kind at 1M.
import { sql } from 'drizzle-orm';
import type { Instance } from '../../src/instance/instance.js';
import { countRuns, listRuns } from '../../src/runs/queries.js';
import type { RunsFilter } from '../../src/runs/runs-filter.js';
import { buildServer } from '../../src/server/build-server.js';
import { now } from '../lib/clock.js';
import { createBenchDatabase, loadEngineFixture, type BenchDatabase } from '../lib/database.js';
import { postGraphQL } from '../lib/graphql-http.js';
import { measurement, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { withStatementPlans, type StatementPlan } from '../lib/statement-plans.js';
import { summarize, type Stats } from '../lib/stats.js';
import { HISTORY_SHAPE, insertStoredRuns, type StoredRunsSetup } from '../lib/stored-runs.js';

const LARGE = 1_000_000;
const SMALL = 10_000;
const QUERIES_PER_KIND = 40;
const WARMUP_QUERIES = 20;
const PAGE = 50;

/** A kind of filter: how its tag value is drawn and which statuses it asks for. */
interface QueryKind {
  name: string;
  describe: string;
  filter(pick: number): RunsFilter;
}

const KINDS: QueryKind[] = [
  {
    name: 'team+SUCCESS',
    describe: 'team=team-k (5% of runs), statuses [SUCCESS] (80%)',
    filter: (k) => ({ tags: [{ key: 'team', value: `team-${k % HISTORY_SHAPE.teams}` }], statuses: ['SUCCESS'] }),
  },
  {
    name: 'env+FAILURE',
    describe: 'env=prod|staging|dev (60/30/10%), statuses [FAILURE] (12%)',
    filter: (k) => ({ tags: [{ key: 'env', value: HISTORY_SHAPE.envs[k % HISTORY_SHAPE.envs.length]! }], statuses: ['FAILURE'] }),
  },
  {
    name: 'schedule+FAILURE|CANCELED',
    describe: 'dagster/schedule_name=schedule-k (0.2% of runs), statuses [FAILURE, CANCELED] (17%)',
    filter: (k) => ({
      tags: [{ key: 'dagster/schedule_name', value: `schedule-${k % HISTORY_SHAPE.schedules}` }],
      statuses: ['FAILURE', 'CANCELED'],
    }),
  },
  {
    name: 'customer+SUCCESS|FAILURE',
    describe: 'customer=customer-k (1 run in 5,000), statuses [SUCCESS, FAILURE] (92%)',
    filter: (k) => ({ tags: [{ key: 'customer', value: `customer-${k % HISTORY_SHAPE.customers}` }], statuses: ['SUCCESS', 'FAILURE'] }),
  },
  {
    name: 'backfill+CANCELED',
    describe: 'dagster/backfill=bf-k (0.03% of runs), statuses [CANCELED] (5%): fewer matches than a page',
    filter: (k) => ({ tags: [{ key: 'dagster/backfill', value: `bf-${k % HISTORY_SHAPE.backfills}` }], statuses: ['CANCELED'] }),
  },
];

interface History {
  size: number;
  database: BenchDatabase;
  instance: Instance;
  setup: StoredRunsSetup;
  setupMs: number;
}

interface KindResult {
  list: number[];
  count: number[];
  /** Matches of each query (from the count), to show what the page had to find. */
  matches: number[];
}

/** The filters of one pass: QUERIES_PER_KIND of each kind, interleaved, values from a fixed sequence. */
function queryPlan(): { kind: QueryKind; filter: RunsFilter }[] {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const plan: { kind: QueryKind; filter: RunsFilter }[] = [];
  for (let i = 0; i < QUERIES_PER_KIND; i++) for (const kind of KINDS) plan.push({ kind, filter: kind.filter(next()) });
  return plan;
}

/** The runs list as a UI asks for it, without the count (measured apart). */
const LIST_QUERY = `query RunsPage($filter: RunsFilter, $limit: Int) {
  runsOrError(filter: $filter, limit: $limit) {
    __typename
    ... on Runs {
      results { runId status jobName tags { key value } creationTime startTime endTime updateTime canTerminate }
    }
    ... on Error { message }
  }
}`;

async function setUp(size: number): Promise<History> {
  const start = now();
  const database = await createBenchDatabase();
  try {
    const instance = await database.openInstance('', `bench:history-${size}`);
    const setup = await insertStoredRuns(instance, await loadEngineFixture(), size);
    return { size, database, instance, setup, setupMs: now() - start };
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
}

async function measure(history: History): Promise<Map<string, KindResult>> {
  const server = buildServer({ instance: history.instance, location: null, port: 0, host: '127.0.0.1' });
  const { url } = await server.start();
  try {
    const results = new Map<string, KindResult>(KINDS.map((kind) => [kind.name, { list: [], count: [], matches: [] }]));
    const plan = queryPlan();
    for (const { filter } of plan.slice(0, WARMUP_QUERIES)) await listPage(url, filter);
    for (const { kind, filter } of plan) {
      const result = results.get(kind.name)!;
      const listStart = now();
      await listPage(url, filter);
      result.list.push(now() - listStart);
      const countStart = now();
      result.matches.push(await countRuns(history.instance.database.db, filter));
      result.count.push(now() - countStart);
    }
    return results;
  } finally {
    await server.stop();
  }
}

async function listPage(url: string, filter: RunsFilter): Promise<void> {
  type Reply = { runsOrError: { __typename: string; results?: unknown[] } };
  const reply = await postGraphQL<Reply>(url, LIST_QUERY, { filter, limit: PAGE });
  if (reply.runsOrError.__typename !== 'Runs') throw new Error(`runsOrError answered ${JSON.stringify(reply.runsOrError).slice(0, 300)}.`);
}

export const historyScale: Scenario = {
  name: 'history-scale',
  description: 'runsOrError with a tag + statuses filter, limit 50, and its count, at 1M stored runs (vs. 10k).',
  async run(): Promise<ScenarioResult> {
    const histories: History[] = [];
    try {
      histories.push(await setUp(SMALL));
      histories.push(await setUp(LARGE));
      const [small, large] = histories as [History, History];
      const smallResults = await measure(small);
      const largeResults = await measure(large);

      const all = (results: Map<string, KindResult>, field: 'list' | 'count') => [...results.values()].flatMap((r) => r[field]);
      const named = (size: number, what: string) => `history-scale/${what}/${size === LARGE ? '1M' : '10k'}`;
      const pair = (what: string, smallStats: Stats, largeStats: Stats, goal?: Parameters<typeof measurement>[4]): Measurement[] => {
        const baseline = { name: named(SMALL, what), stats: smallStats };
        return [measurement(named(LARGE, what), 'latency', largeStats, baseline, goal), measurement(baseline.name, 'latency', smallStats)];
      };
      const measurements: Measurement[] = [
        ...pair('runsOrError-http-all', summarize(all(smallResults, 'list')), summarize(all(largeResults, 'list')), (_stats, ratio) => ({
          text: 'median within 2x of 10k',
          met: ratio !== null && ratio <= 2,
        })),
        ...pair('countRuns-direct-all', summarize(all(smallResults, 'count')), summarize(all(largeResults, 'count'))),
        ...KINDS.flatMap((kind) => [
          measurement(named(LARGE, `runsOrError-http/${kind.name}`), 'latency', summarize(largeResults.get(kind.name)!.list), {
            name: named(SMALL, `runsOrError-http/${kind.name}`),
            stats: summarize(smallResults.get(kind.name)!.list),
          }),
          measurement(named(LARGE, `countRuns-direct/${kind.name}`), 'latency', summarize(largeResults.get(kind.name)!.count), {
            name: named(SMALL, `countRuns-direct/${kind.name}`),
            stats: summarize(smallResults.get(kind.name)!.count),
          }),
        ]),
      ];

      // The slowest list kind at 1M, explained at both sizes with one of its filters, and at 1M once more
      // without parallel workers; the slowest count kind at 1M.
      const slowestBy = (field: 'list' | 'count') =>
        [...KINDS].sort(
          (a, b) => summarize(largeResults.get(b.name)![field]).median - summarize(largeResults.get(a.name)![field]).median,
        )[0]!;
      const filterOf = (kind: QueryKind) => queryPlan().find((q) => q.kind === kind)!.filter;
      const slowList = slowestBy('list');
      const slowCount = slowestBy('count');
      const explain = async (history: History, fn: (tx: Parameters<typeof listRuns>[0]) => Promise<unknown>) =>
        (await withStatementPlans(history.database.url, (db) => db.transaction(fn))).plans.filter(
          (plan) => !plan.statement.startsWith('select set_config'),
        );
      const plans: Record<string, StatementPlan[]> = {
        [`list ${slowList.name} at 10k`]: await explain(small, (tx) => listRuns(tx, filterOf(slowList), { limit: PAGE })),
        [`list ${slowList.name} at 1M`]: await explain(large, (tx) => listRuns(tx, filterOf(slowList), { limit: PAGE })),
        [`list ${slowList.name} at 1M, max_parallel_workers_per_gather = 0`]: await explain(large, async (tx) => {
          await tx.execute(sql`select set_config('max_parallel_workers_per_gather', '0', true)`);
          return listRuns(tx, filterOf(slowList), { limit: PAGE });
        }),
        [`count ${slowCount.name} at 1M`]: await explain(large, (tx) => countRuns(tx, filterOf(slowCount))),
      };

      const matchesNote = (results: Map<string, KindResult>) =>
        KINDS.map((kind) => {
          const m = summarize(results.get(kind.name)!.matches);
          return `${kind.name} ${m.min}–${m.max} (median ${m.median})`;
        }).join(', ');
      return {
        measurements,
        notes: [
          `Latencies from this process: runsOrError over HTTP to an in-process server (buildServer), one query at a time, selecting id, status, job, tags, times ` +
            `and canTerminate, without count; the count is countRuns called directly on the engine's pool. ${QUERIES_PER_KIND} queries of each of ` +
            `${KINDS.length} kinds (${KINDS.length * QUERIES_PER_KIND} per size) after ${WARMUP_QUERIES} warm-up queries; page size ${PAGE}.`,
          `Kinds: ${KINDS.map((kind) => `${kind.name} = ${kind.describe}`).join('; ')}.`,
          `Matching runs per query at 1M (min–max): ${matchesNote(largeResults)}. At 10k: ${matchesNote(smallResults)}.`,
          ...histories.map(
            (history) =>
              `Setup (not a result) ${history.size} runs: ${(history.setupMs / 1000).toFixed(1)} s in all — insert ${(history.setup.insertMs / 1000).toFixed(1)} s, ` +
              `index rebuild ${(history.setup.indexMs / 1000).toFixed(1)} s, vacuum analyze ${(history.setup.vacuumAnalyzeMs / 1000).toFixed(1)} s; ` +
              `${history.setup.rows.runs} runs, ${history.setup.rows.runTags} tag rows, ${history.setup.rows.runEvents} events.`,
          ),
          `EXPLAIN ANALYZE filters: ${slowList.name} ${JSON.stringify(filterOf(slowList))}; ${slowCount.name} ${JSON.stringify(filterOf(slowCount))}.`,
          ...Object.entries(plans).flatMap(([what, list]) =>
            list.map(
              (plan) =>
                `EXPLAIN ANALYZE, ${what}: ${plan.executionMs.toFixed(1)} ms (planning ${plan.planningMs.toFixed(1)} ms, ` +
                `${plan.sharedHitBlocks + plan.sharedReadBlocks} buffers):\n      ${plan.plan.join('\n      ')}`,
            ),
          ),
        ],
        details: {
          samplesMs: Object.fromEntries(
            [
              ['10k', smallResults],
              ['1M', largeResults],
            ].map(([size, results]) => [
              size,
              Object.fromEntries(
                [...(results as Map<string, KindResult>)].map(([kind, r]) => [
                  kind,
                  { list: r.list.map(round), count: r.count.map(round), matches: r.matches },
                ]),
              ),
            ]),
          ),
          setup: histories.map((history) => ({ size: history.size, setupMs: round(history.setupMs), ...history.setup })),
          plans,
        },
      };
    } finally {
      for (const history of histories) await history.database.drop().catch(() => undefined);
    }
  },
};

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
