// A worker's group commit. The runs a worker executes write their step events and log messages, and
// finally their outcome, through one journal; whatever is queued while a flush is in flight is written
// by the next flush, in one transaction: all the events in one INSERT, then the runs' endings, grouped
// by transition. Postgres serialises the commits of notifying transactions (a cluster-wide lock taken in
// PreCommit_Notify and held through the WAL flush), so a commit per batch instead of three per run is
// what lets one worker end hundreds of runs a second. A flush starts as soon as the previous one ends
// (on the next turn of the event loop, so that work finishing in the same turn shares it): at low load
// an event is written as soon as it would have been on its own.
//
// Invariants:
//  - a run's items are written in the order they were queued (its events before its ending), because
//    batches are written one at a time in queue order and event ids are assigned in that order;
//  - a batch is one transaction: it all commits or none of it does;
//  - when a batch fails, each of its runs is retried in a transaction of its own, so that one run's
//    unstorable event fails that run only; a run whose items could not be written has its `end`
//    rejected with the error, and nothing it queued after them is written (no event out of order);
//  - a step's stored output (runs/step-outputs.ts) is queued just before its STEP_SUCCESS, so both commit
//    in one transaction: one more INSERT per batch that has outputs, no round trip per step;
//  - one run's row locked by another transaction (a termination, a monitor) delays that run only: a batch
//    first takes its runs' row locks with SKIP LOCKED (runs/run-row-locks.ts), writes the runs it got,
//    and puts the others' items back at the head of the queue, in their order, for the next flush.
import type { Db, Tx } from '../db/database.js';
import { appendEvents, type NewEvent } from '../runs/append-event.js';
import type { SerializedOutput } from '../runs/output-value.js';
import { lockRunsForWriting } from '../runs/run-row-locks.js';
import { insertStepOutputs } from '../runs/step-outputs.js';
import { transitionRuns, type Transition, type TransitionedRun } from '../runs/transition.js';
import type { RunStatus } from '../runs/vocabulary.js';

/** A run the journal ended: the transition made, and the status the run moved to. */
export interface EndedRun extends TransitionedRun {
  toStatus: RunStatus;
}

type Waiter = { resolve(moved: EndedRun | null): void; reject(error: unknown): void };

type Item =
  | { runId: string; kind: 'event'; event: NewEvent }
  | { runId: string; kind: 'output'; output: SerializedOutput }
  /** Ends the run with the first of `transitions` that applies to its status (see `end`). */
  | { runId: string; kind: 'end'; transitions: Transition[]; waiter: Waiter };

export class RunJournal {
  private pending: Item[] = [];
  private flushing: Promise<void> | null = null;
  /** Runs whose items could not be written, with the error (until `forget`). */
  private readonly failed = new Map<string, unknown>();

  /** `onEnded` hears of each run ended, once its ending is committed (the worker logs it). */
  constructor(
    private readonly db: Db,
    private readonly onEnded: (run: EndedRun) => void = () => {},
  ) {}

  /**
   * Queues an event of the run (step code logs synchronously, so this returns nothing). It is stamped
   * now, not when its batch commits, so step timings stay true.
   */
  write(runId: string, event: Omit<NewEvent, 'runId'>): void {
    this.enqueue({ runId, kind: 'event', event: { ...event, runId, occurredAt: event.occurredAt ?? new Date() } });
  }

  /**
   * Ends the run after everything queued for it: tries the transitions in order and applies the first
   * whose `from` holds the run's status. Resolves with the transition made, or null if none applied;
   * rejects if the run's events or ending could not be written.
   */
  end(runId: string, transitions: Transition[]): Promise<EndedRun | null> {
    return new Promise((resolve, reject) => this.enqueue({ runId, kind: 'end', transitions, waiter: { resolve, reject } }));
  }

  /** Queues a step's output, to be stored with the events queued after it (its STEP_SUCCESS). */
  writeOutput(runId: string, output: SerializedOutput): void {
    this.enqueue({ runId, kind: 'output', output });
  }

  /** Drops what the journal remembers of a run the worker no longer holds. */
  forget(runId: string): void {
    this.failed.delete(runId);
  }

