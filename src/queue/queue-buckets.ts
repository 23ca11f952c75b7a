// Queue buckets (see the tidepool_queue_bucket SQL function): discovering the distinct buckets of the
// queued runs with a loose index scan (read by the dequeue pass, queue/dequeue.ts), and re-bucketing queued
// runs when the limit keys changed.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';

export interface Bucket {
  /** The stored bucket text, as the index holds it. */
  key: string;
  /** Values of the limit keys (null: the run does not carry the key). */
  tags: Record<string, string | null>;
  limitKeys: string[];
  rootPools: string[];
  pools: string[];
  unconstrained: boolean;
}

/** The SQL that computes a run's bucket under the given limit keys (same function for every caller). */
export function bucketExpression(limitKeys: readonly string[]) {
  return sql`tidepool_queue_bucket(tags, ${sql.param([...limitKeys])}::text[], root_pools, all_pools, has_unconstrained_root_nodes)`;
}

/**
 * The distinct buckets among queued runs, as the CTE `buckets(bucket)` opening a statement (its last row is
 * null): one index probe per bucket (a "loose index scan" written as a recursive CTE), so the cost grows
 * with the number of buckets, not with the number of queued runs. The dequeue pass reads more beside it.
 */
export const QUEUED_BUCKETS_CTE = sql`with recursive buckets(bucket) as (
    (select queue_bucket from runs where status = 'QUEUED' and queue_bucket is not null order by queue_bucket limit 1)
    union all
    select (select queue_bucket from runs
            where status = 'QUEUED' and queue_bucket > buckets.bucket
            order by queue_bucket limit 1)
    from buckets where buckets.bucket is not null
  )`;

/** A bucket from its stored text. */
export function parseBucket(key: string): Bucket {
  return { key, ...(JSON.parse(key) as Omit<Bucket, 'key'>) };
}

/**
 * Re-computes the buckets of queued runs whose bucket was made under other limit keys (the config's tag
 * limits changed) or has none. Returns how many runs moved. Rare: only after a config change.
 */
export async function rebucket(executor: Executor, staleBuckets: string[], limitKeys: readonly string[]): Promise<number> {
  const rows = await queryRows<{ count: number }>(
    executor,
    sql`with moved as (
          update runs set queue_bucket = ${bucketExpression(limitKeys)}
          where status = 'QUEUED' and (queue_bucket is null or queue_bucket = any(${sql.param(staleBuckets)}::text[]))
          returning 1
        ) select count(*)::int as count from moved`,
  );
  return rows[0]?.count ?? 0;
}

export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
