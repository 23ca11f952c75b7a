// Exact run counts without counting rows: `Runs.count`, `runsFeedCountOrError` and the console's tab counts
// over the common filters (any statuses, a job, one tag, each with or without the ROOTS view's
// `excludeSubruns`) read maintained counters instead of scanning up to every run.
//
// Buckets. A run is counted in the bucket (job, status, root) of every run and in one (tag key, tag value,
// job, status, root) bucket per tag ('root' = no `dagster/backfill` tag, excludeSubruns' definition). A
// count is then the sum of a handful of buckets: one tag at most, any set of statuses, any job. Filters
// the buckets cannot express (two tags or more, run ids, time bounds, a snapshot id, another mode) are
// counted by count(*) over runs as before (countRuns in queries.ts), exact but as slow as their scan.
//
// Kept exact by triggers on `runs` (migration 0010), not by the engine's writers: the bucket depends only
// on the row's job_name, status and tags (runs.tags mirrors run_tags exactly), so three row triggers
// (insert, update of those columns, delete) and one on truncate see every change, in its own transaction,
// including ones a future writer or an operator's SQL would make — nothing can forget to count. An AFTER
// trigger also skips the rows an insert drops on conflict (idempotent launches). The cost is a few small
// appends per status change (one row per bucket moved: 1 + the run's tags, twice); the update trigger's
// WHEN clause keeps lease renewals and other updates free. A load with triggers off (session_replication_role
// = replica, the benches' bulk loads) must call tidepool_rebuild_run_counts() afterwards.
//
// No hot row. The triggers never update a counter: they append +1/-1 rows to run_count_deltas (no index,
// no key), so concurrent transitions from any number of workers never wait on each other. A roll-up
// moves the pending deltas into run_counts (one row per bucket) in one statement: `delete … returning`
// the deltas it sees, sums them, upserts the sums, then drops the buckets that reached zero (the statuses
// a run only passed through). A count reads run_counts plus the pending deltas in one statement, so one
// snapshot: a roll-up commits as a whole, and a reader sees every delta either still pending or summed,
// never both or neither.
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

/**
 * The condition on a bucket's columns that selects the filter's runs, or null when the buckets cannot
 * express the filter. The filter has already been validated (runsFilterSql).
 */
export function counterCondition(filter: RunsFilter): SQL | null {
  const tags = filter.tags ?? [];
  const times = [filter.createdBefore, filter.createdAfter, filter.updatedBefore, filter.updatedAfter];
  const servable =
    (filter.runIds ?? []).length === 0 &&
    tags.length <= 1 &&
    times.every((bound) => bound === null || bound === undefined) &&
    !filter.snapshotId &&
    !filter.mode;
  if (!servable) return null;
  const tag = tags[0];
  const conditions = [sql`tag_key = ${tag?.key ?? ''}`, sql`tag_value = ${tag?.value ?? ''}`];
  const jobName = filterJobName(filter);
  if (jobName !== null) conditions.push(sql`job_name = ${jobName}`);
  const statuses = [...new Set(filter.statuses ?? [])];
  if (statuses.length > 0) conditions.push(sql`status = any(${sql.param(statuses)}::text[])`);
  if (filter.excludeSubruns === true) conditions.push(sql`root`);
  return sql.join(conditions, sql` and `);
}

/** The number of runs in the buckets `condition` selects: rolled-up counts plus pending deltas, one snapshot. */
export async function countFromCounters(executor: Executor, condition: SQL): Promise<number> {
  const [row] = await queryRows<{ runs: string }>(
    executor,
    sql`select coalesce(sum(runs), 0)::bigint as runs from (
          select runs from run_counts where ${condition}
          union all
          select runs from run_count_deltas where ${condition}
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
            returning tag_key, tag_value, job_name, status, root, runs
          ), sums as (
            select tag_key, tag_value, job_name, status, root, sum(runs)::bigint as runs
            from moved group by tag_key, tag_value, job_name, status, root
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
