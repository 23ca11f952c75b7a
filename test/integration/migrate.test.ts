import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migratePostgres, migrationState } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { TIDEPOOL_TABLES } from '../support/tidepool-tables.js';

let testDatabase: TestDatabase | null = null;
afterEach(async () => {
  await testDatabase?.drop();
  testDatabase = null;
});

describe('migrations', () => {
  it('are applied exactly once when several processes migrate an empty database at the same time', async () => {
    testDatabase = await createTestDatabase({ migrated: false });
    await Promise.all(Array.from({ length: 5 }, () => migratePostgres(testDatabase!.url)));

    const database = openPostgres({ url: testDatabase.url });
    try {
      const state = await migrationState(database);
      expect(state.pending).toEqual([]);
      expect(state.appliedCount).toBe(state.available.length);
    } finally {
      await database.close();
    }
    const client = new pg.Client({ connectionString: testDatabase.url });
    await client.connect();
    const tablesIn = async (schema: string) => {
      const { rows } = await client.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = $1 order by 1`,
        [schema],
      );
      return rows.map((r) => r.table_name);
    };
    const { rows: applied } = await client.query('select * from tidepool.__drizzle_migrations');
    const { rows: schemas } = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname in ('drizzle', 'tidepool')`,
    );
    const publicTables = await tablesIn('public');
    const tidepoolTables = await tablesIn('tidepool');
    await client.end();
    // Everything in Tidepool's schema, history included: nothing in public, no drizzle schema.
    expect(schemas.map((s) => s.name)).toEqual(['tidepool']);
    expect(publicTables).toEqual([]);
    expect(tidepoolTables).toEqual(['__drizzle_migrations', ...TIDEPOOL_TABLES]);
    const journal = (await import('../../drizzle/meta/_journal.json', { with: { type: 'json' } })).default;
    expect(applied).toHaveLength(journal.entries.length);
  });

  it('reports pending migrations on a database that has none applied', async () => {
    testDatabase = await createTestDatabase({ migrated: false });
    const database = openPostgres({ url: testDatabase.url });
    try {
      const state = await migrationState(database);
      expect(state.appliedCount).toBe(0);
      expect(state.pending).toEqual(state.available);
      expect(state.available.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });
});
