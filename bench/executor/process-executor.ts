// process-executor: the end-to-end throughput scenario (bench/throughput/tidepool-runs.ts: one-step runs launched
// in batches, queued under max_concurrent_runs 50 and two tag limits, dequeued, executed, to SUCCESS) with the
// worker's two executors, in the same run: in_process (the default: every run in the worker's process) and
// process (`run_worker.executor: process`: a child process per run, Dagster's DefaultRunLauncher isolation).
// A child process costs a Node start, its module imports and the definitions' import per run, so the process
// executor's rate is bounded by process start-up, not by Postgres; fewer runs per repetition keep it short.
//
// Each round runs both executors, in an order alternated round by round, each in a fresh database after a
// warm-up. Reported: the median rate of each and process/in_process.
import { loadEngineFixture } from '../lib/database.js';
import { describeCpu } from '../lib/cpu.js';
import { rate, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { median, summarize } from '../lib/stats.js';
import { tidepoolRepetition, type TidepoolRepetition } from '../throughput/tidepool-runs.js';

const COUNT = 20;
const BATCH = 10;
const WARMUP = 3;
const ROUNDS = 1;

type Executor = 'in_process' | 'process';

export const processExecutor: Scenario = {
  name: 'process-executor',
  description: `${COUNT} one-step runs to SUCCESS (end-to-end throughput scenario): run_worker.executor process vs in_process.`,
  async run(): Promise<ScenarioResult> {
    const location = await loadEngineFixture();
    const samples: Record<Executor, TidepoolRepetition[]> = { in_process: [], process: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: Executor[] = round % 2 === 0 ? ['process', 'in_process'] : ['in_process', 'process'];
      for (const executor of order) {
        samples[executor].push(
          await tidepoolRepetition(location, {
            path: 'direct',
            count: COUNT,
            batchSize: BATCH,
            warmup: WARMUP,
            extraConfig: `run_worker:\n  executor: ${executor}\n`,
          }),
        );
      }
    }
    const stats = (executor: Executor) => summarize(samples[executor].map((sample) => sample.runsPerSecond));
    const baseline = { name: 'process-executor/in_process', stats: stats('in_process') };
    const cpuPerRun = (executor: Executor) =>
      median(samples[executor].map((sample) => (sample.cpu.nodeMs + (sample.cpu.postgresMs ?? 0)) / sample.succeeded));
    return {
      measurements: [rate('process-executor/process', 'runs/s', stats('process'), baseline), rate(baseline.name, 'runs/s', baseline.stats)],
      notes: [
        `${COUNT} runs per repetition launched in-process (launchRuns) in batches of ${BATCH}, ${ROUNDS} rounds of both executors ` +
          `(order alternated), each in a fresh database after a ${WARMUP}-run warm-up; the throughput scenario's run limits (50 at once).`,
        `process/in_process: ${(stats('process').median / stats('in_process').median).toFixed(3)}x of the rate; CPU of the worker's process ` +
          `(children not included) + Postgres per run ${cpuPerRun('process').toFixed(2)} ms vs ${cpuPerRun('in_process').toFixed(2)} ms.`,
        ...(['process', 'in_process'] as Executor[]).map(
          (executor) =>
            `${executor}: rates ${samples[executor].map((sample) => sample.runsPerSecond.toFixed(1)).join(', ')} runs/s; ` +
            `CPU in the first repetition: ${describeCpu(samples[executor][0]!.cpu)}.`,
        ),
      ],
    };
  },
};
