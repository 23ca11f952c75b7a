// Finds the steps a stored run executes in the worker's code location.
import { subsetJob, type JobSpec, type LoadedDefinitions } from '../definitions/index.js';
import type { RunRecord } from '../runs/run-record.js';
import { TAGS } from '../runs/vocabulary.js';

export function getJobForRun(
  location: LoadedDefinitions | null,
  run: RunRecord,
): { ok: true; job: JobSpec } | { ok: false; reason: string } {
  if (!location) return { ok: false, reason: 'this worker was started without definitions (--definitions).' };
  if (run.locationName !== location.locationName) {
    return { ok: false, reason: `the run belongs to code location "${run.locationName}", this worker serves "${location.locationName}".` };
  }
  const job = location.definitions.getJob(run.jobName);
  if (!job) return { ok: false, reason: `the job "${run.jobName}" no longer exists in code location "${location.locationName}".` };
  try {
    // A re-execution's steps may take inputs from steps it does not run: their stored outputs are loaded.
    return { ok: true, job: subsetJob(job, run.stepKeysToExecute, { externalInputs: run.tags[TAGS.parentRunId] !== undefined }) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
