// One dequeue pass: moves the queued runs that may start now to STARTING.
//
// Invariants (SPEC §3): never more runs in progress than max_concurrent_runs or than any tag limit
// allows, never a run started twice, with any number of coordinators. They hold because
//  - every pass that a limit or a pool could affect runs in one transaction under the `dequeue` advisory
//    lock, so such passes of all replicas are serialized, and each reads the in-progress runs after taking
//    the lock (it sees every earlier pass's commits). Only when no limit is configured and no queued run
//    has a pool does a pass skip the lock (startUnlimited): then no pass counts what it changes;
//  - the admitted runs are counted into the limits as they are picked, within the pass;
//  - the move QUEUED→STARTING re-checks the status under a row lock (transitionRuns), so a run that
//    was canceled meanwhile is not started.
// Pools (SPEC §3, pool-admission.ts) are judged like tag limits, per bucket and per admitted run; under
// run granularity the pass locks the pools it reads and claims one slot of each for every run it starts.
// Order: dagster/priority (higher first), then creation. A blocked run is skipped, never waited for.
// Cost: blocked runs are read at most PEEK per bucket. Runs are grouped in queue buckets (runs whose
// limit-relevant tags and pools are equal); a bucket blocked by a full limit is skipped whole, and only the
// first `capacity` runs of each admissible bucket are read.
//
// Round trips (the pass is on the path from a launch, or a run's end, to STARTING): the lock's statement
// (with its timeout), then ONE statement reads what the limits need (the runs in progress), the buckets,
// and the first PEEK runs of each bucket (readPassState). When no admissible bucket holds more than it
// showed — the common case of a run or two waiting — the pass starts runs from those rows, and a second
// read (bucketHeads) is only made for buckets that may hold more. Reading the PEEK runs of a blocked bucket
// costs one index probe, like finding the bucket does. Every read is a statement after the lock's, so each
// sees all earlier passes. With nothing to limit, the pass is that read and the transition, with no
// transaction around them: two round trips.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { LOCKS, lockForTransaction } from '../db/advisory-lock.js';
import { queryRows, type Db, type Executor, type Tx } from '../db/database.js';
import { statusIn } from '../runs/status-sql.js';
import { transitionRuns } from '../runs/transition.js';
import { IN_PROGRESS_STATUSES } from '../runs/vocabulary.js';
import { parseBucket, QUEUED_BUCKETS_CTE, rebucket, sameKeys, type Bucket } from './queue-buckets.js';
import { claimRunSlots, lockPools } from '../pools/run-slots.js';
import { poolUsage, runsYetToClaimByRootPool } from '../pools/pool-usage.js';
import { PoolAdmission, type RunPools } from './pool-admission.js';
import { limitKeysOf, RunLimits, type RunWithTags } from './run-limits.js';

/** Runs started per pass at most; a pass that fills it asks for another (see Coordinator). */
export const MAX_DEQUEUE_BATCH = 500;

/** Queued runs read per bucket with the buckets: the head, and whether there is another. */
const PEEK = 2;

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
  return (await startUnlimited(db, config)) ?? lockedPass(db, config);
}

/**
 * The pass when nothing can hold a queued run back: no max_concurrent_runs, no tag limit, and no queued
 * run with a pool the admission would read. Starting such runs changes no count that any pass relies on,
 * so it needs neither the dequeue lock nor a transaction: one read, then the transition — one statement
 * that moves each run only if it is still QUEUED, under its row lock, so a run is never started twice,
 * however passes interleave. Null (and the locked pass decides) when a limit is configured, when a queued
 * run has a pool, when runs need re-bucketing, or when a bucket may hold more runs than the read showed.
 */
async function startUnlimited(db: Db, config: InstanceConfig): Promise<DequeueResult | null> {
  const { maxConcurrentRuns, tagConcurrencyLimits } = config.concurrency.runs;
  if (maxConcurrentRuns >= 0 || tagConcurrencyLimits.length > 0) return null;
  const state = await readPassState(db, config);
  const limitKeys = limitKeysOf(tagConcurrencyLimits);
  const simple =
    !state.unbucketed &&
    state.peeked.length <= MAX_DEQUEUE_BATCH &&
    state.buckets.every((bucket) => sameKeys(bucket.limitKeys, limitKeys)) &&
    PoolAdmission.poolsToRead(config, state.buckets.map(bucketPools)).length === 0 &&
    completeFor(state, state.buckets, MAX_DEQUEUE_BATCH);
  if (!simple) return null;
  const started = await transitionRuns(
    db,
    state.peeked.map((run) => run.id),
    { from: ['QUEUED'], to: 'STARTING', message: DEQUEUED_MESSAGE },
  );
  return { started: started.map((run) => run.runId), more: false };
}

const DEQUEUED_MESSAGE = 'Run was dequeued: every run limit and pool has room for it.';

