// backfill-submit: how fast the backfill daemon submits a 10,000-partition backfill with queue limits on
// (goal: at least 1,000 runs submitted per second, limits never exceeded). Submission is the daemon's own
// loop (backfillPass until nothing is pending: a chunk of `backfills.submit_chunk_size` runs per
// transaction, each with its row lock, pending read and run_id update), timed from the first pass to the
// last chunk's commit. A queued run coordinator runs meanwhile, as in production, dequeuing under the
// limits; no worker runs, so started runs stay in progress and the count of the backfill's in-progress
// runs at the end is the most it ever had.
//
// Baseline, in the same run on its own fresh database with its own coordinator: the same 10,000 runs
// (same job, tags and partitions) created by launchRuns, one call per chunk of the same size: the launch
// path without the backfill's bookkeeping. The ratio is backfill rate / baseline rate.
import { sql } from 'drizzle-orm';
import { backfillPass } from '../../src/backfills/backfill-pass.js';
import { targetOfJob } from '../../src/backfills/backfill-target.js';
import { launchBackfill } from '../../src/backfills/launch-backfill.js';
import { backfillRunParams } from '../../src/backfills/run-params.js';
import { startBackground } from '../../src/daemon/background.js';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { launchRuns } from '../../src/queue/launch.js';
import { now } from '../lib/clock.js';
import { createBenchDatabase } from '../lib/database.js';
import { rate, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';

const PARTITIONS = 10_000;
const REPETITIONS = 3;
const CHUNK = 500;
const PER_BACKFILL_LIMIT = 3;
const CONFIG = `
concurrency:
  runs:
    max_concurrent_runs: 10
    tag_concurrency_limits:
      - { key: dagster/backfill, value: { applyLimitPerUniqueValue: true }, limit: ${PER_BACKFILL_LIMIT} }
backfills:
  submit_chunk_size: ${CHUNK}
`;
const DEFINITIONS = new URL('./definitions.ts', import.meta.url).pathname;

interface Sample {
  runsPerSecond: number;
  inProgress: number;
}

/** The backfill's runs and how many of them are in progress (STARTING, STARTED, CANCELING). */
async function runCounts(instance: Instance, backfillId: string): Promise<{ runs: number; inProgress: number }> {
  const [row] = await queryRows<{ runs: number; in_progress: number }>(
    instance.database.db,
    sql`select count(*)::int as runs, count(*) filter (where status in ('STARTING', 'STARTED', 'CANCELING'))::int as in_progress
          from runs where tags->>'dagster/backfill' = ${backfillId}`,
  );
  return { runs: row!.runs, inProgress: row!.in_progress };
}

async function backfillSample(location: LoadedDefinitions): Promise<Sample> {
  const database = await createBenchDatabase();
  try {
    const instance = await database.openInstance(CONFIG, 'bench:backfill');
    const coordinator = await database.openInstance(CONFIG, 'bench:coordinator');
    const background = await startBackground(coordinator, location, { coordinator: true, monitor: false, worker: false });
    try {
      const target = targetOfJob(location, 'hourly_job');
      const keys = target.partitionsDef.getPartitionKeys(instance.clock.now()).slice(0, PARTITIONS);
      const { backfillId } = await launchBackfill(
        instance,
        location,
        { target, partitions: { range: { start: keys[0]!, end: keys.at(-1)! } } },
        'bench',
      );
      const start = now();
      while ((await backfillPass(instance, location)) > 0);
      const seconds = (now() - start) / 1000;
      const counts = await runCounts(instance, backfillId);
      if (counts.runs !== PARTITIONS) throw new Error(`The backfill submitted ${counts.runs} runs, not ${PARTITIONS}.`);
      return { runsPerSecond: PARTITIONS / seconds, inProgress: counts.inProgress };
    } finally {
      await background.stop();
    }
  } finally {
    await database.drop();
  }
}

async function baselineSample(location: LoadedDefinitions): Promise<number> {
  const database = await createBenchDatabase();
  try {
    const instance = await database.openInstance(CONFIG, 'bench:baseline');
    const coordinator = await database.openInstance(CONFIG, 'bench:coordinator');
    const background = await startBackground(coordinator, location, { coordinator: true, monitor: false, worker: false });
    try {
      const target = targetOfJob(location, 'hourly_job');
      const keys = target.partitionsDef.getPartitionKeys(instance.clock.now()).slice(0, PARTITIONS);
      const backfill = { id: 'baseline', tags: {}, runConfig: {} };
      const start = now();
      for (let i = 0; i < keys.length; i += CHUNK) {
        const results = await launchRuns(
          instance,
          location,
          keys.slice(i, i + CHUNK).map((key) => backfillRunParams(target, backfill, key)),
        );
        const refused = results.find((result) => !result.ok);
        if (refused && !refused.ok) throw refused.error;
      }
      return PARTITIONS / ((now() - start) / 1000);
    } finally {
      await background.stop();
    }
  } finally {
    await database.drop();
  }
}

export const backfillSubmit: Scenario = {
  name: 'backfill-submit',
  description: `Submitting a ${PARTITIONS.toLocaleString('en')}-partition backfill with queue limits on (vs. launchRuns per chunk).`,
  async run(): Promise<ScenarioResult> {
    const location = await loadDefinitions(DEFINITIONS);
    const backfill: Sample[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      backfill.push(await backfillSample(location));
      baseline.push(await baselineSample(location));
    }
    const baselineName = 'launchRuns per chunk (baseline)';
    const baselineStats = { name: baselineName, stats: summarize(baseline) };
    const maxInProgress = Math.max(...backfill.map((sample) => sample.inProgress));
    return {
      measurements: [
        rate('backfill-submit', 'runs/s', summarize(backfill.map((sample) => sample.runsPerSecond)), baselineStats, (stats) => ({
          text: `≥ 1,000 runs/s, at most ${PER_BACKFILL_LIMIT} in progress`,
          met: stats.min >= 1000 && maxInProgress <= PER_BACKFILL_LIMIT,
        })),
        rate(baselineName, 'runs/s', baselineStats.stats),
      ],
      notes: [
        `${REPETITIONS} repetitions of ${PARTITIONS} partitions, ${CHUNK} runs per transaction, each repetition (and each baseline) on a fresh database; a coordinator dequeues meanwhile, no worker runs.`,
        `Most of the backfill's runs in progress at once, over all repetitions: ${maxInProgress} (limit ${PER_BACKFILL_LIMIT} per backfill, max_concurrent_runs 10).`,
      ],
      details: { backfillRunsPerSecond: backfill, baselineRunsPerSecond: baseline },
    };
  },
};
