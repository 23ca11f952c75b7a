// console-runs-paging: the web console's runs list over 1,000,000 stored runs, with the documents the
// console sends (console/src/generated/graphql.ts, from console/src/operations/runs.graphql) over HTTP.
//  - a page turn: RunsPage (25 runs by cursor), 20 pages deep in the All and Done tabs, ten walks each;
//  - opening the list: RunsPage and RunCounts (the four tab counts) together, as the page sends them.
// The baseline, in the same run, is the page turn the console made before counts left the page query: the
// same page with `count` of its filter (what every page turn cost then).
import { buildServer } from '../../src/server/build-server.js';
import { RunCountsDocument, RunsPageDocument } from '../../console/src/generated/graphql.js';
import { now, timed } from '../lib/clock.js';
import { createBenchDatabase, loadEngineFixture } from '../lib/database.js';
import { postGraphQL } from '../lib/graphql-http.js';
import { measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';
import { insertStoredRuns } from '../lib/stored-runs.js';

const RUNS = 1_000_000;
const PAGE = 25; // the console's PAGE_SIZE (console/src/pages/runs.tsx)
const DEPTH = 20;
const WALKS = 10;
const OPENS = 20;

const PAGE_QUERY = RunsPageDocument.toString();
const COUNTS_QUERY = RunCountsDocument.toString();
// RunsPage as it was before this change: the page and the count of its filter in one query.
const PAGE_WITH_COUNT_QUERY = PAGE_QUERY.replace('... on Runs {', '... on Runs {\n      count');
if (PAGE_WITH_COUNT_QUERY === PAGE_QUERY) throw new Error('RunsPage changed shape: the baseline query could not add its count.');

const TABS = {
  all: null,
  done: ['SUCCESS', 'FAILURE', 'CANCELED'],
} as const;

type PageReply = { runsOrError: { __typename: string; results?: { runId: string }[] } };

/** Walks DEPTH pages of one tab by cursor, timing each page. */
async function walk(url: string, query: string, statuses: readonly string[] | null, samples: number[]): Promise<void> {
  let cursor: string | null = null;
  for (let page = 0; page < DEPTH; page++) {
    const filter = { statuses, jobName: null, tags: null };
    const { value: reply, ms } = await timed(() => postGraphQL<PageReply>(url, query, { filter, cursor, limit: PAGE }));
    samples.push(ms);
    const results = reply.runsOrError.results;
    if (reply.runsOrError.__typename !== 'Runs' || results?.length !== PAGE) {
      throw new Error(`RunsPage answered ${JSON.stringify(reply.runsOrError).slice(0, 300)}`);
    }
    cursor = results.at(-1)!.runId;
  }
}

export const consoleRunsPaging: Scenario = {
  name: 'console-runs-paging',
  description: "The console's runs list over 1M runs: a page turn (RunsPage by cursor) and opening the list (RunsPage + RunCounts).",
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    try {
      const setupStart = now();
      const instance = await database.openInstance('', 'bench:console-runs-paging');
      const setup = await insertStoredRuns(instance, await loadEngineFixture(), RUNS);
      const setupMs = now() - setupStart;

      const server = buildServer({ instance, location: null, port: 0, host: '127.0.0.1' });
      const { url } = await server.start();
      const turns = { all: [] as number[], done: [] as number[], allWithCount: [] as number[], doneWithCount: [] as number[] };
      const opens: number[] = [];
      let counts: unknown = null;
      try {
        // Warm-up, then each kind in turn per walk so that drift on the machine hits them alike.
        for (const query of [PAGE_QUERY, PAGE_WITH_COUNT_QUERY])
          for (const statuses of Object.values(TABS)) await walk(url, query, statuses, []);
        for (let i = 0; i < WALKS; i++) {
          await walk(url, PAGE_QUERY, TABS.all, turns.all);
          await walk(url, PAGE_WITH_COUNT_QUERY, TABS.all, turns.allWithCount);
          await walk(url, PAGE_QUERY, TABS.done, turns.done);
          await walk(url, PAGE_WITH_COUNT_QUERY, TABS.done, turns.doneWithCount);
        }
        for (let i = 0; i < OPENS; i++) {
          const filter = { statuses: null, jobName: null, tags: null };
          const { value, ms } = await timed(() =>
            Promise.all([
              postGraphQL<PageReply>(url, PAGE_QUERY, { filter, cursor: null, limit: PAGE }),
              postGraphQL<unknown>(url, COUNTS_QUERY, { jobName: null, tags: null }),
            ]),
          );
          opens.push(ms);
          counts = value[1];
        }
      } finally {
        await server.stop();
      }

      const allBaseline = { name: 'console-runs-paging/page-turn-with-count-All', stats: summarize(turns.allWithCount) };
      const doneBaseline = { name: 'console-runs-paging/page-turn-with-count-Done', stats: summarize(turns.doneWithCount) };
      const goal = (stats: { p50: number }) => ({ text: 'p50 under 20 ms', met: stats.p50 < 20 });
      return {
        measurements: [
          measurement('console-runs-paging/page-turn-All', 'latency', summarize(turns.all), allBaseline, goal),
          measurement('console-runs-paging/page-turn-Done', 'latency', summarize(turns.done), doneBaseline, goal),
          measurement(allBaseline.name, 'latency', allBaseline.stats),
          measurement(doneBaseline.name, 'latency', doneBaseline.stats),
          measurement('console-runs-paging/open-list', 'latency', summarize(opens)),
        ],
        notes: [
          `Over HTTP to an in-process server (buildServer), one request at a time; ${WALKS} walks of ${DEPTH} pages of ${PAGE} per kind, ` +
            `interleaved; opening the list sends RunsPage and RunCounts at once, as the page does (${OPENS} times).`,
          `Tab counts at the end: ${JSON.stringify(counts)}.`,
          `Setup (not a result): ${(setupMs / 1000).toFixed(1)} s; ${setup.rows.runs} runs, ${setup.rows.runTags} tag rows.`,
        ],
      };
    } finally {
      await database.drop().catch(() => undefined);
    }
  },
};
