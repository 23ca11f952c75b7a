// Wake-ups between processes. NOTIFY is a hint, never a message to rely on:
//  - payloads carry ids only; whoever is woken re-reads the tables (one exception, argued where it is
//    used: a 'pool' hint naming the claims its transaction granted lets their waiting steps run unread);
//  - notifications sent while a listener was disconnected are lost, so after a reconnect every
//    subscriber is told to catch up from the tables (`onReconnect`);
//  - every loop that waits on a hint also polls slowly as a fallback.
// `notify` runs inside the writing transaction, so the hint is delivered only if (and when) it commits;
// statements that emit hints for the rows they write use `notifyHintSql`, so every hint has one shape.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Executor, Unlisten } from './database.js';
import { logger } from '../log/index.js';

export const CHANNEL = 'tidepool';

export type Hint =
  /** An event was appended to a run; `status` is set when the event changed the run's status. */
  | { topic: 'event'; runId: string; eventId: number; status: string | null }
  /**
   * A pool's limit, claims or waiters changed. `granted` is set by a statement that ran the pool's grant
   * (pools/grant-slots.ts): the seqs of the claims it granted, null when too many to list; with it,
   * `grantedAt` is the grant's time (epoch seconds, database clock). The one exception to "readers
   * re-query": a waiting step named in `granted` may run without reading its claim (pools/slot-gate.ts).
   */
  | { topic: 'pool'; key: string; granted?: string[] | null; grantedAt?: number }
  /** A reload of a code location was requested: its generation is now `generation` (src/locations). */
  | { topic: 'location'; name: string; generation: number }
  /** Captured output of a run's step (file key) was stored (src/runs/captured-logs.ts). */
  | { topic: 'logs'; runId: string; fileKey: string };

export type Topic = Hint['topic'];
type HintOf<T extends Topic> = Extract<Hint, { topic: T }>;

export async function notify(executor: Executor, hint: Hint): Promise<void> {
  await executor.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(hint)})`);
}

/** A hint's fields (all but its topic) as SQL expressions over the emitting statement's rows. */
export type HintColumns<T extends Topic> = { [K in keyof Omit<HintOf<T>, 'topic'>]: SQL };

/** The `pg_notify(...)` expression that sends one hint of `topic` for each row a statement evaluates it on. */
export function notifyHintSql<T extends Topic>(topic: T, columns: HintColumns<T>): SQL {
  const fields = Object.entries<SQL>(columns).map(([name, value]) => sql`${name}::text, ${value}`);
  return sql`pg_notify(${CHANNEL}, json_build_object('topic', ${topic}::text, ${sql.join(fields, sql`, `)})::text)`;
}

interface Subscriber {
  onHint(hint: Hint): void;
  onReconnect(): void;
}

/** Fans this process's one LISTEN connection out to in-process subscribers by topic. */
export class Notifier {
  private readonly subscribers = new Map<Topic, Set<Subscriber>>();
  private unlisten: Unlisten | null = null;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(CHANNEL, {
      onNotification: (payload) => this.dispatch(payload),
      onReconnect: () => {
        for (const set of this.subscribers.values()) for (const subscriber of set) subscriber.onReconnect();
      },
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Calls `onHint` for each hint of the topic; `onReconnect` (if given) after hints may have been lost. */
  subscribe<T extends Topic>(topic: T, onHint: (hint: HintOf<T>) => void, onReconnect: () => void = () => {}): () => void {
    const subscriber: Subscriber = { onHint, onReconnect };
    let set = this.subscribers.get(topic);
    if (!set) this.subscribers.set(topic, (set = new Set()));
    set.add(subscriber);
    return () => set.delete(subscriber);
  }

  private dispatch(payload: string): void {
    let hint: Hint;
    try {
      hint = JSON.parse(payload) as Hint;
    } catch {
      return; // Not ours: some other writer on the same channel.
    }
    for (const subscriber of this.subscribers.get(hint.topic) ?? []) {
      try {
        subscriber.onHint(hint);
      } catch (error) {
        logger().error({ topic: hint.topic, err: error }, 'a notification handler failed');
      }
    }
  }
}
