// Read queries over runs and their tags: the runs list (newest first, paged by run id), counts, tag keys
// and values. Shaped to stay fast with millions of runs: pages walk the seq index / (status, seq) /
// (job_name, seq) backwards and stop at the limit; common counts read maintained counters
// (run-count-counters.ts); tag keys and values are read with a loose index scan of run_tags (key, value,
// run_id), one index probe per distinct key or value, never a scan of every tag.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { runs } from '../db/schema.js';
import type { InstanceApi, RunRecordLike, RunRecordsFilter } from '../definitions/types.js';
import { InvalidPipelineRunsFilterError } from './errors.js';
import { countFromCounters, counterQuery } from './run-count-counters.js';
import { isRunId, selectRuns, type RunRecord } from './run-record.js';
import { runsFilterSql, type RunsFilter } from './runs-filter.js';

/** Pages hold 1 to MAX_RUNS_LIMIT runs; a page without a limit holds the most. */
export const MAX_RUNS_LIMIT = 1000;
/** runTags returns at most this many key/value pairs. */
export const MAX_TAG_VALUES_LIMIT = 1000;
/** Tags under this prefix are set by Tidepool (pools) and hidden from tag pickers, as in Dagster. */
export const HIDDEN_TAG_PREFIX = '.dagster/';

export interface RunsPage {
  /** A run id: the page holds the runs created before it. */
  cursor?: string | null;
  limit?: number | null;
  /** The page starts at the cursor run itself (the runs feed resumes a stream at a run it read but did not show). */
  inclusive?: boolean;
}

function pageLimit(limit: number | null | undefined): number {
  if (limit === null || limit === undefined) return MAX_RUNS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS_LIMIT) {
    throw new InvalidPipelineRunsFilterError(`The limit must be an integer from 1 to ${MAX_RUNS_LIMIT} (got ${limit}).`);
  }
  return limit;
}

async function cursorCondition(executor: Executor, cursor: string | null | undefined, inclusive = false): Promise<SQL | undefined> {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  if (!isRunId(cursor)) {
    throw new InvalidPipelineRunsFilterError(
      `The cursor ${JSON.stringify(cursor)} is not a run id: cursors are the id of the last run of the previous page.`,
    );
  }
  const [row] = await executor.select({ seq: runs.seq }).from(runs).where(eq(runs.id, cursor));
  if (!row)
    throw new InvalidPipelineRunsFilterError(`The cursor ${cursor} is not a run (it may have been deleted); start again without a cursor.`);
  return inclusive ? sql`${runs.seq} <= ${row.seq}` : sql`${runs.seq} < ${row.seq}`;
}

async function pageWhere(executor: Executor, filter: RunsFilter, page: RunsPage): Promise<{ where: SQL; limit: number }> {
  const filterSql = runsFilterSql(filter);
  const limit = pageLimit(page.limit);
  const cursorSql = await cursorCondition(executor, page.cursor, page.inclusive);
  return { where: and(filterSql, cursorSql)!, limit };
}

/**
 * Reads a page. A page walks the seq index backwards and stops after `limit` matches; with a tag filter
 * the planner expects that walk to be long and often picks a parallel plan, whose workers cost more to
 * start than the walk (1,000,000 runs, team=… and SUCCESS: 78 ms parallel, 13 ms serial, by EXPLAIN
 * ANALYZE in bench/history). Pages with tag filters are therefore planned without parallel workers (one
 * setting local to a transaction; unfiltered pages, the common case, stay a single statement).
 */
async function readPage<T>(executor: Executor, filter: RunsFilter, read: (executor: Executor) => Promise<T>): Promise<T> {
  if ((filter.tags?.length ?? 0) === 0) return read(executor);
  return executor.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return read(tx);
  });
}

/** Runs matching the filter, newest first (creation order), after the cursor run. */
export async function listRuns(executor: Executor, filter: RunsFilter = {}, page: RunsPage = {}): Promise<RunRecord[]> {
  const { where, limit } = await pageWhere(executor, filter, page);
  return readPage(executor, filter, (reader) => selectRuns(reader, sql`where ${where} order by seq desc limit ${limit}`));
}

/** listRuns, ids only. */
export async function listRunIds(executor: Executor, filter: RunsFilter = {}, page: RunsPage = {}): Promise<string[]> {
  const { where, limit } = await pageWhere(executor, filter, page);
  const rows = await readPage(executor, filter, (reader) =>
    reader.select({ id: runs.id }).from(runs).where(where).orderBy(desc(runs.seq)).limit(limit),
  );
  return rows.map((row) => row.id);
}

