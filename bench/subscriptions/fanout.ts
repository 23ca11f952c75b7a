// subscriptions-fanout: 1,000 and then 10,000 WebSocket subscribers to runStatusChanged on one `tidepool
// serve`; the delay from a status change's commit (taken when the writer's transaction returns) to its
// arrival at each subscriber, and the server's memory with the subscribers connected and after the deliveries.
//
// Every part that would otherwise share an event loop has a process of its own: the server is a real
// `tidepool serve --no-daemon`, compiled as the package ships it (scripts/build-package.js, NODE_ENV
// production), the subscribers are graphql-ws clients in CLIENT_PROCESSES children (fanout-clients.ts), and
// the writer (its own Instance and pg pool) runs here. Times are stamped on the machine's monotonic clock,
// shared by all of them. One change at a time: the next commit waits until every subscriber has the last.
//
// Baseline, measured in the same run right after each size (two servers at once would share the 2 cores): a
// bare `ws` server (fanout-server.ts) relaying a message of the same size from a publisher here to as many
// plain `ws` clients, in as many client processes, timed from the publisher's send to each arrival: the
// floor for any WebSocket fanout in Node.
//
// A subscription starts receiving only once the hub has it attached, which the server does not announce:
// the first changes are sent until one reaches every subscriber (each later one then reaches them all),
// and only the changes after WARMUP more are measured.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createRuns } from '../../src/runs/create-runs.js';
import { transitionRuns } from '../../src/runs/transition.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import { startServe, type ServeProcess } from '../../test/support/cli.js';
import { monotonicNow, sleep } from '../lib/clock.js';
import { createBenchDatabase } from '../lib/database.js';
import { measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize, type Stats } from '../lib/stats.js';
import type { ClientsMode, ClientsReply } from './fanout-clients.js';
import type { ServerReply } from './fanout-server.js';

/** Subscribers per size, each measured against its own baseline. */
const SIZES = [1_000, 10_000];
const WARMUP = 10;
const SAMPLES = 100;
/** Changes sent, at most, before one reaches every subscriber (each waits ATTACH_WAIT_MS). */
const ATTACH_ATTEMPTS = 30;
const ATTACH_WAIT_MS = 5_000;
/** Subscriber processes: the machine's 2 cores are shared by them, the server and the writer. */
const CLIENT_PROCESSES = 2;
/** The goals of issue 15: p99 within 3x of the bare broadcast's, and the server's peak RSS. */
const GOAL_P99_RATIO = 3;
const GOAL_RSS_BYTES = 600 * 1024 * 1024;
const SERVER_SCRIPT = fileURLToPath(new URL('./fanout-server.ts', import.meta.url));
const CLIENTS_SCRIPT = fileURLToPath(new URL('./fanout-clients.ts', import.meta.url));
const STEPS: [RunStatus, RunStatus][] = [
  ['QUEUED', 'STARTING'],
  ['STARTING', 'STARTED'],
  ['STARTED', 'SUCCESS'],
];

/** VmRSS (now) and VmHWM (peak so far) of a process, in bytes. */
interface Memory {
  rss: number;
  peak: number;
}

