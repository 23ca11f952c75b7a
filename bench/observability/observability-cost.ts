// observability-cost: what Prometheus metrics and structured logging cost, on end-to-end throughput (runs
// launched over HTTP to SUCCESS, bench/throughput/tidepool-runs.ts) and on the API's runs list
// (runsOrError(limit: 50) over HTTP, 5,000 stored runs), against both turned off, in the same run.
//
// Four configurations, each in processes of its own (cost-child.ts; the metrics registry and the logger are
// per process): neither (metrics.enabled false, LOG_LEVEL silent — the baseline), metrics only, logs only,
// both. Metrics on includes a scraper reading /metrics every second; logs on writes JSON lines at info to a
// pipe this process drains, as a collector would. Each round runs every configuration once, in an order
// rotated round by round (so drift in a noisy machine's load hits all alike): for end-to-end, one fresh
// process and database per configuration per round; for reads, four servers started once, each loaded in
// turn after a warm-up. Reported: medians over the rounds, and each configuration's ratio to the baseline —
// of the rates, and of the CPU time per run or request (the process's and its database's Postgres backends'),
// which a machine shared with other work disturbs far less than it disturbs rates.
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, loadEngineFixture } from '../lib/database.js';
import { startCpuMeter } from '../lib/cpu.js';
import { httpLoad } from '../lib/http-load.js';
import { measurement, rate, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { median, summarize, type Stats } from '../lib/stats.js';
import { insertStoredRuns } from '../lib/stored-runs.js';
import { E2E_RUNS, E2E_WARMUP, MODES, SCRAPE_INTERVAL_MS, type ChildReply, type ModeName } from './modes.js';

const CHILD = fileURLToPath(new URL('./cost-child.ts', import.meta.url));
const MODE_NAMES = Object.keys(MODES) as ModeName[];
const BASELINE: ModeName = 'neither';
const E2E_ROUNDS = 6;
const READ_ROUNDS = 5;
const READ_SECONDS = 8;
const READ_WARMUP_SECONDS = 2;
const READ_CONNECTIONS = 10;
const STORED_RUNS = 5_000;
/** Goal: each of metrics and logs costs under 3% (ratio to the baseline at least 0.97). */
const GOAL_RATIO = 0.97;

const RUNS_QUERY = `query RunsList {
  runsOrError(limit: 50) {
    __typename
    ... on Runs { results { runId status jobName tags { key value } creationTime startTime endTime } }
  }
}`;

interface Child {
  pid: number;
  /** The first reply (e2e: the result; read: ready). */
  reply: Promise<ChildReply>;
  /** Bytes and lines the process wrote to stdout (its log). */
  output: { bytes: number; lines: number };
  send(message: string): void;
  /** The next reply after the first (read: stopped). */
  next(): Promise<ChildReply>;
  exited: Promise<number | null>;
}

function startChild(args: string[]): Child {
  const child = fork(CHILD, args, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const output = { bytes: 0, lines: 0 };
  child.stdout!.on('data', (chunk: Buffer) => {
    output.bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) output.lines++;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const nextMessage = () =>
    new Promise<ChildReply>((resolve, reject) => {
      child.once('message', (reply: ChildReply) => resolve(reply));
      void exited.then((code) => reject(new Error(`The cost child (${args.join(' ')}) exited with ${code} before replying.`)));
    });
  return { pid: child.pid!, reply: nextMessage(), output, send: (message) => child.send(message), next: nextMessage, exited };
}

/** Round r runs the configurations starting at the r-th: every configuration goes first, last, in between. */
function rotated(round: number): ModeName[] {
  return MODE_NAMES.map((_, i) => MODE_NAMES[(i + round) % MODE_NAMES.length]!);
}

interface E2eSample {
  runsPerSecond: number;
  /** CPU ms per measured run: the process's plus its database's Postgres backends'. */
  cpuMsPerRun: number;
  logBytesPerRun: number;
  scrapes: number;
}

async function e2eRounds(): Promise<Map<ModeName, E2eSample[]>> {
  const samples = new Map<ModeName, E2eSample[]>(MODE_NAMES.map((mode) => [mode, []]));
  for (let round = 0; round < E2E_ROUNDS; round++) {
    for (const mode of rotated(round)) {
      const child = startChild(['e2e', mode]);
      const reply = await child.reply;
      await child.exited;
      if (reply.type !== 'e2e') throw new Error(`Unexpected reply ${reply.type}.`);
      if (reply.succeeded !== E2E_RUNS) throw new Error(`${mode}: ${reply.succeeded} of ${E2E_RUNS} runs succeeded.`);
      // The warm-up's runs logged too; the bytes are per run of the whole process.
      samples.get(mode)!.push({
        cpuMsPerRun: (reply.nodeMs + (reply.postgresMs ?? 0)) / E2E_RUNS,
        runsPerSecond: reply.runsPerSecond,
        logBytesPerRun: child.output.bytes / (E2E_RUNS + E2E_WARMUP),
        scrapes: reply.scrapes,
      });
    }
  }
  return samples;
}

interface ReadSample {
  requestsPerSecond: number;
  /** CPU ms per request: the server process's plus the database's Postgres backends'. */
  cpuMsPerRequest: number;
  latencyP99Ms: number;
}

async function readRounds(): Promise<{ samples: Map<ModeName, ReadSample[]>; logBytesPerRequest: Map<ModeName, number> }> {
  const database = await createBenchDatabase();
  const children = new Map<ModeName, Child>();
  try {
    const instance = await database.openInstance('metrics:\n  enabled: false\n', 'bench:observability-cost');
    await insertStoredRuns(instance, await loadEngineFixture(), STORED_RUNS);
    const ports = new Map<ModeName, number>();
    for (const mode of MODE_NAMES) {
      const child = startChild(['read', mode, database.url]);
      children.set(mode, child);
      const reply = await child.reply;
      if (reply.type !== 'ready') throw new Error(`Unexpected reply ${reply.type}.`);
      ports.set(mode, reply.port);
    }
    const samples = new Map<ModeName, ReadSample[]>(MODE_NAMES.map((mode) => [mode, []]));
    const requests = new Map<ModeName, number>(MODE_NAMES.map((mode) => [mode, 0]));
    const body = JSON.stringify({ query: RUNS_QUERY });
    const verify = (text: string) => text.includes('"results"') && !text.includes('"errors"');
    for (let round = 0; round < READ_ROUNDS; round++) {
      for (const mode of rotated(round)) {
        const url = `http://127.0.0.1:${ports.get(mode)}/graphql`;
        const warm = await httpLoad({ url, body, connections: READ_CONNECTIONS, durationSeconds: READ_WARMUP_SECONDS, verify });
        const meter = await startCpuMeter({ database: database.name, pids: [children.get(mode)!.pid] });
        const load = await httpLoad({ url, body, connections: READ_CONNECTIONS, durationSeconds: READ_SECONDS, verify });
        const cpu = await meter.stop();
        if (load.failures + warm.failures > 0) throw new Error(`${mode}: ${load.failures + warm.failures} requests failed.`);
        samples.get(mode)!.push({
          requestsPerSecond: load.requestsPerSecond,
          cpuMsPerRequest: ((cpu.processesMs ?? NaN) + (cpu.postgresMs ?? 0)) / load.requests,
          latencyP99Ms: load.latencyP99Ms,
        });
        requests.set(mode, requests.get(mode)! + load.requests + warm.requests);
      }
    }
    const logBytesPerRequest = new Map<ModeName, number>();
    for (const [mode, child] of children) {
      child.send('stop');
      await child.next();
      await child.exited;
      logBytesPerRequest.set(mode, child.output.bytes / requests.get(mode)!);
    }
    children.clear();
    return { samples, logBytesPerRequest };
  } finally {
    for (const child of children.values()) child.send('stop');
    await database.drop();
  }
}

/** CPU per unit of work, each configuration against the baseline (lower is better; goal: at most 3% more). */
function cpuMeasurements(prefix: string, stats: Map<ModeName, Stats>): Measurement[] {
  const baseline = { name: `${prefix}/${BASELINE}`, stats: stats.get(BASELINE)! };
  return MODE_NAMES.map((mode) =>
    mode === BASELINE
      ? measurement(baseline.name, 'duration', baseline.stats)
      : measurement(`${prefix}/${mode}`, 'duration', stats.get(mode)!, baseline, (_, ratio) => ({
          text: `≤ ${(2 - GOAL_RATIO).toFixed(2)}x ${BASELINE}'s CPU (cost under 3%)`,
          met: (ratio ?? Infinity) <= 2 - GOAL_RATIO,
        })),
  );
}

function ratioMeasurements(prefix: string, unit: 'runs/s' | 'req/s', stats: Map<ModeName, Stats>): Measurement[] {
  const baseline = { name: `${prefix}/${BASELINE}`, stats: stats.get(BASELINE)! };
  return MODE_NAMES.map((mode) =>
    mode === BASELINE
      ? rate(baseline.name, unit, baseline.stats)
      : rate(`${prefix}/${mode}`, unit, stats.get(mode)!, baseline, (_, ratio) => ({
          text: `≥ ${GOAL_RATIO} of ${BASELINE} (cost under 3%)`,
          met: (ratio ?? 0) >= GOAL_RATIO,
        })),
  );
}

export const observabilityCost: Scenario = {
  name: 'observability-cost',
  description: 'The cost of Prometheus metrics and JSON logs on end-to-end runs/s and runsOrError(limit: 50) req/s, vs. both off.',
  async run(): Promise<ScenarioResult> {
    const loadBefore = loadavg()[0]!;
    const e2e = await e2eRounds();
    const read = await readRounds();
    const loadAfter = loadavg()[0]!;
    const e2eStats = new Map(MODE_NAMES.map((mode) => [mode, summarize(e2e.get(mode)!.map((s) => s.runsPerSecond))]));
    const readStats = new Map(MODE_NAMES.map((mode) => [mode, summarize(read.samples.get(mode)!.map((s) => s.requestsPerSecond))]));
    const e2eCpu = new Map(MODE_NAMES.map((mode) => [mode, summarize(e2e.get(mode)!.map((s) => s.cpuMsPerRun))]));
    const readCpu = new Map(MODE_NAMES.map((mode) => [mode, summarize(read.samples.get(mode)!.map((s) => s.cpuMsPerRequest))]));
    const more = (stats: Map<ModeName, Stats>, mode: ModeName) =>
      `${((stats.get(mode)!.median / stats.get(BASELINE)!.median - 1) * 100).toFixed(1)}%`;
    const pct = (stats: Map<ModeName, Stats>, mode: ModeName) =>
      `${((1 - stats.get(mode)!.median / stats.get(BASELINE)!.median) * 100).toFixed(1)}%`;
    const samplesNote = (name: string, list: number[]) => `${name} ${list.map((value) => value.toFixed(0)).join(', ')}`;
    return {
      measurements: [
        ...cpuMeasurements('observability-cost/e2e-cpu-ms-per-run', e2eCpu),
        ...cpuMeasurements('observability-cost/runsOrError-50-cpu-ms-per-request', readCpu),
        ...ratioMeasurements('observability-cost/e2e', 'runs/s', e2eStats),
        ...ratioMeasurements('observability-cost/runsOrError-50', 'req/s', readStats),
      ],
      notes: [
        `Configurations: neither (metrics.enabled false, LOG_LEVEL silent: the baseline), metrics (on, scraped every ${SCRAPE_INTERVAL_MS / 1000} s), ` +
          'logs (JSON lines at info to a pipe drained by the bench), both. Each in processes of its own; the order rotates round by round.',
        `End to end: ${E2E_RUNS} one-step runs over HTTP (launchMultipleRuns in batches of 100, max_concurrent_runs 50 and two tag limits) per process, ` +
          `after a 100-run warm-up, ${E2E_ROUNDS} rounds. Cost vs neither (median): metrics ${pct(e2eStats, 'metrics')}, logs ${pct(e2eStats, 'logs')}, both ${pct(e2eStats, 'both')}. ` +
          `Per round: ${MODE_NAMES.map((mode) =>
            samplesNote(
              mode,
              e2e.get(mode)!.map((s) => s.runsPerSecond),
            ),
          ).join('; ')} runs/s.`,
        `CPU per unit of work (process + its database's Postgres backends; median over rounds), more than neither: ` +
          `end to end metrics ${more(e2eCpu, 'metrics')}, logs ${more(e2eCpu, 'logs')}, both ${more(e2eCpu, 'both')} ` +
          `(${MODE_NAMES.map((mode) => `${mode} ${e2eCpu.get(mode)!.median.toFixed(2)}`).join(', ')} ms/run); ` +
          `runsOrError metrics ${more(readCpu, 'metrics')}, logs ${more(readCpu, 'logs')}, both ${more(readCpu, 'both')} ` +
          `(${MODE_NAMES.map((mode) => `${mode} ${readCpu.get(mode)!.median.toFixed(2)}`).join(', ')} ms/request).`,
        `Log volume end to end: ${MODE_NAMES.map((mode) => `${mode} ${median(e2e.get(mode)!.map((s) => s.logBytesPerRun)).toFixed(0)} B/run`).join(', ')} ` +
          `(stdout bytes over the runs of the process, warm-up included). Scrapes per measured stretch (metrics on): ` +
          `${median(e2e.get('metrics')!.map((s) => s.scrapes))}.`,
        `runsOrError(limit: 50) over ${STORED_RUNS} stored runs: autocannon, ${READ_CONNECTIONS} connections, ${READ_WARMUP_SECONDS} s warm-up and ${READ_SECONDS} s measured ` +
          `per configuration per round, ${READ_ROUNDS} rounds, four servers on one database. Cost vs neither (median): metrics ${pct(readStats, 'metrics')}, ` +
          `logs ${pct(readStats, 'logs')}, both ${pct(readStats, 'both')}. Per round: ` +
          `${MODE_NAMES.map((mode) =>
            samplesNote(
              mode,
              read.samples.get(mode)!.map((s) => s.requestsPerSecond),
            ),
          ).join('; ')} req/s; ` +
          `p99 latency (median over rounds): ${MODE_NAMES.map((mode) => `${mode} ${median(read.samples.get(mode)!.map((s) => s.latencyP99Ms)).toFixed(1)} ms`).join(', ')}.`,
        `Log volume on reads: ${MODE_NAMES.map((mode) => `${mode} ${read.logBytesPerRequest.get(mode)!.toFixed(1)} B/request`).join(', ')}.`,
        `Machine load (1-minute load average) at the start and the end: ${loadBefore.toFixed(1)}, ${loadAfter.toFixed(1)}; ` +
          'other processes on the machine slow every configuration alike only on average: compare ratios, not rates, and mind the spread per round.',
      ],
      details: {
        e2e: Object.fromEntries(e2e),
        read: Object.fromEntries(read.samples),
        readLogBytesPerRequest: Object.fromEntries(read.logBytesPerRequest),
      },
    };
  },
};
