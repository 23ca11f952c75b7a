// The settled prefix of the event log. Invariant: a reader hands out event N only when every event with
// an id below N that will ever commit is already visible — so a feed read in id order, and resumed
// from the last id it handed out, never skips an event and never repeats one.
//
// Why not `where id > cursor and tx_id < pg_snapshot_xmin(pg_current_snapshot())`: ids and transaction
// ids are handed out independently, so xid order is not id order. A transaction that took its xid early
// (any earlier write: `select … for update`, the runs insert of a launch) can insert id 11 and commit
// while a younger transaction still holds id 10; xmin is then the younger one, the older's event 11
// passes `tx_id < xmin`, the cursor moves to 11, and event 10 commits behind it — a gap. Worse,
// appendEvent's insert calls nextval() before its default pg_current_xact_id() gives the transaction an
// xid at all, so for a moment an id is held by a transaction that no snapshot lists. No snapshot-only
// rule can be gap-free in id order. (xmin is also cluster-wide: one idle-in-transaction session in any
// database on the server would stall every feed.)
//
// The rule used instead rests on two facts of Postgres:
//  1. A transaction that inserts into run_events holds a ROW EXCLUSIVE lock on the table from before its
//     INSERT draws an id (the lock is taken when the statement is planned, before the column defaults
//     run) until it commits or aborts; and it becomes visible to new snapshots before it releases locks.
//  2. The id sequence is monotonic and uncached (bigserial: CACHE 1), so `pg_sequence_last_value` covers
//     every id drawn before it is read.
// So: read A = the last id drawn (probe 1), then W = the transactions holding a write lock on run_events
// in this database (probe 2). Every id ≤ A belongs to a transaction that had ended by probe 2 (its
// event is visible, or never will be) or is in W. Once none of W holds the lock any more, every id ≤ A
// is settled: a statement started after that sees each of them that exists. Pending (A, W) pairs
// resolve in order: a writer still running now has held its lock since the earlier probe, so it is in
// every later pair too.
//
// Only writers of this table in this database hold a feed back — never readers, vacuum, or other
// databases — and a stuck writer holds it back visibly (the hub logs it), never silently past it.
import { and, asc, eq, gt, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { runEvents } from '../db/schema.js';
import { eventColumns, type EventRecord } from '../runs/read-events.js';
import { getRuns, type RunRecord } from '../runs/run-record.js';

/** Probe 1: the last id the run_events sequence handed out (0 before the first). */
export async function lastDrawnEventId(executor: Executor): Promise<number> {
  const [row] = await queryRows<{ id: string | number | null }>(
    executor,
    sql`select pg_sequence_last_value(pg_get_serial_sequence('run_events', 'id')::regclass) as id`,
  );
  return Number(row?.id ?? 0);
}

/** A transaction writing run_events now, by virtual transaction id (unique per transaction). */
export interface EventWriter {
  vxid: string;
  pid: number | null;
}

/**
 * Probe 2: the transactions that hold a lock allowing inserts into run_events in this database. Read
 * after probe 1, never in the same statement (the order of the two reads is the proof).
 */
export async function eventWritersNow(executor: Executor): Promise<EventWriter[]> {
  const rows = await queryRows<{ vxid: string; pid: number | null }>(
    executor,
    sql`select distinct virtualtransaction as vxid, pid from pg_locks
        where locktype = 'relation'
          and database = (select oid from pg_database where datname = current_database())
          and relation = 'run_events'::regclass
          and mode in ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
          and granted`,
  );
  return rows.map((row) => ({ vxid: row.vxid, pid: row.pid === null ? null : Number(row.pid) }));
}

interface PendingProbe {
  /** Every id up to here is settled once none of `writers` holds its lock. */
  drawn: number;
  writers: Map<string, number | null>;
  since: number;
}

/** At most this many unresolved probes are kept; past it the newest is replaced (only delays progress). */
const MAX_PENDING = 64;

export interface WatermarkStep {
  /** Every event with an id ≤ settled is settled; null until the first probe resolves. */
  settled: number | null;
  /** Some ids above `settled` wait for writers still in flight: probe again soon. */
  waiting: boolean;
  /** The oldest unresolved probe: how long it has waited and the writers it waits for. */
  heldBack: { ms: number; writers: EventWriter[] } | null;
}

/** Tracks the settled watermark of one process across probes (see the invariant above). */
export class SettledWatermark {
  private readonly pending: PendingProbe[] = [];
  private settled: number | null = null;

  async advance(executor: Executor, now: number = Date.now()): Promise<WatermarkStep> {
    const drawn = await lastDrawnEventId(executor);
    const newest = this.pending.at(-1)?.drawn ?? this.settled ?? -1;
    if (drawn <= newest && this.pending.length === 0) return this.step(now);
    const writers = await eventWritersNow(executor);
    const holding = new Set(writers.map((writer) => writer.vxid));
    if (drawn > newest) {
      const probe: PendingProbe = { drawn, writers: new Map(writers.map((w) => [w.vxid, w.pid])), since: now };
      if (this.pending.length >= MAX_PENDING) this.pending[this.pending.length - 1] = probe;
      else this.pending.push(probe);
    }
    while (this.pending.length > 0 && ![...this.pending[0]!.writers.keys()].some((vxid) => holding.has(vxid))) {
      this.settled = this.pending.shift()!.drawn;
    }
    return this.step(now);
  }

  private step(now: number): WatermarkStep {
    const oldest = this.pending[0];
    return {
      settled: this.settled,
      waiting: oldest !== undefined,
      heldBack: oldest ? { ms: now - oldest.since, writers: [...oldest.writers].map(([vxid, pid]) => ({ vxid, pid })) } : null,
    };
  }
}

/** How long a pager waits for the writers of run_events in flight when it asks (they are short transactions). */
export const SETTLE_WAIT_MS = 2_000;

/**
 * The settled watermark on demand, for pagers that hold no SettledWatermark of their own (logsForRun,
 * Run.eventConnection): the last id drawn when asked, once every transaction then writing run_events has
 * ended. Null when one still writes after `waitMs` (a stuck writer): the pager then answers no events, never
 * a page whose cursor could pass an event that commits behind it.
 */
export async function settledEventIdNow(executor: Executor, waitMs: number = SETTLE_WAIT_MS): Promise<number | null> {
  const watermark = new SettledWatermark();
  const deadline = Date.now() + waitMs;
  for (let delayMs = 2; ; delayMs = Math.min(delayMs * 2, 50)) {
    const { settled } = await watermark.advance(executor);
    if (settled !== null) return settled;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

// ---------------------------------------------------------------------------------------------- reads
// Every read below is bounded by a settled watermark (`upTo`) and ordered by id, so a page is a gap-free
// slice of the log whatever commits meanwhile.

export interface HubPageQuery {
  after: number;
  upTo: number;
  /** Include every status change (run_status is not null). */
  statusChanges: boolean;
  /** Include every event of these runs. */
  runIds: string[];
  limit: number;
}

/** The hub's read: the settled events after `after` that some attached subscriber wants. */
export async function readHubPage(executor: Executor, query: HubPageQuery): Promise<EventRecord[]> {
  const wanted: SQL[] = [];
  if (query.statusChanges) wanted.push(isNotNull(runEvents.runStatus));
  if (query.runIds.length > 0) wanted.push(sql`${runEvents.runId} = any(${sql.param(query.runIds)}::uuid[])`);
  if (wanted.length === 0) return [];
  return (await executor
    .select(eventColumns)
    .from(runEvents)
    .where(and(gt(runEvents.id, query.after), lte(runEvents.id, query.upTo), or(...wanted)))
    .orderBy(asc(runEvents.id))
    .limit(query.limit)) as EventRecord[];
}

/** Status changes after `after` (settled up to `upTo`), narrowed by `where` (a superset of a filter). */
export async function readStatusChanges(
  executor: Executor,
  query: { after: number; upTo: number; limit: number; where: SQL | undefined },
): Promise<EventRecord[]> {
  return (await executor
    .select(eventColumns)
    .from(runEvents)
    .where(and(isNotNull(runEvents.runStatus), gt(runEvents.id, query.after), lte(runEvents.id, query.upTo), query.where))
    .orderBy(asc(runEvents.id))
    .limit(query.limit)) as EventRecord[];
}

/** One run's events after `after` (settled up to `upTo`); one row more than `limit` tells if more follow. */
export async function readRunEvents(
  executor: Executor,
  query: { runId: string; after: number; upTo: number; limit: number },
): Promise<{ events: EventRecord[]; hasMore: boolean }> {
  const rows = (await executor
    .select(eventColumns)
    .from(runEvents)
    .where(and(eq(runEvents.runId, query.runId), gt(runEvents.id, query.after), lte(runEvents.id, query.upTo)))
    .orderBy(asc(runEvents.id))
    .limit(query.limit + 1)) as EventRecord[];
  const hasMore = rows.length > query.limit;
  return { events: hasMore ? rows.slice(0, query.limit) : rows, hasMore };
}

/** The current rows of the given runs (a deleted run is absent), read after the events that name them. */
export async function loadRuns(executor: Executor, runIds: Iterable<string>): Promise<Map<string, RunRecord>> {
  const ids = [...new Set(runIds)];
  if (ids.length === 0) return new Map();
  return new Map((await getRuns(executor, ids)).map((run) => [run.id, run]));
}
