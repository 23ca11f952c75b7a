// An empty database (no Tidepool schema) on the benchmark Postgres, for the peers measured beside
// Tidepool (graphile-worker, pg-boss): each installs its own schema into it, as it would in production.
import pg from 'pg';
import { createTestDatabase } from '../../test/support/postgres.js';

export interface BlankDatabase {
  name: string;
  url: string;
  /** Runs one statement on a short-lived connection of its own. */
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

export async function createBlankDatabase(): Promise<BlankDatabase> {
  // Postgres's default search_path, as the peers have in production (not test databases' `tidepool`).
  const database = await createTestDatabase({ migrated: false, tidepoolSearchPath: false });
  return {
    name: database.name,
    url: database.url,
    async query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
      const client = new pg.Client({ connectionString: database.url, application_name: 'bench:query' });
      await client.connect();
      try {
        return (await client.query<Row>(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    drop: () => database.drop(),
  };
}
