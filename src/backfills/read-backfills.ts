// Reading backfills for the API and the CLI: pages newest first, one backfill, its partitions with the
// status of each one's run, counts by status, and its runs (by the `dagster/backfill` tag, so the runs of
// earlier attempts of resumed partitions are included, as in Dagster).
import { and, asc, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { backfillPartitions, backfills } from '../db/schema.js';
import { listRuns } from '../runs/queries.js';
import type { RunRecord } from '../runs/run-record.js';
import { CANCELABLE_STATUSES, TAGS, type RunStatus } from '../runs/vocabulary.js';
import { getBackfill, toBackfillRecord, type BackfillRecord } from './backfill-record.js';
import { BackfillNotFoundError } from './errors.js';
import type { BulkActionStatus } from './vocabulary.js';

export const MAX_BACKFILLS_PAGE = 1000;

/** A page of backfills, newest first; `cursor` is the id of the last backfill of the previous page. */
export async function listBackfills(
  db: Db,
  options: { status?: BulkActionStatus | null; partitionSetName?: string; cursor?: string | null; limit?: number | null } = {},
): Promise<BackfillRecord[]> {
  const limit = Math.min(Math.max(options.limit ?? MAX_BACKFILLS_PAGE, 1), MAX_BACKFILLS_PAGE);
  const conditions: SQL[] = [];
  if (options.status) conditions.push(eq(backfills.status, options.status));
  if (options.partitionSetName !== undefined) conditions.push(eq(backfills.partitionSetName, options.partitionSetName));
  if (options.cursor) {
    const after = await getBackfill(db, options.cursor);
    if (after === null) throw new BackfillNotFoundError(options.cursor);
    conditions.push(
      or(lt(backfills.createdAt, after.createdAt), and(eq(backfills.createdAt, after.createdAt), lt(backfills.id, after.id)))!,
    );
  }
  const rows = await db
    .select()
    .from(backfills)
    .where(and(...conditions))
    .orderBy(desc(backfills.createdAt), desc(backfills.id))
    .limit(limit);
  return rows.map(toBackfillRecord);
}

/** The backfill or BackfillNotFoundError. */
export async function requireBackfill(db: Db, backfillId: string): Promise<BackfillRecord> {
  const backfill = await getBackfill(db, backfillId);
  if (backfill === null) throw new BackfillNotFoundError(backfillId);
  return backfill;
}

export async function backfillPartitionKeys(db: Db, backfillId: string): Promise<string[]> {
  const rows = await db
    .select({ partitionKey: backfillPartitions.partitionKey })
    .from(backfillPartitions)
    .where(eq(backfillPartitions.backfillId, backfillId))
    .orderBy(asc(backfillPartitions.ordinal));
  return rows.map((row) => row.partitionKey);
}

export interface PartitionStatus {
  partitionKey: string;
  /** The partition's latest run; null until submitted. */
  runId: string | null;
  runStatus: RunStatus | null;
  startTime: Date | null;
  endTime: Date | null;
}

/** Every partition in submission order, with its latest run's status. */
export async function backfillPartitionStatuses(db: Db, backfillId: string): Promise<PartitionStatus[]> {
  const rows = await queryRows<{
    partition_key: string;
    run_id: string | null;
    status: RunStatus | null;
    start_time: string | null;
    end_time: string | null;
  }>(
    db,
    sql`select bp.partition_key, bp.run_id, r.status, r.start_time, r.end_time
          from backfill_partitions bp left join runs r on r.id = bp.run_id
         where bp.backfill_id = ${backfillId}
         order by bp.ordinal`,
  );
  return rows.map((row) => ({
    partitionKey: row.partition_key,
    runId: row.run_id,
    runStatus: row.status,
    startTime: row.start_time === null ? null : new Date(row.start_time),
    endTime: row.end_time === null ? null : new Date(row.end_time),
  }));
}

export interface PartitionStatusCount {
  /** NOT_STARTED counts the partitions not submitted yet. */
  runStatus: RunStatus;
  count: number;
}

/** How many partitions are in each status (of their run), in RunStatus order. */
export async function backfillStatusCounts(db: Db, backfillId: string): Promise<PartitionStatusCount[]> {
  const rows = await queryRows<{ status: RunStatus; count: number }>(
    db,
    sql`select coalesce(r.status, 'NOT_STARTED') as status, count(*)::int as count
          from backfill_partitions bp left join runs r on r.id = bp.run_id
         where bp.backfill_id = ${backfillId}
         group by 1`,
  );
  return rows.map((row) => ({ runStatus: row.status, count: row.count }));
}

/** Partitions the backfill could still stop: not yet submitted (while REQUESTED) or with a cancelable run. */
export async function backfillNumCancelable(db: Db, backfill: BackfillRecord): Promise<number> {
  if (backfill.status !== 'REQUESTED' && backfill.status !== 'CANCELING') return 0;
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from backfill_partitions bp left join runs r on r.id = bp.run_id
         where bp.backfill_id = ${backfill.id}
           and ((bp.run_id is null and ${backfill.status === 'REQUESTED'}) or r.status = any(${sql.param([...CANCELABLE_STATUSES])}::text[]))`,
  );
  return row!.count;
}

/** The backfill's runs (in any of `statuses` when given), newest first. */
export function backfillRuns(db: Db, backfillId: string, limit: number, statuses?: readonly RunStatus[]): Promise<RunRecord[]> {
  return listRuns(db, { tags: [{ key: TAGS.backfill, value: backfillId }], statuses }, { limit });
}
