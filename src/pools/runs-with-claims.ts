// Which of some runs hold or wait for pool slots: a run has a claim row per step that holds a slot or
// waits for one, from the step's start until release-run-claims.ts removes it.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';

/** The ids, among `runIds`, of runs with at least one claim (held or waiting); one query for all of them. */
export async function runsWithClaims(executor: Executor, runIds: readonly string[]): Promise<Set<string>> {
  if (runIds.length === 0) return new Set();
  const rows = await queryRows<{ run_id: string }>(
    executor,
    sql`select distinct run_id::text as run_id from concurrency_claims where run_id = any(${sql.param([...runIds])}::uuid[])`,
  );
  return new Set(rows.map((row) => row.run_id));
}
