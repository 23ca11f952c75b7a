// A hub given no notifier opens its own LISTEN connection when its first subscription opens. The
// database may not take it yet (starting up, failing over); subscriptions must not fail for that, because
// the fallback poll serves them meanwhile — so the start is retried with backoff until it listens or the
// hub closes.
import type { Notifier } from '../db/notifier.js';
import { logger } from '../log/index.js';
import { pause } from './bounded-feed.js';

const LISTEN_RETRY_MAX_MS = 5_000;

/** Starts `notifier`, retrying until it listens (then calls `listening`) or `signal` aborts. */
export async function startNotifierWithRetry(notifier: Notifier, signal: AbortSignal, listening: () => void): Promise<void> {
  for (let delay = 100; !signal.aborted; delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS)) {
    try {
      await notifier.start();
      listening();
      return;
    } catch (error) {
      logger().warn({ err: error }, 'live subscriptions could not LISTEN yet (the fallback poll covers it); retrying');
      await pause(delay, signal);
    }
  }
}
