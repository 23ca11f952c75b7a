// Every pool's limit and how many of its slots are held and waited for, as numbers only, in one statement
// (one aggregate over concurrency_claims, whose size is bounded by the steps running and waiting): what the
// metrics report on each scrape, without the holders' and waiters' lists that pool-info.ts reads for the API.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Executor } from '../db/database.js';
import { effectiveLimitSql } from './effective-limit.js';

export interface PoolCounts {
  pool: string;
  /** The effective limit; null = unlimited. */
  limit: number | null;
  inUse: number;
  waiting: number;
}

/** Every pool with a limit row or a claim, sorted by key. */
export async function poolCounts(executor: Executor, config: InstanceConfig): Promise<PoolCounts[]> {
  const rows = await queryRows<{ pool: string; slot_limit: number | null; in_use: number; waiting: number }>(
    executor,
    sql`with claims as (
          select concurrency_key,
                 count(*) filter (where claimed_at is not null)::int as in_use,
                 count(*) filter (where claimed_at is null)::int as waiting
          from concurrency_claims group by concurrency_key
        )
        select k.concurrency_key as pool, ${effectiveLimitSql(config, 'l')} as slot_limit,
               coalesce(c.in_use, 0) as in_use, coalesce(c.waiting, 0) as waiting
        from (select concurrency_key from concurrency_limits union select concurrency_key from claims) k
        left join concurrency_limits l using (concurrency_key)
        left join claims c using (concurrency_key)
        order by k.concurrency_key collate "C"`,
  );
  return rows.map((row) => ({ pool: row.pool, limit: row.slot_limit, inUse: row.in_use, waiting: row.waiting }));
}
