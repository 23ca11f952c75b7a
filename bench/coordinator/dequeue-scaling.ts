// dequeue-scaling: the time of one dequeue pass that starts 10 runs while N queued runs are blocked
// (SPEC §3: "cost per dequeue must not grow with the number of blocked queued runs"), for N = 100, 10k
// and 100k. The N runs carry a `dagster/backfill` tag whose limit is 0, spread over a fixed handful of
// values (so the same few blocked buckets for every N); the 10 startable runs carry no such tag.
//
// One database per N, all set up first; the passes then rotate over the N's (pass 1 of each N, pass 2 of
// each N, …) so drift in machine load hits every N alike. Each measured pass: launch 10 runs (launchRuns,
// not timed), time dequeueRuns, check it started exactly those 10, then move them to SUCCESS so the next
// pass has the same room. No coordinator runs: the benchmark calls dequeueRuns itself.
//
// Afterwards one extra pass per N runs with every statement EXPLAIN ANALYZEd (see statement-plans.ts), so
// a growing median can be traced to the statement that grows.
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { dequeueRuns } from '../../src/queue/dequeue.js';
import { launchRuns } from '../../src/queue/launch.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { TAGS } from '../../src/runs/vocabulary.js';
import { now, timed } from '../lib/clock.js';
import { createBenchDatabase, loadEngineFixture, type BenchDatabase } from '../lib/database.js';
import { measurement, type Measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { withStatementPlans, type StatementPlan } from '../lib/statement-plans.js';
import { summarize } from '../lib/stats.js';
import { insertQueuedRuns, vacuumAnalyze } from './blocked-runs.js';

const SIZES = [100, 10_000, 100_000];
const WARMUP = 3;
const PASSES = 30;
const STARTABLE = 10;
const BLOCKED_VALUES = 5;

const CONFIG = `
concurrency:
  runs:
    max_concurrent_runs: -1
    tag_concurrency_limits:
      - { key: "${TAGS.backfill}", limit: 0 }
`;

interface Queue {
  n: number;
  database: BenchDatabase;
  instance: Instance;
  samples: number[];
  setup: { launchAndInsertMs: number; vacuumAnalyzeMs: number };
}

export const dequeueScaling: Scenario = {
  name: 'dequeue-scaling',
  description: 'One dequeue pass starting 10 runs with N = 100 / 10k / 100k queued runs blocked by a tag limit.',
  async run(): Promise<ScenarioResult> {
    const location = await loadEngineFixture();
    const queues: Queue[] = [];
    try {
      for (const n of SIZES) queues.push(await setUp(n, location));

      for (let pass = 0; pass < WARMUP + PASSES; pass++) {
        for (const queue of queues) {
          const ms = await measuredPass(queue, location);
          if (pass >= WARMUP) queue.samples.push(ms);
        }
      }

      const plans: Record<string, StatementPlan[]> = {};
      for (const queue of queues) plans[`n=${queue.n}`] = await explainedPass(queue, location);

      const smallest = queues[0]!;
      const baseline = { name: nameOf(smallest.n), stats: summarize(smallest.samples) };
      const measurements: Measurement[] = queues.map((queue) =>
        queue === smallest
          ? measurement(baseline.name, 'duration', baseline.stats)
          : measurement(nameOf(queue.n), 'duration', summarize(queue.samples), baseline, (_stats, ratio) => ({
              text: `median within 2x of n=${smallest.n}`,
              met: ratio !== null && ratio <= 2,
            })),
      );
      return {
        measurements,
        notes: [
          `${PASSES} measured passes per N after ${WARMUP} warm-up, rotating over the N's; each pass starts ${STARTABLE} runs.`,
          `Blocked runs: N queued runs tagged ${TAGS.backfill}=bench-0..${BLOCKED_VALUES - 1} (${BLOCKED_VALUES} buckets), limit 0.`,
          ...queues.map(
            (queue) =>
              `Setup (not a result) n=${queue.n}: launch + bulk insert ${queue.setup.launchAndInsertMs.toFixed(0)} ms, ` +
              `vacuum analyze ${queue.setup.vacuumAnalyzeMs.toFixed(0)} ms.`,
          ),
          ...statementNotes(plans),
        ],
        details: { statementPlans: plans },
      };
    } finally {
      for (const queue of queues) await queue.database.drop().catch(() => undefined);
    }
  },
};

function nameOf(n: number): string {
  return `dequeue-scaling/n=${n}`;
}

async function setUp(n: number, location: LoadedDefinitions): Promise<Queue> {
  const database = await createBenchDatabase();
  try {
    const instance = await database.openInstance(CONFIG, `bench:dequeue-${n}`);
    const inserted = await timed(() => insertQueuedRuns(instance, location, { tagKey: TAGS.backfill, values: BLOCKED_VALUES, count: n }));
    const vacuumed = await timed(() => vacuumAnalyze(instance));
    return {
      n,
      database,
      instance,
      samples: [],
      setup: { launchAndInsertMs: inserted.ms, vacuumAnalyzeMs: vacuumed.ms },
    };
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
}

async function launchStartable(queue: Queue, location: LoadedDefinitions): Promise<string[]> {
  const results = await launchRuns(
    queue.instance,
    location,
    Array.from({ length: STARTABLE }, () => ({ selector: { jobName: 'quick_job' } })),
  );
  return results.map((result) => {
    if (!result.ok) throw result.error;
    return result.runId;
  });
}

async function measuredPass(queue: Queue, location: LoadedDefinitions): Promise<number> {
  const launched = await launchStartable(queue, location);
  const start = now();
  const { started } = await dequeueRuns(queue.instance.database.db, queue.instance.config);
  const ms = now() - start;
  await finish(queue, launched, started);
  return ms;
}

async function explainedPass(queue: Queue, location: LoadedDefinitions): Promise<StatementPlan[]> {
  const launched = await launchStartable(queue, location);
  const { value, plans } = await withStatementPlans(queue.database.url, (db) => dequeueRuns(db, queue.instance.config));
  await finish(queue, launched, value.started);
  return plans;
}

/** Checks the pass started exactly the runs just launched (never a blocked one), then ends them. */
async function finish(queue: Queue, launched: string[], started: string[]): Promise<void> {
  const expected = new Set(launched);
  if (started.length !== launched.length || !started.every((id) => expected.has(id))) {
    throw new Error(`n=${queue.n}: the pass started ${started.length} runs, not the ${launched.length} just launched.`);
  }
  await transitionRuns(queue.instance.database.db, started, {
    from: ['STARTING'],
    to: 'SUCCESS',
    message: 'Benchmark: run ended so the next pass has the same room.',
  });
}

/**
 * One line per statement with its execution time at each N (from the EXPLAIN ANALYZEd pass), then the
 * plan of the slowest statement at the largest N: where a growing median comes from.
 */
function statementNotes(plans: Record<string, StatementPlan[]>): string[] {
  const sizes = Object.keys(plans);
  const first = plans[sizes[0]!] ?? [];
  const lines = first.map((plan, i) => {
    const times = sizes.map((size) => `${size} ${plans[size]![i]?.executionMs.toFixed(3) ?? '?'} ms`).join(', ');
    return `EXPLAIN ANALYZE "${plan.statement}": ${times}`;
  });
  const largest = sizes[sizes.length - 1]!;
  const slowest = [...(plans[largest] ?? [])].sort((a, b) => b.executionMs - a.executionMs)[0];
  if (slowest) lines.push(`Slowest statement at ${largest} ("${slowest.statement}"), plan:\n      ${slowest.plan.join('\n      ')}`);
  return lines;
}