async function memoryOf(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The subscribers, in CLIENT_PROCESSES children; a key is complete once every child reported it. */
class Subscribers {
  private readonly reports = new Map<string, { times: number[]; children: number; bytes: number }>();
  private readonly waiters = new Map<string, () => void>();
  private failure: string | null = null;

  private constructor(private readonly children: ChildProcess[]) {
    for (const child of children) child.on('message', (reply: ClientsReply) => this.receive(reply));
  }

  static async start(mode: ClientsMode, url: string, total: number): Promise<Subscribers> {
    const children: ChildProcess[] = [];
    const connected: Promise<void>[] = [];
    for (let i = 0; i < CLIENT_PROCESSES; i++) {
      const count = Math.floor(total / CLIENT_PROCESSES) + (i < total % CLIENT_PROCESSES ? 1 : 0);
      const child = fork(CLIENTS_SCRIPT, [mode, url, String(count)], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      connected.push(
        new Promise((resolve, reject) => {
          child.on('message', (reply: ClientsReply) => {
            if (reply.type === 'connected') resolve();
            if (reply.type === 'failed') reject(new Error(`A subscriber process failed: ${reply.message}`));
          });
          child.once('exit', (code) => reject(new Error(`A subscriber process exited with ${code} before it was connected.`)));
        }),
      );
    }
    const subscribers = new Subscribers(children);
    try {
      await Promise.all(connected);
    } catch (error) {
      await subscribers.stop();
      throw error;
    }
    return subscribers;
  }

  private receive(reply: ClientsReply): void {
    if (reply.type === 'failed') this.failure ??= reply.message;
    if (reply.type !== 'arrived') return;
    let report = this.reports.get(reply.key);
    if (!report) this.reports.set(reply.key, (report = { times: [], children: 0, bytes: reply.bytes }));
    for (const at of reply.times) report.times.push(at);
    report.children++;
    if (report.children === this.children.length) this.waiters.get(reply.key)?.();
  }

  /** Every subscriber's arrival time of `key`, or null if they did not all have it within `timeoutMs`. */
  async all(key: string, timeoutMs: number): Promise<{ times: number[]; bytes: number } | null> {
    if (this.failure) throw new Error(`A subscriber failed: ${this.failure}`);
    if ((this.reports.get(key)?.children ?? 0) < this.children.length) {
      const complete = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        this.waiters.set(key, () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      this.waiters.delete(key);
      if (!complete) return null;
    }
    const report = this.reports.get(key)!;
    this.reports.delete(key);
    return report;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send('stop');
        await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
      }),
    );
  }
}

interface Phase {
  delays: number[];
  /** Per change: the delay until the last subscriber had it. */
  lastDelays: number[];
  idle: Memory;
  connected: Memory;
  after: Memory;
  messageBytes: number;
  /** Changes sent before one reached every subscriber. */
  attachChanges: number;
}

/**
 * Sends changes (`send` returns its key and the time it was sent) until one reaches every subscriber,
 * then WARMUP + SAMPLES more, recording the SAMPLES' delays.
 */
async function measure(
  subscribers: Subscribers,
  send: () => Promise<{ key: string; sent: number }>,
): Promise<Omit<Phase, 'idle' | 'connected' | 'after'>> {
  let attachChanges = 0;
  for (;;) {
    const { key } = await send();
    attachChanges++;
    if (await subscribers.all(key, ATTACH_WAIT_MS)) break;
    if (attachChanges >= ATTACH_ATTEMPTS) throw new Error(`No change reached every subscriber after ${attachChanges} attempts.`);
  }
  const delays: number[] = [];
  const lastDelays: number[] = [];
  let messageBytes = 0;
  for (let sample = 0; sample < WARMUP + SAMPLES; sample++) {
    const { key, sent } = await send();
    const arrived = await subscribers.all(key, 120_000);
    if (!arrived) throw new Error(`Change ${key} did not reach every subscriber within 120 s.`);
    messageBytes = arrived.bytes;
    if (sample < WARMUP) continue;
    let last = 0;
    for (const at of arrived.times) {
      delays.push(at - sent);
      if (at > last) last = at;
    }
    lastDelays.push(last - sent);
  }
  return { delays, lastDelays, messageBytes, attachChanges };
}

/** Config of the served instance: the caps admit every subscriber, all from one address. */
const serveConfig = (subscribers: number) =>
  [
    'api:',
    '  subscriptions:',
    `    max_connections: ${subscribers + 100}`,
    `    max_connections_per_client: ${subscribers + 100}`,
    `    max_operations: ${subscribers + 100}`,
    `    max_operations_per_client: ${subscribers + 100}`,
    '',
  ].join('\n');

/**
 * src/ compiled as the package ships it (scripts/build-package.js --js-only) into a folder beside src/
 * (the build requires it; .gitignore has /dist-test*), so the server runs what `npm install` would give.
 */