async function lockedPass(db: Db, config: InstanceConfig): Promise<DequeueResult> {
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, [LOCKS.dequeue]);
    const state = await currentPassState(tx, config);
    const limits = new RunLimits(config.concurrency.runs, state.inProgress);
    const capacity = Math.min(limits.capacity, MAX_DEQUEUE_BATCH);
    if (limits.paused || capacity <= 0) return { started: [], more: false };

    const open = state.buckets.filter((bucket) => limits.tagBlockers(definedTags(bucket.tags)).length === 0);
    const pools = await loadPoolAdmission(tx, config, open.map(bucketPools), { lock: true });
    const admissible = open.filter((bucket) => pools.blockers(bucketPools(bucket)).length === 0);
    if (admissible.length === 0) return { started: [], more: false };

    const byKey = new Map(admissible.map((bucket) => [bucket.key, bucket]));
    const picked: Candidate[] = [];
    for (const run of await headsOf(tx, state, admissible, capacity)) {
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
      { from: ['QUEUED'], to: 'STARTING', message: DEQUEUED_MESSAGE },
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
  const inProgress = await queryRows<RunWithTags>(tx, sql`select id, tags from runs where ${IN_PROGRESS} order by seq`);
  return new RunLimits(config.concurrency.runs, inProgress);
}

// Literal statuses (statusIn), so the planner matches the partial index runs_in_progress_idx.
const IN_PROGRESS = statusIn(IN_PROGRESS_STATUSES);

interface PassState {
  /** The runs in progress, when the limits need them (else empty: no limit counts them). */
  inProgress: RunWithTags[];
  buckets: Bucket[];
  /** The first PEEK runs of every bucket, in dequeue order. */
  peeked: Candidate[];
  /** Queued runs without a bucket (launched before their bucket was set: none outside a config change). */
  unbucketed: boolean;
}

/** The pass's state, after re-bucketing runs bucketed under other limit keys (a config change). */
async function currentPassState(tx: Tx, config: InstanceConfig): Promise<PassState> {
  const limitKeys = limitKeysOf(config.concurrency.runs.tagConcurrencyLimits);
  const state = await readPassState(tx, config);
  const stale = state.buckets.filter((bucket) => !sameKeys(bucket.limitKeys, limitKeys)).map((bucket) => bucket.key);
  if (stale.length === 0 && !state.unbucketed) return state;
  await rebucket(tx, stale, limitKeys);
  return readPassState(tx, config);
}

/**
 * Everything a pass reads before it picks, in one statement. The buckets and their runs are read only when
 * there is room (unlimited, or fewer runs in progress than max_concurrent_runs): a full queue costs the
 * count of its runs in progress, as before.
 */
async function readPassState(executor: Executor, config: InstanceConfig): Promise<PassState> {
  const { maxConcurrentRuns, tagConcurrencyLimits } = config.concurrency.runs;
  const limitsCountRuns = maxConcurrentRuns >= 0 || tagConcurrencyLimits.length > 0;
  const [row] = await queryRows<{
    in_progress: RunWithTags[] | null;
    buckets: string[] | null;
    peeked: Candidate[] | null;
    unbucketed: boolean | null;
  }>(
    executor,
    sql`${QUEUED_BUCKETS_CTE}, in_progress as (
          select id, tags, seq from runs where ${limitsCountRuns ? IN_PROGRESS : sql`false`}
        ), room as (
          select ${maxConcurrentRuns < 0 ? sql`true` : sql`(select count(*) from in_progress) < ${maxConcurrentRuns}::int`} as open
        )
        select (select json_agg(json_build_object('id', id, 'tags', tags) order by seq) from in_progress) as in_progress,
               case when (select open from room) then (
                 select json_agg(bucket) from buckets where bucket is not null
               ) end as buckets,
               case when (select open from room) then (
                 select json_agg(json_build_object('id', r.id, 'bucket', b.bucket, 'tags', r.tags, 'priority', r.priority,
                                                   'seq', r.seq::text) order by r.priority desc, r.seq)
                 from buckets b cross join lateral (
                   select id, tags, priority, seq from runs
                   where status = 'QUEUED' and queue_bucket = b.bucket
                   order by queue_bucket, priority desc, seq
                   limit ${PEEK}
                 ) r
                 where b.bucket is not null
               ) end as peeked,
               case when (select open from room) then (
                 select exists(select 1 from runs where status = 'QUEUED' and queue_bucket is null)
               ) end as unbucketed`,
  );
  return {
    inProgress: row?.in_progress ?? [],
    buckets: (row?.buckets ?? []).map(parseBucket),
    peeked: row?.peeked ?? [],
    unbucketed: row?.unbucketed === true,
  };
}

/**
 * The first `perBucket` queued runs of each admissible bucket, in dequeue order: the peeked rows when they
 * hold them all, else read again for those buckets.
 */
async function headsOf(tx: Tx, state: PassState, admissible: Bucket[], perBucket: number): Promise<Candidate[]> {
  const keys = new Set(admissible.map((bucket) => bucket.key));
  const peeked = state.peeked.filter((run) => keys.has(run.bucket));
  return completeFor(state, admissible, perBucket) ? peeked : bucketHeads(tx, admissible, perBucket);
}

/** Whether the peeked rows hold the first `perBucket` runs of each of `buckets`: each showed fewer than PEEK, or no more are wanted. */
function completeFor(state: PassState, buckets: Bucket[], perBucket: number): boolean {
  if (perBucket <= PEEK) return true;
  const shown = new Map<string, number>();
  for (const run of state.peeked) shown.set(run.bucket, (shown.get(run.bucket) ?? 0) + 1);
  return buckets.every((bucket) => (shown.get(bucket.key) ?? 0) < PEEK);
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
