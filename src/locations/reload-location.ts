// A reload request, as the API, the CLI and the file watcher make it: the generation is bumped in Postgres
// (every other process hears of it, generations.ts), then this process re-imports at once and answers
// with its own outcome. The request is recorded even when this process's import fails: the others try
// too, and each reports what it found.
import type { Db } from '../db/database.js';
import type { CodeLocation, ReloadOutcome } from '../definitions/index.js';
import { logger } from '../log/index.js';
import { requestReload } from './generations.js';

/** The last generation this process requested for each location: its hint need not be logged again. */
const requestedHere = new WeakMap<CodeLocation, number>();

export function requestedInThisProcess(location: CodeLocation, generation: number): boolean {
  return (requestedHere.get(location) ?? 0) >= generation;
}

export async function reloadLocation(db: Db, location: CodeLocation, trigger: string): Promise<ReloadOutcome> {
  const generation = await requestReload(db, location.name);
  requestedHere.set(location, Math.max(generation, requestedHere.get(location) ?? 0));
  const outcome = await location.reload(generation);
  logOutcome(location, outcome, trigger);
  return outcome;
}

/** One log line per reload this process made, with its outcome. */
export function logOutcome(location: CodeLocation, outcome: ReloadOutcome, trigger: string): void {
  const fields = { location: location.name, generation: outcome.generation, trigger };
  if (outcome.error === null) {
    logger().info(
      { ...fields, jobs: location.current.definitions.jobs.size },
      `code location "${location.name}" reloaded (generation ${outcome.generation})`,
    );
  } else {
    logger().warn(
      { ...fields, error: outcome.error.message },
      `code location "${location.name}" failed to reload (generation ${outcome.generation}); the previous definitions keep serving: ${outcome.error.message}`,
    );
  }
}
