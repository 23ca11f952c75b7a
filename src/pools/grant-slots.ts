// Invariant: a pool never has more claims holding a slot than its effective limit at the time of any
// grant. Lowering a limit revokes nothing: the statement grants nothing until held < limit again.
//
// How: the caller holds the pool lock (pool-lock.ts), taken in an earlier statement of its transaction, so
// every grant of this pool is serialized and this statement's snapshot sees all of them. Then ONE
// statement counts the held claims and grants the first (limit − held) waiting claims in service order
// (priority desc, then request order): no read-then-write round trip in which the count could go stale.
// FOR UPDATE SKIP LOCKED passes over waiting claims another transaction is deleting (a step aborted, a
// run ended) instead of queueing behind it; a skipped claim that survives is served by the next grant.
// A held claim being deleted still counts until its delete commits, which errs on the safe side.
//
// The statement's 'pool' hint names the claims it granted (their seq, unique per claim row, so a hint can
// never be taken for a later claim of the same step) and says that the pool's grant has run: a waiting step
// named in it may run without reading its claim again, and one not named need not run the grant itself
// (slot-gate.ts states why that is safe). Past MAX_HINTED_GRANTS the list is left out (null): the hint
// stays far below NOTIFY's 8000-byte payload limit and waiters read their claims as before.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Tx } from '../db/database.js';
import { notifyHintSql } from '../db/notifier.js';
import { effectiveLimitSql } from './effective-limit.js';

export interface GrantedClaim {
  runId: string;
  stepKey: string;
  priority: number;
}

/** The most granted claims one hint names; a bigger grant (a limit raised a lot) hints without the list. */
export const MAX_HINTED_GRANTS = 100;

/**
 * Grants waiting claims of `key` up to its effective limit, and hints the pool when it changed anything.
 * Call with the pool lock held. With `release`, the same statement first deletes that claim (the step
 * is done) and counts its slot as free: a release is then one statement, not three round trips. The
 * statement's snapshot still shows the deleted row, so its slot is subtracted from the held count and
 * the claim is left out of the waiters explicitly.
 */
export async function grantWaitingClaims(
  tx: Tx,
  config: InstanceConfig,
  key: string,
  release?: { runId: string; stepKey: string },
): Promise<{ released: boolean; granted: GrantedClaim[] }> {
  const releaseRun = release?.runId ?? null;
  const releaseStep = release?.stepKey ?? null;
  const rows = await queryRows<{ kind: 'released' | 'granted'; run_id: string; step_key: string; priority: number; seq: string }>(
    tx,
    sql`with released as (
          delete from concurrency_claims
          where concurrency_key = ${key} and run_id = ${releaseRun}::uuid and step_key = ${releaseStep}::text
          returning seq, run_id, step_key, priority, claimed_at is not null as held
        ), pool as (
          select ${effectiveLimitSql(config, 'l')} as slot_limit
          from (select ${key}::text as concurrency_key) k
          left join concurrency_limits l using (concurrency_key)
        ), free as (
          select case when slot_limit is null then null  -- unlimited: LIMIT NULL grants every waiter
                      else greatest(slot_limit - (
                        (select count(*) from concurrency_claims
                         where concurrency_key = ${key} and claimed_at is not null)
                        - (select count(*) from released where held)), 0)
                 end as n
          from pool
        ), next as (
          select seq from concurrency_claims
          where concurrency_key = ${key} and claimed_at is null
            and seq not in (select seq from released)
          order by priority desc, seq
          limit (select n from free)
          for update skip locked
        ), granted as (
          update concurrency_claims c set claimed_at = now()
          from next where c.seq = next.seq
          returning c.run_id, c.step_key, c.priority, c.seq
        ), changes as (
          select 'released' as kind, run_id, step_key, priority, seq from released
          union all
          select 'granted', run_id, step_key, priority, seq from granted
        )
        select kind, run_id, step_key, priority, seq::text as seq,
               -- One hint per statement that changed the pool (sent on commit), naming what it granted.
               case when row_number() over () = 1
                    then ${notifyHintSql('pool', {
                      key: sql`${key}::text`,
                      granted: sql`(select case when count(*) <= ${MAX_HINTED_GRANTS}
                                                then coalesce(json_agg(seq::text order by seq), '[]'::json) end
                                    from granted)`,
                      grantedAt: sql`extract(epoch from now())::float8`,
                    })} end
        from changes`,
  );
  const granted = rows
    .filter((row) => row.kind === 'granted')
    .sort((a, b) => b.priority - a.priority || compareSeq(a.seq, b.seq))
    .map((row) => ({ runId: row.run_id, stepKey: row.step_key, priority: row.priority }));
  return { released: rows.some((row) => row.kind === 'released'), granted };
}

function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
