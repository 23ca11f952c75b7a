// The throwaway Postgres that `npm test` starts on a machine where none answers (test/support/
// global-setup.ts): a real server from the npm-provided binaries, which Tidepool migrates and uses, gone
// with its folder after stop().
import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { migratePostgres, migrationState } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { startThrowawayPostgres } from '../support/throwaway-postgres.js';

describe('the throwaway Postgres for tests', () => {
  it('starts a real server Tidepool migrates, and stop() ends it and deletes its folder', { timeout: 90_000 }, async () => {
    const server = await startThrowawayPostgres();
    try {
      expect(server.version).toMatch(/^17\./);
      await migratePostgres(server.url);
      const database = openPostgres({ url: server.url });
      try {
        expect((await migrationState(database)).pending).toEqual([]);
      } finally {
        await database.close();
      }
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ dir: string }>(`select current_setting('data_directory') as dir`);
      await client.end();
      expect(rows[0]!.dir.startsWith(server.folder)).toBe(true);
    } finally {
      await server.stop();
    }
    const after = new pg.Client({ connectionString: server.url });
    await expect(after.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(access(server.folder)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
