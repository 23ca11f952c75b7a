// Advisory locks for cold paths (migrations, sweeps, the dequeue). Every lock of the codebase is named
// here, so two features never pick the same key by accident.
import { sql } from 'drizzle-orm';
import type { Executor } from './database.js';

export const LOCKS = {
  migrate: 'tidepool:migrate',
  dequeue: 'tidepool:dequeue',
  monitor: 'tidepool:monitor',
} as const;
export type LockName = (typeof LOCKS)[keyof typeof LOCKS];

/**
 * Takes transaction-scoped advisory locks, in sorted order so that two transactions taking overlapping
 * sets cannot deadlock. `lock_timeout` bounds the wait: a stuck holder turns into an error, not a hang.
 */
export async function lockForTransaction(tx: Executor, names: LockName[], timeoutMs = 30_000): Promise<void> {
  await tx.execute(sql`select set_config('lock_timeout', ${`${timeoutMs}ms`}, true)`);
  for (const name of [...new Set(names)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
  }
}

/** Like lockForTransaction for one lock, but gives up at once: returns false when another holds it. */
export async function tryLockForTransaction(tx: Executor, name: LockName): Promise<boolean> {
  const result = (await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${name})) as locked`)) as unknown as {
    rows: { locked: boolean }[];
  };
  return result.rows[0]?.locked === true;
}
