// Follows the settled watermark of the event log for the hub: one probe at a time (a wake-up during a
// probe causes exactly one more), quick re-probes while writers hold ids back (their commit hint usually
// comes first), retries with backoff while the database is unreachable — the position is kept, so the
// next successful probe publishes whatever settled meanwhile — and a warning when one writer
// transaction has held the feeds back for long.
import type { Database } from '../db/database.js';
import { logger } from '../log/index.js';
import { SettledWatermark } from './settled-events.js';

const RECHECK_MIN_MS = 25;
const RECHECK_MAX_MS = 1_000;
const RETRY_MAX_MS = 5_000;
/** Log when live feeds have waited this long for one writer transaction (then at most once a minute). */
const HELD_BACK_WARN_MS = 30_000;

export class LogFollower {
  private readonly watermark = new SettledWatermark();
  private running = false;
  private again = false;
  private failures = 0;
  private recheckMs = RECHECK_MIN_MS;
  private timer: NodeJS.Timeout | null = null;
  private lastHeldBackWarning = 0;
  private stopped = false;
  /** Probes started and completed (they run one at a time, so the completed ones are a prefix). */
  started = 0;
  done = 0;

  constructor(
    private readonly database: Database,
    /** Publishes up to a newly settled id (every id up to it is settled). */
    private readonly onSettled: (settled: number) => Promise<void>,
    /** After each completed probe. */
    private readonly onProbed: () => void,
    /** Whether anyone needs the log followed now. */
    private readonly wanted: () => boolean,
  ) {}

  wake(): void {
    if (this.stopped || !this.wanted()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.probe();
      } while (this.again && !this.stopped && this.wanted());
      this.failures = 0;
    } catch (error) {
      this.failures++;
      if (this.failures === 1 || this.failures % 10 === 0) {
        logger().warn({ attempt: this.failures, err: error }, 'live subscriptions could not read new events; retrying');
      }
      this.wakeAfter(Math.min(100 * 2 ** Math.min(this.failures, 6), RETRY_MAX_MS));
    } finally {
      this.running = false;
    }
  }

  private async probe(): Promise<void> {
    const probe = ++this.started;
    const step = await this.watermark.advance(this.database.api);
    if (step.settled !== null) await this.onSettled(step.settled);
    this.done = probe;
    this.onProbed();
    if (step.waiting) {
      this.wakeAfter(this.recheckMs);
      this.recheckMs = Math.min(this.recheckMs * 2, RECHECK_MAX_MS);
    } else {
      this.recheckMs = RECHECK_MIN_MS;
    }
    if (step.heldBack && step.heldBack.ms > HELD_BACK_WARN_MS && Date.now() - this.lastHeldBackWarning > 60_000) {
      this.lastHeldBackWarning = Date.now();
      logger().warn(
        {
          waitedMs: Math.round(step.heldBack.ms),
          writers: step.heldBack.writers.map((writer) => ({ pid: writer.pid, vxid: writer.vxid })),
        },
        'live subscriptions are waiting for transactions that write run events and have not finished; ' +
          'events after theirs are delivered once they commit or abort',
      );
    }
  }

  private wakeAfter(ms: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, ms);
    this.timer.unref();
  }
}
