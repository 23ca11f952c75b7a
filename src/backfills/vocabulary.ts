// The backfill vocabulary, declared once for the engine, the schema and the CLI (Dagster's names).

/**
 * Dagster's BulkActionStatus. REQUESTED: partitions are being submitted or their runs are running.
 * COMPLETED: every partition's run succeeded. FAILED: every run finished and one did not succeed (Dagster's
 * COMPLETED_FAILED meaning), or the backfill could not submit its runs. CANCELING: no more submissions, the
 * unfinished runs are being terminated. CANCELED: canceled and none of its runs is left running.
 */
export const BULK_ACTION_STATUSES = ['REQUESTED', 'COMPLETED', 'FAILED', 'CANCELED', 'CANCELING'] as const;
export type BulkActionStatus = (typeof BULK_ACTION_STATUSES)[number];

/** Statuses the backfill daemon works on: submitting (REQUESTED) or waiting for terminations (CANCELING). */
export const ACTIVE_BACKFILL_STATUSES = ['REQUESTED', 'CANCELING'] as const satisfies readonly BulkActionStatus[];

/** Backfills that may be resumed: their failed and canceled partitions run again. */
export const RESUMABLE_BACKFILL_STATUSES = ['FAILED', 'CANCELED'] as const satisfies readonly BulkActionStatus[];

/** Dagster's name of a job's partition set. */
export function partitionSetNameOf(jobName: string): string {
  return `${jobName}_partition_set`;
}

export function jobNameOfPartitionSet(partitionSetName: string): string | null {
  const match = /^(.+)_partition_set$/.exec(partitionSetName);
  return match ? match[1]! : null;
}
