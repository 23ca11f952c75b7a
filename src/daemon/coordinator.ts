// The queued run coordinator daemon. It runs a dequeue pass whenever a run may have become startable —
// a run was enqueued or ended (hints from the notifier), or a pool changed — and every few seconds as a
// fallback for lost hints. Any number of coordinators may run against one database (see queue/dequeue.ts).
import type { Notifier } from '../db/notifier.js';
import type { Instance } from '../instance/instance.js';
import { recording } from '../metrics/instruments.js';
import { dequeueRuns } from '../queue/dequeue.js';
import { isTerminal } from '../runs/vocabulary.js';
import { DAEMON_TYPES } from './daemon-types.js';
import { DaemonLoop } from './loop.js';

export const COORDINATOR_POLL_MS = 2_000;

export class Coordinator {
  private readonly loop: DaemonLoop;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly instance: Instance,
    private readonly notifier: Notifier,
    options: { pollMs?: number } = {},
  ) {
    this.loop = new DaemonLoop({
      db: instance.database.db,
      daemonType: DAEMON_TYPES.queuedRunCoordinator,
      intervalMs: options.pollMs ?? COORDINATOR_POLL_MS,
      tick: () => this.drain(),
    });
  }

  start(): void {
    const wake = () => this.loop.wake();
    this.unsubscribe = [
      this.notifier.subscribe(
        'event',
        (hint) => {
          if (hint.status === 'QUEUED' || (hint.status !== null && isTerminal(hint.status))) wake();
        },
        wake,
      ),
      this.notifier.subscribe('pool', wake, wake),
    ];
    this.loop.start();
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.loop.stop();
  }

  /** Dequeue passes until one leaves nothing more to start. */
  private async drain(): Promise<void> {
    for (;;) {
      const timer = recording()?.dequeuePass.startTimer();
      const { more } = await dequeueRuns(this.instance.database.db, this.instance.config);
      timer?.();
      if (!more) return;
    }
  }
}
