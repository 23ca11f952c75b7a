// Creates runs: the row, its tag rows, its job snapshot (job-snapshots.ts) and the first status event, in the
// caller's transaction. Runs are written as NOT_STARTED and moved to their first real status through
// transitionRuns, so that even the first status change has its event (RUN_ENQUEUED, or RUN_STARTING when
// the queue is off).
import { randomUUID } from 'node:crypto';
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

export async function createRuns(
  executor: Executor,
  newRuns: NewRun[],
  firstStatus: Extract<RunStatus, 'QUEUED' | 'STARTING'>,
): Promise<string[]> {
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
      tags,
      runConfig: run.runConfig ?? {},
      stepKeysToExecute: run.stepKeysToExecute,
      assetSelection: run.assetSelection,
      allPools: run.allPools,
      rootPools: run.rootPools,
      hasUnconstrainedRootNodes: run.hasUnconstrainedRootNodes,
      snapshotId: run.snapshot?.snapshotId ?? null,
    };
  });
  // Before the runs: their snapshot_id references the rows (one statement for the launch's distinct snapshots).
  await storeJobSnapshots(
    executor,
    newRuns.flatMap((run) => (run.snapshot === null ? [] : [run.snapshot])),
  );
  await executor.insert(runs).values(rows);
  const tagRows = rows.flatMap((row) => Object.entries(row.tags).map(([key, value]) => ({ runId: row.id, key, value })));
  if (tagRows.length > 0) await executor.insert(runTags).values(tagRows);
  const ids = rows.map((row) => row.id);
  await transitionRuns(executor, ids, {
    from: ['NOT_STARTED'],
    to: firstStatus,
    message: firstStatus === 'QUEUED' ? 'Run was added to the queue.' : 'Run is starting (the run queue is off).',
  });
  return ids;
}
