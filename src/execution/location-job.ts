// The job a run executes, from a location that may reload (definitions/code-location.ts). A reload this
// process is importing is waited for first (its hint arrived before the run's), so a run launched after
// a reload runs the new code. A job the definitions lack may have come with a reload whose hint was lost:
// Postgres is asked once for a newer generation before the run fails. The JobSpec returned is the run's
// for its whole life; later reloads do not change it.
import { CodeLocation, definitionsOf, type LocationSource } from '../definitions/index.js';
import type { RunRecord } from '../runs/run-record.js';
import { getJobForRun } from './job-for-run.js';

export async function jobForRunIn(source: LocationSource | null, run: RunRecord): Promise<ReturnType<typeof getJobForRun>> {
  if (!(source instanceof CodeLocation)) return getJobForRun(definitionsOf(source), run);
  await source.settled();
  const first = getJobForRun(source.current, run);
  if (first.ok || !source.reloadable) return first;
  await source.refresh();
  return getJobForRun(source.current, run);
}
