// Keeps this process's code location at the generation Postgres holds (generations.ts): a 'location' hint
// reloads it at once; after a lost connection, and every FALLBACK_POLL_MS anyway, the generation is read
// again, because NOTIFY is only a hint (db/notifier.ts). Every process that serves or executes the
// location follows it: serve (API and daemons), `tidepool worker`, `tidepool daemon`.
import type { Db } from '../db/database.js';
import type { Notifier } from '../db/notifier.js';
import type { CodeLocation } from '../definitions/index.js';
import { logger } from '../log/index.js';
import { readGeneration } from './generations.js';
import { logOutcome, requestedInThisProcess } from './reload-location.js';

/** How often the generation is re-read when no hint came (a hint lost in a reconnect is caught by onReconnect). */
export const FALLBACK_POLL_MS = 10_000;

export interface LocationFollower {
  stop(): void;
}

export async function followLocation(
  db: Db,
  notifier: Notifier,
  location: CodeLocation,
  options: { pollMs?: number } = {},
): Promise<LocationFollower> {
  const reloadTo = (generation: number) => {
    if (generation <= location.attemptedGeneration) return;
    // Started synchronously (CodeLocation.reload), so a worker woken by a later hint waits for it.
    // A reload this process requested is logged by its requester (reload-location.ts), once.
    void location.reload(generation).then((outcome) => {
      if (!requestedInThisProcess(location, outcome.generation)) logOutcome(location, outcome, 'hint');
    });
  };
  const check = async () => {
    try {
      reloadTo(await readGeneration(db, location.name));
    } catch (error) {
      logger().warn({ location: location.name, err: error }, 'could not read the code location generation');
    }
  };
  // Requests made before this process started are in the code it just imported.
  location.setBaseline(await readGeneration(db, location.name));
  location.setRefresher(check);
  const unsubscribe = notifier.subscribe(
    'location',
    (hint) => {
      if (hint.name === location.name) reloadTo(hint.generation);
    },
    () => void check(),
  );
  const timer = setInterval(() => void check(), options.pollMs ?? FALLBACK_POLL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      unsubscribe();
      location.setRefresher(null);
    },
  };
}
