// Chooses the backend: Postgres when a URL is configured, else embedded PGlite under the home folder.
import { join } from 'node:path';
import type { ApiConnections } from './api-pool.js';
import type { Database } from './database.js';
import { migrateDatabase } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface OpenOptions {
  databaseUrl: string | null;
  home: string;
  /** Apply pending migrations before returning (what `serve`, `daemon` and `worker` do). */
  migrate?: boolean;
  maxConnections?: number;
  applicationName?: string;
  /** A one-shot command: on PGlite, other openers wait a few seconds for it instead of refusing at once. */
  brief?: boolean;
  api?: ApiConnections;
}

export function pgliteDataDir(home: string): string {
  return join(home, 'db');
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl
    ? openPostgres({
        url: options.databaseUrl,
        maxConnections: options.maxConnections,
        applicationName: options.applicationName,
        api: options.api,
      })
    : await openPglite(pgliteDataDir(options.home), {
        owner: options.applicationName?.replace(':', ' '),
        brief: options.brief,
      });
  if (options.migrate) {
    try {
      await migrateDatabase(database, options.databaseUrl);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}
