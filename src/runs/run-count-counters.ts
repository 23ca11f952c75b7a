// Exact run counts without counting rows: `Runs.count`, `runsFeedCountOrError` and the console's tab counts
// over the common filters (any statuses, a job, one tag, each with or without the ROOTS view's
// `excludeSubruns`) read maintained counters instead of scanning up to every run.
//
// Buckets. A run is counted in the bucket (job, status, root) of every run and in one (tag key, tag value,
// job, status, root) bucket per tag ('root' = no `dagster/backfill` tag, excludeSubruns' definition). A
// count is then the sum of a handful of buckets: one tag at most, any set of statuses, any job. Filters
// the buckets cannot express (two tags or more, run ids, time bounds, a snapshot id, a mode) are
// counted by count(*) over runs as before (countRuns in queries.ts), exact but as slow as their scan.
//
// Kept exact by triggers on `runs` (migration 0010), not by the engine's writers: the buckets depend only
// on the row's job_name, status and tags (runs.tags mirrors run_tags exactly), so three row triggers
// (insert, update of those columns, delete) and one on truncate see every change, in its own transaction,
// including ones a future writer or an operator's SQL would make — nothing can forget to count. An AFTER
// trigger also skips the rows an insert drops on conflict (idempotent launches). The update trigger's WHEN
// clause keeps lease renewals and other updates free. A load with triggers off (session_replication_role
// = replica, the benches' bulk loads) must call tidepool_rebuild_run_counts() afterwards.
//
// No hot row, one row per change. The triggers never update a counter: they append one row per change of
// a run to run_count_deltas (its job and tags, the status it left and the one it entered), whatever its
// number of tags, so a transition costs one small insert and concurrent transitions from any number of
// workers never wait on each other. (An earlier shape appended +1/-1 per bucket, 2 x (1 + tags) rows per
// transition: about twice the trigger's cost per status change.) A roll-up moves the pending rows into
// run_counts (one row per bucket) in one statement: `delete … returning` the deltas it sees, nets them
// per job, tags and status, spreads what is left over its buckets (tidepool_run_count_buckets), sums, upserts the sums, then drops the buckets that
// reached zero (the statuses a run only passed through). A count reads run_counts plus the pending deltas
// (matched on their job and tags directly) in one statement, so one snapshot: a roll-up commits as a
// whole, and a reader sees every delta either still pending or summed, never both or neither.
//
// The roll-up runs on the monitor daemon's tick (every lease/2, at most 5 s). It is correct under
// concurrency by construction: a delta is deleted by exactly one transaction (a second roll-up's delete
// skips rows the first deleted) and only the rows a roll-up deleted are added in, while deltas committed
// after its snapshot wait for the next. Roll-ups still take turns under an advisory lock (a try: one that
// finds it taken does nothing) so two of them do not lock the same buckets in different orders and
// deadlock. Without any daemon running, deltas pile up: counts stay exact and get slower.
import { sql, type SQL } from 'drizzle-orm';
import { LOCKS, tryLockForTransaction } from '../db/advisory-lock.js';
import { queryRows, type Executor } from '../db/database.js';
import { filterJobName, type RunsFilter } from './runs-filter.js';

/** Deltas moved by one roll-up at most (a backlog is worked off over several ticks in bounded transactions). */
const ROLL_UP_BATCH = 200_000;

/** What a filter counts, in the terms of the buckets; null when the buckets cannot express the filter. */
export interface CounterQuery {
  tag: { key: string; value: string } | null;
  jobName: string | null;
  /** Empty = any status. */
  statuses: string[];
  rootsOnly: boolean;
}

/** The filter (already validated by runsFilterSql) as a CounterQuery, or null for count(*). */
export function counterQuery(filter: RunsFilter): CounterQuery | null {
  const tags = filter.tags ?? [];
  const times = [filter.createdBefore, filter.createdAfter, filter.updatedBefore, filter.updatedAfter];
  const servable =
    (filter.runIds ?? []).length === 0 &&
    tags.length <= 1 &&
    times.every((bound) => bound === null || bound === undefined) &&
    !filter.snapshotId &&
    !filter.mode;
  if (!servable) return null;
  return {
    tag: tags[0] ?? null,
    jobName: filterJobName(filter),
    statuses: [...new Set(filter.statuses ?? [])],
    rootsOnly: filter.excludeSubruns === true,
  };
}

