// One interface over the two storage backends: a real Postgres (DATABASE_URL) and embedded PGlite.
// Everything above src/db talks to a `Database`, never to pg or PGlite directly.
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type * as schema from './schema.js';
import type { DataDirLock } from './data-dir-lock.js';

export type Schema = typeof schema;
/** The drizzle handle, typed the same for both backends. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a statement can run on: the database itself or an open transaction. */
export type Executor = Db | Tx;

export type Unlisten = () => Promise<void>;

export interface ListenHandlers {
  onNotification: (payload: string) => void;
  /**
   * Called after the listening connection was lost and re-established: notifications sent in between
   * are gone, so listeners must catch up from the tables (NOTIFY is only a hint).
   */
  onReconnect?: () => void;
}

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, for people: a URL without its password, or a folder. */
  readonly location: string;
  /** The engine's handle: coordinator, monitor, worker, CLI. Never lent to API requests. */
  readonly db: Db;
  /**
   * The API's handle (GraphQL resolvers, subscription reads): its own connections, under a statement
   * timeout, cancelled with the request it runs for (see api-pool.ts). PGlite has one connection: the same.
   */
  readonly api: Db;
  /** PGlite only: the lock on its data folder, where a server advertises itself to CLI commands. */
  readonly dataDirLock?: DataDirLock;
  /** Subscribe to a NOTIFY channel on this process's one listening connection. */
  listen(channel: string, handlers: ListenHandlers): Promise<Unlisten>;
  close(): Promise<void>;
}

/** Runs a raw statement and returns its rows (both drivers put them under `rows`). */
export async function queryRows<Row>(executor: Executor, statement: SQL): Promise<Row[]> {
  const result = (await executor.execute(statement)) as { rows: Row[] };
  return result.rows;
}
