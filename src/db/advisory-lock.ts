// Advisory locks for cold paths (migrations, sweeps, the dequeue, limit changes) and the per-pool lock.
// Every lock namespace of the codebase is named here, so two features never pick the same key by accident.
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { queryRows, type Executor } from './database.js';

export const LOCKS = {
  migrate: 'tidepool:migrate',
  dequeue: 'tidepool:dequeue',
  monitor: 'tidepool:monitor',
  /** Roll-ups of run count deltas take turns (src/runs/run-count-counters.ts). */
  runCounts: 'tidepool:run-counts',
} as const;
export type LockName = (typeof LOCKS)[keyof typeof LOCKS];

/**
 * Namespaces of locks taken per key (one lock per pool). They use the two-int key form
 * (hashtext(namespace), hashtext(key)), a key space that never overlaps the single-key LOCKS above; a
 * hash collision only serializes two keys.
 */
export const KEYED_LOCKS = {
  /** The pool lock (src/pools/pool-lock.ts). */
  pool: 'tidepool:pool',
  /** Ends of one schedule's or sensor's ticks, so its run-key ledger is read and written by one at a time. */
  instigator: 'tidepool:instigator',
} as const;
export type KeyedLockNamespace = (typeof KEYED_LOCKS)[keyof typeof KEYED_LOCKS];

/**
 * Takes transaction-scoped advisory locks, in sorted order so that two transactions taking overlapping
 * sets cannot deadlock. `lock_timeout` bounds the wait: a stuck holder turns into an error, not a hang.
 */
export async function lockForTransaction(tx: Executor, names: LockName[], timeoutMs = 30_000): Promise<void> {
  const [first, ...rest] = [...new Set(names)].sort();
  if (first === undefined) return setLockTimeout(tx, timeoutMs);
  // The timeout and the first lock in one round trip (the dequeue pass takes this lock on the way from a
  // launch to STARTING): the outer select list is evaluated on the subquery's row, so the timeout is set
  // before the lock is waited for; OFFSET 0 keeps the planner from folding the subquery away.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${first}))
        from (select set_config('lock_timeout', ${`${timeoutMs}ms`}, true) offset 0) timeout`,
  );
  for (const name of rest) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
}

/** Like lockForTransaction for one lock, but gives up at once: returns false when another holds it. */
export async function tryLockForTransaction(tx: Executor, name: LockName): Promise<boolean> {
  const [row] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext(${name})) as locked`);
  return row?.locked === true;
}

/**
 * Takes a session-scoped lock on a connection of its own (the migration: drizzle's migrator runs its own
 * transactions); released when the session ends, so a crash never leaves it held.
 */
export async function lockForSession(client: pg.ClientBase, name: LockName): Promise<void> {
  await client.query('select pg_advisory_lock(hashtext($1))', [name]);
}

/**
 * Takes the transaction-scoped lock on `key` in `namespace`. A shared lock excludes only exclusive ones
 * (so it suits a hot path whose holders need not exclude each other). With `timeoutMs` (cold paths) a
 * stuck holder turns into an error; without it the wait follows the session's lock_timeout.
 */
export async function lockKeyForTransaction(
  tx: Executor,
  namespace: KeyedLockNamespace,
  key: string,
  options: { shared?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  if (options.timeoutMs !== undefined) await setLockTimeout(tx, options.timeoutMs);
  await tx.execute(
    options.shared
      ? sql`select pg_advisory_xact_lock_shared(hashtext(${namespace}), hashtext(${key}))`
      : sql`select pg_advisory_xact_lock(hashtext(${namespace}), hashtext(${key}))`,
  );
}

async function setLockTimeout(tx: Executor, timeoutMs: number): Promise<void> {
  await tx.execute(sql`select set_config('lock_timeout', ${`${timeoutMs}ms`}, true)`);
}
