// The tick log of schedules and sensors: the instigator_ticks table. Only src/automation reads or writes it.
//
// Invariant (once-only ticks, across any number of daemons): (instigator_name, tick_key) is unique, so a
// tick is claimed by one daemon at a time. The claim carries a lease; a STARTED tick whose lease lapsed
// (its daemon died or hung) may be claimed again, and its end (complete-tick.ts) commits only while the
// claim is still the ender's own. So a tick is neither lost (it is retried) nor doubled (one end commits).
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../db/database.js';
import type { InstigatorType } from './instigators.js';

export type TickStatus = 'STARTED' | 'SUCCESS' | 'SKIPPED' | 'FAILURE';
export const TICK_STATUSES: readonly TickStatus[] = ['STARTED', 'SUCCESS', 'SKIPPED', 'FAILURE'];

/** An evaluation error as stored: what GraphQL's PythonError and the CLI show. */
export interface TickError {
  className: string;
  message: string;
  stack: string[];
}

export interface Tick {
  id: number;
  instigatorName: string;
  instigatorType: InstigatorType;
  status: TickStatus;
  /** The scheduled time (schedules) or the evaluation time (sensors). */
  tickAt: Date;
  startedAt: Date;
  endedAt: Date | null;
  runIds: string[];
  runKeys: string[];
  skipReason: string | null;
  error: TickError | null;
  cursor: string | null;
}

export interface TickClaim {
  instigatorName: string;
  instigatorType: InstigatorType;
  /** Unique per instigator: a schedule's scheduled time, or a sensor's position in its tick sequence. */
  tickKey: string;
  tickAt: Date;
}

export interface ClaimedTick extends TickClaim {
  id: number;
  claimedBy: string;
}

/**
 * Claims ticks in one statement: each is inserted as STARTED, or taken over when a previous claim's lease
 * lapsed. Returns the claims this daemon now holds; the others are another daemon's or already ended.
 */
export async function claimTicks(
  executor: Executor,
  claims: readonly TickClaim[],
  daemonId: string,
  leaseSeconds: number,
): Promise<ClaimedTick[]> {
  if (claims.length === 0) return [];
  const rows = await queryRows<{ id: string | number; instigator_name: string; tick_key: string }>(
    executor,
    sql`insert into instigator_ticks (instigator_name, instigator_type, tick_key, status, tick_at, claimed_by, lease_until)
        select name, type, key, 'STARTED', at, ${daemonId}, now() + make_interval(secs => ${leaseSeconds})
        from unnest(${sql.param(claims.map((c) => c.instigatorName))}::text[], ${sql.param(claims.map((c) => c.instigatorType))}::text[],
                    ${sql.param(claims.map((c) => c.tickKey))}::text[], ${sql.param(claims.map((c) => c.tickAt.toISOString()))}::timestamptz[])
             as c(name, type, key, at)
        on conflict (instigator_name, tick_key) do update
          set claimed_by = excluded.claimed_by, lease_until = excluded.lease_until, started_at = now()
          where instigator_ticks.status = 'STARTED' and instigator_ticks.lease_until < now()
        returning id, instigator_name, tick_key`,
  );
  const claimed = new Map(rows.map((row) => [`${row.instigator_name}\u0000${row.tick_key}`, Number(row.id)]));
  return claims.flatMap((claim) => {
    const id = claimed.get(`${claim.instigatorName}\u0000${claim.tickKey}`);
    return id === undefined ? [] : [{ ...claim, id, claimedBy: daemonId }];
  });
}

/** The ids of the ticks still STARTED under this daemon's claim; locks them until the transaction ends. */
export async function heldClaims(tx: Executor, ticks: readonly ClaimedTick[]): Promise<Set<number>> {
  const rows = await queryRows<{ id: string | number }>(
    tx,
    sql`select t.id from instigator_ticks t
        join unnest(${sql.param(ticks.map((tick) => tick.id))}::bigint[], ${sql.param(ticks.map((tick) => tick.claimedBy))}::text[]) as c(id, claimed_by)
          on t.id = c.id and t.claimed_by = c.claimed_by
        where t.status = 'STARTED'
        order by t.id
        for update of t`,
  );
  return new Set(rows.map((row) => Number(row.id)));
}

export interface TickEnd {
  status: Exclude<TickStatus, 'STARTED'>;
  runIds: string[];
  runKeys: string[];
  skipReason: string | null;
  error: TickError | null;
  cursor: string | null;
}

