// The end of a tick, in one transaction: its runs created through the queue, its run keys recorded, the
// tick's outcome written and the instigator's last tick (and a sensor's cursor) moved on. A daemon that
// lost its claim (lease lapsed, another daemon took the tick over) commits nothing.
//
// Invariant (run keys): a (schedule or sensor, run key) launches at most one run, ever. The ledger
// instigator_run_keys has that pair as its key, and ends of one instigator's ticks take its advisory lock
// before they read the ledger, so two ends never both find a key unused.
import { sql } from 'drizzle-orm';
import { lockKeyForTransaction, KEYED_LOCKS } from '../db/advisory-lock.js';
import { queryRows, type Executor } from '../db/database.js';
import type { RunRequest } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { insertPlannedRuns } from '../queue/launch.js';
import type { NewRun } from '../runs/create-runs.js';
import { endTick, holdClaim, type ClaimedTick, type TickError } from './ticks.js';

/** What an evaluation came to, before its end is written. */
export type TickOutcome =
  | { kind: 'requests'; requests: { request: RunRequest; run: NewRun }[]; cursor: string | null }
  | { kind: 'skipped'; reason: string | null; cursor: string | null }
  | { kind: 'failed'; error: TickError };

export interface TickResultSummary {
  status: 'SUCCESS' | 'SKIPPED' | 'FAILURE';
  runIds: string[];
}

/** Ends a claimed tick; null when the claim was lost and nothing was written. */
export async function completeTick(instance: Instance, tick: ClaimedTick, outcome: TickOutcome): Promise<TickResultSummary | null> {
  return instance.database.db.transaction(async (tx) => {
    if (!(await holdClaim(tx, tick))) return null;
    let summary: TickResultSummary;
    let skipReason: string | null = null;
    let runKeys: string[] = [];
    let cursor: string | null = null;
    if (outcome.kind === 'failed') {
      summary = { status: 'FAILURE', runIds: [] };
    } else if (outcome.kind === 'skipped') {
      summary = { status: 'SKIPPED', runIds: [] };
      skipReason = outcome.reason;
      cursor = outcome.cursor;
    } else {
      const fresh = await unusedRunKeys(tx, tick.instigatorName, outcome.requests);
      const created = await insertPlannedRuns(
        tx,
        instance,
        fresh.map(({ run }) => run),
      );
      runKeys = fresh.flatMap(({ request }) => (request.runKey === null ? [] : [request.runKey]));
      await recordRunKeys(
        tx,
        tick.instigatorName,
        fresh.flatMap(({ request }, index) => (request.runKey === null ? [] : [{ runKey: request.runKey, runId: created[index]!.id }])),
      );
      cursor = outcome.cursor;
      if (created.length > 0) {
        summary = { status: 'SUCCESS', runIds: created.map((run) => run.id) };
      } else {
        summary = { status: 'SKIPPED', runIds: [] };
        skipReason =
          outcome.requests.length === 0
            ? null
            : `Every run request's run key was used by an earlier tick (${outcome.requests.length} request(s)); nothing was launched.`;
      }
    }
    await endTick(tx, tick, {
      status: summary.status,
      runIds: summary.runIds,
      runKeys,
      skipReason,
      error: outcome.kind === 'failed' ? outcome.error : null,
      cursor,
    });
    // A failed sensor tick keeps its cursor, so the next tick retries from the same place.
    const keepCursor = tick.instigatorType === 'SCHEDULE' || outcome.kind === 'failed';
    // Upsert: a sensor that runs by default has no row until its first tick ends.
    await tx.execute(
      sql`insert into instigator_states (name, instigator_type, status, last_tick_at, cursor)
          values (${tick.instigatorName}, ${tick.instigatorType}, 'DECLARED_IN_CODE', ${tick.tickAt}::timestamptz, ${keepCursor ? null : cursor})
          on conflict (name) do update set
            last_tick_at = greatest(coalesce(instigator_states.last_tick_at, excluded.last_tick_at), excluded.last_tick_at),
            cursor = case when ${keepCursor} then instigator_states.cursor else excluded.cursor end`,
    );
    return summary;
  });
}

/** The requests whose run key (if any) this instigator never used, each key once, in order. */
async function unusedRunKeys<T extends { request: RunRequest }>(tx: Executor, instigatorName: string, requests: T[]): Promise<T[]> {
  const keys = [...new Set(requests.flatMap(({ request }) => (request.runKey === null ? [] : [request.runKey])))];
  if (keys.length === 0) return requests;
  await lockKeyForTransaction(tx, KEYED_LOCKS.instigator, instigatorName);
  const used = await queryRows<{ run_key: string }>(
    tx,
    sql`select run_key from instigator_run_keys where instigator_name = ${instigatorName} and run_key = any(${sql.param(keys)}::text[])`,
  );
  const taken = new Set(used.map((row) => row.run_key));
  return requests.filter(({ request }) => {
    if (request.runKey === null) return true;
    if (taken.has(request.runKey)) return false;
    taken.add(request.runKey);
    return true;
  });
}

async function recordRunKeys(tx: Executor, instigatorName: string, keys: { runKey: string; runId: string }[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(
    sql`insert into instigator_run_keys (instigator_name, run_key, run_id)
        select ${instigatorName}, k, r from unnest(${sql.param(keys.map((k) => k.runKey))}::text[], ${sql.param(keys.map((k) => k.runId))}::uuid[]) as x(k, r)`,
  );
}
