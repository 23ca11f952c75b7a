// launch-to-starting: how long a launched run waits for the coordinator when there is room for it
// (SPEC §3: "a run that can start must start within milliseconds"), measured from the launch's commit to
// the moment a LISTEN client hears the run's STARTING hint — the hint is sent by the dequeue transaction
// and delivered when it commits, so its arrival marks the transition's commit.
//
// Setup, twice — with no run limit (max_concurrent_runs -1: the pass needs no lock, queue/dequeue.ts
// startUnlimited) and with the default limit of 10 (the locked pass), each on its own database: one
// coordinator (startBackground, coordinator only) on its own Instance and pool; a second Instance launches
// `quick_job` one run at a time. No worker runs, so a run stays STARTING; it is moved to SUCCESS after its
// sample so in-progress runs never pile up (the pass reads them all). The two are interleaved sample by
// sample with the baseline.
//
// Baseline, interleaved sample by sample so both see the same noise: one transaction that inserts a row
// and pg_notify's a payload of the same shape, timed (a) from BEGIN to the notification's arrival ("one
// transaction plus NOTIFY": the floor for any event-driven hop that does one transaction), and (b) from
// the commit's reply to the arrival (the delivery of a NOTIFY alone). The ratio uses (a).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startBackground } from '../../src/daemon/background.js';
import { CHANNEL } from '../../src/db/notifier.js';
import type { Instance } from '../../src/instance/instance.js';
import { launchRuns } from '../../src/queue/launch.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { now, sleep } from '../lib/clock.js';
import { createBenchDatabase, loadEngineFixture } from '../lib/database.js';
import { ListenClock } from '../lib/listen-clock.js';
import { measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';

const WARMUP = 30;
const SAMPLES = 300;
/** Pause after clearing a run, so the pass its terminal hint wakes is over before the next launch. */
const SETTLE_MS = 10;
const BASELINE_CHANNEL = 'tidepool_bench_baseline';

const UNLIMITED = `
concurrency:
  runs:
    max_concurrent_runs: -1
`;
const LIMITED = `
concurrency:
  runs:
    max_concurrent_runs: 10
`;

export const launchToStarting: Scenario = {
  name: 'launch-to-starting',
  description: 'Launch commit to the STARTING hint, free capacity, one coordinator (vs. one transaction + NOTIFY).',
  async run(): Promise<ScenarioResult> {
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const location = await loadEngineFixture();
      const queues: Queue[] = [];
      for (const [name, config] of [
        ['launch-to-starting', UNLIMITED],
        ['launch-to-starting (max_concurrent_runs 10)', LIMITED],
      ] as const) {
        const database = await createBenchDatabase();
        cleanups.push(() => database.drop());
        const coordinatorInstance = await database.openInstance(config, 'bench:coordinator');
        const launcher = await database.openInstance(config, 'bench:launcher');
        const background = await startBackground(coordinatorInstance, location, { coordinator: true, monitor: false, worker: false });
        cleanups.push(() => background.stop());
        const listener = await ListenClock.open(database.url, [CHANNEL, BASELINE_CHANNEL], (channel, payload) => {
          const hint = JSON.parse(payload) as { topic?: string; runId?: string; status?: string | null };
          if (channel === BASELINE_CHANNEL) return `baseline:${hint.runId}`;
          return hint.topic === 'event' && hint.status === 'STARTING' ? `starting:${hint.runId}` : null;
        });
        cleanups.push(() => listener.close());
        queues.push({ name, url: database.url, launcher, listener, samples: [] });
      }
      const [first] = queues;
      const { listener } = first!;

      const baselineClient = new pg.Client({ connectionString: first!.url, application_name: 'bench:baseline' });
      await baselineClient.connect();
      cleanups.push(() => baselineClient.end());
      await baselineClient.query(
        `create table bench_baseline (id bigserial primary key, run_id uuid not null, payload jsonb not null,
                                      created_at timestamptz not null default now())`,
      );

      const txPlusNotify: number[] = [];
      const delivery: number[] = [];
      let early = 0;

      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const record = i >= WARMUP;

        // Baseline: BEGIN; INSERT; SELECT pg_notify; COMMIT — then wait for the listener.
        const runId = randomUUID();
        const begun = now();
        await baselineClient.query('begin');
        const inserted = await baselineClient.query<{ id: string }>(
          `insert into bench_baseline (run_id, payload) values ($1, '{}') returning id`,
          [runId],
        );
        await baselineClient.query('select pg_notify($1, $2)', [
          BASELINE_CHANNEL,
          JSON.stringify({ topic: 'event', runId, eventId: Number(inserted.rows[0]!.id), status: 'STARTING' }),
        ]);
        await baselineClient.query('commit');
        const baselineCommitted = now();
        const baselineArrived = await listener.arrival(`baseline:${runId}`);
        if (record) {
          txPlusNotify.push(baselineArrived - begun);
          delivery.push(baselineArrived - baselineCommitted);
        }

        // Tidepool: launch (commit) → coordinator dequeues → STARTING hint arrives.
        for (const queue of queues) {
          const [launched] = await launchRuns(queue.launcher, location, [{ selector: { jobName: 'quick_job' } }]);
          const committed = now();
          if (!launched?.ok) throw launched?.error ?? new Error('launchRuns returned nothing.');
          const arrived = await queue.listener.arrival(`starting:${launched.runId}`);
          if (arrived < committed) early++;
          if (record) queue.samples.push(arrived - committed);

          await transitionRuns(queue.launcher.database.db, [launched.runId], {
            from: ['STARTING'],
            to: 'SUCCESS',
            message: 'Benchmark: run cleared so in-progress runs do not accumulate.',
          });
          await sleep(SETTLE_MS);
        }
      }

      const baselineName = 'one-tx+notify (baseline)';
      const baseline = { name: baselineName, stats: summarize(txPlusNotify) };
      const deliveryStats = summarize(delivery);
      const tidepoolStats = summarize(first!.samples);
      return {
        measurements: [
          ...queues.map((queue) =>
            measurement(queue.name, 'latency', summarize(queue.samples), baseline, (stats, ratio) => ({
              text: 'p50 within 1.5x of one tx + NOTIFY, p50 < 5 ms and p99 < 20 ms',
              met: ratio !== null && ratio <= 1.5 && stats.p50 < 5 && stats.p99 < 20,
            })),
          ),
          measurement(baselineName, 'latency', baseline.stats),
          measurement('notify-delivery (commit→arrival)', 'latency', deliveryStats),
        ],
        notes: [
          `${SAMPLES} samples of each after ${WARMUP} warm-up, Tidepool (both configs) and baseline interleaved; coordinators, launchers and listeners share this one Node process.`,
          `Baseline "one-tx+notify" is BEGIN→arrival of BEGIN/INSERT/pg_notify/COMMIT. Commit→arrival alone (NOTIFY delivery) has median ${deliveryStats.median.toFixed(3)} ms: ` +
            (deliveryStats.median > 0.05
              ? `against it launch-to-starting is ${(tidepoolStats.median / deliveryStats.median).toFixed(1)}x.`
              : "indistinguishable from zero (the commit reply and the notification are read from two sockets in the same event-loop turn, either may come first), so it cannot be a ratio's denominator."),
          early > 0
            ? `${early} STARTING hints arrived before launchRuns had returned (negative samples).`
            : 'No STARTING hint arrived before launchRuns returned.',
        ],
        details: {
          samplesMs: {
            launchToStarting: rounded(first!.samples),
            launchToStartingLimited: rounded(queues[1]!.samples),
            oneTxPlusNotify: rounded(txPlusNotify),
          },
        },
      };
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    }
  },
};

interface Queue {
  name: string;
  url: string;
  launcher: Instance;
  listener: ListenClock;
  samples: number[];
}

function rounded(samples: number[]): number[] {
  return samples.map((ms) => Math.round(ms * 1000) / 1000);
}
