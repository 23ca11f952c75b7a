// The API's own Postgres connections, apart from the engine's (coordinator, monitor, worker), so that no
// amount of API traffic can starve a lease renewal, a heartbeat or a dequeue: the engine's pool is never
// lent to a request. Within the API, reads and mutations have a pool each (the lane of the request, see
// request-scope.ts), so a launch never queues behind a storm of counts.
//
// Every API connection runs under `statement_timeout`; waiting for a free connection is bounded the same
// way. A request's statements are cancelled when its signal aborts (the client went away, the server is
// stopping): statements not yet started are refused, the one in flight is cancelled with
// pg_cancel_backend. A connection whose statement was cancelled is discarded instead of returned to the
// pool, so a cancel that arrives late can never hit the next request's statement on the same backend.
//
// drizzle treats anything whose class name contains "Pool" as a pool: it calls query() for single
// statements and connect()/release() around a transaction. Both go through the same checkout here.
import pg from 'pg';
import { RequestCanceledError } from './errors.js';
import { currentRequestScope, type Lane } from './request-scope.js';

export interface ApiPoolOptions {
  url: string;
  applicationName: string;
  /** Connections for queries and subscriptions. */
  readConnections: number;
  /** Connections for mutations. */
  writeConnections: number;
  statementTimeoutMs: number;
}

export class ApiPool {
  private readonly lanes: Record<Lane, pg.Pool>;

  constructor(options: ApiPoolOptions) {
    const lanePool = (lane: Lane, max: number) => {
      const pool = new pg.Pool({
        connectionString: options.url,
        max,
        application_name: `${options.applicationName}:api-${lane}`,
        statement_timeout: options.statementTimeoutMs,
        connectionTimeoutMillis: options.statementTimeoutMs,
      });
      // As in postgres.ts: a lost connection fails its statement; it must never crash the process.
      pool.on('error', (error) => console.warn(`[tidepool] idle API Postgres connection lost: ${error.message}`));
      pool.on('connect', (client) => {
        client.on('error', (error) => console.warn(`[tidepool] API Postgres connection lost while in use: ${error.message}`));
      });
      return pool;
    };
    this.lanes = { read: lanePool('read', options.readConnections), write: lanePool('write', options.writeConnections) };
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
    const { lane, signal } = currentRequestScope();
    if (signal?.aborted) throw new RequestCanceledError();
    const checkout = this.lanes[lane].connect();
    if (!signal) return checkout;
    return this.cancelledOnAbort(await untilAborted(checkout, signal), signal);
  }

  async end(): Promise<void> {
    await Promise.all([this.lanes.read.end(), this.lanes.write.end()]);
  }

  private cancelledOnAbort(client: pg.PoolClient, signal: AbortSignal): pg.PoolClient {
    let cancelled = false;
    const backend = (client as unknown as { processID: number }).processID;
    const onAbort = () => {
      cancelled = true;
      this.lanes.write.query('select pg_cancel_backend($1)', [backend]).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // pg-pool gives each checkout its own release function; wrapping it affects this checkout only.
    const release = client.release;
    client.release = (error?: Error | boolean) => {
      signal.removeEventListener('abort', onAbort);
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
      checkout.then((client) => client.release(), () => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    checkout.then(
      (client) => {
        signal.removeEventListener('abort', onAbort);
        if (!signal.aborted) resolve(client);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
