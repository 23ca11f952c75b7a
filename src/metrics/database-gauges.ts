// Gauges of the database's state: pools, tag limits, the queue, runs by status. They describe the whole
// instance, not this process, so every process that serves /metrics reports the same values: aggregate them
// with max(), not sum() (the dashboard does).
//
// Cost: a scrape never waits for a query it does not need. The state is read by one `read` call (a few
// index-backed statements, see queue/queue-state.ts) at most once per `minIntervalMs`, whatever the number of
// scrapers; scrapes in between get the values of the last read, and concurrent scrapes share one read. Runs
// by status are exact only for unfinished statuses (bounded by what is queued and running, read through the
// partial and status indexes); the history of finished runs is never counted: it is reported from the
// planner's statistics as tidepool_runs_estimated, and exactly, as rates, by each process's
// tidepool_run_status_changes_total.
import { Counter, Gauge } from 'prom-client';
import type { Instruments } from './instruments.js';

/** Pools and tag limits reported, at most: the rest are left out (their count is tidepool_pools). */
export const MAX_LIMIT_SERIES = 250;

export interface PoolState {
  pool: string;
  /** null = unlimited (no tidepool_pool_limit series). */
  limit: number | null;
  inUse: number;
  waiting: number;
}

export interface TagLimitState {
  key: string;
  /** The limit's value: '' for any value, the value itself, or '*' for a limit per unique value. */
  value: string;
  limit: number;
  /** For a limit per unique value, the runs in progress of its busiest value. */
  inUse: number;
}

export interface DatabaseState {
  pools: PoolState[];
  tagLimits: TagLimitState[];
  queuedRuns: number;
  /** Age of the oldest queued run; null when none is queued. */
  oldestQueuedSeconds: number | null;
  /** Exact counts of the unfinished statuses (0 for a status with no runs). */
  unfinishedRuns: Record<string, number>;
  /** Every status's count as the planner's statistics estimate it (empty before the table is analyzed). */
  estimatedRuns: Record<string, number>;
}

export class DatabaseGauges {
  private readonly gauges;
  private lastReadAt = -Infinity;
  private reading: Promise<void> | null = null;

  constructor(
    instruments: Instruments,
    private readonly read: () => Promise<DatabaseState>,
    private readonly minIntervalMs: number,
  ) {
    this.gauges = gaugesFor(instruments);
  }

  /** Reads the state again if the last read is older than the interval; a failed read keeps the old values. */
  refresh(now = performance.now()): Promise<void> {
    if (this.reading) return this.reading;
    if (now - this.lastReadAt < this.minIntervalMs) return Promise.resolve();
    this.lastReadAt = now;
    this.reading = this.read()
      .then((state) => this.show(state))
      .catch(() => this.gauges.readFailures.inc())
      .finally(() => (this.reading = null));
    return this.reading;
  }

  private show(state: DatabaseState): void {
    const g = this.gauges;
    for (const gauge of [g.poolLimit, g.poolInUse, g.poolWaiting, g.tagLimit, g.tagInUse, g.runs, g.runsEstimated]) gauge.reset();
    g.pools.set(state.pools.length);
    for (const pool of state.pools.slice(0, MAX_LIMIT_SERIES)) {
      const labels = { pool: pool.pool };
      if (pool.limit !== null) g.poolLimit.set(labels, pool.limit);
      g.poolInUse.set(labels, pool.inUse);
      g.poolWaiting.set(labels, pool.waiting);
    }
    for (const tag of state.tagLimits.slice(0, MAX_LIMIT_SERIES)) {
      const labels = { key: tag.key, value: tag.value };
      g.tagLimit.set(labels, tag.limit);
      g.tagInUse.set(labels, tag.inUse);
    }
    g.queued.set(state.queuedRuns);
    g.oldestQueued.set(state.oldestQueuedSeconds ?? 0);
    for (const [status, count] of Object.entries(state.unfinishedRuns)) g.runs.set({ status }, count);
    for (const [status, count] of Object.entries(state.estimatedRuns)) g.runsEstimated.set({ status }, count);
  }
}

/**
 * One set of gauges per registry: several readers in one process (two servers of a test, an API beside a
 * --metrics-port) show their instance's state in the same series, whichever read last.
 */
const gaugeSets = new WeakMap<Instruments, ReturnType<typeof databaseGauges>>();
function gaugesFor(instruments: Instruments): ReturnType<typeof databaseGauges> {
  let gauges = gaugeSets.get(instruments);
  if (!gauges) gaugeSets.set(instruments, (gauges = databaseGauges(instruments)));
  return gauges;
}

function databaseGauges(instruments: Instruments) {
  const registers = [instruments.register];
  return {
    pools: new Gauge({ name: 'tidepool_pools', help: 'Pools with a limit or a claim.', registers }),
    poolLimit: new Gauge({
      name: 'tidepool_pool_limit',
      help: "A pool's effective limit (pools without a limit have no series).",
      labelNames: ['pool'] as const,
      registers,
    }),
    poolInUse: new Gauge({
      name: 'tidepool_pool_slots_in_use',
      help: 'Slots of a pool held by steps (op granularity) or runs (run granularity).',
      labelNames: ['pool'] as const,
      registers,
    }),
    poolWaiting: new Gauge({
      name: 'tidepool_pool_steps_waiting',
      help: 'Steps waiting for a slot of a pool.',
      labelNames: ['pool'] as const,
      registers,
    }),
    tagLimit: new Gauge({
      name: 'tidepool_tag_limit',
      help: "A tag concurrency limit (value '' = any value, '*' = per unique value).",
      labelNames: ['key', 'value'] as const,
      registers,
    }),
    tagInUse: new Gauge({
      name: 'tidepool_tag_limit_in_use',
      help: "Runs in progress counted against a tag limit ('*': the busiest value's count).",
      labelNames: ['key', 'value'] as const,
      registers,
    }),
    queued: new Gauge({ name: 'tidepool_queued_runs', help: 'Runs waiting in the queue (QUEUED).', registers }),
    oldestQueued: new Gauge({
      name: 'tidepool_oldest_queued_run_age_seconds',
      help: 'How long the oldest queued run has waited (0 when none is queued).',
      registers,
    }),
    runs: new Gauge({
      name: 'tidepool_runs',
      help: 'Runs in each unfinished status (QUEUED, STARTING, STARTED, CANCELING), counted exactly.',
      labelNames: ['status'] as const,
      registers,
    }),
    runsEstimated: new Gauge({
      name: 'tidepool_runs_estimated',
      help: "Runs in each status, all history, as estimated from Postgres's table statistics (as of the last ANALYZE).",
      labelNames: ['status'] as const,
      registers,
    }),
    readFailures: new Counter({
      name: 'tidepool_database_gauges_read_failures_total',
      help: 'Reads of the database gauges that failed (the gauges keep their previous values).',
      registers,
    }),
  };
}
