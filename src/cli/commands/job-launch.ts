// `tidepool job launch JOB [--tag k=v ...]`: launches a run of a job from the definitions, as the
// launchRun mutation does, and prints its id (it enters the queue; a coordinator and worker run it). A launch
// tagged tidepool/idempotency_key with a key already used prints the run that key made.
import { launchRuns } from '../../queue/launch.js';
import { InputError, UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { printResult } from '../output.js';
import { withLocation } from '../with-location.js';
import type { jobLaunchSpec } from '../specs/job-launch.js';

export async function jobLaunch({ options: values, args }: Invocation<typeof jobLaunchSpec>): Promise<void> {
  const jobName = args.job;
  const tags = values.tag.map((tag) => {
    const at = tag.indexOf('=');
    if (at <= 0) throw new UsageError(`--tag must be KEY=VALUE (got '${tag}').`);
    return { key: tag.slice(0, at), value: tag.slice(at + 1) };
  });
  await withLocation(values, async (instance, location) => {
    const [result] = await launchRuns(instance, location, [{ selector: { jobName }, executionMetadata: { tags } }]);
    if (!result!.ok) throw new InputError(result!.error.message);
    // The run as stored: a repeated idempotency key (--tag tidepool/idempotency_key=K) answers the earlier run.
    const status = result!.run.status;
    printResult(
      values.json === true,
      { runId: result!.runId, jobName, status },
      () => `Launched run ${result!.runId} of ${jobName} (${status}).`,
    );
  });
}
