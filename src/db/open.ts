// Chooses the backend: Postgres when a URL is configured, else embedded PGlite under the home folder.
import { join } from 'node:path';
import type { ApiConnections } from './api-pool.js';
import type { Database } from './database.js';
import { migrateDatabase } from './migrate.js';

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
  const database = await openBackend(options);
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

/**
 * Each backend's module is imported only when it is chosen: PGlite's alone takes longer to load than a short
 * CLI command on Postgres takes in all (bench/cli/cli-startup.ts).
 */
async function openBackend(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres({
      url: options.databaseUrl,
      maxConnections: options.maxConnections,
      applicationName: options.applicationName,
      api: options.api,
    });
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(pgliteDataDir(options.home), { owner: options.applicationName?.replace(':', ' '), brief: options.brief });
}
