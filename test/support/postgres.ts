// Real-Postgres isolation for tests: a template database is migrated once per migration set, and every
// test gets its own database copied from it (CREATE DATABASE … TEMPLATE is a file copy: ~50 ms).
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS_FOLDER, migratePostgres } from '../../src/db/migrate.js';
import { TIDEPOOL_SCHEMA } from '../../src/db/own-schema.js';
import { configuredTestDatabaseUrl } from './database-address.js';

export const ADMIN_URL = configuredTestDatabaseUrl();

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The template's name changes whenever a migration file does, so a stale template is never reused. */
export function templateName(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return `tidepool_template_${hash.digest('hex').slice(0, 12)}`;
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (once) the migrated template. Serialized by an advisory lock across concurrent test runs. */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await withAdmin(async (admin) => {
    await admin.query(`select pg_advisory_lock(hashtext('tidepool-test-template'))`);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) {
      await admin.query(`create database "${name}"`);
      try {
        await migratePostgres(databaseUrl(name));
      } catch (error) {
        await admin.query(`drop database if exists "${name}" with (force)`);
        throw error;
      }
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Copy the migrated template (default) or start empty. */
  migrated?: boolean;
  /**
   * Make Tidepool's schema the database's default search_path (default true), so that any connection a
   * test or bench opens finds Tidepool's tables by bare name, as Tidepool's own connections do (they set
   * it themselves: src/db/own-schema.ts). False for a database shared with an application's tables,
   * where every connection but Tidepool's sees only the application's.
   */
  tidepoolSearchPath?: boolean;
}

/** A fresh database of its own. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `tidepool_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const template = options.migrated === false ? 'template0' : templateName();
  await withAdmin(async (admin) => {
    // Two copies of one template at the same instant can collide ("source database is being accessed");
    // a short retry is enough.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
    if (options.tidepoolSearchPath !== false) await admin.query(`alter database "${name}" set search_path = ${TIDEPOOL_SCHEMA}`);
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdmin(async (admin) => {
        // pool.end() resolves before the server has closed the sessions; give them a moment to go so
        // that `with (force)` does not kill them mid-close (which their pools would log as lost).
        for (let i = 0; i < 40; i++) {
          const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await admin.query(`drop database if exists "${name}" with (force)`);
      }),
  };
}
