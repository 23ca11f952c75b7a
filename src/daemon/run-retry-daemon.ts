// The run retry daemon (Dagster's EVENT_LOG_CONSUMER, the daemon that runs its automatic re-execution): finds
// the runs that failed and decides, once per run, whether to retry them (src/queue/run-retries.ts). It runs
// only when `run_retries.enabled` is true; it is woken by a run failing and polls as a fallback. Any number
// may run, in any processes: the decision row's primary key lets one daemon decide each run, and the others
// skip it. Each keeps its own cursor over the RUN_FAILURE events (see run-retries.ts for where it starts).
import type { Notifier } from '../db/notifier.js';
import { definitionsOf, type LocationSource } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { decideRunRetry, settledCursor, startingCursor, undecidedFailedRuns, type RetryDecision } from '../queue/run-retries.js';
import { DAEMON_TYPES } from './daemon-types.js';
import { DaemonLoop } from './loop.js';

const POLL_MS = 2_000;
const BATCH = 100;
/** How often the cursor is moved past settled events (a bounded index scan). */
const SETTLE_EVERY_MS = 30_000;

export class RunRetryDaemon {
  private readonly loop: DaemonLoop;
  private unsubscribe: () => void = () => {};
  private cursor: number | null = null;
  private settledAt = 0;

  constructor(
    private readonly instance: Instance,
    private readonly location: LocationSource,
    private readonly notifier: Notifier,
    /** Hears of every decision this daemon took (tests record them). */
    private readonly onDecision: (decision: RetryDecision) => void = () => {},
  ) {
    this.loop = new DaemonLoop({
      db: instance.database.db,
      daemonType: DAEMON_TYPES.runRetries,
      intervalMs: POLL_MS,
      tick: () => this.tick(),
    });
  }

  get daemonId(): string {
    return this.loop.daemonId;
  }

  start(): void {
    const wake = () => this.loop.wake();
    this.unsubscribe = this.notifier.subscribe('event', (hint) => hint.status === 'FAILURE' && wake(), wake);
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.loop.stop();
  }

  private async tick(): Promise<void> {
    const { db } = this.instance.database;
    this.cursor ??= await startingCursor(db);
    for (;;) {
      const failed = await undecidedFailedRuns(db, this.cursor, BATCH);
      // The location is read per decision: a reload between decisions is picked up by the next.
      for (const run of failed) {
        const decision = await decideRunRetry(this.instance, definitionsOf(this.location), run);
        if (decision !== null) this.onDecision(decision);
      }
      if (failed.length < BATCH) break;
    }
    if (Date.now() - this.settledAt >= SETTLE_EVERY_MS) {
      this.cursor = await settledCursor(db, this.cursor);
      this.settledAt = Date.now();
    }
  }
}
