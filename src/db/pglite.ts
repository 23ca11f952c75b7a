// The embedded backend: PGlite (Postgres compiled to WebAssembly) in a data folder. One process only:
// multi-process deployments need a real Postgres (DATABASE_URL).
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema.js';
import type { Database, Db, ListenHandlers, Unlisten } from './database.js';
import { SET_SEARCH_PATH } from './own-schema.js';

export async function openPglite(dataDir: string): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir });
  // Its one session is every statement's: Tidepool's tables by bare name, as on Postgres (own-schema.ts).
  await client.exec(SET_SEARCH_PATH);
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    location: dataDir,
    db,
    // One in-process connection: nothing to keep apart, and no statement runs in parallel to cancel.
    api: db,
    // In-process: the connection can't be lost, so there is never a reconnect to report.
    listen: async (channel: string, handlers: ListenHandlers): Promise<Unlisten> => {
      const unlisten = await client.listen(channel, handlers.onNotification);
      return () => unlisten();
    },
    close: () => client.close(),
  };
}
