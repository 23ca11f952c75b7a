// Subscriptions' own reads (replays, run and pool re-reads) share the process's database pool with the
// coordinator and the worker: a thousand clients resuming at once must queue here, not take every
// connection. A finished read hands its slot straight to the oldest waiter, so waiters are served in order.

/** Reads running at once per process. */
const MAX_CONCURRENT_READS = 4;

export class ReadThrottle {
  private running = 0;
  private readonly waiters: (() => void)[] = [];

  async read<T>(read: () => Promise<T>): Promise<T> {
    if (this.running < MAX_CONCURRENT_READS) this.running++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve)); // handed a slot
    try {
      return await read();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.running--;
    }
  }
}