/**
 * The exact number of runs matching the filter (no cursor, no limit): from the maintained counters when
 * they can express the filter (any statuses, a job, one tag, excludeSubruns: run-count-counters.ts),
 * otherwise (two tags or more, run ids, time bounds, a snapshot id, a mode) by count(*) over the runs.
 */
export async function countRuns(executor: Executor, filter: RunsFilter = {}): Promise<number> {
  const where = runsFilterSql(filter);
  const counters = counterQuery(filter);
  if (counters !== null) return countFromCounters(executor, counters);
  const [row] = await executor
    .select({ count: sql`count(*)`.mapWith(Number) })
    .from(runs)
    .where(where);
  return row?.count ?? 0;
}

/** Every tag key used by some run, sorted, without Tidepool's hidden `.dagster/` keys. */
export async function runTagKeys(executor: Executor): Promise<string[]> {
  const rows = await queryRows<{ key: string }>(
    executor,
    sql`with recursive tag_keys(key) as (
          (select key from run_tags order by key limit 1)
          union all
          select (select t.key from run_tags t where t.key > k.key order by t.key limit 1)
          from tag_keys k where k.key is not null
        )
        select key from tag_keys
        where key is not null and not starts_with(key, ${HIDDEN_TAG_PREFIX})
        order by key`,
  );
  return rows.map((row) => row.key);
}

export interface RunTagsOptions {
  /** Only these keys (default: every key but the hidden ones). */
  tagKeys?: readonly string[] | null;
  /** Only values starting with this (case-sensitive). */
  valuePrefix?: string | null;
  /** At most this many key/value pairs in all (1..MAX_TAG_VALUES_LIMIT; default the maximum). */
  limit?: number | null;
}

export interface TagKeyValues {
  key: string;
  values: string[];
}

/** The distinct values of run tags, grouped by key (keys sorted, values in database order). Hidden keys only when asked for by name. */
export async function runTags(executor: Executor, options: RunTagsOptions = {}): Promise<TagKeyValues[]> {
  const limit = options.limit ?? MAX_TAG_VALUES_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TAG_VALUES_LIMIT) {
    throw new InvalidPipelineRunsFilterError(
      `The limit of tag values must be an integer from 1 to ${MAX_TAG_VALUES_LIMIT} (got ${limit}).`,
    );
  }
  if (options.tagKeys && options.tagKeys.length > MAX_TAG_VALUES_LIMIT) {
    throw new InvalidPipelineRunsFilterError(
      `At most ${MAX_TAG_VALUES_LIMIT} tag keys may be asked for at once (got ${options.tagKeys.length}).`,
    );
  }
  const keys = [...new Set(options.tagKeys ?? (await runTagKeys(executor)))].sort();
  if (keys.length === 0) return [];
  // A loose index scan per key: each step jumps to the key's next distinct value through the index.
  // The recursion runs breadth-first and lazily, so it stops once `limit` values with the prefix are
  // found, and each key then holds a prefix of its sorted values.
  const rows = await queryRows<{ key: string; value: string }>(
    executor,
    sql`with recursive pairs(key, value) as (
          select k.key, (select t.value from run_tags t where t.key = k.key order by t.value limit 1)
          from unnest(${sql.param(keys)}::text[]) as k(key)
          union all
          select p.key, (select t.value from run_tags t where t.key = p.key and t.value > p.value order by t.value limit 1)
          from pairs p where p.value is not null
        )
        select key, value from pairs
        where value is not null and starts_with(value, ${options.valuePrefix ?? ''})
        limit ${limit}`,
  );
  const byKey = new Map<string, string[]>();
  for (const { key, value } of rows) {
    const values = byKey.get(key) ?? [];
    values.push(value);
    byKey.set(key, values);
  }
  return keys.flatMap((key) => {
    const values = byKey.get(key);
    return values ? [{ key, values }] : [];
  });
}

/** InstanceApi.getRunRecords: what schedules, sensors and steps may read about runs. Newest first. */
export async function getRunRecords(executor: Executor, filter: RunRecordsFilter = {}): Promise<RunRecordLike[]> {
  const { limit, tags, ...runsFilter } = filter;
  const tagList = tags === undefined ? null : Array.isArray(tags) ? tags : Object.entries(tags).map(([key, value]) => ({ key, value }));
  const records = await listRuns(executor, { ...runsFilter, tags: tagList }, { limit: limit ?? null });
  return records.map((run) => ({ runId: run.id, jobName: run.jobName, status: run.status, tags: { ...run.tags } }));
}

/** The InstanceApi handed to user code, reading through `executor`. */
export function instanceApi(executor: Executor): InstanceApi {
  return { getRunRecords: (filter) => getRunRecords(executor, filter) };
}
