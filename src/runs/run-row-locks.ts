// Row locks a worker's journal batch takes on the runs it writes, without waiting: a run whose row another
// transaction holds (a termination's `FOR UPDATE`, a monitor's transition) is reported busy instead, so one
// locked run does not hold up the batch of every other run of the worker (src/execution/run-journal.ts).
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/database.js';

/**
 * Locks, in the caller's transaction, the rows of `runIds` the batch will write: FOR NO KEY UPDATE for the
 * runs it ends (their status changes), FOR KEY SHARE for the others (what their events' foreign key takes
 * anyway), both SKIP LOCKED and in id order. Returns the runs that exist but could not be locked now; a
 * run that does not exist is not busy (its write fails as it would have).
 */
export async function lockRunsForWriting(tx: Tx, runIds: readonly string[], ending: ReadonlySet<string>): Promise<Set<string>> {
  if (runIds.length === 0) return new Set();
  const ends = runIds.filter((id) => ending.has(id));
  const others = runIds.filter((id) => !ending.has(id));
  const locked = new Set<string>();
  for (const [ids, mode] of [
    [ends, sql`for no key update skip locked`],
    [others, sql`for key share skip locked`],
  ] as const) {
    if (ids.length === 0) continue;
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`select id from runs where id = any(${sql.param(ids)}::uuid[]) order by id ${mode}`,
    );
    for (const row of rows) locked.add(row.id);
  }
  if (locked.size === runIds.length) return new Set();
  const skipped = runIds.filter((id) => !locked.has(id));
  const present = await queryRows<{ id: string }>(tx, sql`select id from runs where id = any(${sql.param(skipped)}::uuid[])`);
  return new Set(present.map((row) => row.id));
}
