// run-retry-decisions: how fast run retries are decided and launched. N failed runs (a step failed, tagged
// dagster/max_retries=1) are decided by the daemon's own calls (undecidedFailedRuns, then decideRunRetry per
// run: the decision row, the FROM_FAILURE re-execution created QUEUED, the failed run's tags and the two
// engine events, in one transaction), by one decider and by three racing over the same runs (each run is
// still decided once: the bench checks there are N retries).
//
// Baseline, in the same run on its own fresh database with the same N failed runs: launchReexecution
// (FROM_FAILURE) of each, one transaction each: the re-execution alone, without the decision's bookkeeping.
// Ratios are decisions/s over the baseline's re-executions/s.
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { launchRuns } from '../../src/queue/launch.js';
import { launchReexecution } from '../../src/queue/reexecute.js';
import { decideRunRetry, undecidedFailedRuns } from '../../src/queue/run-retries.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { RUN_FAILURE_REASON } from '../../src/runs/vocabulary.js';
import { now } from '../lib/clock.js';
import { createBenchDatabase } from '../lib/database.js';
import { rate, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';

const FAILED_RUNS = 300;
const REPETITIONS = 3;
const CONFIG = 'run_retries: {enabled: true, max_retries: 1}\n';
const DEFINITIONS = fileURLToPath(new URL('../../test/fixtures/retries/index.ts', import.meta.url));

/** N runs of run_fail_job that failed because a step failed (their worker is skipped: status changes only). */
async function failedRuns(instance: Instance, location: LoadedDefinitions): Promise<string[]> {
  const results = await launchRuns(
    instance,
    location,
    Array.from({ length: FAILED_RUNS }, () => ({
      selector: { jobName: 'run_fail_job' },
      executionMetadata: { tags: [{ key: 'dagster/max_retries', value: '1' }] },
    })),
  );
  const ids = results.map((result) => {
    if (!result.ok) throw result.error;
    return result.runId;
  });
  await instance.database.db.transaction(async (tx) => {
    await transitionRuns(tx, ids, { from: ['QUEUED'], to: 'STARTING', message: 'bench' });
    await transitionRuns(tx, ids, { from: ['STARTING'], to: 'STARTED', message: 'bench', worker: { id: 'bench', leaseSeconds: 3600 } });
    await transitionRuns(tx, ids, {
      from: ['STARTED'],
      to: 'FAILURE',
      message: 'bench: a step failed',
      payload: { failureReason: RUN_FAILURE_REASON.stepFailure },
    });
  });
  return ids;
}

async function retriesOf(instance: Instance, ids: string[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    instance.database.db,
    sql`select count(*)::int as n from run_tags where key = 'dagster/parent_run_id' and value = any(${sql.param(ids)}::text[])`,
  );
  return row!.n;
}

async function decideSample(location: LoadedDefinitions, deciders: number): Promise<number> {
  const database = await createBenchDatabase();
  try {
    const instance = await database.openInstance(CONFIG, 'bench:retries');
    const ids = await failedRuns(instance, location);
    const decide = async () => {
      for (;;) {
        const batch = await undecidedFailedRuns(instance.database.db, 0, 100);
        if (batch.length === 0) return;
        for (const failed of batch) await decideRunRetry(instance, location, failed);
      }
    };
    const start = now();
    await Promise.all(Array.from({ length: deciders }, decide));
    const seconds = (now() - start) / 1000;
    const retries = await retriesOf(instance, ids);
    if (retries !== FAILED_RUNS) throw new Error(`${deciders} decider(s) launched ${retries} retries of ${FAILED_RUNS} failed runs.`);
    return FAILED_RUNS / seconds;
  } finally {
    await database.drop();
  }
}

async function baselineSample(location: LoadedDefinitions): Promise<number> {
  const database = await createBenchDatabase();
  try {
    const instance = await database.openInstance(CONFIG, 'bench:reexecute');
    const ids = await failedRuns(instance, location);
    const start = now();
    for (const parentRunId of ids) {
      const launched = await launchReexecution(instance, location, { parentRunId, strategy: 'FROM_FAILURE', useParentRunTags: true });
      if (!launched.ok) throw launched.error;
    }
    return FAILED_RUNS / ((now() - start) / 1000);
  } finally {
    await database.drop();
  }
}

export const runRetryDecisions: Scenario = {
  name: 'run-retry-decisions',
  description: `Deciding and launching the retries of ${FAILED_RUNS} failed runs (one decider, three racing) vs. launchReexecution of each.`,
  async run(): Promise<ScenarioResult> {
    const location = await loadDefinitions(DEFINITIONS);
    const one: number[] = [];
    const three: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      baseline.push(await baselineSample(location));
      one.push(await decideSample(location, 1));
      three.push(await decideSample(location, 3));
    }
    const baselineName = 'launchReexecution per run (baseline)';
    const baselineStats = { name: baselineName, stats: summarize(baseline) };
    return {
      measurements: [
        rate('run-retry-decisions/1 decider', 'runs/s', summarize(one), baselineStats),
        rate('run-retry-decisions/3 deciders racing', 'runs/s', summarize(three), baselineStats),
        rate(baselineName, 'runs/s', baselineStats.stats),
      ],
      notes: [
        `${REPETITIONS} repetitions of ${FAILED_RUNS} failed runs, each sample on a fresh database; every failed run got exactly one retry in every sample.`,
      ],
      details: { oneDecider: one, threeDeciders: three, baseline },
    };
  },
};
