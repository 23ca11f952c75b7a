// One LISTEN connection per process. NOTIFY is a hint: payloads carry ids, listeners re-query, and a
// lost connection is re-established with backoff, after which every listener is told to catch up from
// the tables (notifications sent while disconnected are gone for good).
import pg from 'pg';
import type { ListenHandlers, Unlisten } from './database.js';
import { logger } from '../log/index.js';
import { tidepoolConnection } from './own-schema.js';

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

export class PgListener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly channels = new Map<string, Set<ListenHandlers>>();
  private closed = false;
  private backoffMs = MIN_BACKOFF_MS;

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
  ) {}

  async listen(channel: string, handlers: ListenHandlers): Promise<Unlisten> {
    let set = this.channels.get(channel);
    const isNewChannel = !set;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(handlers);
    const client = await this.connect();
    if (isNewChannel) await client.query(`LISTEN ${quoteIdent(channel)}`);
    return async () => {
      const current = this.channels.get(channel);
      current?.delete(handlers);
      if (current && current.size === 0) {
        this.channels.delete(channel);
        await this.client?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.openClient().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async openClient(): Promise<pg.Client> {
    const client = new pg.Client({ ...tidepoolConnection(this.url), application_name: `${this.applicationName}:listen` });
    client.on('notification', (message) => {
      for (const handlers of this.channels.get(message.channel) ?? []) handlers.onNotification(message.payload ?? '');
    });
    client.on('error', () => this.handleLoss(client));
    client.on('end', () => this.handleLoss(client));
    await client.connect();
    for (const channel of this.channels.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    this.client = client;
    this.backoffMs = MIN_BACKOFF_MS;
    return client;
  }

  private handleLoss(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.end().catch(() => undefined);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    while (!this.closed && !this.client) {
      await new Promise((resolve) => setTimeout(resolve, this.backoffMs));
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      try {
        await this.connect();
      } catch (error) {
        logger().warn({ err: error }, 'the LISTEN connection could not be opened; retrying');
        continue;
      }
      for (const set of this.channels.values()) for (const handlers of set) handlers.onReconnect?.();
    }
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
