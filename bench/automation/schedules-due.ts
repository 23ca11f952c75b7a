// schedules-due: 1,000 schedules fall due at the same minute; the time from the scheduled instant to each
// of their runs being QUEUED (heard by a LISTEN client, i.e. committed), with one scheduler daemon.
//
// The scheduler reads an offset clock: before each repetition the offset moves so that the next minute
// boundary comes 1.5 s of real time later, so a repetition takes seconds rather than a minute, while the
// daemon sees the same passage of time as in production (speed 1).
//
// Baseline, in alternate repetitions: the same number of runs of the same job launched by one launchRuns
// call at a known instant (one plan, one transaction: the floor for putting that many runs in the queue),
// timed the same way, from the instant to each run's QUEUED hint.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Clock } from '../../src/config/index.js';
import { startBackground } from '../../src/daemon/background.js';
import { CHANNEL } from '../../src/db/notifier.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { launchRuns } from '../../src/queue/launch.js';
import { sleep } from '../lib/clock.js';
import { createBenchDatabase } from '../lib/database.js';
import { measurement, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';
import { SCHEDULE_COUNT } from './many-schedules.js';

const DEFINITIONS = fileURLToPath(new URL('./many-schedules.ts', import.meta.url));
const REPETITIONS = 3;
const LEAD_MS = 1_500;
// Runs pile up in the queue (nothing dequeues them) so every rep measures the same queue-entry path.
const CONFIG = 'run_coordinator: {class: QueuedRunCoordinator}\nconcurrency: {runs: {max_concurrent_runs: 0}}\n';

/** Wall-clock milliseconds of each QUEUED hint's arrival. */
class QueuedArrivals {
  readonly times: number[] = [];
  private constructor(readonly client: pg.Client) {}
  static async open(url: string): Promise<QueuedArrivals> {
    const client = new pg.Client({ connectionString: url, application_name: 'bench:listen' });
    const arrivals = new QueuedArrivals(client);
    client.on('notification', (message) => {
      const hint = JSON.parse(message.payload ?? '{}') as { topic?: string; status?: string };
      if (hint.topic === 'event' && hint.status === 'QUEUED') arrivals.times.push(Date.now());
    });
    await client.connect();
    await client.query(`LISTEN "${CHANNEL}"`);
    return arrivals;
  }
  async collect(count: number, timeoutMs: number): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.times.length < count) {
      if (Date.now() > deadline) throw new Error(`Only ${this.times.length} of ${count} runs were QUEUED within ${timeoutMs} ms.`);
      await sleep(10);
    }
    return this.times.splice(0);
  }
}

export const schedulesDue: Scenario = {
  name: 'schedules-due',
  description: '1,000 schedules due at one minute: scheduled instant → each run QUEUED (vs. one launchRuns of 1,000 runs).',
  async run(): Promise<ScenarioResult> {
    const database = await createBenchDatabase();
    let offset = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offset) };
    const stops: (() => Promise<void>)[] = [];
    try {
      const location = await loadDefinitions(DEFINITIONS);
      const daemonInstance = await database.openInstance(CONFIG, 'bench:scheduler', { clock });
      const launcher = await database.openInstance(CONFIG, 'bench:launcher');
      const arrivals = await QueuedArrivals.open(database.url);
      stops.push(() => arrivals.client.end());

      // Start 1.5 s before a minute boundary; the first pass records every schedule's start point.
      const boundaryAfter = (simulated: number) => Math.ceil((simulated + 1) / 60_000) * 60_000;
      let boundary = boundaryAfter(Date.now());
      offset = boundary - (Date.now() + LEAD_MS);
      const background = await startBackground(daemonInstance, location, {
        coordinator: false,
        monitor: false,
        automation: true,
        worker: false,
      });
      stops.push(() => background.stop());

      const scheduled: number[] = [];
      const baseline: number[] = [];
      for (let rep = 0; rep < REPETITIONS; rep++) {
        // The scheduler: the boundary arrives LEAD_MS after the offset was set.
        const dueAt = boundary - offset; // the boundary in wall-clock time
        const times = await arrivals.collect(SCHEDULE_COUNT, 60_000);
        scheduled.push(...times.map((at) => at - dueAt));

        // The baseline, while the scheduler's next boundary is most of a minute away.
        await sleep(200);
        const launchedAt = Date.now();
        const results = await launchRuns(
          launcher,
          location,
          Array.from({ length: SCHEDULE_COUNT }, () => ({ selector: { jobName: 'quick_job' } })),
        );
        if (results.some((result) => !result.ok)) throw new Error('A baseline launch failed.');
        baseline.push(...(await arrivals.collect(SCHEDULE_COUNT, 60_000)).map((at) => at - launchedAt));
        // Then the scheduler's clock jumps to LEAD_MS before its next boundary (no tick lies in between).
        boundary += 60_000;
        offset = boundary - (Date.now() + LEAD_MS);
      }
      const baselineStats = summarize(baseline);
      const stats = summarize(scheduled);
      return {
        measurements: [
          measurement(`launch-${SCHEDULE_COUNT}-runs-baseline`, 'latency', baselineStats),
          measurement(
            `schedules-due/${SCHEDULE_COUNT}`,
            'latency',
            stats,
            { name: `launch-${SCHEDULE_COUNT}-runs-baseline`, stats: baselineStats },
            (s) => ({
              text: 'p99 < 1000 ms',
              met: s.p99 < 1000,
            }),
          ),
        ],
        notes: [
          `${REPETITIONS} repetitions of ${SCHEDULE_COUNT} schedules (one minutely cron), one scheduler daemon (8 evaluations at once, one transaction per tick); latencies are wall-clock ms from the scheduled instant to the QUEUED hint's arrival.`,
          'Baseline: one launchRuns call creating the same number of runs in one transaction, from its call to each hint.',
        ],
      };
    } finally {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      await database.drop();
    }
  },
};
