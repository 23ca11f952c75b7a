// graphql-read: requests per second for the runs list — runsOrError(limit: 50) selecting each run's id,
// status, job, tags and times — over HTTP against a Tidepool server holding 5,000 stored runs, beside a
// graphql-yoga hello-world server (`{ hello }`, the baseline) and the same runs query answered from 50
// objects in memory by a plain yoga server (stock graphql-js execution of this result, no database).
//
// Each server runs in a child process (read-server.ts); autocannon loads it from this process with the
// same settings for all three (connections, duration, POST body of the query). Every response is
// checked for GraphQL errors; a target with failures is an error, not a rate. Repetitions rotate over
// the targets (Tidepool, hello, memory; Tidepool, …) so drift in machine load hits all alike; each
// measured load follows a short warm-up load of the same target.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, loadEngineFixture } from '../lib/database.js';
import { describeCpu, startCpuMeter, type CpuUse } from '../lib/cpu.js';
import { postGraphQL } from '../lib/graphql-http.js';
import { httpLoad, type LoadResult } from '../lib/http-load.js';
import { rate, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { median, summarize } from '../lib/stats.js';
import { insertStoredRuns } from '../lib/stored-runs.js';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { createToken } from '../../src/auth/tokens.js';
import type { ReadServerReply } from './read-server.js';

const STORED_RUNS = 5_000;
const REPETITIONS = 3;
const DURATION_SECONDS = 10;
const WARMUP_SECONDS = 3;
const CONNECTIONS = 10;
const GOAL_RATIO = 0.3;
const SERVER_SCRIPT = fileURLToPath(new URL('./read-server.ts', import.meta.url));

const RUNS_QUERY = `query RunsList {
  runsOrError(limit: 50) {
    __typename
    ... on Runs {
      results { runId status jobName tags { key value } creationTime startTime endTime }
    }
  }
}`;
const HELLO_QUERY = '{ hello }';

interface Target {
  name: string;
  server: 'tidepool' | 'tidepool-tokens' | 'reference';
  query: string;
}

const TIDEPOOL: Target = { name: 'graphql-read/tidepool-runsOrError-50', server: 'tidepool', query: RUNS_QUERY };
const HELLO: Target = { name: 'graphql-read/yoga-hello-world (baseline)', server: 'reference', query: HELLO_QUERY };
const MEMORY: Target = { name: 'graphql-read/yoga-50-runs-in-memory', server: 'reference', query: RUNS_QUERY };
/** The same runs list from a server in auth.mode: tokens: what checking a token on every request costs. */
const TOKENS: Target = { name: 'graphql-read/tidepool-runsOrError-50-with-token', server: 'tidepool-tokens', query: RUNS_QUERY };
const TARGETS = [TIDEPOOL, TOKENS, HELLO, MEMORY];
const GOAL_TOKEN_RATIO = 0.95;

class ServerChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  static async start(args: string[]): Promise<ServerChild> {
    // Every server in production mode, as `tidepool serve` runs (bin/tidepool.js).
    const child = fork(SERVER_SCRIPT, args, {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ReadServerReply>((resolve, reject) => {
      child.once('message', (reply: ReadServerReply) => resolve(reply));
      child.once('exit', (code) => reject(new Error(`The read server (${args[0]}) exited with ${code} before it was ready.`)));
    });
    return new ServerChild(child, ready.port);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send('stop');
    await exited;
  }
}

interface Sample {
  load: LoadResult;
  cpu: CpuUse;
}

export const graphqlRead: Scenario = {
  name: 'graphql-read',
  description: `runsOrError(limit: 50) with tags over HTTP, ${STORED_RUNS} stored runs (vs. yoga hello-world and 50 runs in memory).`,
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    const servers: ServerChild[] = [];
    try {
      const instance = await database.openInstance('', 'bench:graphql-read');
      const setup = await insertStoredRuns(instance, await loadEngineFixture(), STORED_RUNS);
      const tidepool = await ServerChild.start(['tidepool', database.url]);
      servers.push(tidepool);
      const withTokens = await ServerChild.start(['tidepool-tokens', database.url]);
      servers.push(withTokens);
      const reference = await ServerChild.start(['reference']);
      servers.push(reference);
      const serverOf = (target: Target) => ({ tidepool, 'tidepool-tokens': withTokens, reference })[target.server];
      const { secret } = await createToken(instance.database.db, { name: 'bench-reader', role: 'viewer', expiresAt: null }, CLI_ACTOR);
      const headersOf = (target: Target) => (target.server === 'tidepool-tokens' ? { authorization: `Bearer ${secret}` } : undefined);

      const shapes = await checkResponses(tidepool.url, reference.url);
      const samples = new Map<string, Sample[]>(TARGETS.map((target) => [target.name, []]));
      for (let repetition = 0; repetition < REPETITIONS; repetition++) {
        for (const target of TARGETS) {
          const server = serverOf(target);
          const body = JSON.stringify({ query: target.query });
          const verify = (text: string) => !text.includes('"errors"');
          const headers = headersOf(target);
          await httpLoad({ url: server.url, body, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS, verify, headers });
          const meter = await startCpuMeter({ database: database.name, pids: [server.pid] });
          const load = await httpLoad({
            url: server.url,
            body,
            connections: CONNECTIONS,
            durationSeconds: DURATION_SECONDS,
            verify,
            headers,
          });
          const cpu = await meter.stop();
          if (load.failures > 0)
            throw new Error(`${target.name}: ${load.failures} of ${load.requests + load.failures} requests failed or returned errors.`);
          samples.get(target.name)!.push({ load, cpu });
        }
      }

      const statsOf = (target: Target) => summarize(samples.get(target.name)!.map((sample) => sample.load.requestsPerSecond));
      const baseline = { name: HELLO.name, stats: statsOf(HELLO) };
      const tidepoolStats = statsOf(TIDEPOOL);
      const memoryStats = statsOf(MEMORY);
      const describe = (target: Target) => {
        const list = samples.get(target.name)!;
        const middle = [...list].sort((a, b) => a.load.requestsPerSecond - b.load.requestsPerSecond)[Math.floor(list.length / 2)]!;
        return (
          `${target.name}: ${list.map((s) => s.load.requestsPerSecond.toFixed(0)).join(', ')} req/s; latency p50 ${median(list.map((s) => s.load.latencyP50Ms)).toFixed(1)} ms, ` +
          `p99 ${median(list.map((s) => s.load.latencyP99Ms)).toFixed(1)} ms (medians over repetitions, autocannon); median repetition's CPU: ` +
          describeCpu(middle.cpu, { node: 'load generator', processes: 'server' })
        );
      };
      return {
        measurements: [
          rate(TIDEPOOL.name, 'req/s', tidepoolStats, baseline, (_stats, ratio) => ({
            text: `≥ ${GOAL_RATIO}x of hello-world`,
            met: ratio !== null && ratio >= GOAL_RATIO,
          })),
          rate(TOKENS.name, 'req/s', statsOf(TOKENS), { name: TIDEPOOL.name, stats: tidepoolStats }, (_stats, ratio) => ({
            text: `≥ ${GOAL_TOKEN_RATIO}x of open mode (token checking under 5%)`,
            met: ratio !== null && ratio >= GOAL_TOKEN_RATIO,
          })),
          rate(MEMORY.name, 'req/s', memoryStats, baseline),
          rate(HELLO.name, 'req/s', baseline.stats),
        ],
        notes: [
          `autocannon, ${CONNECTIONS} connections, pipelining 1, ${DURATION_SECONDS} s per measured load after a ${WARMUP_SECONDS} s warm-up; ` +
            `${REPETITIONS} repetitions rotating Tidepool → Tidepool with a token → hello → in-memory. Servers in child processes with NODE_ENV=production (as "tidepool serve" runs), ` +
            'the load generator here; Postgres on the same 2 cores. Tidepool executes queries with graphql-jit (src/server/compiled-execution.ts); ' +
            'the reference servers are stock yoga (graphql-js).',
          `Tidepool's server holds ${setup.rows.runs} stored runs (${setup.rows.runTags} tag rows); each response carries 50 runs with their tags ` +
            `(${shapes.tidepoolBytes} bytes; the in-memory reference ${shapes.memoryBytes} bytes, hello ${shapes.helloBytes} bytes).`,
          `Tidepool / in-memory yoga: ${(tidepoolStats.median / memoryStats.median).toFixed(3)}x — Tidepool's database read and compiled execution against stock execution of the same result shape from memory.`,
          ...TARGETS.map(describe),
        ],
        details: {
          samples: Object.fromEntries([...samples].map(([name, list]) => [name, list.map((s) => ({ ...s.load, cpu: s.cpu }))])),
          setup,
        },
      };
    } finally {
      for (const server of servers) await server.stop().catch(() => undefined);
      await database.drop();
    }
  },
};

/** Each target answers its query without errors, with the expected shape; returns the response sizes. */
async function checkResponses(
  tidepoolUrl: string,
  referenceUrl: string,
): Promise<{ tidepoolBytes: number; memoryBytes: number; helloBytes: number }> {
  type RunsReply = { runsOrError: { __typename: string; results?: { tags: unknown[] }[] } };
  const tidepool = await postGraphQL<RunsReply>(tidepoolUrl, RUNS_QUERY);
  const memory = await postGraphQL<RunsReply>(referenceUrl, RUNS_QUERY);
  const hello = await postGraphQL<{ hello: string }>(referenceUrl, HELLO_QUERY);
  for (const [name, reply] of [
    ['Tidepool', tidepool],
    ['in-memory', memory],
  ] as const) {
    const results = reply.runsOrError.results;
    if (results?.length !== 50 || results.some((run) => run.tags.length === 0)) {
      throw new Error(`The ${name} runs list did not return 50 runs with tags: ${JSON.stringify(reply).slice(0, 300)}.`);
    }
  }
  if (hello.hello !== 'world') throw new Error(`hello answered ${JSON.stringify(hello)}.`);
  const bytes = (value: unknown) => JSON.stringify({ data: value }).length;
  return { tidepoolBytes: bytes(tidepool), memoryBytes: bytes(memory), helloBytes: bytes(hello) };
}
