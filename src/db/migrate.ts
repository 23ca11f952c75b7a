// Applies the drizzle-kit migrations under drizzle/. Safe when several processes start at once: on
// Postgres the whole run holds a session advisory lock, so one process migrates and the others wait,
// then find nothing left to do.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { lockForSession, LOCKS } from './advisory-lock.js';
import { queryRows, type Database } from './database.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function migratePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'tidepool:migrate' });
  await client.connect();
  try {
    await lockForSession(client, LOCKS.migrate);
    await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
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
    await migratePglite(database.db as unknown as PgliteDatabase<Record<string, never>>, {
      migrationsFolder: MIGRATIONS_FOLDER,
    });
  }
}

export interface MigrationState {
  available: string[];
  appliedCount: number;
  pending: string[];
}

/** Which of the migrations under drizzle/ the database has applied (drizzle applies them in order). */
export async function migrationState(database: Database): Promise<MigrationState> {
  const journal = JSON.parse(await readFile(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string }[];
  };
  const available = journal.entries.map((entry) => entry.tag);
  const [exists] = await queryRows<{ present: boolean }>(
    database.db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  let appliedCount = 0;
  if (exists?.present) {
    const [row] = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
    appliedCount = row?.count ?? 0;
  }
  return { available, appliedCount, pending: available.slice(appliedCount) };
}