function buildServe(): { main: string; remove: () => void } {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const out = `dist-test-fanout-${process.pid}`;
  const build = spawnSync(process.execPath, ['scripts/build-package.js', '--out', out, '--js-only'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`Building ${out}/ failed:\n${build.stdout}${build.stderr}`);
  return { main: join(root, out, 'cli', 'main.js'), remove: () => rmSync(join(root, out), { recursive: true, force: true }) };
}

async function tidepoolPhase(
  cli: string,
  databaseUrl: string,
  subscriberCount: number,
  transitions: () => Promise<{ key: string; sent: number }>,
): Promise<Phase> {
  // Its own home and working directory: no tidepool.yaml or TIDEPOOL_* setting of ours leaks in.
  const home = await mkdtemp(join(tmpdir(), 'tidepool-bench-fanout-'));
  const configFile = join(home, 'tidepool.yaml');
  await writeFile(configFile, serveConfig(subscriberCount));
  let serve: ServeProcess | null = null;
  let subscribers: Subscribers | null = null;
  try {
    serve = await startServe(['--no-daemon', '--config', configFile], {
      env: { DATABASE_URL: databaseUrl, TIDEPOOL_HOME: home, NODE_ENV: 'production' },
      cwd: home,
      cli,
    });
    const pid = serve.child.pid!;
    const idle = await memoryOf(pid);
    subscribers = await Subscribers.start('graphql-ws', serve.url.replace(/^http/, 'ws'), subscriberCount);
    const connected = await memoryOf(pid);
    const measured = await measure(subscribers, transitions);
    const after = await memoryOf(pid);
    return { ...measured, idle, connected, after };
  } finally {
    await subscribers?.stop();
    const code = await serve?.stop();
    if (serve && code !== 0) console.error(`[bench] tidepool serve exited with ${code}:\n${serve.output().slice(-4000)}`);
    await rm(home, { recursive: true, force: true });
  }
}

async function baselinePhase(subscriberCount: number, messageBytes: number): Promise<Phase> {
  const server = fork(SERVER_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let subscribers: Subscribers | null = null;
  let publisher: WebSocket | null = null;
  try {
    const { port } = await new Promise<ServerReply>((resolve, reject) => {
      server.once('message', (reply: ServerReply) => resolve(reply));
      server.once('exit', (code) => reject(new Error(`The baseline server exited with ${code} before it was ready.`)));
    });
    const url = `ws://127.0.0.1:${port}`;
    const idle = await memoryOf(server.pid!);
    subscribers = await Subscribers.start('ws', url, subscriberCount);
    const socket = (publisher = new WebSocket(url));
    await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
    const connected = await memoryOf(server.pid!);
    const pad = 'x'.repeat(Math.max(0, messageBytes - 40));
    let seq = 0;
    const measured = await measure(subscribers, () => {
      const key = String(seq++);
      const sent = monotonicNow();
      socket.send(JSON.stringify({ seq: Number(key), pad }));
      return Promise.resolve({ key, sent });
    });
    const after = await memoryOf(server.pid!);
    return { ...measured, idle, connected, after };
  } finally {
    publisher?.terminate();
    await subscribers?.stop();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.send('stop');
      await exited;
    }
  }
}

/** The figures of one size: Tidepool's phase and the baseline's, and what they are read as. */
function report(
  subscriberCount: number,
  tidepool: Phase,
  baseline: Phase,
): Pick<ScenarioResult, 'measurements' | 'notes'> & { details: object } {
  const count = subscriberCount.toLocaleString('en-US');
  const name = `subscriptions-fanout/n=${subscriberCount}`;
  const tidepoolStats = summarize(tidepool.delays);
  const baseStats: Stats = summarize(baseline.delays);
  const baseLast: Stats = summarize(baseline.lastDelays);
  const p99Ratio = tidepoolStats.p99 / baseStats.p99;
  const peak = Math.max(tidepool.connected.peak, tidepool.after.peak);
  const describe = (phase: Phase) =>
    `RSS idle ${mb(phase.idle.rss)} MB, connected ${mb(phase.connected.rss)} MB, after the deliveries ${mb(phase.after.rss)} MB, ` +
    `peak (VmHWM) ${mb(Math.max(phase.connected.peak, phase.after.peak))} MB; ` +
    `${Math.round(((phase.connected.rss - phase.idle.rss) / subscriberCount / 1024) * 10) / 10} KB per subscriber connected`;
  const wsName = `ws-broadcast/n=${subscriberCount}`;
  return {
    measurements: [
      measurement(`${name}/commit-to-delivery`, 'latency', tidepoolStats, { name: `${wsName}/send-to-delivery`, stats: baseStats }, () => ({
        text: `p99 within ${GOAL_P99_RATIO}x of the bare broadcast's (${p99Ratio.toFixed(2)}x), peak RSS < ${mb(GOAL_RSS_BYTES)} MB (${mb(peak)} MB)`,
        met: p99Ratio <= GOAL_P99_RATIO && peak < GOAL_RSS_BYTES,
      })),
      measurement(`${name}/commit-to-last`, 'latency', summarize(tidepool.lastDelays), { name: `${wsName}/send-to-last`, stats: baseLast }),
      measurement(`${wsName}/send-to-delivery`, 'latency', baseStats),
      measurement(`${wsName}/send-to-last`, 'latency', baseLast),
    ],
    notes: [
      `${count} subscribers in ${CLIENT_PROCESSES} client processes, ${SAMPLES} changes one at a time (after ${WARMUP} warm-up), ` +
        `${(SAMPLES * subscriberCount).toLocaleString('en-US')} deliveries per side. p99 ratio ${p99Ratio.toFixed(2)}x ` +
        `(Tidepool p99 ${tidepoolStats.p99.toFixed(1)} ms, ws ${baseStats.p99.toFixed(1)} ms).`,
      `${count}: tidepool serve --no-daemon: ${describe(tidepool)}. Changes sent before one reached every subscriber: ${tidepool.attachChanges}.`,
      `${count}: ws baseline server: ${describe(baseline)}.`,
      `${count}: message sizes: Tidepool ${tidepool.messageBytes} bytes (graphql-ws next), baseline ${baseline.messageBytes} bytes.`,
    ],
    details: {
      p99Ratio,
      tidepool: { ...tidepool, delays: undefined, lastDelays: undefined },
      baseline: { ...baseline, delays: undefined, lastDelays: undefined },
    },
  };
}

export const subscriptionsFanout: Scenario = {
  name: 'subscriptions-fanout',
  description: `Status commit to delivery at ${SIZES.map((n) => n.toLocaleString('en-US')).join(' and ')} runStatusChanged subscribers of one serve; its RSS (vs. a bare ws broadcast).`,
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    const cli = buildServe();
    try {
      const writer = await database.openInstance('', 'bench:writer');
      const transitionCount = SIZES.length * (ATTACH_ATTEMPTS + WARMUP + SAMPLES);
      const runIds = await createRuns(
        writer.database.db,
        Array.from({ length: Math.ceil(transitionCount / STEPS.length) }, () => ({
          jobName: 'fanout_job',
          repositoryName: '__repository__',
          locationName: 'bench',
          tags: {},
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
      // Each run moves QUEUED → STARTING → STARTED → SUCCESS, run after run.
      const moves = STEPS.flatMap(([from, to]) => runIds.map((runId) => ({ runId, from, to })));
      let next = 0;
      const transition = async () => {
        const move = moves[next++];
        if (!move) throw new Error('The benchmark ran out of status changes to make.');
        const [moved] = await transitionRuns(writer.database.db, [move.runId], {
          from: [move.from],
          to: move.to,
          message: `to ${move.to}`,
        });
        const sent = monotonicNow();
        if (!moved) throw new Error(`Run ${move.runId} did not move to ${move.to}.`);
        return { key: String(moved.eventId), sent };
      };
      const result: ScenarioResult = { measurements: [], notes: [], details: {} };
      for (const size of SIZES) {
        const tidepool = await tidepoolPhase(cli.main, database.url, size, transition);
        const baseline = await baselinePhase(size, tidepool.messageBytes);
        const figures = report(size, tidepool, baseline);
        result.measurements.push(...figures.measurements);
        result.notes.push(...figures.notes);
        result.details![`n=${size}`] = figures.details;
      }
      result.notes.push(
        'Server, client processes and writer share the machine (2 cores): a delivery time includes the client-side parse of the messages before it, on both sides.',
      );
      return result;
    } finally {
      cli.remove();
      await database.drop();
    }
  },
};
