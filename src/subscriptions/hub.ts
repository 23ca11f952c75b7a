// One hub per process: every live subscription of the process is fed from here, so N subscribers cost
// one read per change, not N.
//
// The hub follows the settled watermark of the event log (settled-events.ts) and publishes each newly
// settled slice, in id order, to the attached listeners: status listeners get every status change, run
// listeners every event of their run. A subscriber joins through follow(): it first catches up from the
// table on its own (pulling at its own pace), and attaches only when its cursor has reached the hub's
// published position while no page is being published — so from then on it gets exactly the events
// after its cursor, once each.
//
// Wake-ups follow the notifier's rule (NOTIFY is a hint): 'event' hints and a lost LISTEN connection
// (onReconnect) trigger a probe, which reads from the hub's position — so whatever was missed while
// disconnected is published then; a slow fallback poll covers hints that never come. 'pool' hints mark
// the pool watchers of that key (pool-watchers.ts); 'logs' hints and a run's events mark the run's
// captured-log feeds (captured-log-feed.ts). Nothing runs while the process has no subscriber.
//
// The hub's own work (probes, publishing, the poll) serves every subscriber, so it runs in the async
// context the hub was made in, never in that of the subscription that happened to wake it: an SSE
// request's context carries its signal (src/db/request-scope.ts), and its client leaving would cancel
// the probe every other subscriber is waiting for.
import { AsyncResource } from 'node:async_hooks';
import { setImmediate } from 'node:timers/promises';
import type { Database } from '../db/database.js';
import { Notifier } from '../db/notifier.js';
import type { EventRecord } from '../runs/read-events.js';
import type { RunRecord } from '../runs/run-record.js';
import { readWithRetry } from './bounded-feed.js';
import { LogFollower } from './log-follower.js';
import { startNotifierWithRetry } from './notifier-retry.js';
import type { PageListener } from './page-listener.js';
import { PoolWatchers } from './pool-watchers.js';
import { ReadThrottle } from './read-throttle.js';
import { loadRuns, readHubPage } from './settled-events.js';

export type { PageListener } from './page-listener.js';

export interface HubOptions {
  database: Database;
  /** The process's notifier (one LISTEN connection per process); without one the hub opens its own. */
  notifier?: Notifier | null;
  /** Most events one subscriber may have waiting; beyond it the subscription ends, resumable by cursor. */
  maxBufferedEvents?: number;
  /** Events per replay page (pipelineRunLogs chunks, catch-up reads). */
  replayChunkSize?: number;
  /** The fallback poll, for hints that never come. */
  fallbackPollMs?: number;
}

export const HUB_DEFAULTS = { maxBufferedEvents: 10_000, replayChunkSize: 1_000, fallbackPollMs: 5_000 } as const;

/** Listeners offered a page before the hub lets them run (see deliver). */
const OFFER_SLICE = 500;

/** Events per hub read; a bigger settled slice is published page by page. */
const PAGE_SIZE = 1_000;

/** A step of follow(): a page of the catch-up, or the attach that ends it. */
export type FollowStep<Page> = { kind: 'page'; page: Page; position: number } | { kind: 'attached'; position: number };

export interface HubStats {
  /** Subscriptions open (catching up or attached). */
  subscriptions: number;
  attachedStatusListeners: number;
  attachedRunListeners: number;
  poolWatchers: number;
  /** Events held for subscribers, in all; each subscriber holds at most maxBufferedEvents. */
  bufferedEvents: number;
  maxBufferedEvents: number;
  /** Every event up to here has been published. */
  position: number;
}

export class SubscriptionHub {
  readonly maxBufferedEvents: number;
  readonly replayChunkSize: number;
  readonly fallbackPollMs: number;
  readonly database: Database;

  private readonly follower: LogFollower;
  /** Every event with an id ≤ published has been offered to the attached listeners; -1 = not yet known. */
  private published = -1;
  private publishing = false;
  private readonly publishWaiters = new Set<() => void>();
  private readonly statusListeners = new Set<PageListener>();
  private readonly runListeners = new Map<string, Set<PageListener>>();
  private readonly poolWatchers = new PoolWatchers();
  /** Captured-log feeds by run: touched by its 'logs' hints and its events (a step ending completes its logs). */
  private readonly logWatchers = new PoolWatchers();
  private users = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly reads = new ReadThrottle();

  private readonly notifier: Notifier;
  private readonly ownsNotifier: boolean;
  private notifierStarted: Promise<void> | null = null;
  private readonly unsubscribes: (() => void)[] = [];
  private closed = false;
  private readonly lifetime = new AbortController();
  /** The async context the hub's shared work runs in (see the top of the file). */
  private readonly scope = new AsyncResource('TidepoolSubscriptionHub');

