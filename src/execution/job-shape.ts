// The steps of a job as a string: what a run's child process compares with what its worker resolved, so a
// child never executes steps other than the ones the worker planned (a definitions file changed on disk
// and not reloaded yet).
import type { JobSpec } from '../definitions/index.js';

export function jobShape(job: JobSpec): string {
  return JSON.stringify(
    job.steps.map((step) => [step.key, step.opDefName, step.pool, step.upstream, step.inputs.map((input) => [input.name, input.fromStep])]),
  );
}
