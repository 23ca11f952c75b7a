// A LISTEN client that timestamps notifications on arrival, for latencies measured "until a listener
// hears it". It is a plain pg.Client of its own, like a Tidepool process's listening connection, and
// records the moment node-postgres hands over the message (same clock as the sender's timestamps).
import pg from 'pg';
import { now } from './clock.js';

/** Names a notification the benchmark waits for; null for the ones it ignores. */
export type KeyOf = (channel: string, payload: string) => string | null;

export class ListenClock {
  private readonly arrivals = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();

  private constructor(
    private readonly client: pg.Client,
    private readonly keyOf: KeyOf,
  ) {}

  static async open(url: string, channels: string[], keyOf: KeyOf): Promise<ListenClock> {
    const client = new pg.Client({ connectionString: url, application_name: 'bench:listen' });
    const clock = new ListenClock(client, keyOf);
    client.on('notification', (message) => clock.record(message.channel, message.payload ?? ''));
    await client.connect();
    for (const channel of channels) await client.query(`LISTEN "${channel}"`);
    return clock;
  }

  /**
   * When the notification named `key` arrived: at once if it already has (it may beat the sender's own
   * timestamp, as the commit reply and the notification travel on different connections).
   */
  arrival(key: string, timeoutMs = 10_000): Promise<number> {
    const at = this.arrivals.get(key);
    if (at !== undefined) {
      this.arrivals.delete(key);
      return Promise.resolve(at);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`No notification ${key} arrived within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.waiters.set(key, (arrivedAt) => {
        clearTimeout(timer);
        resolve(arrivedAt);
      });
    });
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  private record(channel: string, payload: string): void {
    const at = now();
    const key = this.keyOf(channel, payload);
    if (key === null) return;
    const waiter = this.waiters.get(key);
    if (waiter) {
      this.waiters.delete(key);
      waiter(at);
    } else {
      this.arrivals.set(key, at);
    }
  }
}
