// The live `capturedLogs` subscription: a step's stdout/stderr from a cursor, then as it is written — by a
// worker in any process, since the feed reads the table, woken by the 'logs' hint each flush sends (and by the
// run's events, one of which ends the step; a reconnect or the hub's fallback poll covers lost hints).
//
// As Dagster's CapturedLogSubscription: the first payload is sent at once when no cursor was given (even if
// empty), later ones only when the cursor moved; a read that filled its chunk is followed by another at once;
// the subscription ends once the capture is complete (its step ended, or its run did) and everything up to
// that point has been sent. Completeness is read in the same statement as the text, so a read that finds the
// step ended has every byte: the worker stores a step's logs before its end event (src/execution/step-log-capture.ts).
// A slow client costs a flag, never a queue: hints only mark the feed dirty and the reader pulls.
import type { Db } from '../db/database.js';
import {
  formatLogCursor,
  readCapturedLogsAndCompletion,
  type CapturedLogData,
  type LogCursor,
  type LogKey,
} from '../runs/captured-logs.js';
import { ChangeMark, feedIterator, readWithRetry, type FeedTerminal } from './bounded-feed.js';
import type { SubscriptionHub } from './hub.js';

/** Bytes of each stream per payload (Dagster's MAX_BYTES_CHUNK_READ). */
export const LOG_CHUNK_BYTES = 4 * 1024 * 1024;

export function capturedLogFeed(
  hub: SubscriptionHub,
  db: Db,
  key: LogKey,
  from: LogCursor,
  cursorGiven: boolean,
  chunkBytes: number = LOG_CHUNK_BYTES,
): AsyncIterableIterator<CapturedLogData | FeedTerminal> {
  return feedIterator<CapturedLogData>(async function* (signal) {
    const changes = new ChangeMark();
    const unwatch = hub.watchLogs(key.runId, changes.mark);
    const leave = hub.join();
    const what = `captured logs of ${key.runId} ${key.fileKey}`;
    try {
      let cursor = from;
      let sent = cursorGiven;
      for (;;) {
        if (!(await changes.next(signal, () => hub.isClosed))) return;
        // Completion and text in one statement (one snapshot): complete means the text read is the last of it.
        let complete = false;
        // Read until caught up: a full chunk means more may be stored already.
        for (;;) {
          const read = await readWithRetry(signal, what, () => hub.read(() => readCapturedLogsAndCompletion(db, key, cursor, chunkBytes)));
          const data = read.data;
          complete = read.complete;
          const moved = formatLogCursor(data.cursor) !== formatLogCursor(cursor);
          if (!sent || moved) {
            sent = true;
            cursor = data.cursor;
            yield data;
          }
          const full =
            Buffer.byteLength(data.stdout ?? '', 'utf8') > chunkBytes - 4 || Buffer.byteLength(data.stderr ?? '', 'utf8') > chunkBytes - 4;
          if (!full || signal.aborted) break;
        }
        if (complete) return;
      }
    } finally {
      unwatch();
      leave();
    }
  });
}