export async function endTicks(tx: Executor, ends: readonly { tick: ClaimedTick; end: TickEnd }[]): Promise<void> {
  if (ends.length === 0) return;
  // Arrays of arrays do not pass through unnest as rows, so the run ids and keys travel as JSON.
  await tx.execute(
    sql`update instigator_ticks t set status = e.status, ended_at = now(),
          run_ids = array(select jsonb_array_elements_text(e.run_ids)), run_keys = array(select jsonb_array_elements_text(e.run_keys)),
          skip_reason = e.skip_reason, error = e.error, cursor = e.cursor
        from jsonb_to_recordset(${JSON.stringify(
          ends.map(({ tick, end }) => ({
            id: tick.id,
            status: end.status,
            run_ids: end.runIds,
            run_keys: end.runKeys,
            skip_reason: end.skipReason,
            error: end.error === null ? null : JSON.stringify(end.error),
            cursor: end.cursor,
          })),
        )}::jsonb) as e(id bigint, status text, run_ids jsonb, run_keys jsonb, skip_reason text, error text, cursor text)
        where t.id = e.id`,
  );
}

interface TickRow {
  id: string | number;
  instigator_name: string;
  instigator_type: InstigatorType;
  status: TickStatus;
  tick_at: Date | string;
  started_at: Date | string;
  ended_at: Date | string | null;
  run_ids: string[];
  run_keys: string[];
  skip_reason: string | null;
  error: string | null;
  cursor: string | null;
}

function toTick(row: TickRow): Tick {
  return {
    id: Number(row.id),
    instigatorName: row.instigator_name,
    instigatorType: row.instigator_type,
    status: row.status,
    tickAt: new Date(row.tick_at),
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    runIds: row.run_ids,
    runKeys: row.run_keys,
    skipReason: row.skip_reason,
    error: row.error === null ? null : (JSON.parse(row.error) as TickError),
    cursor: row.cursor,
  };
}

export const MAX_TICKS_PAGE = 1000;

export interface TickQuery {
  limit: number;
  /** Ids below this one (the previous page's last id). */
  cursor?: number | null;
  statuses?: readonly TickStatus[] | null;
  /** Tick times within these bounds (seconds since the epoch, as Dagster's dayRange/before/after are). */
  afterTimestamp?: number | null;
  beforeTimestamp?: number | null;
}

/** One instigator's ticks, newest first. */
export async function readTicks(executor: Executor, name: string, query: TickQuery): Promise<Tick[]> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_TICKS_PAGE) {
    throw new RangeError(`The tick page size must be an integer from 1 to ${MAX_TICKS_PAGE} (got ${query.limit}).`);
  }
  const conditions = [sql`instigator_name = ${name}`];
  if (query.cursor != null) conditions.push(sql`id < ${query.cursor}`);
  if (query.statuses && query.statuses.length > 0) conditions.push(sql`status = any(${sql.param([...query.statuses])}::text[])`);
  if (query.afterTimestamp != null) conditions.push(sql`tick_at > to_timestamp(${query.afterTimestamp})`);
  if (query.beforeTimestamp != null) conditions.push(sql`tick_at < to_timestamp(${query.beforeTimestamp})`);
  const rows = await queryRows<TickRow>(
    executor,
    sql`select * from instigator_ticks where ${sql.join(conditions, sql` and `)} order by id desc limit ${query.limit}`,
  );
  return rows.map(toTick);
}

/** The newest tick of each instigator named, by name. */
export async function readLatestTicks(executor: Executor, names: readonly string[]): Promise<Map<string, Tick>> {
  if (names.length === 0) return new Map();
  const rows = await queryRows<TickRow>(
    executor,
    sql`select t.* from unnest(${sql.param([...names])}::text[]) as n(name)
        cross join lateral (select * from instigator_ticks where instigator_name = n.name order by id desc limit 1) t`,
  );
  return new Map(rows.map((row) => [row.instigator_name, toTick(row)]));
}

/**
 * Deletes ended ticks older than their retention (days per status, -1 = forever) of that instigator type,
 * measured against `now` (the automation clock). Returns how many were deleted.
 */
export async function purgeTicks(
  db: Db,
  instigatorType: InstigatorType,
  retention: { success: number; skipped: number; failure: number },
  now: Date,
): Promise<number> {
  let deleted = 0;
  for (const [status, days] of [
    ['SUCCESS', retention.success],
    ['SKIPPED', retention.skipped],
    ['FAILURE', retention.failure],
  ] as const) {
    if (days < 0) continue;
    const result = (await db.execute(
      sql`delete from instigator_ticks where instigator_type = ${instigatorType} and status = ${status}
            and tick_at < ${now}::timestamptz - make_interval(days => ${days})`,
    )) as { rowCount?: number | null; affectedRows?: number };
    deleted += result.rowCount ?? result.affectedRows ?? 0;
  }
  return deleted;
}
