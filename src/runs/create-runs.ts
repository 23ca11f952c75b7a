// Creates runs: the row, its tag rows, its job snapshot (job-snapshots.ts) and the first status event, in the
// caller's transaction. Runs are written as NOT_STARTED and moved to their first real status through
// transitionRuns, so that even the first status change has its event (RUN_ENQUEUED, or RUN_STARTING when
// the queue is off).
//
// One run per idempotency key (`tidepool/idempotency_key`, mirrored in `runs.idempotency_key`, unique): the
// runs are inserted `on conflict (idempotency_key) do nothing`, so a run whose key another transaction holds
// is not created (that statement waits for the holder: created if it rolls back, skipped if it commits). The
// index decides, not a read before the write, so racing launches from any connection or process agree.
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs, runTags } from '../db/schema.js';
import type { IdentifiedSnapshot } from '../definitions/index.js';
import { storeJobSnapshots } from './job-snapshots.js';
import { transitionRuns } from './transition.js';
import { priorityOf, TAGS, type RunStatus } from './vocabulary.js';

export interface NewRun {
  jobName: string;
  repositoryName: string;
  locationName: string;
  tags: Record<string, string>;
  runConfig: unknown;
  stepKeysToExecute: string[] | null;
  assetSelection: string[] | null;
  allPools: string[];
  rootPools: string[];
  hasUnconstrainedRootNodes: boolean;
  /**
   * The whole job's structure at launch (the run's plan is it restricted to stepKeysToExecute). Every launch
   * sets it (planRun); null only for runs written straight into storage without a job (tests of queries).
   */
  snapshot: IdentifiedSnapshot | null;
}

/** The hidden tags that let runs be filtered by the pools they use. */
export function poolTags(pools: readonly string[]): Record<string, string> {
  return Object.fromEntries(pools.map((pool) => [`${TAGS.poolPrefix}${pool}`, 'true']));
}

/**
 * Creates the runs (see createRunsOnce) and answers their ids in order; for callers whose runs carry no
 * idempotency key, so a taken key here is an unexpected error.
 */
export async function createRuns(
  executor: Executor,
  newRuns: NewRun[],
  firstStatus: Extract<RunStatus, 'QUEUED' | 'STARTING'>,
): Promise<string[]> {
  const ids = await createRunsOnce(executor, newRuns, firstStatus);
  return ids.map((id, index) => {
    if (id === null) throw new Error(`Run ${index} of the batch was not created: its idempotency key is taken.`);
    return id;
  });
}

/**
 * Creates the runs whose idempotency key (if any) is free, in order; a run whose key a committed run holds
 * is null (not created). Keys must be distinct within the batch (the launch answers repeats in a batch itself).
 */
export async function createRunsOnce(
  executor: Executor,
  newRuns: NewRun[],
  firstStatus: Extract<RunStatus, 'QUEUED' | 'STARTING'>,
): Promise<(string | null)[]> {
  if (newRuns.length === 0) return [];
  const rows = newRuns.map((run) => {
    const tags = { ...run.tags, ...poolTags(run.allPools) };
    return {
      id: randomUUID(),
      jobName: run.jobName,
      repositoryName: run.repositoryName,
      locationName: run.locationName,
      status: 'NOT_STARTED',
      priority: priorityOf(tags),
      idempotencyKey: tags[TAGS.idempotencyKey] ?? null,
      tags,
      runConfig: run.runConfig ?? {},
      stepKeysToExecute: run.stepKeysToExecute,
      assetSelection: run.assetSelection,
      allPools: run.allPools,
      rootPools: run.rootPools,
      unclaimedRootPools: run.rootPools,
      hasUnconstrainedRootNodes: run.hasUnconstrainedRootNodes,
      snapshotId: run.snapshot?.snapshotId ?? null,
    };
  });
  // Before the runs: their snapshot_id references the rows (one statement for the launch's distinct snapshots).
  await storeJobSnapshots(
    executor,
    newRuns.flatMap((run) => (run.snapshot === null ? [] : [run.snapshot])),
  );
  const inserted = await executor.insert(runs).values(rows).onConflictDoNothing({ target: runs.idempotencyKey }).returning({ id: runs.id });
  const created = new Set(inserted.map((row) => row.id));
  const createdRows = rows.filter((row) => created.has(row.id));
  const tagRows = createdRows.flatMap((row) => Object.entries(row.tags).map(([key, value]) => ({ runId: row.id, key, value })));
  if (tagRows.length > 0) await executor.insert(runTags).values(tagRows);
  const ids = createdRows.map((row) => row.id);
  if (ids.length > 0) {
    await transitionRuns(executor, ids, {
      from: ['NOT_STARTED'],
      to: firstStatus,
      message: firstStatus === 'QUEUED' ? 'Run was added to the queue.' : 'Run is starting (the run queue is off).',
    });
  }
  return rows.map((row) => (created.has(row.id) ? row.id : null));
}

/** The runs holding these idempotency keys, by key (a read: the launch's answer to a repeat, never its guard). */
export async function runIdsByIdempotencyKey(executor: Executor, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await executor
    .select({ id: runs.id, key: runs.idempotencyKey })
    .from(runs)
    .where(inArray(runs.idempotencyKey, [...keys]));
  return new Map(rows.map((row) => [row.key!, row.id]));
}
