// `tidepool run reexecute RUN_ID [--strategy S] [--step KEY]... [--tag K=V]... [--use-parent-tags]`: launches a
// re-execution as launchRunReexecution does (src/queue/reexecute.ts) and prints the new run. Each refusal is
// one sentence naming the argument it concerns, and nothing is written.
import { launchReexecution, type ReexecutionStrategy } from '../../queue/reexecute.js';
import { InvalidStepError, MissingStepOutputError } from '../../queue/reexecute-errors.js';
import { RunNotFoundError } from '../../runs/errors.js';
import { isRunId } from '../../runs/run-record.js';
import { InputError, UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { printResult } from '../output.js';
import { withLocation } from '../with-location.js';
import type { runReexecuteSpec } from '../specs/run.js';

export async function runReexecute({ options: values, args }: Invocation<typeof runReexecuteSpec>): Promise<void> {
  const parentRunId = args.runId;
  if (!isRunId(parentRunId)) throw new UsageError(`RUN_ID must be a run id (a UUID, see the runs list); got '${parentRunId}'.`);
  if (values.step.length > 0 && values.strategy !== undefined) {
    throw new UsageError('Give either --strategy or --step (the steps to run), not both.');
  }
  const extraTags = values.tag.map((tag) => {
    const at = tag.indexOf('=');
    if (at <= 0) throw new UsageError(`--tag must be KEY=VALUE (got '${tag}').`);
    return { key: tag.slice(0, at), value: tag.slice(at + 1) };
  });
  const strategy = (values.strategy ?? 'FROM_FAILURE') as ReexecutionStrategy;
  await withLocation(values, async (instance, location) => {
    const result = await launchReexecution(instance, location, {
      parentRunId,
      strategy,
      stepKeys: values.step.length > 0 ? values.step : null,
      extraTags,
      useParentRunTags: values.useParentTags === true,
    });
    if (!result.ok) throw new InputError(`${argumentOf(result.error, parentRunId)}: ${result.error.message}`);
    const { run } = result;
    const steps = run.stepKeysToExecute === null ? 'every step' : `steps ${run.stepKeysToExecute.join(', ')}`;
    const how = values.step.length > 0 ? 'selected steps' : strategy;
    printResult(
      values.json === true,
      { runId: run.id, parentRunId, strategy: how, stepKeysToExecute: run.stepKeysToExecute, status: run.status },
      () => `Re-executed run ${parentRunId} as run ${run.id} (${how}: ${steps}; ${run.status}).`,
    );
  });
}

/** The argument a refusal concerns. */
function argumentOf(error: Error, parentRunId: string): string {
  if (error instanceof InvalidStepError) return `--step ${error.invalidStepKey}`;
  if (error instanceof MissingStepOutputError) return '--step';
  if (error.name === 'InvalidTagsError') return '--tag';
  if (error instanceof RunNotFoundError) return `RUN_ID ${error.runId}`;
  return `RUN_ID ${parentRunId}`;
}
