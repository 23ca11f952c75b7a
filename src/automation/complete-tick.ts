// The end of ticks, in one transaction per batch: their runs created through the queue, their run keys
// recorded, each tick's outcome written and each instigator's last tick (and a sensor's cursor) moved on.
// A tick whose claim this daemon lost (lease lapsed, another daemon took it over) is left out: nothing of
// it is written. Batching lets 1,000 schedules due at one minute end in a few transactions, not 1,000.
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
import { endTicks, heldClaims, type ClaimedTick, type TickEnd, type TickError } from './ticks.js';

/** What an evaluation came to, before its end is written. */
export type TickOutcome =
  | { kind: 'requests'; requests: { request: RunRequest; run: NewRun }[]; cursor: string | null }
  | { kind: 'skipped'; reason: string | null; cursor: string | null }
  | { kind: 'failed'; error: TickError };

export interface EvaluatedTick {
  tick: ClaimedTick;
  outcome: TickOutcome;
}

/** Ends the ticks still held by this daemon; returns each ended tick's end, by tick id. */
export async function completeTicks(instance: Instance, evaluated: readonly EvaluatedTick[]): Promise<Map<number, TickEnd>> {
  if (evaluated.length === 0) return new Map();
  return instance.database.db.transaction(async (tx) => {
    const held = await heldClaims(
      tx,
      evaluated.map(({ tick }) => tick),
    );
    const mine = evaluated.filter(({ tick }) => held.has(tick.id));
    const launches = await unusedRunKeys(tx, mine);
    const created = await insertPlannedRuns(
      tx,
      instance,
      launches.map(({ run }) => run),
    );
    const runsOf = new Map<number, { runId: string; runKey: string | null }[]>();
    launches.forEach(({ tickId, request }, index) => {
      runsOf.set(tickId, [...(runsOf.get(tickId) ?? []), { runId: created[index]!.id, runKey: request.runKey }]);
    });
    await recordRunKeys(
      tx,
      launches.flatMap(({ instigatorName, request }, index) =>
        request.runKey === null ? [] : [{ instigatorName, runKey: request.runKey, runId: created[index]!.id }],
      ),
    );
    const ends = new Map(mine.map(({ tick, outcome }) => [tick.id, endOf(outcome, runsOf.get(tick.id) ?? [])]));
    await endTicks(
      tx,
      mine.map(({ tick }) => ({ tick, end: ends.get(tick.id)! })),
    );
    await moveStates(tx, mine);
    return ends;
  });
}

function endOf(outcome: TickOutcome, launched: { runId: string; runKey: string | null }[]): TickEnd {
  const none = { runIds: [], runKeys: [], skipReason: null, error: null, cursor: null };
  if (outcome.kind === 'failed') return { ...none, status: 'FAILURE', error: outcome.error };
  if (outcome.kind === 'skipped') return { ...none, status: 'SKIPPED', skipReason: outcome.reason, cursor: outcome.cursor };
  const runKeys = launched.flatMap(({ runKey }) => (runKey === null ? [] : [runKey]));
  if (launched.length > 0)
    return { ...none, status: 'SUCCESS', runIds: launched.map(({ runId }) => runId), runKeys, cursor: outcome.cursor };
  return {
    ...none,
    status: 'SKIPPED',
    cursor: outcome.cursor,
    skipReason: `Every run request's run key was used by an earlier tick (${outcome.requests.length} request(s)); nothing was launched.`,
  };
}

interface Launch {
  tickId: number;
  instigatorName: string;
  request: RunRequest;
  run: NewRun;
}

/** The runs to create: each request whose run key (if any) its instigator never used, each key once. */
async function unusedRunKeys(tx: Executor, evaluated: readonly EvaluatedTick[]): Promise<Launch[]> {
  const launches: Launch[] = evaluated.flatMap(({ tick, outcome }) =>
    outcome.kind === 'requests'
      ? outcome.requests.map(({ request, run }) => ({ tickId: tick.id, instigatorName: tick.instigatorName, request, run }))
      : [],
  );
  const keyed = launches.filter(({ request }) => request.runKey !== null);
  if (keyed.length === 0) return launches;
  // Sorted, so two daemons ending overlapping sets of instigators cannot deadlock.
  const names = [...new Set(keyed.map(({ instigatorName }) => instigatorName))].sort();
  for (const name of names) await lockKeyForTransaction(tx, KEYED_LOCKS.instigator, name);
  const used = await queryRows<{ instigator_name: string; run_key: string }>(
    tx,
    sql`select k.instigator_name, k.run_key from instigator_run_keys k
        join unnest(${sql.param(keyed.map((l) => l.instigatorName))}::text[], ${sql.param(keyed.map((l) => l.request.runKey!))}::text[]) as w(name, key)
          on k.instigator_name = w.name and k.run_key = w.key`,
  );
  const taken = new Set(used.map((row) => `${row.instigator_name}\u0000${row.run_key}`));
  return launches.filter(({ instigatorName, request }) => {
    if (request.runKey === null) return true;
    const key = `${instigatorName}\u0000${request.runKey}`;
    if (taken.has(key)) return false;
    taken.add(key);
    return true;
  });
}

async function recordRunKeys(tx: Executor, keys: { instigatorName: string; runKey: string; runId: string }[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(
    sql`insert into instigator_run_keys (instigator_name, run_key, run_id)
        select * from unnest(${sql.param(keys.map((k) => k.instigatorName))}::text[], ${sql.param(keys.map((k) => k.runKey))}::text[],
                             ${sql.param(keys.map((k) => k.runId))}::uuid[])`,
  );
}

/**
 * Moves each instigator's last tick to its ended tick (never backwards) and stores a sensor's new cursor; a
 * failed sensor tick keeps the old cursor, so the next tick retries from the same place. The first is an
 * upsert: a sensor that runs by default has no row until its first tick ends. (A batch holds one tick per
 * instigator.)
 */
async function moveStates(tx: Executor, ended: readonly EvaluatedTick[]): Promise<void> {
  if (ended.length === 0) return;
  await tx.execute(
    sql`insert into instigator_states as s (name, instigator_type, status, last_tick_at)
        select name, type, 'DECLARED_IN_CODE', at
        from unnest(${sql.param(ended.map(({ tick }) => tick.instigatorName))}::text[], ${sql.param(ended.map(({ tick }) => tick.instigatorType))}::text[],
                    ${sql.param(ended.map(({ tick }) => tick.tickAt.toISOString()))}::timestamptz[]) as u(name, type, at)
        on conflict (name) do update set last_tick_at = greatest(coalesce(s.last_tick_at, excluded.last_tick_at), excluded.last_tick_at)`,
  );
  const cursors = ended.flatMap(({ tick, outcome }) =>
    tick.instigatorType === 'SENSOR' && outcome.kind !== 'failed' ? [{ name: tick.instigatorName, cursor: outcome.cursor }] : [],
  );
  if (cursors.length === 0) return;
  await tx.execute(
    sql`update instigator_states s set cursor = u.cursor
        from unnest(${sql.param(cursors.map((c) => c.name))}::text[], ${sql.param(cursors.map((c) => c.cursor))}::text[]) as u(name, cursor)
        where s.name = u.name`,
  );
}
