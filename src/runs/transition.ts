// The only writer of runs.status. Invariant: a run's status changes only together with the event that
// records the change, in one statement of the caller's transaction, and only from an allowed status —
// so two processes racing to move the same run cannot both succeed (the loser's UPDATE matches nothing
// once the winner commits, because the row is locked FOR UPDATE and re-checked).
//
// Invariant: a run that ends releases its pool claims in the same transaction. It is enforced here, by
// running the run-end step on the caller's executor right after the statement that ends the runs. The
// step itself belongs to pools/ (release-run-claims.ts), which depends on runs/ — so runs/ does not
// import it: the composition root (instance/instance.ts) installs it when an instance is opened, and
// ending a run before that fails loudly instead of leaking claims.
//
// Metrics of status changes (time in the queue, run durations, changes by status) are recorded here, where
// every change passes, from the same statement's RETURNING (database clock). They are recorded when the
// statement succeeds: a transaction that then rolls back (a lost connection) is counted anyway; these
// are operational metrics, not the run ledger.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { notifyHintSql } from '../db/notifier.js';
import { recording } from '../metrics/instruments.js';
import { isTerminal, STATUS_EVENT, type LogLevel, type RunStatus } from './vocabulary.js';

/** Work that must commit together with runs ending (given the ids of the runs that did end). */
export type RunEndStep = (executor: Executor, endedRunIds: string[]) => Promise<unknown>;

let runEndStep: RunEndStep | null = null;

/** Called by the composition root; every process installs the same step before it moves any run. */
export function installRunEndStep(step: RunEndStep): void {
  runEndStep = step;
}

export interface Transition {
  /** Statuses the runs may be in; runs in any other status are left alone and not returned. */
  from: readonly RunStatus[];
  to: RunStatus;
  message: string;
  level?: LogLevel;
  payload?: Record<string, unknown>;
  /** For STARTED: the worker taking the runs and its lease. */
  worker?: { id: string; leaseSeconds: number };
}

export interface TransitionedRun {
  runId: string;
  fromStatus: RunStatus;
  eventId: number;
}

export async function transitionRuns(executor: Executor, runIds: string[], transition: Transition): Promise<TransitionedRun[]> {
  if (runIds.length === 0) return [];
  const eventType = STATUS_EVENT[transition.to];
  if (!eventType) throw new Error(`No event records a transition to ${transition.to}.`);
  const terminal = isTerminal(transition.to);
  const rows = await queryRows<{
    run_id: string;
    from_status: RunStatus;
    event_id: string;
    since_created: number;
    since_started: number | null;
  }>(
    executor,
    sql`with requested as (
          select id, ord from unnest(${sql.param(runIds)}::uuid[]) with ordinality as t(id, ord)
        ), previous as (
          -- Rows are locked in id order (a fixed order: no deadlock between overlapping batches).
          select id, status from runs
          where id in (select id from requested) and status = any(${sql.param([...transition.from])}::text[])
          order by id
          for update
        ), updated as (
          update runs r set
            status = ${transition.to},
            status_changed_at = now(),
            updated_at = now(),
            start_time = case when ${transition.to} = 'STARTED' then now() else r.start_time end,
            end_time = case when ${terminal} then now() else r.end_time end,
            worker_id = coalesce(${transition.worker?.id ?? null}, r.worker_id),
            lease_expires_at = case
              when ${terminal} then null
              when ${transition.worker !== undefined} then now() + make_interval(secs => ${transition.worker?.leaseSeconds ?? 0})
              else r.lease_expires_at end
          from previous where r.id = previous.id
          returning r.id, previous.status as from_status, r.created_at, r.start_time
        ), events as (
          insert into run_events (run_id, event_type, run_status, level, message, payload)
          select id, ${eventType}, ${transition.to}, ${transition.level ?? 'INFO'}, ${transition.message},
                 jsonb_build_object('fromStatus', from_status, 'toStatus', ${transition.to}::text) || ${JSON.stringify(transition.payload ?? {})}::jsonb
          from updated join requested using (id)
          -- Events are written in the order the caller gave the runs (e.g. dequeue order).
          order by requested.ord
          returning id, run_id
        )
        select e.run_id, u.from_status, e.id as event_id,
               extract(epoch from now() - u.created_at)::float8 as since_created,
               extract(epoch from now() - u.start_time)::float8 as since_started,
               ${notifyHintSql('event', { runId: sql`e.run_id`, eventId: sql`e.id`, status: sql`${transition.to}::text` })}
        from events e join updated u on u.id = e.run_id
        order by e.id`,
  );
  const moved = rows.map((row) => ({ runId: row.run_id, fromStatus: row.from_status, eventId: Number(row.event_id) }));
  recordTransitions(transition.to, rows);
  if (terminal) {
    if (!runEndStep) throw new Error('Runs cannot end before an instance is opened: nothing would release their pool claims.');
    await runEndStep(
      executor,
      moved.map((run) => run.runId),
    );
  }
  return moved;
}

/** transitionRuns for one run; null when the run was not in an allowed status. */
export async function transitionRun(executor: Executor, runId: string, transition: Transition): Promise<TransitionedRun | null> {
  const [moved] = await transitionRuns(executor, [runId], transition);
  return moved ?? null;
}

function recordTransitions(to: RunStatus, rows: { since_created: number; since_started: number | null }[]): void {
  const metrics = recording();
  if (!metrics || rows.length === 0) return;
  metrics.statusChanges.inc({ status: to }, rows.length);
  for (const row of rows) {
    if (to === 'STARTING') metrics.launchToStarting.observe(row.since_created);
    else if (isTerminal(to) && row.since_started !== null) metrics.runDuration.observe({ status: to }, row.since_started);
  }
}
