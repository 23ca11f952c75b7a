// Counts of runs for the metrics, chosen to stay cheap over any history (a million finished runs):
//  - unfinished statuses exactly: index range scans of runs_status_seq_idx over QUEUED, STARTING, STARTED and
//    CANCELING only, whose size is what is queued and running, never the history;
//  - the oldest queued run: the first QUEUED entry of the same index (seq follows creation);
//  - every status as Postgres's statistics estimate it (pg_class.reltuples × the status's frequency in
//    pg_stats), refreshed by autovacuum's ANALYZE: no scan at all, and named as an estimate where reported.
//    A status too rare to be among the column's most common values in ANALYZE's sample (seen once) has no
//    estimate; with a handful of statuses over many runs, every status in real use is among them.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { statusIn } from './status-sql.js';
import { IN_PROGRESS_STATUSES, type RunStatus } from './vocabulary.js';

export const UNFINISHED_STATUSES = ['QUEUED', ...IN_PROGRESS_STATUSES] as const satisfies readonly RunStatus[];

export interface UnfinishedRunCounts {
  /** Every unfinished status, 0 when it has no runs. */
  byStatus: Record<string, number>;
  /** Seconds the oldest queued run has waited; null when none is queued. */
  oldestQueuedSeconds: number | null;
}

export async function unfinishedRunCounts(executor: Executor): Promise<UnfinishedRunCounts> {
  const [counts, [oldest]] = await Promise.all([
    queryRows<{ status: string; runs: number }>(
      executor,
      sql`select status, count(*)::int as runs from runs where ${statusIn(UNFINISHED_STATUSES)} group by status`,
    ),
    queryRows<{ seconds: number }>(
      executor,
      sql`select extract(epoch from now() - created_at)::float8 as seconds from runs where status = 'QUEUED' order by seq limit 1`,
    ),
  ]);
  const byStatus: Record<string, number> = Object.fromEntries(UNFINISHED_STATUSES.map((status) => [status, 0]));
  for (const row of counts) byStatus[row.status] = row.runs;
  return { byStatus, oldestQueuedSeconds: oldest ? Math.max(0, oldest.seconds) : null };
}

/** Runs per status as the planner's statistics estimate them; empty until the runs table is first analyzed. */
export async function estimatedRunCounts(executor: Executor): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; runs: number }>(
    executor,
    sql`select s.status, round(c.reltuples * s.frequency)::float8 as runs
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_stats st on st.schemaname = n.nspname and st.tablename = c.relname and st.attname = 'status'
        cross join lateral unnest(st.most_common_vals::text::text[], st.most_common_freqs) as s(status, frequency)
        where c.oid = to_regclass('runs') and c.reltuples >= 0`,
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.runs]));
}
