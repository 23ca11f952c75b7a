// pipelineRunLogs, as in Dagster: the run's stored events after the cursor in chunks (hasMorePastEvents
// true until the replay has caught up), then its new events as they settle; cursor "HEAD" = only new
// events. Unlike Dagster's, every payload carries the run as it is now. A run that does not exist, or
// is deleted while watched, ends the feed with a missing-run payload.
import type { EventRecord } from '../runs/read-events.js';
import { getRun, type RunRecord } from '../runs/run-record.js';
import { BoundedQueue, feedIterator, readWithRetry, type FeedTerminal } from './bounded-feed.js';
import type { SubscriptionHub } from './hub.js';
import { queuedListener } from './page-listener.js';
import { readRunEvents } from './settled-events.js';

export type RunLogItem =
  | { kind: 'logs'; run: RunRecord; messages: EventRecord[]; hasMorePastEvents: boolean; cursor: string }
  | { kind: 'missing-run'; runId: string; message: string };

interface Queued {
  event: EventRecord;
  /** The run as read right after the event was published (null once deleted). */
  run: RunRecord | null;
}

/** `cursor`: an event id to resume after, 'HEAD' for new events only, null for the whole log. */
export function runLogFeed(
  hub: SubscriptionHub,
  runId: string,
  cursor: number | 'HEAD' | null,
): AsyncIterableIterator<RunLogItem | FeedTerminal> {
  const db = hub.database.api;
  return feedIterator<RunLogItem>(async function* (signal) {
    const missing: RunLogItem = { kind: 'missing-run', runId, message: `Run ${runId} could not be found.` };
    const first = await readWithRetry(signal, 'a run', () => hub.read(() => getRun(db, runId)));
    if (!first) {
      yield missing;
      return;
    }
    // The run's id as stored (ids are case-insensitive UUIDs), so hub events match it.
    const id = first.id;
    const queue = new BoundedQueue<Queued>(hub.maxBufferedEvents);
    const listener = queuedListener(id, queue, (events, current) => {
      const run = current.get(id) ?? null;
      return events.map((event) => ({ event, run }));
    });
    const leave = hub.join();
    signal.addEventListener('abort', () => queue.end(), { once: true });
    try {
      await hub.ready(signal);
      const from = cursor === 'HEAD' ? hub.position : (cursor ?? 0);
      const readPage = async (after: number, upTo: number) => {
        const page = await readRunEvents(db, { runId: id, after, upTo, limit: hub.replayChunkSize });
        return { page, next: page.hasMore ? page.events.at(-1)!.id : upTo };
      };
      let delivered = String(from);
      let sentAny = false;
      let attachedAt: number | null = null;
      for await (const step of hub.follow(from, readPage, listener, signal, 'run events')) {
        if (step.kind === 'attached') {
          attachedAt = step.position;
          break;
        }
        const { page, position } = step;
        if (page.events.length === 0 && sentAny) continue;
        const run = await readWithRetry(signal, 'a run', () => hub.read(() => getRun(db, id)));
        if (!run) {
          yield missing;
          return;
        }
        yield { kind: 'logs', run, messages: page.events, hasMorePastEvents: page.hasMore, cursor: String(position) };
        delivered = String(position);
        sentAny = true;
      }
      if (attachedAt === null) return;
      if (!sentAny) {
        // Caught up with nothing to replay (or HEAD): answer at once, attached, so that every event
        // committed after the client has this payload reaches it.
        const run = await readWithRetry(signal, 'a run', () => hub.read(() => getRun(db, id)));
        if (!run) {
          yield missing;
          return;
        }
        yield { kind: 'logs', run, messages: [], hasMorePastEvents: false, cursor: String(attachedAt) };
      }
      for (;;) {
        const taken = await queue.take(hub.replayChunkSize);
        if (taken === 'ended') return;
        if (taken === 'overflowed') {
          yield { kind: 'fell-behind', cursor: delivered, limit: queue.limit };
          return;
        }
        const run = taken.at(-1)!.run;
        if (!run) {
          yield missing;
          return;
        }
        const cursorNow = String(taken.at(-1)!.event.id);
        yield { kind: 'logs', run, messages: taken.map((item) => item.event), hasMorePastEvents: false, cursor: cursorNow };
        delivered = cursorNow;
      }
    } finally {
      hub.detach(listener);
      leave();
    }
  });
}
