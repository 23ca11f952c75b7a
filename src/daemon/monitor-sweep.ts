// Run monitoring (SPEC §5): ends runs that nobody will end. Invariant: a run never stays STARTING past
// start_timeout_seconds, CANCELING past cancel_timeout_seconds (unless run_monitoring.enabled is false),
// or STARTED/CANCELING on a worker whose lease expired — and because ending a run releases its pool claims
// in the same transaction, a dead worker never leaks slots. Each ended run gets an ENGINE_EVENT saying why.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { LOCKS, tryLockForTransaction } from '../db/advisory-lock.js';
import { queryRows, type Db, type Tx } from '../db/database.js';
import { appendEvent } from '../runs/append-event.js';
import { statusIn } from '../runs/status-sql.js';
import { transitionRun } from '../runs/transition.js';
import { LEASED_STATUSES, type RunStatus } from '../runs/vocabulary.js';

/** Why the monitor ended a run. */
export type MonitorAction = 'start_timeout' | 'cancel_timeout' | 'lease_expired';

export interface SweepResult {
  startTimeouts: number;
  cancelTimeouts: number;
  expiredLeases: number;
  /** Each run the sweep ended (for the log): ended for good once sweepRuns returns, as its transaction committed. */
  ended: { runId: string; action: MonitorAction; status: 'FAILURE' | 'CANCELED'; workerId: string | null }[];
}

const COUNTED_AS = {
  start_timeout: 'startTimeouts',
  cancel_timeout: 'cancelTimeouts',
  lease_expired: 'expiredLeases',
} as const satisfies Record<MonitorAction, keyof SweepResult>;

interface Stuck {
  id: string;
  status: RunStatus;
  worker_id: string | null;
  seconds: number;
}

/** One sweep; returns null when another monitor is sweeping right now (replicas take turns). */
export async function sweepRuns(db: Db, config: InstanceConfig): Promise<SweepResult | null> {
  const { enabled, startTimeoutSeconds, cancelTimeoutSeconds } = config.runMonitoring;
  return db.transaction(async (tx) => {
    if (!(await tryLockForTransaction(tx, LOCKS.monitor))) return null;
    const result: SweepResult = { startTimeouts: 0, cancelTimeouts: 0, expiredLeases: 0, ended: [] };

    // run_monitoring.enabled: false turns the timeouts off, as in Dagster. Leases are enforced either way:
    // they are how a Tidepool worker holds a run, and a dead worker's runs must still end and free their slots.
    if (enabled) {
      for (const run of await stuckRuns(
        tx,
        sql`status = 'STARTING' and status_changed_at < now() - make_interval(secs => ${startTimeoutSeconds})`,
      )) {
        const why = `Run spent more than ${startTimeoutSeconds}s in STARTING without a worker taking it (start_timeout_seconds).`;
        await endRun(tx, result, run, 'start_timeout', 'FAILURE', why);
      }
      for (const run of await stuckRuns(
        tx,
        sql`status = 'CANCELING' and status_changed_at < now() - make_interval(secs => ${cancelTimeoutSeconds})`,
      )) {
        const why = `Run spent more than ${cancelTimeoutSeconds}s in CANCELING (cancel_timeout_seconds); marking it canceled.`;
        await endRun(tx, result, run, 'cancel_timeout', 'CANCELED', why);
      }
    }
    for (const run of await stuckRuns(tx, sql`${statusIn(LEASED_STATUSES)} and lease_expires_at < now()`)) {
      const why = `Worker ${run.worker_id ?? '(unknown)'} stopped renewing its lease on this run ${run.seconds}s ago; it is presumed dead.`;
      await endRun(tx, result, run, 'lease_expired', run.status === 'CANCELING' ? 'CANCELED' : 'FAILURE', why);
    }
    return result;
  });
}

async function stuckRuns(tx: Tx, condition: ReturnType<typeof sql>): Promise<Stuck[]> {
  return queryRows<Stuck>(
    tx,
    sql`select id, status, worker_id,
               floor(extract(epoch from now() - coalesce(lease_expires_at, status_changed_at)))::int as seconds
        from runs where ${condition}
        order by seq limit 500
        for update skip locked`,
  );
}

async function endRun(
  tx: Tx,
  result: SweepResult,
  run: Stuck,
  action: MonitorAction,
  to: 'FAILURE' | 'CANCELED',
  why: string,
): Promise<void> {
  await appendEvent(tx, { runId: run.id, eventType: 'ENGINE_EVENT', level: 'ERROR', message: why, payload: { monitor: true } });
  if ((await transitionRun(tx, run.id, { from: [run.status], to, level: 'ERROR', message: why })) === null) return;
  result[COUNTED_AS[action]]++;
  result.ended.push({ runId: run.id, action, status: to, workerId: run.worker_id });
}
