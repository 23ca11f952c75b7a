// The backfill daemon (BACKFILL): submits backfills' runs chunk by chunk and records their ends
// (src/backfills/backfill-pass.ts). A tick repeats passes while they submit runs, so a large backfill is
// submitted at once but in chunks, turn by turn with the others; it is woken by a run's end (which may
// finish a backfill) and polls as a fallback. Any number may run: backfills are claimed by row locks.
import { backfillPass } from '../backfills/backfill-pass.js';
import type { Notifier } from '../db/notifier.js';
import { definitionsOf, type LocationSource } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { isTerminal } from '../runs/vocabulary.js';
import { DAEMON_TYPES } from './daemon-types.js';
import { DaemonLoop } from './loop.js';

const BACKFILL_POLL_MS = 1_000;

export class BackfillDaemon {
  private readonly loop: DaemonLoop;
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly instance: Instance,
    private readonly location: LocationSource,
    private readonly notifier: Notifier,
  ) {
    this.loop = new DaemonLoop({
      db: instance.database.db,
      daemonType: DAEMON_TYPES.backfill,
      intervalMs: BACKFILL_POLL_MS,
      tick: () => this.drain(),
    });
  }

  start(): void {
    const wake = () => this.loop.wake();
    this.unsubscribe = this.notifier.subscribe('event', (hint) => hint.status !== null && isTerminal(hint.status) && wake(), wake);
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.loop.stop();
  }

  private async drain(): Promise<void> {
    // The location is read once per pass: a reload is picked up by the next.
    while ((await backfillPass(this.instance, definitionsOf(this.location)!)) > 0);
  }
}