  constructor(options: HubOptions) {
    this.database = options.database;
    this.maxBufferedEvents = options.maxBufferedEvents ?? HUB_DEFAULTS.maxBufferedEvents;
    this.replayChunkSize = options.replayChunkSize ?? HUB_DEFAULTS.replayChunkSize;
    this.fallbackPollMs = options.fallbackPollMs ?? HUB_DEFAULTS.fallbackPollMs;
    this.follower = new LogFollower(
      this.database,
      (settled) => this.settle(settled),
      () => this.releasePublishWaiters(),
      () => this.users > 0,
    );
    this.ownsNotifier = !options.notifier;
    this.notifier = options.notifier ?? new Notifier(options.database);
    const reconnected = () => {
      this.wake();
      this.poolWatchers.touchAll();
      this.logWatchers.touchAll();
    };
    this.unsubscribes.push(
      this.notifier.subscribe(
        'event',
        (hint) => {
          this.wake();
          this.logWatchers.touch(hint.runId);
        },
        reconnected,
      ),
      this.notifier.subscribe('pool', (hint) => this.poolWatchers.touch(hint.key)),
      this.notifier.subscribe('logs', (hint) => this.logWatchers.touch(hint.runId)),
    );
  }

  // ------------------------------------------------------------------------------------------ users

  /** A subscription opens: the hub runs while any is open. Returns its `leave`. */
  join(): () => void {
    if (this.closed) throw new Error('The subscription hub is closed.');
    this.users++;
    if (this.users === 1) {
      this.scope.runInAsyncScope(() => {
        this.startNotifier();
        this.pollTimer = setInterval(() => {
          this.wake();
          this.poolWatchers.touchAll();
          this.logWatchers.touchAll();
        }, this.fallbackPollMs);
        this.pollTimer.unref();
      });
      this.wake();
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.users--;
      if (this.users === 0 && this.pollTimer) {
        clearInterval(this.pollTimer);
        this.pollTimer = null;
      }
    };
  }

  /**
   * Resolves after a probe that started after this call has completed, so `position` is as fresh as the
   * moment the subscription began (a hub that had no subscribers did not follow the log), or when the
   * signal aborts. Calls arriving together share one probe.
   */
  async ready(signal: AbortSignal): Promise<void> {
    const target = this.follower.started + 1;
    this.wake();
    while ((this.follower.done < target || this.published < 0) && !signal.aborted && !this.closed) await this.nextPublish(signal);
  }

