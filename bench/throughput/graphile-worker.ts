// One repetition of graphile-worker's throughput on N no-op jobs, for comparison with Tidepool's runs:
// its own empty database (its schema installed by its migrations, untimed), a runner in this process,
// timed from the first job added to the moment the jobs table is empty (graphile-worker deletes a job
// when it completes it; completions may be batched and are not awaited by the task, so the task's own
// return is not the end).
//
//  - per-job: jobs added one `addJob` call each (10 in flight), and graphile-worker's default worker:
//    each of `concurrency` workers fetches one job and completes it in its own statement;
//  - per-job-worker: the same default worker, jobs added with `addJobs` in batches as Tidepool's runs
//    are launched (so only the worker works per job);
//  - batched: `addJobs` in batches and its documented high-throughput settings (worker.graphile.org,
//    "Performance"): a local queue that locks jobs 500 at a time, batched completion
//    (`completeJobBatchDelay: 0`).
import { Logger, makeWorkerUtils, run, type AddJobsJobSpec, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { now } from '../lib/clock.js';
import { startCpuMeter, type CpuUse } from '../lib/cpu.js';
import { createBlankDatabase } from '../lib/blank-database.js';
import { Countdown, pollUntil } from '../lib/wait.js';

export type GraphileMode = 'per-job' | 'per-job-worker' | 'batched';

export interface PeerRepetition {
  jobsPerSecond: number;
  totalMs: number;
  /** From the first add to the last add's reply. */
  addMs: number;
  cpu: CpuUse;
}

const TASK = 'noop';
const silent = new Logger(() => () => undefined);

export async function graphileWorkerRepetition(options: {
  mode: GraphileMode;
  count: number;
  batchSize: number;
  concurrency: number;
  warmup: number;
}): Promise<PeerRepetition> {
  const database = await createBlankDatabase();
  const connectionString = database.url;
  let utils: WorkerUtils | null = null;
  let probe: pg.Client | null = null;
  try {
    utils = await makeWorkerUtils({ connectionString, logger: silent });
    await utils.migrate();
    let executed: Countdown = new Countdown(options.warmup);
    const batched = options.mode === 'batched';
    const runner = await run({
      connectionString,
      concurrency: options.concurrency,
      maxPoolSize: options.concurrency + 1,
      noHandleSignals: true,
      logger: silent,
      taskList: {
        [TASK]: async () => {
          executed.increment();
        },
      },
      ...(batched ? { preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } } } : {}),
    });
    probe = new pg.Client({ connectionString, application_name: 'bench:probe' });
    await probe.connect();
    const remaining = async () => {
      const { rows } = await probe!.query<{ n: number }>('select count(*)::int as n from graphile_worker._private_jobs');
      return rows[0]!.n;
    };
    try {
      const add = async (count: number) => {
        if (options.mode !== 'per-job') {
          for (let i = 0; i < count; i += options.batchSize) {
            const specs: AddJobsJobSpec[] = Array.from({ length: Math.min(options.batchSize, count - i) }, () => ({
              identifier: TASK,
              payload: {},
            }));
            await utils!.addJobs(specs);
          }
        } else {
          let next = 0;
          await Promise.all(
            Array.from({ length: 10 }, async () => {
              while (next < count) {
                next++;
                await utils!.addJob(TASK, {});
              }
            }),
          );
        }
      };
      // Warm-up: the same path, not measured.
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
      await runner.stop();
    }
  } finally {
    await probe?.end().catch(() => undefined);
    await Promise.resolve(utils?.release()).catch(() => undefined);
    await database.drop();
  }
}
