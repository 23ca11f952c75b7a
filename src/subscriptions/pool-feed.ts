// concurrencyKeyChanged: the pool's current state first, then again whenever its claims, waiters or
// limit change. Bursts coalesce: a change only marks the feed dirty, and the state is read when the
// subscriber is ready for it — so a slow subscriber costs one flag, never a queue, and because a mark
// made during a read causes another read, the final state is never dropped. Identical consecutive
// states are sent once.
import { ChangeMark, feedIterator, readWithRetry, type FeedTerminal } from './bounded-feed.js';
import type { SubscriptionHub } from './hub.js';

export function poolFeed<T>(hub: SubscriptionHub, key: string, load: () => Promise<T>): AsyncIterableIterator<T | FeedTerminal> {
  return feedIterator<T>(async function* (signal) {
    const changes = new ChangeMark();
    const unwatch = hub.watchPool(key, changes.mark);
    const leave = hub.join();
    try {
      let last: string | null = null;
      for (;;) {
        if (!(await changes.next(signal, () => hub.isClosed))) return;
        const state = await readWithRetry(signal, `pool ${JSON.stringify(key)}`, () => hub.read(load));
        const json = JSON.stringify(state);
        if (json === last) continue;
        last = json;
        yield state;
      }
    } finally {
      unwatch();
      leave();
    }
  });
}