/** The number of runs the query selects: rolled-up buckets plus pending deltas, in one statement (one snapshot). */
export async function countFromCounters(executor: Executor, query: CounterQuery): Promise<number> {
  const bucket: SQL[] = [sql`tag_key = ${query.tag?.key ?? ''}`, sql`tag_value = ${query.tag?.value ?? ''}`];
  const delta: SQL[] = [];
  if (query.tag) delta.push(sql`tags ->> ${query.tag.key}::text = ${query.tag.value}`);
  if (query.jobName !== null) {
    bucket.push(sql`job_name = ${query.jobName}`);
    delta.push(sql`job_name = ${query.jobName}`);
  }
  if (query.rootsOnly) {
    bucket.push(sql`root`);
    delta.push(sql`tidepool_run_is_root(tags)`);
  }
  const statuses = query.statuses.length > 0 ? sql.param(query.statuses) : null;
  if (statuses) bucket.push(sql`status = any(${statuses}::text[])`);
  // A delta adds its run to the count when the status it entered is counted, and takes it away when the
  // status it left was.
  const counted = (column: SQL) => (statuses ? sql`coalesce(${column} = any(${statuses}::text[]), false)` : sql`${column} is not null`);
  const [row] = await queryRows<{ runs: string }>(
    executor,
    sql`select coalesce(sum(runs), 0)::bigint as runs from (
          select runs from run_counts where ${sql.join(bucket, sql` and `)}
          union all
          select (${counted(sql`to_status`)})::int - (${counted(sql`from_status`)})::int from run_count_deltas
          where ${delta.length > 0 ? sql.join(delta, sql` and `) : sql`true`}
        ) as buckets`,
  );
  return Number(row?.runs ?? 0);
}

/**
 * Moves pending deltas into run_counts (at most ROLL_UP_BATCH) and drops buckets left at zero. Returns
 * how many deltas it moved; 0 when another roll-up holds the turn.
 */
export async function rollUpRunCounts(executor: Executor): Promise<number> {
  return executor.transaction(async (tx) => {
    if (!(await tryLockForTransaction(tx, LOCKS.runCounts))) return 0;
    const [row] = await queryRows<{ moved: number }>(
      tx,
      sql`with moved as (
            delete from run_count_deltas
            where ctid = any(array(select ctid from run_count_deltas limit ${ROLL_UP_BATCH}))
            returning job_name, tags, from_status, to_status
          ), changes as (
            -- Netted per job, tags and status before being spread over buckets: runs of the same job and
            -- tags share them, and the statuses a run passed through since the last roll-up cancel out.
            select job_name, tags, status, sum(runs) as runs from (
              select job_name, tags, to_status as status, 1 as runs from moved where to_status is not null
              union all
              select job_name, tags, from_status, -1 from moved where from_status is not null
            ) as signed
            group by job_name, tags, status
            having sum(runs) <> 0
          ), sums as (
            select b.tag_key, b.tag_value, b.job_name, b.status, b.root, sum(c.runs)::bigint as runs
            from changes c cross join lateral tidepool_run_count_buckets(c.job_name, c.status, c.tags) b
            group by b.tag_key, b.tag_value, b.job_name, b.status, b.root
          ), merged as (
            insert into run_counts as c (tag_key, tag_value, job_name, status, root, runs)
            select * from sums where runs <> 0
            -- A fixed order, so that upserts of overlapping buckets lock them alike.
            order by tag_key, tag_value, job_name, status, root
            on conflict (tag_key, tag_value, job_name, status, root) do update set runs = c.runs + excluded.runs
          )
          select count(*)::int as moved from moved`,
    );
    await tx.execute(sql`delete from run_counts where runs = 0`);
    return row?.moved ?? 0;
  });
}
