// Helpers for the long-running commands (serve, daemon, worker).
import type { Database } from '../db/database.js';

export function describeStorage(database: Database): string {
  return database.kind === 'postgres' ? `Postgres at ${database.location}` : `embedded PGlite in ${database.location}`;
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits (1 if stopping failed). */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, shutting down.`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
