// Helpers for the long-running commands (serve, daemon, worker).
import type { Database } from '../db/database.js';

export function describeStorage(database: Database): string {
  return database.kind === 'postgres' ? `Postgres at ${database.location}` : `embedded PGlite in ${database.location}`;
}

/**
 * How long a graceful stop may take before the process exits anyway. Stopping cancels the API's
 * statements and aborts running steps, so it normally takes well under a second; a step that ignores its
 * abort signal, or a database that does not answer, must not keep a stopped service alive.
 */
export const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits (1 if stopping failed or overran its deadline).
 * A second signal while stopping exits at once.
 */
export function onShutdown(stop: () => Promise<void>, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`Received ${signal} again while shutting down; exiting now.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`Received ${signal}, shutting down.`);
    const deadline = setTimeout(() => {
      console.error(`Shutdown did not finish within ${deadlineMs / 1000} s; exiting without waiting further.`);
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
