// The building blocks of every subscription: a bounded queue the hub fills, and an async iterator that
// stops at once when the client goes away.
//
// Memory stays bounded: the hub never holds more than `limit` undelivered items for one subscriber.
// A subscriber that falls further behind is not slowed down or made to block the hub; its queue is
// dropped and its feed ends with a FellBehind terminal that names the cursor to resume from (every
// event is still in the table, so resuming loses nothing).
import { scopedLogger } from '../log/index.js';

/** How a feed ended abnormally; the GraphQL layer turns these into errors. */
export type FeedTerminal = { kind: 'fell-behind'; cursor: string; limit: number } | { kind: 'unexpected' };

/** A FIFO with a hard bound: a push that would exceed it drops everything and marks the queue overflowed. */
export class BoundedQueue<T> {
  private items: T[] = [];
  private head = 0;
  private wakeUp: (() => void) | null = null;
  private state: 'open' | 'overflowed' | 'ended' = 'open';

  constructor(readonly limit: number) {}

  /** Items waiting to be taken. */
  get size(): number {
    return this.items.length - this.head;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Appends; false (and the queue is dropped) when that would hold more than `limit` items. */
  push(items: readonly T[]): boolean {
    if (this.state !== 'open' || items.length === 0) return this.state === 'open';
    if (this.size + items.length > this.limit) {
      this.state = 'overflowed';
      this.items = [];
      this.head = 0;
    } else {
      for (const item of items) this.items.push(item);
    }
    this.notify();
    return this.state === 'open';
  }

  /** No more items will come (the hub closed); takers get 'ended' once the queue is drained. */
  end(): void {
    if (this.state === 'open') this.state = 'ended';
    this.notify();
  }

  /**
   * Up to `max` items, waiting for the first; 'overflowed' once the queue was dropped, 'ended' when it
   * is drained and closed (end() — also what an aborted subscription calls).
   */
  async take(max: number): Promise<T[] | 'overflowed' | 'ended'> {
    for (;;) {
      if (this.state === 'overflowed') return 'overflowed';
      if (this.size > 0) {
        const taken = this.items.slice(this.head, this.head + max);
        this.head += taken.length;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        return taken;
      }
      if (this.state === 'ended') return 'ended';
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  private notify(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }
}

/**
 * An async iterator over a producer written as an async generator, with the one property GraphQL
 * servers need and generators lack: `return()` (client unsubscribed or disconnected) takes effect at
 * once, even while the producer waits for the next event — the producer sees its signal abort, and
 * its `finally` blocks (detaching from the hub) run as soon as it wakes. An unexpected error in the
 * producer is logged and ends the feed with the `unexpected` terminal, never with a raw error message.
 */
export function feedIterator<T>(
  produce: (signal: AbortSignal) => AsyncGenerator<T | FeedTerminal, void, undefined>,
): AsyncIterableIterator<T | FeedTerminal> {
  const controller = new AbortController();
  const generator = produce(controller.signal);
  let finished = false;
  /** Settles the next() in flight, if any, when the feed is stopped from outside. */
  let settlePending: ((result: IteratorResult<T | FeedTerminal>) => void) | null = null;
  const done = (): IteratorResult<T | FeedTerminal> => ({ done: true, value: undefined });
  const stop = () => {
    if (finished && controller.signal.aborted) return;
    finished = true;
    controller.abort();
    settlePending?.(done());
    settlePending = null;
    generator.return(undefined).catch(() => undefined);
  };
  const iterator: AsyncIterableIterator<T | FeedTerminal> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (finished) return Promise.resolve(done());
      return new Promise<IteratorResult<T | FeedTerminal>>((resolve) => {
        settlePending = resolve;
        generator.next().then(
          (result) => {
            settlePending = null;
            if (result.done) finished = true;
            resolve(result);
          },
          (error: unknown) => {
            settlePending = null;
            scopedLogger().error({ err: error }, 'a subscription failed unexpectedly');
            stop();
            resolve({ done: false, value: { kind: 'unexpected' } });
          },
        );
      });
    },
    async return() {
      stop();
      return done();
    },
    async throw() {
      stop();
      return done();
    },
  };
  return iterator;
}

export function isTerminal(value: unknown): value is FeedTerminal {
  return typeof value === 'object' && value !== null && 'kind' in value && (value.kind === 'fell-behind' || value.kind === 'unexpected');
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const RETRY_ATTEMPTS = 20;
const RETRY_MAX_MS = 2_000;

/**
 * Runs a read, retrying with backoff while the database is unreachable (connections dropped, failover),
 * for up to ~30 s; a feed that still cannot read ends with the `unexpected` terminal (resumable).
 */
export async function readWithRetry<T>(signal: AbortSignal, what: string, read: () => Promise<T>): Promise<T> {
  let delay = 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (signal.aborted || attempt >= RETRY_ATTEMPTS) throw error;
      if (attempt === 1 || attempt % 5 === 0) {
        scopedLogger().warn({ reading: what, attempt, err: error }, 'a subscription could not read; retrying');
      }
      await pause(delay, signal);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }
}

/**
 * A pulled feed's "something changed" mark: hints only set it (a slow subscriber costs a flag, never a queue)
 * and the reader waits for it. It starts set, so the first read happens at once; a mark made during a read
 * causes another read, so the last change is never missed.
 */
export class ChangeMark {
  private marked = true;
  private wakeUp: (() => void) | null = null;

  /** Marks a change and wakes the waiting reader; pass it to the hub's watch functions as is. */
  readonly mark = (): void => {
    this.marked = true;
    this.wakeUp?.();
  };

  /** Waits for a mark and clears it: true to read again, false once the signal aborts or `closed()` holds. */
  async next(signal: AbortSignal, closed: () => boolean): Promise<boolean> {
    while (!this.marked) {
      if (signal.aborted || closed()) return false;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        this.wakeUp = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        signal.addEventListener('abort', onAbort, { once: true });
      });
      this.wakeUp = null;
    }
    if (signal.aborted || closed()) return false;
    this.marked = false;
    return true;
  }
}
