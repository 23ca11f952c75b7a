// A status set in SQL as a list of literals, not a bound array: the planner uses a partial index on
// runs (runs_in_progress_idx, runs_queued_idx in db/schema.ts) only when it can prove the index's
// predicate from constants in the query. The statuses are the vocabulary's own, never user input.
import { sql, type SQL } from 'drizzle-orm';
import { RUN_STATUSES, type RunStatus } from './vocabulary.js';

/** `status in (…)` over the runs table's `status` column (or `column`). */
export function statusIn(statuses: readonly RunStatus[], column: SQL = sql`status`): SQL {
  for (const status of statuses)
    if (!(RUN_STATUSES as readonly string[]).includes(status)) throw new Error(`Unknown run status ${status}.`);
  return sql`${column} in (${sql.raw(statuses.map((status) => `'${status}'`).join(', '))})`;
}
