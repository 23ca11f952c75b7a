// A daemon loop: runs `tick` every interval (and on demand via `wake`), never two ticks at once, and
// records a heartbeat after each tick so `instance.daemonHealth` can tell whether it is alive.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { logger, type Logger } from '../log/index.js';
import type { DaemonType } from './daemon-types.js';
import { recordHeartbeat, removeHeartbeat } from './heartbeats.js';

export interface LoopOptions {
  db: Db;
  daemonType: DaemonType;
  intervalMs: number;
  tick: () => Promise<void>;
}

/**
 * What every daemon id of this process starts with: its heartbeat rows can be told from those of other
 * processes running the same daemons (this process's readiness asks about its own loops only).
 */
export const PROCESS_DAEMON_ID_PREFIX = `${hostname()}:${process.pid}:`;

export class DaemonLoop {
  readonly daemonId = `${PROCESS_DAEMON_ID_PREFIX}${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastError: string | null = null;
  private lastBeatAt = 0;
  private readonly log: Logger;

  constructor(private readonly options: LoopOptions) {
    this.log = logger().child({ daemon: options.daemonType, daemonId: this.daemonId });
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.intervalMs);
    this.wake();
  }

  /** Runs a tick now (or right after the current one ends). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runTick().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await removeHeartbeat(this.options.db, this.options.daemonType, this.daemonId).catch(() => undefined);
  }

  private async runTick(): Promise<void> {
    const previousError = this.lastError;
    try {
      await this.options.tick();
      this.lastError = null;
      if (previousError !== null) this.log.info('tick succeeded again');
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      // A database outage fails every tick alike: one error line when the failure starts or changes.
      if (this.lastError === previousError) this.log.debug({ err: error }, 'tick failed again');
      else this.log.error({ err: error }, 'tick failed');
    }
    // Ticks woken by hints can come every millisecond; the heartbeat needs one write per half interval.
    const now = Date.now();
    if (now - this.lastBeatAt < this.options.intervalMs / 2 && this.lastError === previousError) return;
    this.lastBeatAt = now;
    await recordHeartbeat(this.options.db, {
      daemonType: this.options.daemonType,
      daemonId: this.daemonId,
      intervalSeconds: Math.max(1, Math.ceil(this.options.intervalMs / 1000)),
      lastError: this.lastError,
    }).catch(() => undefined);
  }
}
