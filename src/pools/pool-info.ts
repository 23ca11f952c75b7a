// Pools as Dagster's ConcurrencyKeyInfo describes them, for the API and the CLI. Two queries however many
// pools there are: the pools with their effective limits, then their claims.
import { sql, type SQL } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Executor } from '../db/database.js';
import { effectiveLimitSql, usingDefaultSql } from './effective-limit.js';

export interface ClaimedSlot {
  runId: string;
  stepKey: string;
}

export interface PendingStep {
  runId: string;
  stepKey: string;
  enqueuedTimestamp: Date;
  /** When the step was granted its slot; null while it waits. */
  assignedTimestamp: Date | null;
  priority: number;
}

export interface ConcurrencyKeyInfo {
  concurrencyKey: string;
  /** The effective limit (Dagster reads the limit from slotCount); null = unlimited. */
  slotCount: number | null;
  limit: number | null;
  /** The pool follows `concurrency.pools.default_limit` rather than an explicit limit. */
  usingDefaultLimit: boolean;
  /** The steps holding a slot now. */
  claimedSlots: ClaimedSlot[];
  /** Every claim, holding (assignedTimestamp set) or waiting, in service order. */
  pendingSteps: PendingStep[];
  activeSlotCount: number;
  activeRunIds: string[];
  /** Steps waiting for a slot. */
  pendingStepCount: number;
  pendingStepRunIds: string[];
  /** Steps holding a slot (the same claims as claimedSlots: a granted step holds its slot at once). */
  assignedStepCount: number;
  assignedStepRunIds: string[];
}

/** One pool, whether or not it has a limit row or claims. */
export async function concurrencyKeyInfo(executor: Executor, config: InstanceConfig, key: string): Promise<ConcurrencyKeyInfo> {
  const [info] = await loadInfos(executor, config, sql`(select ${key}::text as concurrency_key)`, sql`where concurrency_key = ${key}`);
  return info!;
}

/** Every pool with a limit row or a claim, sorted by key. */
export function allConcurrencyKeyInfos(executor: Executor, config: InstanceConfig): Promise<ConcurrencyKeyInfo[]> {
  return loadInfos(
    executor,
    config,
    sql`(select concurrency_key from concurrency_limits union select concurrency_key from concurrency_claims)`,
    sql``,
  );
}

interface PoolRow {
  concurrency_key: string;
  slot_limit: number | null;
  using_default: boolean;
}

interface ClaimRow {
  concurrency_key: string;
  run_id: string;
  step_key: string;
  priority: number;
  enqueued_ms: number;
  claimed_ms: number | null;
}

async function loadInfos(executor: Executor, config: InstanceConfig, keys: SQL, claimFilter: SQL): Promise<ConcurrencyKeyInfo[]> {
  const pools = await queryRows<PoolRow>(
    executor,
    sql`select k.concurrency_key, ${effectiveLimitSql(config, 'l')} as slot_limit, ${usingDefaultSql(config, 'l')} as using_default
        from ${keys} k
        left join concurrency_limits l using (concurrency_key)
        order by k.concurrency_key collate "C"`,
  );
  const claims = await queryRows<ClaimRow>(
    executor,
    sql`select concurrency_key, run_id, step_key, priority,
               (extract(epoch from enqueued_at) * 1000)::float8 as enqueued_ms,
               (extract(epoch from claimed_at) * 1000)::float8 as claimed_ms
        from concurrency_claims ${claimFilter}
        order by concurrency_key, claimed_at is null, claimed_at, priority desc, seq`,
  );
  const byKey = new Map<string, ClaimRow[]>();
  for (const claim of claims) {
    let list = byKey.get(claim.concurrency_key);
    if (!list) byKey.set(claim.concurrency_key, (list = []));
    list.push(claim);
  }
  return pools.map((pool) => toInfo(pool, byKey.get(pool.concurrency_key) ?? []));
}

function toInfo(pool: PoolRow, claims: ClaimRow[]): ConcurrencyKeyInfo {
  const held = claims.filter((claim) => claim.claimed_ms !== null);
  const waiting = claims.filter((claim) => claim.claimed_ms === null);
  const runIds = (list: ClaimRow[]) => [...new Set(list.map((claim) => claim.run_id))].sort();
  return {
    concurrencyKey: pool.concurrency_key,
    slotCount: pool.slot_limit,
    limit: pool.slot_limit,
    usingDefaultLimit: pool.using_default,
    claimedSlots: held.map((claim) => ({ runId: claim.run_id, stepKey: claim.step_key })),
    pendingSteps: claims.map((claim) => ({
      runId: claim.run_id,
      stepKey: claim.step_key,
      enqueuedTimestamp: new Date(Number(claim.enqueued_ms)),
      assignedTimestamp: claim.claimed_ms === null ? null : new Date(Number(claim.claimed_ms)),
      priority: claim.priority,
    })),
    activeSlotCount: held.length,
    activeRunIds: runIds(held),
    pendingStepCount: waiting.length,
    pendingStepRunIds: runIds(waiting),
    assignedStepCount: held.length,
    assignedStepRunIds: runIds(held),
  };
}
