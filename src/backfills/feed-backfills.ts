// Backfills as the runs feed reads them (Dagster's BulkActionsFilter): newest first by (created_at, id), a
// page resuming after (or at) a backfill, and the exact count. The feed merges these with the runs of
// src/runs in graphql/runs-feed.ts; this file is the only place the feed reads the backfills table.
import { and, desc, eq, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { backfills } from '../db/schema.js';
import { InvalidPipelineRunsFilterError } from '../runs/errors.js';
import { getBackfill, toBackfillRecord, type BackfillRecord } from './backfill-record.js';
import type { BulkActionStatus } from './vocabulary.js';

/** What of a RunsFilter applies to backfills (null or absent: no condition). */
export interface BackfillsFeedFilter {
  /** Any of these (an empty list matches none). */
  statuses?: readonly BulkActionStatus[] | null;
  jobName?: string | null;
  /** The backfill's own tags, every one (AND). */
  tags?: readonly { key: string; value: string }[] | null;
  backfillIds?: readonly string[] | null;
  /** Seconds since the epoch, strict bounds. */
  createdBefore?: number | null;
  createdAfter?: number | null;
}

export interface BackfillsFeedPage {
  /** A backfill id: the page holds the backfills created before it (at it too when `inclusive`). */
  cursor?: string | null;
  inclusive?: boolean;
  limit: number;
}

function filterSql(filter: BackfillsFeedFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.statuses) {
    if (filter.statuses.length === 0) return sql`false`;
    conditions.push(sql`${backfills.status} = any(${sql.param([...filter.statuses])}::text[])`);
  }
  if (filter.jobName) conditions.push(sql`${backfills.jobName} = ${filter.jobName} and ${backfills.assetSelection} is null`);
  if (filter.tags && filter.tags.length > 0) {
    const wanted = Object.fromEntries(filter.tags.map((tag) => [tag.key, tag.value]));
    if (Object.keys(wanted).length !== filter.tags.length) return sql`false`; // one key asked with two values
    conditions.push(sql`${backfills.tags} @> ${JSON.stringify(wanted)}::jsonb`);
  }
  if (filter.backfillIds) conditions.push(sql`${backfills.id} = any(${sql.param([...filter.backfillIds])}::text[])`);
  if (filter.createdBefore != null) conditions.push(sql`${backfills.createdAt} < to_timestamp(${filter.createdBefore}::double precision)`);
  if (filter.createdAfter != null) conditions.push(sql`${backfills.createdAt} > to_timestamp(${filter.createdAfter}::double precision)`);
  return and(...conditions);
}

/** A page of the backfills matching `filter`, newest first. */
export async function listFeedBackfills(db: Db, filter: BackfillsFeedFilter, page: BackfillsFeedPage): Promise<BackfillRecord[]> {
  const conditions: (SQL | undefined)[] = [filterSql(filter)];
  if (page.cursor) {
    const at = await getBackfill(db, page.cursor);
    if (at === null) {
      throw new InvalidPipelineRunsFilterError(
        `The cursor names backfill ${page.cursor}, which no longer exists; start again without a cursor.`,
      );
    }
    const sameTime = eq(backfills.createdAt, at.createdAt);
    conditions.push(
      or(lt(backfills.createdAt, at.createdAt), and(sameTime, page.inclusive ? lte(backfills.id, at.id) : lt(backfills.id, at.id))),
    );
  }
  const rows = await db
    .select()
    .from(backfills)
    .where(and(...conditions))
    .orderBy(desc(backfills.createdAt), desc(backfills.id))
    .limit(page.limit);
  return rows.map(toBackfillRecord);
}

/** How many backfills match `filter`. */
export async function countFeedBackfills(db: Db, filter: BackfillsFeedFilter): Promise<number> {
  const [row] = await db
    .select({ count: sql`count(*)`.mapWith(Number) })
    .from(backfills)
    .where(filterSql(filter));
  return row?.count ?? 0;
}
