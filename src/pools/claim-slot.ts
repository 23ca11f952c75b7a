// Claiming and releasing pool slots for steps (op granularity, SPEC §4). Each operation is ONE transaction
// on one pool: the pool lock first (pool-lock.ts), then the change, then the grant (grant-slots.ts, where
// the invariant lives), then a 'pool' hint when anything changed. The hint names the claims the grant
// served (by seq), which their waiters in any process take as their grant; other waiters it only wakes
// (slot-gate.ts).
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Db } from '../db/database.js';
import { notify } from '../db/notifier.js';
import { RunNotFoundError } from '../runs/errors.js';
import { isRunId } from '../runs/run-record.js';
import { isTerminal, TERMINAL_STATUSES } from '../runs/vocabulary.js';
import { RunFinishedError } from './errors.js';
import { grantWaitingClaims, type GrantedClaim } from './grant-slots.js';
import { lockPool } from './pool-lock.js';

export interface ClaimRef {
  /** The pool. */
  key: string;
  runId: string;
  stepKey: string;
}

export interface SlotRequest extends ClaimRef {
  /** Higher is served first: the run's `dagster/priority` plus the step's (see claimPriority). */
  priority: number;
}

export interface SlotAnswer {
  granted: boolean;
  /** The claim row's seq: unique per claim, so a 'pool' hint naming it names this claim and no later one. */
  seq: string;
}

/**
 * Records the step's claim (waiting) and grants what the pool allows, in one transaction. Idempotent: a
 * repeated request keeps the first claim, its place in line and its grant. Throws RunNotFoundError for an
 * unknown run and RunFinishedError for a finished one (no claim may outlive its run: the run row is locked,
 * so a concurrent terminal transition either waits for this claim and deletes it, or commits first and this
 * request sees the final status).
 *
 * The run's first claim in a pool also takes the pool out of the run's unclaimed_root_pools, in the same
 * statement: from this commit the claim row counts for the run at dequeue instead (pool-usage.ts). The lock
 * is FOR NO KEY UPDATE, not FOR SHARE, because of that update: two claims of one run in two pools would each
 * hold a share lock and wait for the other's to upgrade it (a deadlock).
 */
export async function requestSlot(db: Db, config: InstanceConfig, request: SlotRequest): Promise<SlotAnswer> {
  const { key, runId, stepKey, priority } = request;
  if (!isRunId(runId)) throw new RunNotFoundError(runId);
  return db.transaction(async (tx) => {
    await lockPool(tx, config, key);
    const [row] = await queryRows<{ status: string | null; inserted: boolean; held: boolean | null; seq: string | null }>(
      tx,
      sql`with run as (
            select id, status from runs where id = ${runId} for no key update
          ), inserted as (
            insert into concurrency_claims (concurrency_key, run_id, step_key, priority)
            select ${key}::text, id, ${stepKey}::text, ${priority}::int from run
            where status <> all(${sql.param([...TERMINAL_STATUSES])}::text[])
            on conflict (concurrency_key, run_id, step_key) do nothing
            returning seq
          ), asked as (
            update runs set unclaimed_root_pools = array_remove(unclaimed_root_pools, ${key}::text)
            where id = ${runId} and ${key}::text = any(unclaimed_root_pools) and exists(select 1 from inserted)
          )
          select (select status from run) as status,
                 exists(select 1 from inserted) as inserted,
                 -- The claim as it was before this statement (null when it did not exist).
                 (select claimed_at is not null from concurrency_claims
                  where concurrency_key = ${key} and run_id = ${runId} and step_key = ${stepKey}) as held,
                 coalesce((select seq from inserted),
                          (select seq from concurrency_claims
                           where concurrency_key = ${key} and run_id = ${runId} and step_key = ${stepKey}))::text as seq`,
    );
    if (!row?.status) throw new RunNotFoundError(runId);
    if (isTerminal(row.status)) throw new RunFinishedError(runId, row.status, stepKey, key);
    const seq = row.seq!;
    if (row.held) return { granted: true, seq };
    const { granted } = await grantWaitingClaims(tx, config, key);
    // A new waiter changes the pool too; grants already sent their hint. The grant ran in this
    // transaction, so the hint says so (granted: none): other processes' waiters need not run it again.
    if (row.inserted && granted.length === 0) await notify(tx, { topic: 'pool', key, granted: [] });
    return { granted: granted.some((claim) => claim.runId === runId && claim.stepKey === stepKey), seq };
  });
}

/**
 * Deletes the step's claim (held or waiting) and grants the freed slot to the next waiters, in one
 * transaction. Returns whether there was a claim, and what was granted.
 */
export async function releaseSlot(
  db: Db,
  config: InstanceConfig,
  claim: ClaimRef,
): Promise<{ released: boolean; granted: GrantedClaim[] }> {
  if (!isRunId(claim.runId)) return { released: false, granted: [] };
  return db.transaction(async (tx) => {
    await lockPool(tx, config, claim.key);
    return grantWaitingClaims(tx, config, claim.key, claim);
  });
}

/**
 * Grants waiting claims of the pool up to its limit. Anyone may run it at any time (it only ever does
 * what the invariant allows): waiters woken by a hint run it, because whoever freed the slot may not have
 * (a run's terminal transition deletes its claims without knowing the config).
 */
export async function grantWaiting(db: Db, config: InstanceConfig, key: string): Promise<GrantedClaim[]> {
  return db.transaction(async (tx) => {
    await lockPool(tx, config, key);
    return (await grantWaitingClaims(tx, config, key)).granted;
  });
}

const MAX_INT4 = 2 ** 31 - 1;

/** A step's claim priority: the run's `dagster/priority` plus the step's own, within Postgres int range. */
export function claimPriority(runPriority: number, stepPriority: number): number {
  return Math.max(-MAX_INT4, Math.min(MAX_INT4, runPriority + stepPriority));
}
