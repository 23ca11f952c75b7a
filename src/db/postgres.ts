// The real-Postgres backend: the engine's pg Pool, the API's own pools (api-pool.ts), and one dedicated
// client for LISTEN.
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from './schema.js';
import type { Database, Db, ListenHandlers, Unlisten } from './database.js';
import { DEFAULT_INSTANCE_CONFIG } from '../config/instance-config.js';
import { ApiPool, apiConnections, type ApiConnections } from './api-pool.js';
import { PgListener } from './pg-listener.js';
import { logger } from '../log/index.js';
import { tidepoolConnection } from './own-schema.js';
import { watchPgPool } from '../metrics/process-gauges.js';

export interface PostgresOptions {
  url: string;
  /** Pool size; the default suits one service process. */
  maxConnections?: number;
  applicationName?: string;
  /** The API's connections (see api-pool.ts); opened lazily, so processes that serve no API pay nothing. */
  api?: ApiConnections;
}

const DEFAULT_API_CONNECTIONS = apiConnections(DEFAULT_INSTANCE_CONFIG.api);

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    ...tidepoolConnection(options.url),
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'tidepool',
  });
  // An idle client that loses its connection emits 'error' on the pool; without a handler that would
  // crash the process. The pool discards the client and the next query gets a fresh one.
  pool.on('error', (error) => logger().warn({ err: error }, 'an idle Postgres connection was lost'));
  // A checked-out client has no pool listener: if its connection drops between two statements of a
  // transaction (a terminated backend, a restarted server), it emits 'error' on itself, which would
  // crash the process. The statement in flight or the next one fails instead, and its caller's
  // transaction rolls back; the pool drops the client when it is released.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger().warn({ err: error }, 'a Postgres connection was lost while in use'));
  });
  const unwatchPool = watchPgPool('engine', pool);
  const db = drizzle(pool, { schema }) as unknown as Db;
  const apiPool = new ApiPool({
    url: options.url,
    applicationName: options.applicationName ?? 'tidepool',
    ...(options.api ?? DEFAULT_API_CONNECTIONS),
  });
  const api = drizzle(apiPool as unknown as pg.Pool, { schema }) as unknown as Db;
  const listener = new PgListener(options.url, options.applicationName ?? 'tidepool');
  return {
    kind: 'postgres',
    location: redactUrl(options.url),
    db,
    api,
    listen: (channel: string, handlers: ListenHandlers): Promise<Unlisten> => listener.listen(channel, handlers),
    async close() {
      await listener.close();
      unwatchPool();
      await Promise.all([apiPool.end(), pool.end()]);
    },
  };
}
