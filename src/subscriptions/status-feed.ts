// runStatusChanged: every status change (run_events rows with run_status set) of the runs a RunsFilter
// selects, in id order, each once; resumable from the cursor of the last one received.
//
// A transition stream needs a filter that gives the same answer whenever it is asked, or a resume
// would see a different set than the live stream did. So the filter is judged on the transition and on
// what never changes about a run: `statuses` matches the status entered (toStatus), `updatedBefore` /
// `updatedAfter` the time of the transition, and runIds, jobName (pipelineName), snapshotId, mode, tags and
// createdBefore / createdAfter the run. One matcher in memory decides, for replay and live alike; the
// SQL of a replay only narrows the rows it reads to a superset of the matches.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runEvents, runs } from '../db/schema.js';
import type { EventRecord } from '../runs/read-events.js';
import type { RunRecord } from '../runs/run-record.js';
import { filterJobName, runsFilterSql, type RunsFilter } from '../runs/runs-filter.js';
import { RUN_STATUSES, type RunStatus } from '../runs/vocabulary.js';
import { BoundedQueue, feedIterator, type FeedTerminal } from './bounded-feed.js';
import type { SubscriptionHub } from './hub.js';
import { queuedListener } from './page-listener.js';
import { loadRuns, readStatusChanges } from './settled-events.js';

export interface StatusChange {
  /** The run as it is now (read after the change), not as it was then. */
  run: RunRecord;
  event: EventRecord;
  fromStatus: RunStatus | null;
  toStatus: RunStatus;
  /** The event's id: resume after it. */
  cursor: string;
}

/** A RunsFilter as a transition matcher (see the top of the file). Throws InvalidPipelineRunsFilterError. */
export class StatusChangeFilter {
  private readonly runIds: Set<string> | null;
  private readonly jobName: string | null;
  private readonly statuses: Set<string> | null;
  private readonly tags: readonly { key: string; value: string }[];

  constructor(private readonly filter: RunsFilter) {
    runsFilterSql(filter); // validates every field, with messages that name it
    this.runIds = filter.runIds?.length ? new Set(filter.runIds.map((id) => String(id).toLowerCase())) : null;
    this.jobName = filterJobName(filter);
    this.statuses = filter.statuses?.length ? new Set(filter.statuses) : null;
    this.tags = filter.tags ?? [];
  }

  matches(event: EventRecord, run: RunRecord): boolean {
    const { filter } = this;
    if (this.runIds && !this.runIds.has(run.id.toLowerCase())) return false;
    if (this.jobName !== null && run.jobName !== this.jobName) return false;
    if (filter.snapshotId && run.snapshotId !== filter.snapshotId) return false;
    if (filter.mode && filter.mode !== 'default') return false; // every run's mode (runs-filter.ts)
    if (this.statuses && !this.statuses.has(event.runStatus ?? '')) return false;
    for (const tag of this.tags) if (run.tags[tag.key] !== tag.value) return false;
    const created = run.createdAt.getTime() / 1000;
    const changed = event.createdAt.getTime() / 1000;
    if (filter.createdBefore != null && !(created < filter.createdBefore)) return false;
    if (filter.createdAfter != null && !(created > filter.createdAfter)) return false;
    if (filter.updatedBefore != null && !(changed < filter.updatedBefore)) return false;
    if (filter.updatedAfter != null && !(changed > filter.updatedAfter)) return false;
    return true;
  }

  /** A condition on run_events selecting a superset of the matches (index-friendly parts only). */
  narrowingSql(): SQL | undefined {
    const conditions: SQL[] = [];
    if (this.runIds) conditions.push(sql`${runEvents.runId} = any(${sql.param([...this.runIds])}::uuid[])`);
    if (this.statuses) conditions.push(sql`${runEvents.runStatus} = any(${sql.param([...this.statuses])}::text[])`);
    if (this.jobName !== null) {
      conditions.push(sql`${runEvents.runId} in (select ${runs.id} from ${runs} where ${runs.jobName} = ${this.jobName})`);
    }
    return conditions.length > 0 ? sql.join(conditions, sql` and `) : undefined;
  }
}

/** One StatusChange per published event, shared by every subscriber it matches (fewer allocations). */
const sharedChanges = new WeakMap<EventRecord, StatusChange>();

function sharedStatusChange(event: EventRecord, run: RunRecord): StatusChange {
  let change = sharedChanges.get(event);
  if (!change) sharedChanges.set(event, (change = toStatusChange(event, run)));
  return change;
}

export function toStatusChange(event: EventRecord, run: RunRecord): StatusChange {
  const from = event.payload.fromStatus;
  return {
    run,
    event,
    fromStatus: typeof from === 'string' && (RUN_STATUSES as readonly string[]).includes(from) ? (from as RunStatus) : null,
    toStatus: event.runStatus!,
    cursor: String(event.id),
  };
}

/** A page of a replay: the matching changes, and the position the page read up to. */
async function replayPage(
  executor: Executor,
  filter: StatusChangeFilter,
  query: { after: number; upTo: number; limit: number },
): Promise<{ page: StatusChange[]; next: number }> {
  const events = await readStatusChanges(executor, { ...query, where: filter.narrowingSql() });
  const current = await loadRuns(
    executor,
    events.map((event) => event.runId),
  );
  const changes: StatusChange[] = [];
  for (const event of events) {
    const run = current.get(event.runId);
    if (run && filter.matches(event, run)) changes.push(toStatusChange(event, run));
  }
  return { page: changes, next: events.length === query.limit ? events.at(-1)!.id : query.upTo };
}

/**
 * The feed of one runStatusChanged subscription. `cursor` null = only changes from now on; otherwise
 * every change after that event id.
 */
export function statusChangeFeed(
  hub: SubscriptionHub,
  filter: StatusChangeFilter,
  cursor: number | null,
): AsyncIterableIterator<StatusChange | FeedTerminal> {
  const db = hub.database.api;
  return feedIterator<StatusChange>(async function* (signal) {
    const queue = new BoundedQueue<StatusChange>(hub.maxBufferedEvents);
    const listener = queuedListener('status', queue, (events, current) => {
      const matched: StatusChange[] = [];
      for (const event of events) {
        const run = current.get(event.runId);
        if (run && filter.matches(event, run)) matched.push(sharedStatusChange(event, run));
      }
      return matched;
    });
    const leave = hub.join();
    signal.addEventListener('abort', () => queue.end(), { once: true });
    try {
      await hub.ready(signal);
      const from = cursor ?? hub.position;
      const readPage = (after: number, upTo: number) => replayPage(db, filter, { after, upTo, limit: hub.replayChunkSize });
      let delivered = String(from);
      let attached = false;
      // Catch up from the table at the subscriber's own pace, until attached to the hub.
      for await (const step of hub.follow(from, readPage, listener, signal, 'status changes')) {
        if (step.kind === 'attached') {
          attached = true;
          break;
        }
        for (const change of step.page) {
          yield change;
          delivered = change.cursor;
        }
      }
      if (!attached) return;
      for (;;) {
        const taken = await queue.take(1);
        if (taken === 'ended') return;
        if (taken === 'overflowed') {
          yield { kind: 'fell-behind', cursor: delivered, limit: queue.limit };
          return;
        }
        for (const change of taken) {
          yield change;
          delivered = change.cursor;
        }
      }
    } finally {
      hub.detach(listener);
      leave();
    }
  });
}
