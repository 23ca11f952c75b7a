// Applies the drizzle-kit migrations under drizzle/, with their history in Tidepool's own schema
// (own-schema.ts), apart from an application's drizzle history in `drizzle.__drizzle_migrations`. Safe
// when several processes start at once: on Postgres the whole run holds a session advisory lock, so one
// process migrates and the others wait, then find nothing left to do.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { lockForSession, LOCKS } from './advisory-lock.js';
import { queryRows, type Database, type Executor } from './database.js';
import { TIDEPOOL_SCHEMA, tidepoolConnection } from './own-schema.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

const HISTORY_TABLE = '__drizzle_migrations';
const MIGRATOR_CONFIG = { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: TIDEPOOL_SCHEMA, migrationsTable: HISTORY_TABLE };
const HISTORY = sql.raw(`${TIDEPOOL_SCHEMA}.${HISTORY_TABLE}`);
/** Where versions before migration 0006 kept their history: drizzle's default, shared with applications. */
const LEGACY_HISTORY = sql.raw(`drizzle.${HISTORY_TABLE}`);

interface JournalEntry {
  tag: string;
  /** The migration's timestamp: drizzle records it as the history row's created_at. */
  when: number;
}

async function readJournal(): Promise<JournalEntry[]> {
  const journal = JSON.parse(await readFile(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

export async function migratePostgres(url: string): Promise<void> {
  const client = new pg.Client({ ...tidepoolConnection(url), application_name: 'tidepool:migrate' });
  await client.connect();
  try {
    await lockForSession(client, LOCKS.migrate);
    const db = drizzlePg(client);
    await carryOverHistory(db as unknown as Executor);
    await migratePg(db, MIGRATOR_CONFIG);
  } finally {
    // Ending the session releases the lock even if the unlock is never reached.
    await client.end();
  }
}

/** Migrates an open database: a second connection for Postgres (for the lock), the same one for PGlite. */
export async function migrateDatabase(database: Database, postgresUrl: string | null): Promise<void> {
  if (database.kind === 'postgres') {
    if (!postgresUrl) throw new Error('migrateDatabase needs the Postgres URL to take the migration lock.');
    await migratePostgres(postgresUrl);
  } else {
    await carryOverHistory(database.db);
    await migratePglite(database.db as unknown as PgliteDatabase<Record<string, never>>, MIGRATOR_CONFIG);
  }
}

/**
 * Versions before migration 0006 kept their history in drizzle's default table, which an application's
 * own drizzle migrations write too. drizzle's migrator applies every migration newer than the newest row
 * of its history table, and reads it before running any migration, so the move cannot be a migration:
 * before the migrator runs, if Tidepool's table does not exist yet, Tidepool's rows (known by their
 * created_at, the journal's `when`s, which no application's migration shares) move to it, in one
 * transaction. drizzle's table and schema are dropped if that leaves them empty. Migration 0006 then
 * moves the tables.
 */
async function carryOverHistory(db: Executor): Promise<void> {
  const whens = (await readJournal()).map((entry) => entry.when);
  const [state] = await queryRows<{ legacy: boolean }>(
    db,
    sql`select to_regclass(${`${TIDEPOOL_SCHEMA}.${HISTORY_TABLE}`}) is null and to_regclass(${`drizzle.${HISTORY_TABLE}`}) is not null as legacy`,
  );
  if (!state?.legacy) return;
  await db.transaction(async (tx) => {
    const ours = await queryRows<{ id: number }>(
      tx,
      sql`select id from ${LEGACY_HISTORY} where created_at = any(${sql.param(whens)}::bigint[])`,
    );
    if (ours.length === 0) return;
    // The same table drizzle's migrator would create.
    await tx.execute(sql`create schema if not exists ${sql.identifier(TIDEPOOL_SCHEMA)}`);
    await tx.execute(sql`create table ${HISTORY} (id serial primary key, hash text not null, created_at bigint)`);
    await tx.execute(sql`
      with moved as (delete from ${LEGACY_HISTORY} where created_at = any(${sql.param(whens)}::bigint[]) returning hash, created_at)
      insert into ${HISTORY} (hash, created_at) select hash, created_at from moved order by created_at`);
    const [left] = await queryRows<{ rows: number }>(tx, sql`select count(*)::int as rows from ${LEGACY_HISTORY}`);
    if (left?.rows !== 0) return;
    await tx.execute(sql`drop table ${LEGACY_HISTORY}`);
    // Every object in a schema depends on it in pg_depend: none left means the schema is empty.
    const [other] = await queryRows<{ objects: number }>(
      tx,
      sql`select count(*)::int as objects from pg_depend where refclassid = 'pg_namespace'::regclass and refobjid = 'drizzle'::regnamespace`,
    );
    if (other?.objects === 0) await tx.execute(sql`drop schema drizzle`);
  });
}

export interface MigrationState {
  available: string[];
  appliedCount: number;
  pending: string[];
}

/**
 * Which of the migrations under drizzle/ the database has applied (drizzle applies them in order). A
 * database from before migration 0006 counts the rows of its history still in drizzle's table.
 */
export async function migrationState(database: Database): Promise<MigrationState> {
  const entries = await readJournal();
  const available = entries.map((entry) => entry.tag);
  const [tables] = await queryRows<{ own: boolean; legacy: boolean }>(
    database.db,
    sql`select to_regclass(${`${TIDEPOOL_SCHEMA}.${HISTORY_TABLE}`}) is not null as own,
               to_regclass(${`drizzle.${HISTORY_TABLE}`}) is not null as legacy`,
  );
  let appliedCount = 0;
  if (tables?.own) {
    const [row] = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from ${HISTORY}`);
    appliedCount = row?.count ?? 0;
  } else if (tables?.legacy) {
    const whens = entries.map((entry) => entry.when);
    const [row] = await queryRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from ${LEGACY_HISTORY} where created_at = any(${sql.param(whens)}::bigint[])`,
    );
    appliedCount = row?.count ?? 0;
  }
  return { available, appliedCount, pending: available.slice(appliedCount) };
}
