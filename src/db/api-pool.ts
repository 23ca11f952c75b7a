// The API's own Postgres connections, apart from the engine's (coordinator, monitor, worker), so that no
// amount of API traffic can starve a lease renewal, a heartbeat or a dequeue: the engine's pool is never
// lent to a request. Within the API, each lane of request-scope.ts has a pool: mutations, reads, and heavy
// reads, which take turns under a share of time (time-share.ts), so a launch never queues behind a storm
// of counts and the counts cannot take the CPU the engine's statements need.
//
// Every API connection runs under `statement_timeout` and without parallel workers (a statement of the
// API uses at most one backend: the CPU it takes is what its lane meters); waiting for a free connection
// is bounded by the same timeout. A request's statements are cancelled when its signal aborts (the client
// went away, the server is stopping): statements not yet started are refused, the one in flight is
// cancelled with pg_cancel_backend. A connection whose statement was cancelled is discarded instead of
// returned to the pool, so a cancel that arrives late can never hit the next request's statement.
//
// drizzle treats anything whose class name contains "Pool" as a pool: it calls query() for single
// statements and connect()/release() around a transaction. Both go through the same checkout here.
import pg from 'pg';
import type { ApiLimits } from '../config/instance-config.js';
import { RequestCanceledError, ServiceBusyError } from './errors.js';
import { currentRequestScope, type Lane } from './request-scope.js';
import { TimeShare } from './time-share.js';
import { logger } from '../log/index.js';
import { tidepoolConnection } from './own-schema.js';
import { watchPgPool } from '../metrics/process-gauges.js';

/** How the API's connections are divided (from the instance config's `api` section). */
export interface ApiConnections {
  /** Connections for queries and subscriptions. */
  readConnections: number;
  /** Connections for mutations. */
  writeConnections: number;
  /** Connections for heavy reads, and the share of time they may keep them busy (0 < share ≤ 1). */
  heavyReads: { connections: number; share: number };
  statementTimeoutMs: number;
}

/** The division the `api` section asks for. */
export function apiConnections(api: ApiLimits): ApiConnections {
  return {
    readConnections: api.databaseConnections,
    // Mutations are short and rate-limited; half the read connections is plenty to keep them off reads.
    writeConnections: Math.max(2, Math.ceil(api.databaseConnections / 2)),
    heavyReads: { connections: api.heavyReads.connections, share: api.heavyReads.databasePercent / 100 },
    statementTimeoutMs: api.statementTimeoutSeconds * 1000,
  };
}

export interface ApiPoolOptions extends ApiConnections {
  url: string;
  applicationName: string;
}

export class ApiPool {
  private readonly lanes: Record<Lane, pg.Pool>;
  private readonly heavyTurns: TimeShare;
  private readonly statementTimeoutMs: number;
  private readonly unwatchPools: (() => void)[];

  constructor(options: ApiPoolOptions) {
    const lanePool = (lane: Lane, max: number) => {
      const pool = new pg.Pool({
        ...tidepoolConnection(options.url, ['-c max_parallel_workers_per_gather=0']),
        max,
        application_name: `${options.applicationName}:api-${lane}`,
        statement_timeout: options.statementTimeoutMs,
        connectionTimeoutMillis: options.statementTimeoutMs,
      });
      // As in postgres.ts: a lost connection fails its statement; it must never crash the process.
      pool.on('error', (error) => logger().warn({ lane, err: error }, 'an idle API Postgres connection was lost'));
      pool.on('connect', (client) => {
        client.on('error', (error) => logger().warn({ lane, err: error }, 'an API Postgres connection was lost while in use'));
      });
      return pool;
    };
    const { heavyReads } = options;
    this.lanes = {
      read: lanePool('read', options.readConnections),
      heavy: lanePool('heavy', heavyReads.connections),
      write: lanePool('write', options.writeConnections),
    };
    // From idle, heavy reads may run for one statement timeout per connection before the share applies:
    // a lone dashboard of counts is answered at full speed, a storm is metered within seconds.
    this.unwatchPools = Object.entries(this.lanes).map(([lane, pool]) => watchPgPool(`api-${lane}`, pool));
    this.heavyTurns = new TimeShare({ slots: heavyReads.connections, share: heavyReads.share, burstMs: options.statementTimeoutMs });
    this.statementTimeoutMs = options.statementTimeoutMs;
  }

  async query(config: unknown, values?: unknown): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      const result = await client.query(config as pg.QueryConfig, values as unknown[]);
      client.release();
      return result;
    } catch (error) {
      // pg-pool discards a client released with an error: its connection may be in any state.
      client.release(error as Error);
      throw error;
    }
  }

  async connect(): Promise<pg.PoolClient> {
    const { lane, signal, client } = currentRequestScope();
    if (signal?.aborted) throw new RequestCanceledError();
    // A heavy read waits for its turn first, so that it holds no connection while it waits.
    const endTurn = lane === 'heavy' ? await this.heavyTurns.acquire(this.statementTimeoutMs, { signal, client }) : null;
    let connection: pg.PoolClient;
    try {
      connection = await this.checkout(lane, signal);
    } catch (error) {
      endTurn?.();
      throw error;
    }
    return this.withReleaseHooks(connection, signal, endTurn);
  }

  async end(): Promise<void> {
    this.heavyTurns.close();
    for (const unwatch of this.unwatchPools) unwatch();
    await Promise.all(Object.values(this.lanes).map((pool) => pool.end()));
  }

  private async checkout(lane: Lane, signal: AbortSignal | undefined): Promise<pg.PoolClient> {
    const checkout = this.lanes[lane].connect().catch((error: unknown) => {
      // pg-pool's words when connectionTimeoutMillis passes with every connection of the lane busy.
      throw error instanceof Error && /timeout exceeded when trying to connect/.test(error.message) ? new ServiceBusyError() : error;
    });
    return signal ? untilAborted(checkout, signal) : checkout;
  }

  /**
   * The client with its release ending the heavy-read turn (charging the time held) and, for a request
   * with a signal, cancelling its statement on abort and discarding the connection if it was cancelled.
   */
  private withReleaseHooks(client: pg.PoolClient, signal: AbortSignal | undefined, endTurn: (() => void) | null): pg.PoolClient {
    let cancelled = false;
    const backend = (client as unknown as { processID: number }).processID;
    const onAbort = () => {
      cancelled = true;
      this.lanes.write.query('select pg_cancel_backend($1)', [backend]).catch(() => undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // pg-pool gives each checkout its own release function; wrapping it affects this checkout only.
    const release = client.release;
    client.release = (error?: Error | boolean) => {
      signal?.removeEventListener('abort', onAbort);
      endTurn?.();
      return release(error ?? cancelled);
    };
    return client;
  }
}

/** The checked-out client, or RequestCanceledError if `signal` aborts first (the client is then returned). */
function untilAborted(checkout: Promise<pg.PoolClient>, signal: AbortSignal): Promise<pg.PoolClient> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(new RequestCanceledError());
      checkout.then(
        (client) => client.release(),
        () => undefined,
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
    checkout.then(
      (client) => {
        signal.removeEventListener('abort', onAbort);
        if (!signal.aborted) resolve(client);
      },
      (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
