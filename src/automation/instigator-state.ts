// Whether each schedule and sensor runs, its cursor and its last tick: the instigator_states table. Only
// src/automation reads or writes it.
//
// A row's status is RUNNING or STOPPED once someone started or stopped the instigator, and
// DECLARED_IN_CODE when it follows its definition's `defaultStatus` (a row the daemons create for an
// instigator that runs by default, or a reset); without a row the definition's default applies too.
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit-log.js';
import type { Actor } from '../audit/actor.js';
import { queryRows, type Db, type Executor } from '../db/database.js';
import { instigatorType, type InstigatorDef, type InstigatorType } from './instigators.js';

export type StoredStatus = 'RUNNING' | 'STOPPED' | 'DECLARED_IN_CODE';
export type InstigatorStatus = 'RUNNING' | 'STOPPED';

export interface InstigatorState {
  name: string;
  instigatorType: InstigatorType;
  /** What is in force: the stored choice, or the definition's default. */
  status: InstigatorStatus;
  storedStatus: StoredStatus;
  /** A sensor's cursor (null for schedules and fresh sensors). */
  cursor: string | null;
  /** The scheduled time (schedules) or evaluation time (sensors) of the last tick that ended. */
  lastTickAt: Date | null;
  updatedAt: Date | null;
}

interface StateRow {
  name: string;
  status: StoredStatus;
  cursor: string | null;
  last_tick_at: Date | string | null;
  updated_at: Date | string | null;
}

function toState(def: InstigatorDef, row: StateRow | undefined): InstigatorState {
  const storedStatus = row?.status ?? 'DECLARED_IN_CODE';
  return {
    name: def.name,
    instigatorType: instigatorType(def),
    status: storedStatus === 'DECLARED_IN_CODE' ? def.defaultStatus : storedStatus,
    storedStatus,
    cursor: row?.cursor ?? null,
    lastTickAt: row?.last_tick_at == null ? null : new Date(row.last_tick_at),
    updatedAt: row?.updated_at == null ? null : new Date(row.updated_at),
  };
}

/** The state of each definition, in the order given. */
export async function readInstigatorStates(executor: Executor, defs: readonly InstigatorDef[]): Promise<InstigatorState[]> {
  if (defs.length === 0) return [];
  const rows = await queryRows<StateRow>(
    executor,
    sql`select name, status, cursor, last_tick_at, updated_at from instigator_states
        where name = any(${sql.param(defs.map((def) => def.name))}::text[])`,
  );
  const byName = new Map(rows.map((row) => [row.name, row]));
  return defs.map((def) => toState(def, byName.get(def.name)));
}

/**
 * Makes sure every running instigator has a row whose last_tick_at says where its ticks start: an
 * instigator seen running for the first time starts from `now`, not from the epoch.
 */
export async function ensureStartPoints(executor: Executor, states: readonly InstigatorState[], now: Date): Promise<void> {
  const fresh = states.filter((state) => state.status === 'RUNNING' && state.lastTickAt === null);
  if (fresh.length === 0) return;
  await executor.execute(
    sql`insert into instigator_states (name, instigator_type, status, last_tick_at)
        select name, type, 'DECLARED_IN_CODE', ${now}::timestamptz
        from unnest(${sql.param(fresh.map((s) => s.name))}::text[], ${sql.param(fresh.map((s) => s.instigatorType))}::text[]) as f(name, type)
        on conflict (name) do update set last_tick_at = coalesce(instigator_states.last_tick_at, excluded.last_tick_at)`,
  );
  for (const state of fresh) state.lastTickAt = now;
}

async function lockedState(tx: Executor, def: InstigatorDef): Promise<InstigatorState> {
  // Insert-then-lock, so two concurrent changes of one instigator serialize on its row.
  await tx.execute(
    sql`insert into instigator_states (name, instigator_type, status) values (${def.name}, ${instigatorType(def)}, 'DECLARED_IN_CODE')
        on conflict (name) do nothing`,
  );
  const [row] = await queryRows<StateRow>(
    tx,
    sql`select name, status, cursor, last_tick_at, updated_at from instigator_states where name = ${def.name} for update`,
  );
  return toState(def, row);
}

function auditTarget(def: InstigatorDef): string {
  return `${def.kind}:${def.name}`;
}

/**
 * Starts or stops an instigator, audited. A start of a stopped schedule moves its start point to `now`, so
 * ticks missed while it was stopped are not caught up (as in Dagster); a restarted sensor is due at once.
 */
export async function setInstigatorStatus(
  db: Db,
  def: InstigatorDef,
  status: InstigatorStatus,
  now: Date,
  actor: Actor,
): Promise<InstigatorState> {
  return db.transaction(async (tx) => {
    const before = await lockedState(tx, def);
    const restart = def.kind === 'schedule' && status === 'RUNNING' && before.status !== 'RUNNING';
    await tx.execute(
      sql`update instigator_states set status = ${status}, updated_at = now(),
            last_tick_at = case when ${restart} then ${now}::timestamptz else last_tick_at end
          where name = ${def.name}`,
    );
    await recordAudit(tx, {
      actor,
      action: status === 'RUNNING' ? `${def.kind}.start` : `${def.kind}.stop`,
      target: auditTarget(def),
      before: { status: before.status },
      after: { status },
    });
    return (await readInstigatorStates(tx, [def]))[0]!;
  });
}

/** Returns an instigator to its definition's default status (Dagster's resetSchedule / resetSensor), audited. */
export async function resetInstigatorStatus(db: Db, def: InstigatorDef, now: Date, actor: Actor): Promise<InstigatorState> {
  return db.transaction(async (tx) => {
    const before = await lockedState(tx, def);
    const restart = def.kind === 'schedule' && def.defaultStatus === 'RUNNING' && before.status !== 'RUNNING';
    await tx.execute(
      sql`update instigator_states set status = 'DECLARED_IN_CODE', updated_at = now(),
            last_tick_at = case when ${restart} then ${now}::timestamptz else last_tick_at end
          where name = ${def.name}`,
    );
    await recordAudit(tx, {
      actor,
      action: `${def.kind}.reset`,
      target: auditTarget(def),
      before: { status: before.status },
      after: { status: def.defaultStatus },
    });
    return (await readInstigatorStates(tx, [def]))[0]!;
  });
}

/** Stores a sensor's cursor (Dagster's setSensorCursor), audited; the next tick reads it. */
export async function setSensorCursor(db: Db, def: InstigatorDef, cursor: string | null, actor: Actor): Promise<InstigatorState> {
  return db.transaction(async (tx) => {
    const before = await lockedState(tx, def);
    await tx.execute(sql`update instigator_states set cursor = ${cursor}, updated_at = now() where name = ${def.name}`);
    await recordAudit(tx, {
      actor,
      action: 'sensor.set_cursor',
      target: auditTarget(def),
      before: { cursor: before.cursor },
      after: { cursor },
    });
    return (await readInstigatorStates(tx, [def]))[0]!;
  });
}
