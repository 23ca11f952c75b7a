// What the run coordinator reads about pools at dequeue (SPEC §3 "Pools at dequeue"), each in one query
// whatever the number of pools or queued runs.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Executor } from '../db/database.js';
import { effectiveLimitSql } from './effective-limit.js';

export interface PoolUsage {
  /** The effective limit; null = unlimited (never blocks). */
  limit: number | null;
  /** Claims holding a slot. */
  held: number;
  /** Steps waiting for a slot. */
  waiting: number;
}

/** Usage of each of `keys` (every key is in the result, unknown pools included). */
export async function poolUsage(executor: Executor, config: InstanceConfig, keys: readonly string[]): Promise<Map<string, PoolUsage>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const rows = await queryRows<{ concurrency_key: string; slot_limit: number | null; held: number; waiting: number }>(
    executor,
    sql`select k.concurrency_key, ${effectiveLimitSql(config, 'l')} as slot_limit,
               coalesce(c.held, 0) as held, coalesce(c.waiting, 0) as waiting
        from unnest(${sql.param(unique)}::text[]) as k(concurrency_key)
        left join concurrency_limits l using (concurrency_key)
        left join lateral (
          select (count(*) filter (where claimed_at is not null))::int as held,
                 (count(*) filter (where claimed_at is null))::int as waiting
          from concurrency_claims where concurrency_key = k.concurrency_key
        ) c on true`,
  );
  return new Map(rows.map((row) => [row.concurrency_key, { limit: row.slot_limit, held: row.held, waiting: row.waiting }]));
}

/**
 * Per root pool, the runs dequeued (STARTING) or running (STARTED) none of whose steps has asked for a slot
 * there yet: each is about to, but has no claim that poolUsage would count. A run leaves a pool's count in
 * the transaction of its first claim there (claim-slot.ts), so it is never counted twice, nor counted again
 * after its step released the slot.
 */
export async function runsYetToClaimByRootPool(executor: Executor): Promise<Map<string, number>> {
  const rows = await queryRows<{ pool: string; runs: number }>(
    executor,
    sql`select pool, count(*)::int as runs
        from runs cross join lateral unnest(unclaimed_root_pools) as pool
        where status in ('STARTING', 'STARTED')
        group by pool`,
  );
  return new Map(rows.map((row) => [row.pool, row.runs]));
}
