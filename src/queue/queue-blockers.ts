// "Why is my run queued?" (SPEC §7): everything that holds a queued run now, each with its limit, the
// count in use, the runs holding it and a sentence; for a started run, the pools its waiting steps wait
// on. The dequeue is eager (it runs on every launch, run end and pool change), so a queued run with no
// blocker is one the next pass — milliseconds away — will start.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Executor } from '../db/database.js';
import { poolUsage } from '../pools/pool-usage.js';
import type { RunRecord } from '../runs/run-record.js';
import { loadPoolAdmission, loadRunLimits } from './dequeue.js';
import type { QueueBlocker, RunLimits } from './run-limits.js';

/** What one request needs to explain many runs: read once, reused for every run it lists. */
export interface QueueSnapshot {
  limits: RunLimits;
  coordinatorHealthy: boolean;
}

/**
 * The run limits in use now, beside the coordinator's health. Whether a coordinator is alive is the
 * daemons' knowledge (their heartbeats), not the queue's: the caller reads it, in parallel with the limits.
 */
export async function queueSnapshot(
  executor: Executor,
  config: InstanceConfig,
  coordinatorHealthy: () => Promise<boolean>,
): Promise<QueueSnapshot> {
  const [limits, healthy] = await Promise.all([loadRunLimits(executor, config), coordinatorHealthy()]);
  return { limits, coordinatorHealthy: healthy };
}

export async function queueBlockers(
  executor: Executor,
  config: InstanceConfig,
  run: RunRecord,
  /** Read only for a queued run (and shared by every run of a request). */
  snapshotOf: () => Promise<QueueSnapshot>,
): Promise<QueueBlocker[]> {
  if (run.status === 'STARTED') return waitingStepBlockers(executor, config, run.id);
  if (run.status !== 'QUEUED') return [];
  const snapshot = await snapshotOf();
  const blockers = snapshot.limits.blockers(run.tags);
  if (!snapshot.coordinatorHealthy) {
    blockers.unshift({
      kind: 'COORDINATOR_DOWN',
      key: null,
      value: null,
      limit: null,
      inUse: null,
      runIds: [],
      message:
        'No run coordinator has sent a heartbeat recently, so nothing is being dequeued: start `tidepool serve` or `tidepool daemon`.',
    });
  }
  const runPools = { rootPools: run.rootPools, pools: run.allPools, unconstrained: run.hasUnconstrainedRootNodes };
  const pools = await loadPoolAdmission(executor, config, [runPools], { lock: false });
  return [...blockers, ...(await withHolders(executor, pools.blockers(runPools)))];
}

/** The pools in which the run's steps wait for a slot, with the runs holding those slots. */
async function waitingStepBlockers(executor: Executor, config: InstanceConfig, runId: string): Promise<QueueBlocker[]> {
  const waiting = await queryRows<{ concurrency_key: string; steps: string[] }>(
    executor,
    sql`select concurrency_key, array_agg(step_key order by seq) as steps
        from concurrency_claims where run_id = ${runId} and claimed_at is null
        group by concurrency_key order by concurrency_key`,
  );
  if (waiting.length === 0) return [];
  const usage = await poolUsage(
    executor,
    config,
    waiting.map((w) => w.concurrency_key),
  );
  return withHolders(
    executor,
    waiting.map(({ concurrency_key: pool, steps }) => {
      const { limit, held } = usage.get(pool) ?? { limit: null, held: 0 };
      return {
        kind: 'POOL_LIMIT' as const,
        key: pool,
        value: null,
        limit,
        inUse: held,
        runIds: [],
        message: `Step${steps.length > 1 ? 's' : ''} ${steps.join(', ')} wait${steps.length > 1 ? '' : 's'} for a slot of pool "${pool}": ${held} of ${limit ?? 'unlimited'} slots are held.`,
      };
    }),
  );
}

/** Fills in the runs holding slots of each POOL_LIMIT blocker's pool (one query for all of them). */
async function withHolders(executor: Executor, blockers: QueueBlocker[]): Promise<QueueBlocker[]> {
  if (blockers.length === 0) return blockers;
  const rows = await queryRows<{ concurrency_key: string; run_ids: string[] }>(
    executor,
    sql`select concurrency_key, array_agg(distinct run_id::text) as run_ids
        from concurrency_claims
        where concurrency_key = any(${sql.param(blockers.map((b) => b.key!))}::text[]) and claimed_at is not null
        group by concurrency_key`,
  );
  const holders = new Map(rows.map((row) => [row.concurrency_key, row.run_ids]));
  return blockers.map((blocker) => ({ ...blocker, runIds: holders.get(blocker.key!) ?? [] }));
}

/** 1-based place of a queued run among queued runs in dequeue order (priority, then creation). */
export async function queuePosition(executor: Executor, run: RunRecord): Promise<number | null> {
  if (run.status !== 'QUEUED') return null;
  const [row] = await queryRows<{ ahead: number }>(
    executor,
    sql`select count(*)::int as ahead from runs
        where status = 'QUEUED'
          and (priority > ${run.priority} or (priority = ${run.priority} and seq < ${run.seq}))`,
  );
  return (row?.ahead ?? 0) + 1;
}
