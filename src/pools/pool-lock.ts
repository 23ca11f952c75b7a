// The pool lock: every transaction that grants slots of a pool, or changes its limit, holds it first.
//
// Why a separate statement before the counting one: in READ COMMITTED a statement's snapshot is taken when
// it starts, before it waits on any row lock, so a statement that both waited for the lock and counted
// the held claims would count what was committed before it waited. Taking the lock in its own statement
// means the next statement's snapshot sees every grant made under the lock before us.
//
// What is locked:
//  - with a config default, the pool's concurrency_limits row, through an upsert that also creates it
//    lazily (using_default = true) the first time the pool is seen. ON CONFLICT DO UPDATE locks the row
//    even when its WHERE leaves it unchanged;
//  - without one, the row through SELECT … FOR UPDATE when it exists. An unlimited pool has no row to
//    lock, yet a limit may be created for it concurrently: such grants take the pool's advisory lock in
//    SHARED mode (unlimited grants need not exclude each other) and look for the row again; writers of
//    limits take it EXCLUSIVE first (lockPoolForLimitChange), so a limit that appears is seen and locked.
// The advisory lock is KEYED_LOCKS.pool of src/db/advisory-lock.ts, one key per pool.
import { eq, sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { KEYED_LOCKS, lockKeyForTransaction } from '../db/advisory-lock.js';
import type { Tx } from '../db/database.js';
import { concurrencyLimits } from '../db/schema.js';

/** Locks the pool for a grant; must be the transaction's first statement on the pool. */
export async function lockPool(tx: Tx, config: InstanceConfig, key: string): Promise<void> {
  const defaultLimit = config.concurrency.pools.defaultLimit;
  if (defaultLimit !== null) {
    // Keeps a default row's stored limit equal to the current default, for people reading the table;
    // the engine itself always computes the effective limit from the config (effective-limit.ts).
    await tx.execute(
      sql`insert into concurrency_limits (concurrency_key, "limit", using_default)
          values (${key}, ${defaultLimit}, true)
          on conflict (concurrency_key) do update set "limit" = excluded."limit", updated_at = now()
          where concurrency_limits.using_default and concurrency_limits."limit" <> excluded."limit"`,
    );
    return;
  }
  if (await lockLimitRow(tx, key)) return;
  await lockKeyForTransaction(tx, KEYED_LOCKS.pool, key, { shared: true });
  await lockLimitRow(tx, key);
}

/**
 * Locks the pool for a change of its limit (a cold path): the advisory lock in EXCLUSIVE mode, waiting at
 * most `timeoutMs` (a stuck holder becomes an error, not a hang). The caller then writes the row.
 */
export async function lockPoolForLimitChange(tx: Tx, key: string, timeoutMs = 30_000): Promise<void> {
  await lockKeyForTransaction(tx, KEYED_LOCKS.pool, key, { timeoutMs });
}

async function lockLimitRow(tx: Tx, key: string): Promise<boolean> {
  const rows = await tx
    .select({ concurrencyKey: concurrencyLimits.concurrencyKey })
    .from(concurrencyLimits)
    .where(eq(concurrencyLimits.concurrencyKey, key))
    .for('update');
  return rows.length > 0;
}
