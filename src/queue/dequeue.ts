// One dequeue pass: moves the queued runs that may start now to STARTING.
//
// Invariants (SPEC §3): never more runs in progress than max_concurrent_runs or than any tag limit
// allows, never a run started twice, with any number of coordinators. They hold because
//  - every pass runs in one transaction under the `dequeue` advisory lock, so passes of all replicas
//    are serialized, and each pass reads the in-progress runs after taking the lock (it sees every
//    earlier pass's commits);
//  - the admitted runs are counted into the limits as they are picked, within the pass;
//  - the move QUEUED→STARTING re-checks the status under a row lock (transitionRuns), so a run that
//    was canceled meanwhile is not started.
// Pools (SPEC §3, pool-admission.ts) are judged like tag limits, per bucket and per admitted run; under
// run granularity the pass locks the pools it reads and claims one slot of each for every run it starts.
// Order: dagster/priority (higher first), then creation. A blocked run is skipped, never waited for.
// Cost: blocked runs are never read. Runs are grouped in queue buckets (runs whose limit-relevant tags
// and pools are equal); a bucket blocked by a full limit is skipped whole, and only the first `capacity`
// runs of each admissible bucket are read.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { LOCKS, lockForTransaction } from '../db/advisory-lock.js';
import { queryRows, type Db, type Tx } from '../db/database.js';
import { statusIn } from '../runs/status-sql.js';
import { transitionRuns } from '../runs/transition.js';
import { IN_PROGRESS_STATUSES } from '../runs/vocabulary.js';
import { queuedBuckets, rebucket, sameKeys, type Bucket } from './queue-buckets.js';
import { claimRunSlots, lockPools } from '../pools/run-slots.js';
import { poolUsage, runsYetToClaimByRootPool } from '../pools/pool-usage.js';
import { PoolAdmission, type RunPools } from './pool-admission.js';
import { RunLimits } from './run-limits.js';

/** Runs started per pass at most; a pass that fills it asks for another (see Coordinator). */
export const MAX_DEQUEUE_BATCH = 500;

export interface DequeueResult {
  started: string[];
  /** True when the pass stopped at MAX_DEQUEUE_BATCH and more runs may be startable. */
  more: boolean;
}

interface Candidate {
  id: string;
  bucket: string;
  tags: Record<string, string>;
  priority: number;
  seq: string;
}

export function bucketPools(bucket: Bucket): RunPools {
  return { rootPools: bucket.rootPools, pools: bucket.pools, unconstrained: bucket.unconstrained };
}

/**
 * The pools' state for a pass (or a "why queued" answer). With `lock`, under run granularity the pools
 * are locked first, because the pass will claim their slots from the counts it reads.
 */
export async function loadPoolAdmission(
  tx: Tx | Db,
  config: InstanceConfig,
  runs: RunPools[],
  options: { lock: boolean },
): Promise<PoolAdmission> {
  const keys = PoolAdmission.poolsToRead(config, runs);
  if (options.lock && config.concurrency.pools.granularity === 'run') await lockPools(tx as Tx, config, keys);
  const [usage, yetToClaim] = await Promise.all([
    poolUsage(tx, config, keys),
    config.concurrency.pools.granularity === 'op' && keys.length > 0 ? runsYetToClaimByRootPool(tx) : new Map<string, number>(),
  ]);
  return new PoolAdmission(config, usage, yetToClaim);
}

export async function dequeueRuns(db: Db, config: InstanceConfig): Promise<DequeueResult> {
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, [LOCKS.dequeue]);
    const limits = await loadRunLimits(tx, config);
    const capacity = Math.min(limits.capacity, MAX_DEQUEUE_BATCH);
    if (limits.paused || capacity <= 0) return { started: [], more: false };

    const buckets = await currentBuckets(tx, limits.limitKeys);
    const open = buckets.filter((bucket) => limits.tagBlockers(definedTags(bucket.tags)).length === 0);
    const pools = await loadPoolAdmission(tx, config, open.map(bucketPools), { lock: true });
    const admissible = open.filter((bucket) => pools.blockers(bucketPools(bucket)).length === 0);
    if (admissible.length === 0) return { started: [], more: false };

    const byKey = new Map(admissible.map((bucket) => [bucket.key, bucket]));
    const picked: Candidate[] = [];
    for (const run of await bucketHeads(tx, admissible, capacity)) {
      if (picked.length >= capacity) break;
      const runPools = bucketPools(byKey.get(run.bucket)!);
      if (limits.tagBlockers(run.tags).length > 0 || pools.blockers(runPools).length > 0) continue;
      limits.admit(run);
      pools.admit(runPools);
      picked.push(run);
    }
    const started = await transitionRuns(
      tx,
      picked.map((run) => run.id),
      { from: ['QUEUED'], to: 'STARTING', message: 'Run was dequeued: every run limit and pool has room for it.' },
    );
    if (config.concurrency.pools.granularity === 'run') {
      const startedIds = new Set(started.map((run) => run.runId));
      await claimRunSlots(
        tx,
        picked
          .filter((run) => startedIds.has(run.id))
          .map((run) => ({ runId: run.id, pools: byKey.get(run.bucket)!.pools, priority: run.priority })),
      );
    }
    return { started: started.map((run) => run.runId), more: picked.length === MAX_DEQUEUE_BATCH };
  });
}

export async function loadRunLimits(tx: Tx | Db, config: InstanceConfig): Promise<RunLimits> {
  // Literal statuses (statusIn), so the planner matches the partial index runs_in_progress_idx.
  const inProgress = await queryRows<{ id: string; tags: Record<string, string> }>(
    tx,
    sql`select id, tags from runs where ${statusIn(IN_PROGRESS_STATUSES)} order by seq`,
  );
  return new RunLimits(config.concurrency.runs, inProgress);
}

/** The queued buckets, after re-bucketing runs bucketed under other limit keys (a config change). */
async function currentBuckets(tx: Tx, limitKeys: string[]): Promise<Bucket[]> {
  const buckets = await queuedBuckets(tx);
  const stale = buckets.filter((bucket) => !sameKeys(bucket.limitKeys, limitKeys)).map((bucket) => bucket.key);
  const [unbucketed] = await queryRows<{ present: boolean }>(
    tx,
    sql`select exists(select 1 from runs where status = 'QUEUED' and queue_bucket is null) as present`,
  );
  if (stale.length === 0 && !unbucketed?.present) return buckets;
  await rebucket(tx, stale, limitKeys);
  return queuedBuckets(tx);
}

/** The first `perBucket` queued runs of each bucket, merged into dequeue order. */
async function bucketHeads(tx: Tx, buckets: Bucket[], perBucket: number): Promise<Candidate[]> {
  return queryRows<Candidate>(
    tx,
    sql`select r.id, b.bucket, r.tags, r.priority, r.seq
        from unnest(${sql.param(buckets.map((bucket) => bucket.key))}::text[]) as b(bucket)
        cross join lateral (
          select id, tags, priority, seq from runs
          where status = 'QUEUED' and queue_bucket = b.bucket
          -- Ordered exactly as runs_queued_bucket_order_idx, bucket first: the planner then reads the
          -- first rows of the bucket from the index, whatever it guesses the bucket's size to be.
          order by queue_bucket, priority desc, seq
          limit ${perBucket}
        ) r
        order by r.priority desc, r.seq`,
  );
}

function definedTags(tags: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== null));
}
