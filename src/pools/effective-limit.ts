// A pool's effective limit (SPEC §4), computed where it is read, never stored as the truth:
//  - an explicit row (using_default = false) → its limit;
//  - a row with using_default = true → the CURRENT config default, so such pools follow later changes of
//    `concurrency.pools.default_limit` (and become unlimited when it is removed);
//  - no row → the config default when set, else unlimited.
// null means unlimited: such a pool never makes a step wait.
import { sql, type SQL } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';

/**
 * The effective limit as SQL, over a `concurrency_limits` row aliased `alias` that may be missing (the
 * left side of an outer join): an int or null (unlimited).
 */
export function effectiveLimitSql(config: InstanceConfig, alias: string): SQL {
  const l = sql.identifier(alias);
  return sql`(case when ${l}.concurrency_key is null or ${l}.using_default
                   then ${config.concurrency.pools.defaultLimit}::int
                   else ${l}."limit" end)`;
}

/** Whether the pool follows the config default (a lazily created row, or no row while a default is set). */
export function usingDefaultSql(config: InstanceConfig, alias: string): SQL {
  const l = sql.identifier(alias);
  return sql`(case when ${l}.concurrency_key is null then ${config.concurrency.pools.defaultLimit !== null}
                   else ${l}.using_default end)`;
}
