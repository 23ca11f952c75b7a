// captured-logs-tail: the delay from a step's write to process.stdout to its arrival at a live `capturedLogs`
// subscriber over graphql-ws. The worker (its own Instance and pg pool, as a worker process would have) runs
// one step that prints a line whenever asked (definitions.ts); the API server (another Instance, its own pool
// and LISTEN connection) streams the step's captured logs to one graphql-ws client. One line at a time: the
// next is written once the subscriber has the last. The path measured is the whole of it: the capture, the
// writer's flush interval, the INSERT and its NOTIFY, the server's re-read by cursor, the WebSocket.
//
// Baseline, in the same run on the same database: a bare NOTIFY round trip (pg_notify on one connection, its
// arrival at another that LISTENs), the floor of any cross-process wake-up through Postgres.
import { fileURLToPath } from 'node:url';
import { print, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { startBackground } from '../../src/daemon/background.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { FLUSH_DEFAULTS } from '../../src/execution/step-log-capture.js';
import { launchRuns } from '../../src/queue/launch.js';
import { buildServer } from '../../src/server/build-server.js';
import { now } from '../lib/clock.js';
import { createBenchDatabase } from '../lib/database.js';
import { measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';
import { tick, ticker } from './definitions.js';

const DEFINITIONS = fileURLToPath(new URL('./definitions.ts', import.meta.url));
const WARMUP = 20;
const SAMPLES = 300;
const GOAL_P99_MS = 100;

const SUBSCRIPTION = print(parse(`subscription Tail($logKey: [String!]!) { capturedLogs(logKey: $logKey) { stdout cursor } }`));

export const capturedLogsTail: Scenario = {
  name: 'captured-logs-tail',
  description: `${SAMPLES} lines written by a running step, each timed from its write to its arrival at a capturedLogs subscriber.`,
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    try {
      const location = await loadDefinitions(DEFINITIONS);
      const config = 'compute_logs: { echo: false }\n';
      const workerInstance = await database.openInstance(config, 'bench:worker');
      const apiInstance = await database.openInstance(config, 'bench:api');
      const background = await startBackground(workerInstance, location, { coordinator: true, monitor: false, worker: {} });
      const server = buildServer({ instance: apiInstance, location, port: 0, host: '127.0.0.1' });
      const { url } = await server.start();
      const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
      try {
        const [launched] = await launchRuns(workerInstance, location, [{ selector: { jobName: 'ticker_job' } }]);
        if (!launched!.ok) throw launched!.error;
        const runId = launched!.runId;

        // Every line that arrives, stamped on arrival.
        const arrivals = new Map<number, number>();
        let waiting: { seq: number; resolve: () => void } | null = null;
        let streamed = '';
        const unsubscribe = client.subscribe<{ capturedLogs: { stdout: string | null } }>(
          { query: SUBSCRIPTION, variables: { logKey: [runId, 'compute_logs', 'ticker'] } },
          {
            next: (result) => {
              const at = now();
              streamed += result.data?.capturedLogs.stdout ?? '';
              for (const match of streamed.matchAll(/tick (\d+)\n/g)) arrivals.set(Number(match[1]), arrivals.get(Number(match[1])) ?? at);
              streamed = streamed.slice(streamed.lastIndexOf('\n') + 1);
              if (waiting && arrivals.has(waiting.seq)) waiting.resolve();
            },
            error: (error) => console.error('capturedLogs subscription failed', error),
            complete: () => undefined,
          },
        );
        const line = (seq: number) =>
          new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`line ${seq} did not arrive within 10 s`)), 10_000);
            waiting = {
              seq,
              resolve: () => {
                clearTimeout(timer);
                waiting = null;
                resolve(arrivals.get(seq)! - ticker.stamps.get(seq)!);
              },
            };
            tick(seq);
          });
        const tail: number[] = [];
        for (let seq = 0; seq < WARMUP + SAMPLES; seq++) {
          const ms = await line(seq);
          if (seq >= WARMUP) tail.push(ms);
        }
        tick(-1);
        unsubscribe();

        const notify = await notifyRoundTrips(database.url, WARMUP + SAMPLES);
        const baseline = { name: 'captured-logs-tail/notify-round-trip', stats: summarize(notify.slice(WARMUP)) };
        return {
          measurements: [
            measurement('captured-logs-tail/write-to-subscriber', 'latency', summarize(tail), baseline, (stats) => ({
              text: `p99 < ${GOAL_P99_MS} ms`,
              met: stats.p99 < GOAL_P99_MS,
            })),
            measurement(baseline.name, 'latency', baseline.stats),
          ],
          notes: [
            `One step printing one line at a time (the next once the subscriber has the last); worker and API server on their own ` +
              `Instances and pg pools in this process; the writer's flush interval ${FLUSH_DEFAULTS.flushIntervalMs} ms; ${WARMUP} warm-up lines dropped.`,
            'Baseline: pg_notify on one connection timed to its arrival on another LISTENing connection, same database, same run.',
          ],
        };
      } finally {
        await client.dispose();
        await server.stop();
        await background.stop();
      }
    } finally {
      await database.drop();
    }
  },
};

/** Milliseconds from each pg_notify on one connection to its arrival at another that LISTENs. */
async function notifyRoundTrips(url: string, count: number): Promise<number[]> {
  const sender = new pg.Client({ connectionString: url, application_name: 'bench:notify' });
  const listener = new pg.Client({ connectionString: url, application_name: 'bench:listen' });
  await sender.connect();
  await listener.connect();
  try {
    await listener.query('LISTEN bench_captured_logs');
    let arrived: ((at: number) => void) | null = null;
    listener.on('notification', () => arrived?.(now()));
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = now();
      const at = new Promise<number>((resolve) => (arrived = resolve));
      await sender.query(`select pg_notify('bench_captured_logs', $1)`, [String(i)]);
      samples.push((await at) - start);
    }
    return samples;
  } finally {
    await sender.end();
    await listener.end();
  }
}
