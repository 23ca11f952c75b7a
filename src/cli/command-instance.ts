// The instance a one-shot command (concurrency, job launch, token, audit, schedule, sensor, backfill, instance
// info) acts on. On Postgres, its own connection. On the embedded database, whoever holds the data folder
// decides (db/data-dir-lock.ts): nobody, and the command opens it itself, holding it briefly; a running
// `tidepool serve`, and the command is relayed to that server to run there (relay-client.ts), this process
// exiting with its code; any other holder (a daemon, a worker, a migrate), and the command is refused with one
// sentence naming it.
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfigFile, type Settings } from '../config/index.js';
import { DataDirLockedError, liveHolderOf, type AdvertisedServer, type DataDirHolder } from '../db/data-dir-lock.js';
import { pgliteDataDir } from '../db/open.js';
import { openInstance, type Instance } from '../instance/instance.js';

/** The lock owner a server records (db/open.ts names owners after their application name). */
const SERVE_OWNER = 'tidepool serve';
/** A server that holds the folder but does not listen yet (PGlite start-up, migrations) is waited for this long. */
const SERVER_START_WAIT_MS = 60_000;
const POLL_MS = 200;

/** A deadline shared by the steps of one command, so waiting for a server that never listens ends. */
export function startWaitDeadline(): number {
  return Date.now() + SERVER_START_WAIT_MS;
}

/**
 * If a server holds the embedded database, runs this command there and exits with its code (never returns);
 * if one is still starting, waits for it to listen. Returns when this process should open the database itself.
 */
export async function relayIfServed(settings: Settings, deadline: number): Promise<void> {
  if (!(await isEmbedded(settings))) return;
  const dataDir = pgliteDataDir(settings.home);
  for (;;) {
    const holder = await liveHolderOf(dataDir);
    if (holder && isServing(holder)) {
      // Imported only to relay: the relay's protocol lives with the server's (server/cli-relay.ts), whose imports
      // load graphql and yoga, several times what a command on its own loads (bench/cli/cli-startup.ts).
      const { relayAndExit, RelayUnreachableError } = await import('./relay-client.js');
      try {
        await relayAndExit(holder, { argv: process.argv.slice(2), definitionsFile: settings.definitionsFile });
      } catch (error) {
        // The server went away between reading the lock and connecting: look again (it may be free now).
        if (error instanceof RelayUnreachableError && (await liveHolderOf(dataDir))?.nonce !== holder.nonce) continue;
        throw error;
      }
    }
    if (!(holder && isStartingServer(holder) && Date.now() < deadline)) return;
    await sleep(POLL_MS);
  }
}

/** Opens the instance here, or relays the command if a server took the embedded database meanwhile. */
export async function openCommandInstance(settings: Settings, options: { migrate: boolean }, deadline: number): Promise<Instance> {
  for (;;) {
    await relayIfServed(settings, deadline);
    try {
      return await openInstance(settings, { migrate: options.migrate, applicationName: 'tidepool:cli', brief: true });
    } catch (error) {
      const serverTookIt = error instanceof DataDirLockedError && (isServing(error.holder) || isStartingServer(error.holder));
      if (!(serverTookIt && Date.now() < deadline)) throw error;
    }
  }
}

/** Whether openInstance would open the embedded database: no DATABASE_URL, and no database in the config file. */
async function isEmbedded(settings: Settings): Promise<boolean> {
  if (settings.databaseUrl) return false;
  const { database } = await loadConfigFile(settings.configFile, settings.env);
  return !database?.url;
}

function isServing(holder: DataDirHolder): holder is DataDirHolder & { server: AdvertisedServer } {
  return holder.server !== null;
}

function isStartingServer(holder: DataDirHolder): boolean {
  return holder.owner === SERVE_OWNER && holder.server === null;
}
