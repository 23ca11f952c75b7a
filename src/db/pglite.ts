// The embedded backend: PGlite (Postgres compiled to WebAssembly) in a data folder. One process only: the
// folder is locked while open (data-dir-lock.ts), and multi-process deployments need a real Postgres
// (DATABASE_URL).
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema.js';
import type { Database, Db, ListenHandlers, Unlisten } from './database.js';
import { lockDataDir } from './data-dir-lock.js';
import { SET_SEARCH_PATH } from './own-schema.js';

export interface PgliteOptions {
  /** Who opens it, named to anyone else who tries ("tidepool serve"). */
  owner?: string;
  /** A one-shot command: other openers wait a few seconds for it instead of refusing at once. */
  brief?: boolean;
}

export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  // Locked before PGlite reads a byte: a second opener must not even load a copy.
  const lock = await lockDataDir(dataDir, { owner: options.owner ?? 'a tidepool process', brief: options.brief });
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir });
    // Its one session is every statement's: Tidepool's tables by bare name, as on Postgres (own-schema.ts).
    await client.exec(SET_SEARCH_PATH);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    location: dataDir,
    db,
    // One in-process connection: nothing to keep apart, and no statement runs in parallel to cancel.
    api: db,
    dataDirLock: lock,
    // In-process: the connection can't be lost, so there is never a reconnect to report.
    listen: async (channel: string, handlers: ListenHandlers): Promise<Unlisten> => {
      const unlisten = await client.listen(channel, handlers.onNotification);
      return () => unlisten();
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        await lock.release();
      }
    },
  };
}
