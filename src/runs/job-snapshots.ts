// Job snapshots: a job's structure at launch, stored once per distinct structure (job_snapshots), named by
// the sha256 of its canonical form (src/definitions/job-snapshot.ts) and referenced by runs.snapshot_id.
//
// Invariant: a run with a snapshot_id commits only with its snapshot row (the foreign key), and a snapshot
// row is never rewritten nor deleted (its id is its content's hash, so a row with that id already holds that
// content). Hence `insert ... on conflict do nothing`, in the transaction that creates the runs, before them.
//
// Why so few statements: a launch of N runs of one job has one distinct snapshot; the runs are deduplicated
// by id first, so a 500-run launch writes (at most) one row. The ids already stored are read first (ids
// only) and only the missing snapshots are sent: a snapshot is the whole job (for an asset selection, every
// asset of `__ASSET_JOB`), so sending it with every launch would cost its size each time for nothing. A
// snapshot stored meanwhile by another launch is the conflict the insert ignores. Rows go in id order so
// that two launches inserting the same new snapshots wait on each other in the same order, never in a cycle.
import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { jobSnapshots } from '../db/schema.js';
import type { IdentifiedSnapshot, JobSnapshot } from '../definitions/index.js';

/** Stores each distinct snapshot of `snapshots` that is not stored yet, in the caller's transaction. */
export async function storeJobSnapshots(executor: Executor, snapshots: readonly IdentifiedSnapshot[]): Promise<void> {
  const distinct = new Map<string, IdentifiedSnapshot>();
  for (const entry of snapshots) distinct.set(entry.snapshotId, entry);
  if (distinct.size === 0) return;
  const stored = await executor
    .select({ snapshotId: jobSnapshots.snapshotId })
    .from(jobSnapshots)
    .where(inArray(jobSnapshots.snapshotId, [...distinct.keys()]));
  for (const { snapshotId } of stored) distinct.delete(snapshotId);
  if (distinct.size === 0) return;
  const rows = [...distinct.values()]
    .sort((a, b) => (a.snapshotId < b.snapshotId ? -1 : a.snapshotId > b.snapshotId ? 1 : 0))
    .map(({ snapshotId, snapshot }) => ({ snapshotId, jobName: snapshot.name, snapshot }));
  await executor.insert(jobSnapshots).values(rows).onConflictDoNothing({ target: jobSnapshots.snapshotId });
}

/** The stored snapshots of those ids (an id with no row is absent from the map). */
export async function readJobSnapshots(executor: Executor, snapshotIds: readonly string[]): Promise<Map<string, JobSnapshot>> {
  const ids = [...new Set(snapshotIds)];
  if (ids.length === 0) return new Map();
  const rows = await executor
    .select({ snapshotId: jobSnapshots.snapshotId, snapshot: jobSnapshots.snapshot })
    .from(jobSnapshots)
    .where(inArray(jobSnapshots.snapshotId, ids));
  return new Map(rows.map((row) => [row.snapshotId, row.snapshot as JobSnapshot]));
}

/** The number of stored snapshots (tests and benches check that launches share them). */
export async function countJobSnapshots(executor: Executor): Promise<number> {
  const [row] = await executor.select({ count: sql`count(*)`.mapWith(Number) }).from(jobSnapshots);
  return row?.count ?? 0;
}

/** A snapshot id that names no stored snapshot (Dagster's PipelineSnapshotNotFoundError). */
export class PipelineSnapshotNotFoundError extends Error {
  override readonly name = 'PipelineSnapshotNotFoundError';
  constructor(readonly snapshotId: string) {
    super(`No job snapshot with id ${JSON.stringify(snapshotId)} is stored.`);
  }
}