  /** Every event up to here has been published to attached listeners (-1 before the first probe). */
  get position(): number {
    return this.published;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Catch up, then attach: the one way a subscription starts receiving events. Yields the pages
   * `readPage` reads from the table after `cursor` (each with the position it read up to), at the
   * subscriber's pace and through read(), until that position has reached the published one while no
   * page is being published; then attaches `listener` there and yields 'attached' — from then on the
   * listener gets exactly the events after that position, once each. Ends without 'attached' when the
   * signal aborts or the hub closes. The caller detaches the listener when its feed ends.
   */
  async *follow<Page>(
    cursor: number,
    readPage: (after: number, upTo: number) => Promise<{ page: Page; next: number }>,
    listener: PageListener,
    signal: AbortSignal,
    what: string,
  ): AsyncGenerator<FollowStep<Page>, void, undefined> {
    let position = cursor;
    while (!this.tryAttach(listener, position)) {
      if (signal.aborted || this.closed) return;
      if (this.publishing) {
        await this.nextPublish(signal);
        continue;
      }
      const upTo = this.published;
      const { page, next } = await readWithRetry(signal, what, () => this.read(() => readPage(position, upTo)));
      position = next;
      yield { kind: 'page', page, position };
    }
    yield { kind: 'attached', position };
  }

  /**
   * Attaches a listener whose subscriber has everything up to `cursor`: possible when the cursor has
   * reached the published position and no page is being published; otherwise the caller catches up
   * further (or waits for the publish to end) and tries again.
   */
  private tryAttach(listener: PageListener, cursor: number): boolean {
    if (this.closed || this.publishing || this.published < 0 || cursor < this.published) return false;
    listener.after = cursor;
    if (listener.runId === 'status') this.statusListeners.add(listener);
    else {
      let set = this.runListeners.get(listener.runId);
      if (!set) this.runListeners.set(listener.runId, (set = new Set()));
      set.add(listener);
    }
    return true;
  }

  detach(listener: PageListener): void {
    if (listener.runId === 'status') this.statusListeners.delete(listener);
    else {
      const set = this.runListeners.get(listener.runId);
      set?.delete(listener);
      if (set?.size === 0) this.runListeners.delete(listener.runId);
    }
  }

  /** Runs a subscription's read of the database, throttled per process (read-throttle.ts). */
  read<T>(read: () => Promise<T>): Promise<T> {
    return this.reads.read(read);
  }

  /** Calls `changed` whenever the pool's claims, waiters or limit may have changed. */
  watchPool(key: string, changed: () => void): () => void {
    return this.poolWatchers.watch(key, changed);
  }

  /** Calls `changed` whenever the run's captured logs may have grown or a step of it ended (captured-log-feed.ts). */
  watchLogs(runId: string, changed: () => void): () => void {
    return this.logWatchers.watch(runId, changed);
  }

  stats(): HubStats {
    let attachedRunListeners = 0;
    let bufferedEvents = 0;
    for (const listener of this.statusListeners) bufferedEvents += listener.buffered;
    for (const set of this.runListeners.values()) {
      attachedRunListeners += set.size;
      for (const listener of set) bufferedEvents += listener.buffered;
    }
    return {
      subscriptions: this.users,
      attachedStatusListeners: this.statusListeners.size,
      attachedRunListeners,
      poolWatchers: this.poolWatchers.size,
      bufferedEvents,
      maxBufferedEvents: this.maxBufferedEvents,
      position: this.published,
    };
  }

  /** Ends every subscription (they complete) and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.follower.stop();
    for (const listener of this.statusListeners) listener.end();
    for (const set of this.runListeners.values()) for (const listener of set) listener.end();
    this.statusListeners.clear();
    this.runListeners.clear();
    this.poolWatchers.touchAll();
    this.logWatchers.touchAll();
    this.releasePublishWaiters();
    if (this.ownsNotifier) {
      await this.notifierStarted?.catch(() => undefined);
      await this.notifier.stop();
    }
  }

  // ------------------------------------------------------------------------------------------ publishing

  /** Follow the log now: an 'event' hint, a reconnect, the fallback poll or a new subscription. */
  wake(): void {
    if (!this.closed) this.scope.runInAsyncScope(() => this.follower.wake());
  }

  private async settle(settled: number): Promise<void> {
    if (this.published < 0) {
      // Nobody can be attached before the first position: there is nothing to publish to.
      this.published = settled;
    } else if (settled > this.published) {
      await this.publish(settled);
    }
  }

  /** Publishes (published, upTo] page by page; listeners cannot attach meanwhile. */
  private async publish(upTo: number): Promise<void> {
    this.publishing = true;
    try {
      while (this.published < upTo && !this.closed) {
        const runIds = [...this.runListeners.keys()];
        const statusChanges = this.statusListeners.size > 0;
        if (!statusChanges && runIds.length === 0) {
          this.published = upTo;
          break;
        }
        const events = await readHubPage(this.database.api, { after: this.published, upTo, statusChanges, runIds, limit: PAGE_SIZE });
        const end = events.length === PAGE_SIZE ? events.at(-1)!.id : upTo;
        const runs = await loadRuns(
          this.database.api,
          events.map((event) => event.runId),
        );
        await this.deliver(events, runs);
        this.published = end;
      }
    } finally {
      this.publishing = false;
      this.releasePublishWaiters();
    }
  }

  /**
   * Offers a page to its listeners, OFFER_SLICE at a time, letting each slice's subscribers run (execute,
   * serialize, write to their sockets) before the next slice is offered. Offered all at once, ten thousand
   * subscribers advance together one await at a time: none is written to before every one has allocated
   * its whole path, which held hundreds of MB at once and delayed the first delivery until nearly the last
   * (bench/subscriptions/fanout.ts). Listeners cannot attach meanwhile (`publishing`); one that leaves
   * meanwhile refuses the offer (its queue has ended) and is dropped, as an overflowed one is.
   */
  private async deliver(events: EventRecord[], runs: Map<string, RunRecord>): Promise<void> {
    if (events.length === 0) return;
    const offers: [PageListener, EventRecord[]][] = [];
    if (this.statusListeners.size > 0) {
      const changes = events.filter((event) => event.runStatus !== null);
      if (changes.length > 0) for (const listener of this.statusListeners) offers.push([listener, changes]);
    }
    if (this.runListeners.size > 0) {
      const byRun = new Map<string, EventRecord[]>();
      for (const event of events) {
        if (!this.runListeners.has(event.runId)) continue;
        let list = byRun.get(event.runId);
        if (!list) byRun.set(event.runId, (list = []));
        list.push(event);
      }
      for (const [runId, list] of byRun) for (const listener of this.runListeners.get(runId) ?? []) offers.push([listener, list]);
    }
    for (let i = 0; i < offers.length && !this.closed; i++) {
      if (i > 0 && i % OFFER_SLICE === 0) await setImmediate();
      const [listener, list] = offers[i]!;
      if (!listener.offer(list, runs)) this.detach(listener);
    }
  }

  // ------------------------------------------------------------------------------------------ plumbing

  private nextPublish(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.publishWaiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.publishWaiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private releasePublishWaiters(): void {
    for (const done of [...this.publishWaiters]) done();
  }

  /** Starts the hub's own notifier (when it was given none), retrying until it listens or the hub closes. */
  private startNotifier(): void {
    if (!this.ownsNotifier || this.notifierStarted) return;
    this.notifierStarted = startNotifierWithRetry(this.notifier, this.lifetime.signal, () => this.wake());
  }
}
