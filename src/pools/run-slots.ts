// Run granularity (concurrency.pools.granularity: run): a dequeued run holds one slot of every pool it
// uses until it ends; its steps claim nothing. The claims are written by the dequeue pass that admits the
// run, in its transaction, after it locked the pools (lockPool) and counted their held slots — so the
// pools' limits hold across coordinators. They are released with the run's other claims when it ends
// (releaseRunClaims, in the terminal transition).
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import type { Tx } from '../db/database.js';
import { notifyHintSql } from '../db/notifier.js';
import { lockPool } from './pool-lock.js';

/** The step key of a run-granularity claim: it belongs to the run, not to a step. */
export const RUN_SLOT_STEP_KEY = '__run__';

/** Locks the pools a dequeue pass may claim, in sorted order (no deadlock between passes and grants). */
export async function lockPools(tx: Tx, config: InstanceConfig, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) await lockPool(tx, config, key);
}

export async function claimRunSlots(tx: Tx, runs: readonly { runId: string; pools: readonly string[]; priority: number }[]): Promise<void> {
  const rows = runs.flatMap((run) => run.pools.map((pool) => ({ runId: run.runId, pool, priority: run.priority })));
  if (rows.length === 0) return;
  await tx.execute(
    sql`with claimed as (
          insert into concurrency_claims (concurrency_key, run_id, step_key, priority, claimed_at)
          select r.pool, r."runId", ${RUN_SLOT_STEP_KEY}, r.priority, now()
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(pool text, "runId" uuid, priority int)
          on conflict do nothing
          returning concurrency_key
        ), keys as (select distinct concurrency_key from claimed)
        select ${notifyHintSql('pool', { key: sql`concurrency_key` })} from keys`,
  );
}
