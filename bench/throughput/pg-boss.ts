// One repetition of pg-boss's throughput on N no-op jobs, for comparison with Tidepool's runs: its own
// empty database (schema installed by `start()`, untimed), workers in this process, timed from the
// first job sent to the moment no job of the queue is left uncompleted (pg-boss completes a fetched
// batch after the handler returns without awaiting it, so the handler's return is not the end).
//
// pg-boss 10 workers poll: each `work()` loop fetches, runs the handler, then sleeps until its polling
// interval (0.5 s at the least) has passed since the fetch began, whether or not it found jobs. So:
//  - per-job: `send` one job per call (10 in flight), `concurrency` workers with batchSize 1 at the
//    shortest polling interval: bounded by concurrency / 0.5 s by design, not by the database;
//  - per-job-fetch-loop: `insert` in batches as Tidepool's runs are launched, and `concurrency` loops
//    calling `fetch` + `complete` back to back: pg-boss's per-job database cost without the polling sleep;
//  - batched: `insert` in batches, a few workers with a large batchSize.
import PgBoss from 'pg-boss';
import pg from 'pg';
import { now, sleep } from '../lib/clock.js';
import { startCpuMeter } from '../lib/cpu.js';
import { createBlankDatabase } from '../lib/blank-database.js';
import { Countdown, pollUntil } from '../lib/wait.js';
import type { PeerRepetition } from './graphile-worker.js';

export type PgBossMode = 'per-job' | 'per-job-fetch-loop' | 'batched';

const QUEUE = 'noop';
const POLLING_SECONDS = 0.5;
/** Batched mode: workers and the jobs each fetches at once. */
const BATCH_WORKERS = 4;
const FETCH_BATCH = 250;

export async function pgBossRepetition(options: {
  mode: PgBossMode;
  count: number;
  batchSize: number;
  concurrency: number;
  warmup: number;
}): Promise<PeerRepetition> {
  const database = await createBlankDatabase();
  const boss = new PgBoss({
    connectionString: database.url,
    max: options.concurrency + 1,
    application_name: 'bench:pg-boss',
    supervise: false,
    schedule: false,
  });
  boss.on('error', (error) => console.error('[bench] pg-boss:', error));
  let probe: pg.Client | null = null;
  let looping = true;
  const loops: Promise<void>[] = [];
  try {
    await boss.start();
    await boss.createQueue(QUEUE);
    let executed = new Countdown(options.warmup);
    if (options.mode === 'per-job-fetch-loop') {
      for (let i = 0; i < options.concurrency; i++) {
        loops.push(
          (async () => {
            while (looping) {
              const [job] = await boss.fetch(QUEUE);
              if (!job) {
                await sleep(5);
                continue;
              }
              executed.increment();
              await boss.complete(QUEUE, job.id);
            }
          })(),
        );
      }
    } else {
      const workers = options.mode === 'batched' ? BATCH_WORKERS : options.concurrency;
      const batchSize = options.mode === 'batched' ? FETCH_BATCH : 1;
      for (let i = 0; i < workers; i++) {
        await boss.work(QUEUE, { batchSize, pollingIntervalSeconds: POLLING_SECONDS }, async (jobs) => {
          executed.increment(jobs.length);
        });
      }
    }
    probe = new pg.Client({ connectionString: database.url, application_name: 'bench:probe' });
    await probe.connect();
    const remaining = async () => {
      const { rows } = await probe!.query<{ n: number }>(
        `select count(*)::int as n from pgboss.job where name = $1 and state <> 'completed'`,
        [QUEUE],
      );
      return rows[0]!.n;
    };
    const add = async (count: number) => {
      if (options.mode !== 'per-job') {
        for (let i = 0; i < count; i += options.batchSize) {
          await boss.insert(Array.from({ length: Math.min(options.batchSize, count - i) }, () => ({ name: QUEUE, data: {} })));
        }
      } else {
        let next = 0;
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            while (next < count) {
              next++;
              await boss.send(QUEUE, {});
            }
          }),
        );
      }
    };
    await add(options.warmup);
    await executed.reached('the warm-up jobs to run');
    await pollUntil(async () => (await remaining()) === 0, 'the warm-up jobs to complete');

    executed = new Countdown(options.count);
    const meter = await startCpuMeter({ database: database.name });
    const startedAt = now();
    await add(options.count);
    const addedAt = now();
    await executed.reached(`${options.count} jobs to run`);
    const completedAt = await pollUntil(async () => (await remaining()) === 0, `${options.count} jobs to complete`);
    const cpu = await meter.stop();
    const totalMs = completedAt - startedAt;
    return { jobsPerSecond: (options.count / totalMs) * 1000, totalMs, addMs: addedAt - startedAt, cpu };
  } finally {
    looping = false;
    await Promise.all(loops).catch(() => undefined);
    await probe?.end().catch(() => undefined);
    await boss.stop({ graceful: true, close: true, wait: true, timeout: 5_000 }).catch(() => undefined);
    await database.drop();
  }
}
