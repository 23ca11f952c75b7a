// Setting and deleting pool limits (SPEC §4), a cold path. Each change is one transaction: the pool's
// advisory lock in exclusive mode (pool-lock.ts: a limit may be created for a pool that has no row to
// lock yet), the row write — whose row lock also waits for grants in flight —, then a grant under the new
// limit, so raising a limit hands the new slots to waiting steps at once, in the same transaction.
// Lowering one revokes nothing (grant-slots.ts). Bad input throws a typed error before anything is touched.
// Each change records one audit entry (the pool's row before and after) in its own transaction.
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Db, type Executor } from '../db/database.js';
import { notify } from '../db/notifier.js';
import { concurrencyLimits } from '../db/schema.js';
import { poolProblem } from '../definitions/names.js';
import { InvalidConcurrencyLimitError, InvalidPoolKeyError } from './errors.js';
import { grantWaitingClaims, type GrantedClaim } from './grant-slots.js';
import { MAX_CONCURRENCY_LIMIT_VALUE, MIN_CONCURRENCY_LIMIT_VALUE } from './limit-bounds.js';
import { lockPoolForLimitChange } from './pool-lock.js';

/** A valid pool key (the rules of pool names in definitions), or InvalidPoolKeyError. */
export function checkConcurrencyKey(key: unknown): string {
  const problem = poolProblem(key);
  if (problem !== null) throw new InvalidPoolKeyError(key, problem);
  return key as string;
}

/** An integer within MIN..MAX_CONCURRENCY_LIMIT_VALUE, or InvalidConcurrencyLimitError. */
export function checkConcurrencyLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < MIN_CONCURRENCY_LIMIT_VALUE || limit > MAX_CONCURRENCY_LIMIT_VALUE) {
    throw new InvalidConcurrencyLimitError(limit);
  }
  return limit;
}

/** A pool's limit row as the audit log records it; null when the pool had none. */
type LimitRow = { limit: number; usingDefault: boolean } | null;

function poolTarget(concurrencyKey: string): string {
  return `pool:${concurrencyKey}`;
}

/** Sets an explicit limit (it no longer follows the config default); returns the claims it granted. */
export async function setConcurrencyLimit(
  db: Db,
  config: InstanceConfig,
  key: string,
  limit: number,
  actor: Actor,
): Promise<{ granted: GrantedClaim[] }> {
  const concurrencyKey = checkConcurrencyKey(key);
  const value = checkConcurrencyLimit(limit);
  return db.transaction(async (tx) => {
    await lockPoolForLimitChange(tx, concurrencyKey);
    // The CTE reads the row as it was before this statement's upsert: the audit's "before" in the same trip.
    const [previous] = await queryRows<{ limit: number; using_default: boolean }>(
      tx,
      sql`with previous as (select "limit", using_default from concurrency_limits where concurrency_key = ${concurrencyKey}),
               upserted as (
                 insert into concurrency_limits (concurrency_key, "limit", using_default)
                 values (${concurrencyKey}, ${value}, false)
                 on conflict (concurrency_key) do update
                 set "limit" = excluded."limit", using_default = false, updated_at = now()
               )
          select "limit", using_default from previous`,
    );
    const before: LimitRow = previous ? { limit: previous.limit, usingDefault: previous.using_default } : null;
    await recordAudit(tx, {
      actor,
      action: 'concurrency_limit.set',
      target: poolTarget(concurrencyKey),
      before,
      after: { limit: value, usingDefault: false } satisfies LimitRow,
    });
    const { granted } = await grantWaitingClaims(tx, config, concurrencyKey);
    await notify(tx, { topic: 'pool', key: concurrencyKey });
    return { granted };
  });
}

/**
 * Deletes the pool's limit: the pool becomes unlimited, or follows the config default when one is set (the
 * row is re-created with using_default = true). Returns whether the pool had a limit row; deleting none
 * changes nothing and records no audit entry.
 */
export async function deleteConcurrencyLimit(db: Db, config: InstanceConfig, key: string, actor: Actor): Promise<boolean> {
  const concurrencyKey = checkConcurrencyKey(key);
  const defaultLimit = config.concurrency.pools.defaultLimit;
  return db.transaction(async (tx) => {
    await lockPoolForLimitChange(tx, concurrencyKey);
    const [deleted] = await tx
      .delete(concurrencyLimits)
      .where(eq(concurrencyLimits.concurrencyKey, concurrencyKey))
      .returning({ limit: concurrencyLimits.limit, usingDefault: concurrencyLimits.usingDefault });
    if (!deleted) return false;
    if (defaultLimit !== null) {
      await tx.execute(
        sql`insert into concurrency_limits (concurrency_key, "limit", using_default) values (${concurrencyKey}, ${defaultLimit}, true)`,
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'concurrency_limit.delete',
      target: poolTarget(concurrencyKey),
      before: deleted satisfies LimitRow,
      after: (defaultLimit === null ? null : { limit: defaultLimit, usingDefault: true }) satisfies LimitRow,
    });
    // The pool lock is held: the exclusive advisory lock, and the row this transaction deleted or wrote.
    await grantWaitingClaims(tx, config, concurrencyKey);
    await notify(tx, { topic: 'pool', key: concurrencyKey });
    return true;
  });
}

/**
 * Creates the default-limit rows of pools seen for the first time (e.g. in a launched run), when a default
 * is configured. Needs no pool lock: a missing row and a default row mean the same effective limit.
 */
export async function ensureDefaultLimitRows(executor: Executor, config: InstanceConfig, keys: readonly string[]): Promise<void> {
  const defaultLimit = config.concurrency.pools.defaultLimit;
  if (defaultLimit === null || keys.length === 0) return;
  await executor.execute(
    sql`insert into concurrency_limits (concurrency_key, "limit", using_default)
        select key, ${defaultLimit}::int, true from unnest(${sql.param([...new Set(keys)].sort())}::text[]) as key
        on conflict (concurrency_key) do nothing`,
  );
}
