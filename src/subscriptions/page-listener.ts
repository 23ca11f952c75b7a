// What the hub publishes to: a listener per attached subscription. Every feed's listener is the same
// shape — it keeps what it wants of each page in the feed's bounded queue — so it is built here once.
import type { EventRecord } from '../runs/read-events.js';
import type { RunRecord } from '../runs/run-record.js';
import type { BoundedQueue } from './bounded-feed.js';

/** A listener attached to the hub: gets each published page's events it wants, after its cursor. */
export interface PageListener {
  /** A run id: every event of the run; or 'status': every status change. */
  readonly runId: string;
  /** Events with an id ≤ after were delivered before the listener attached (set on attach). */
  after: number;
  /** Called synchronously, in id order; false = the listener overflowed and is detached. */
  offer(events: readonly EventRecord[], runs: ReadonlyMap<string, RunRecord>): boolean;
  /** Items held for the subscriber (for the hub's accounting). */
  readonly buffered: number;
  /** The hub is closing: no more pages will come. */
  end(): void;
}

/**
 * A listener that pushes into `queue` what `select` keeps of each page's events after the attach
 * position (events up to it reached the subscriber while it caught up).
 */
export function queuedListener<T>(
  runId: string,
  queue: BoundedQueue<T>,
  select: (events: readonly EventRecord[], runs: ReadonlyMap<string, RunRecord>) => T[],
): PageListener {
  const listener: PageListener = {
    runId,
    after: 0,
    offer: (events, runs) => queue.push(select(eventsAfter(events, listener.after), runs)),
    get buffered() {
      return queue.size;
    },
    end: () => queue.end(),
  };
  return listener;
}

/** The events after `after` (events come in id order; the common case, all of them, copies nothing). */
function eventsAfter(events: readonly EventRecord[], after: number): readonly EventRecord[] {
  const first = events.findIndex((event) => event.id > after);
  return first === 0 ? events : first < 0 ? [] : events.slice(first);
}
