// Invariant: no slot outlives its run. Run by transitionRuns as its run-end step (installed by
// instance/instance.ts), in the same transaction that moves runs to a terminal status, it deletes every
// claim and waiting claim of the runs and hints each affected pool. It grants
// nothing (it does not know the config): the steps waiting on those pools are woken by the hint and run
// the grant themselves (grantWaiting in claim-slot.ts), so they are served at once.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { notifyHintSql } from '../db/notifier.js';

export async function releaseRunClaims(executor: Executor, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await queryRows<{ concurrency_key: string }>(
    executor,
    sql`with released as (
          delete from concurrency_claims where run_id = any(${sql.param(runIds)}::uuid[])
          returning concurrency_key
        ), keys as (select distinct concurrency_key from released)
        select concurrency_key, ${notifyHintSql('pool', { key: sql`concurrency_key` })}
        from keys`,
  );
  return rows.map((row) => row.concurrency_key);
}