  /** Waits until everything queued so far is written (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private enqueue(item: Item): void {
    if (this.refuseIfFailed(item)) return;
    this.pending.push(item);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushAll());
  }

  private async flushAll(): Promise<void> {
    try {
      let idleMs = 0;
      while (this.pending.length > 0) {
        // Items queued while an earlier batch of their run was failing are refused now.
        const batch = this.pending.filter((item) => !this.refuseIfFailed(item));
        this.pending = [];
        const deferred = batch.length > 0 ? await this.writeBatch(batch) : [];
        // Ahead of what was queued meanwhile, so each run's items keep their order.
        this.pending = [...deferred, ...this.pending];
        // Only runs locked elsewhere are left: wait a little for their lock instead of spinning on it.
        idleMs = deferred.length > 0 && deferred.length === batch.length ? Math.min(Math.max(idleMs * 2, 5), 200) : 0;
        if (idleMs > 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
      }
    } finally {
      this.flushing = null;
    }
  }

  /** Writes the batch; returns the items of runs whose rows were locked elsewhere (left for the next flush). */
  private async writeBatch(batch: Item[]): Promise<Item[]> {
    try {
      return this.settle(await this.db.transaction((tx) => writeUnlocked(tx, batch)));
    } catch (error) {
      const byRun = groupBy(batch, (item) => item.runId);
      if (byRun.size === 1) {
        this.fail(batch, error);
        return [];
      }
      const deferred: Item[] = [];
      for (const items of byRun.values()) {
        try {
          deferred.push(...this.settle(await this.db.transaction((tx) => writeUnlocked(tx, items))));
        } catch (runError) {
          this.fail(items, runError);
        }
      }
      return deferred;
    }
  }

  /** Resolves the endings of the items written; hands back the deferred ones. */
  private settle({ written, moved, deferred }: Written): Item[] {
    for (const item of written) {
      if (item.kind !== 'end') continue;
      const ended = moved.get(item.runId) ?? null;
      if (ended) this.onEnded(ended);
      item.waiter.resolve(ended);
    }
    return deferred;
  }

  private fail(items: Item[], error: unknown): void {
    for (const item of items) {
      this.failed.set(item.runId, error);
      if (item.kind === 'end') item.waiter.reject(error);
    }
  }

  /** True (and the item's waiter rejected) if the item's run already failed. */
  private refuseIfFailed(item: Item): boolean {
    if (!this.failed.has(item.runId)) return false;
    if (item.kind === 'end') item.waiter.reject(this.failed.get(item.runId));
    return true;
  }
}

interface Written {
  written: Item[];
  /** The transition made for each run ended. */
  moved: Map<string, EndedRun>;
  /** Items of runs whose row another transaction holds: not written. */
  deferred: Item[];
}

/** Writes, in the caller's transaction, the items of the runs whose rows it could lock at once. */
async function writeUnlocked(tx: Tx, items: Item[]): Promise<Written> {
  const ending = new Set(items.flatMap((item) => (item.kind === 'end' ? [item.runId] : [])));
  const busy = await lockRunsForWriting(tx, [...new Set(items.map((item) => item.runId))], ending);
  const written = busy.size === 0 ? items : items.filter((item) => !busy.has(item.runId));
  const deferred = busy.size === 0 ? [] : items.filter((item) => busy.has(item.runId));
  return { written, moved: await writeItems(tx, written), deferred };
}

/** Writes the items in one transaction; returns the transition made for each run ended. */
async function writeItems(tx: Tx, items: Item[]): Promise<Map<string, EndedRun>> {
  await insertStepOutputs(
    tx,
    items.flatMap((item) => (item.kind === 'output' ? [{ ...item.output, runId: item.runId }] : [])),
  );
  await appendEvents(
    tx,
    items.flatMap((item) => (item.kind === 'event' ? [item.event] : [])),
  );
  return endRuns(
    tx,
    items.flatMap((item) => (item.kind === 'end' ? [item] : [])),
  );
}

/**
 * Ends runs with as few statements as their transitions allow: in each round, the runs' next candidate
 * transitions are grouped (runs of one job ending alike share one), and a run that no group moved goes
 * on to its next candidate.
 */
async function endRuns(tx: Tx, ends: { runId: string; transitions: Transition[] }[]): Promise<Map<string, EndedRun>> {
  const moved = new Map<string, EndedRun>();
  let round = ends.map((end) => ({ ...end, next: 0 }));
  while (round.length > 0) {
    const groups = groupBy(round, (end) => JSON.stringify(end.transitions[end.next]));
    for (const group of groups.values()) {
      const transition = group[0]!.transitions[group[0]!.next]!;
      for (const run of await transitionRuns(
        tx,
        group.map((end) => end.runId),
        transition,
      ))
        moved.set(run.runId, { ...run, toStatus: transition.to });
    }
    round = round
      .filter((end) => !moved.has(end.runId) && end.next + 1 < end.transitions.length)
      .map((end) => ({ ...end, next: end.next + 1 }));
  }
  return moved;
}

/** Map.groupBy, which Node 20 lacks: the items by key, each group in the items' order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
