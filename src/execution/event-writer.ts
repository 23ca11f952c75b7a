// Writes one run's step and log events in the order they happen. Step code logs synchronously
// (context.log.info returns nothing), so writes are chained: each waits for the previous one, and
// `flush()` waits for all of them before the step's outcome is recorded.
import type { Db } from '../db/database.js';
import { appendEvent, type NewEvent } from '../runs/append-event.js';

export class EventWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
  ) {}

  write(event: Omit<NewEvent, 'runId'>): void {
    this.chain = this.chain.then(() =>
      appendEvent(this.db, { ...event, runId: this.runId }).catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  /** Waits for every event written so far; throws if any of them could not be stored. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }
}
