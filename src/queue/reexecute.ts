// Re-execution: a new run of a finished run's job, in the parent's run group, launched through the queue like
// any other run (so every run limit applies to it). The rules are Dagster's (create_reexecuted_run and
// KnownExecutionState.build_resume_retry_reexecution):
//  - ALL_STEPS runs the group's selection again: the steps the root run of the group ran (every step when it
//    ran the whole job).
//  - FROM_FAILURE (parent FAILURE or CANCELED only) runs the parent's steps that did not succeed — failed,
//    interrupted, skipped after a failure or never started — and whatever of the parent's steps is downstream
//    of them. Tagged `dagster/is_resume_retry`.
//  - FROM_ASSET_FAILURE runs every step of each asset the parent planned but did not materialize (one of its
//    steps in the parent did not succeed). Tagged `dagster/is_asset_resume_retry`.
//  - An explicit step selection (`stepKeys`, Dagster's "re-execute selected steps") runs exactly those steps.
// A step that takes the output of a step the new run does not execute reads the output stored by the nearest
// run up the lineage (runs/step-outputs.ts); planning checks that one exists, so a re-execution that could not
// run is refused at launch (MissingStepOutputError), not failed later. Only a finished parent (SUCCESS, FAILURE,
// CANCELED) is re-executed: a running one has no settled outcome to resume from.
//
// Tags, as Dagster merges them: the job's tags, then the parent's (when `useParentRunTags`, without the tags
// Dagster omits on retry: is_resume_retry, retry_number, will_retry, auto_retry_run_id, failure_reason and
// the backfill tags; pool tags are recomputed; nor the parent's idempotency key, which names the parent's
// launch), then `extraTags`, then `dagster/parent_run_id` (the parent)
// and `dagster/root_run_id` (the parent's root, or the parent). The parent's `dagster/partition` is always
// kept: a re-execution materializes the same partition. The run config is the parent's unless given.
//
// Contract for callers (the GraphQL mutations, the CLI, and the run-retry daemon):
//   const planned = await planReexecution(instance, tx, location, { parentRunId, strategy: 'FROM_FAILURE' });
//   if (!planned.ok) ... planned.error is one of the expected errors below, nothing was written;
//   const [run] = await insertPlannedRuns(tx, instance, [planned.run]);   // from ./launch.js
// `planReexecution` only reads (through `executor`, so it can run inside the caller's transaction, e.g. the
// one that records a retry decision); `insertPlannedRuns` creates the run QUEUED in that same transaction.
// `launchReexecution` does both in a transaction of its own. Expected errors: RunNotFoundError (no parent),
// ReexecutionNotAllowedError (parent unfinished; FROM_FAILURE of a run that did not fail), InvalidSubsetError
// (nothing to re-execute; a selection the job no longer fits), InvalidStepError (a selected key the job does
// not have), MissingStepOutputError, PipelineNotFoundError (the job is gone), RunConfigValidationInvalid,
// InvalidTagsError. Anything else is unexpected and thrown.
import type { Db, Executor } from '../db/database.js';
import {
  identifyJob,
  InvalidSubsetError,
  poolsOf,
  selectJob,
  subsetJob,
  unreadableRunConfig,
  validateRunConfig,
  type JobSpec,
  type LoadedDefinitions,
} from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import type { NewRun } from '../runs/create-runs.js';
import { RunConfigValidationInvalid, RunNotFoundError } from '../runs/errors.js';
import { readRunConfig } from '../runs/run-config-input.js';
import { getRun, type RunRecord } from '../runs/run-record.js';
import { loadStepStats } from '../runs/step-stats.js';
import { outputsFromLineage } from '../runs/step-outputs.js';
import { checkTags } from '../runs/tags.js';
import { isTerminal, TAGS } from '../runs/vocabulary.js';
import { insertPlannedRuns } from './launch.js';
import { InvalidStepError, MissingStepOutputError, ReexecutionNotAllowedError } from './reexecute-errors.js';

export { InvalidStepError, MissingStepOutputError, ReexecutionNotAllowedError } from './reexecute-errors.js';

export const REEXECUTION_STRATEGIES = ['FROM_FAILURE', 'FROM_ASSET_FAILURE', 'ALL_STEPS'] as const;
export type ReexecutionStrategy = (typeof REEXECUTION_STRATEGIES)[number];

export interface ReexecutionRequest {
  parentRunId: string;
  strategy: ReexecutionStrategy;
  /** An explicit step selection: exactly these steps run (the strategy then only names the tags). */
  stepKeys?: readonly string[] | null;
  extraTags?: readonly { key: string; value: string }[] | null;
  /** Start from the parent's tags (Dagster's useParentRunTags). */
  useParentRunTags?: boolean | null;
  /** A run config to use instead of the parent's (an object or YAML/JSON text, as launchRun takes it). */
  runConfigData?: unknown;
  /** Who asks (the API's client), so that clients take turns at parsing run config text. */
  client?: string;
  /** The job the caller believes the parent ran (launchRunReexecution's executionParams.selector); checked. */
  jobName?: string | null;
}

export type PlannedReexecution = { ok: true; run: NewRun; parent: RunRecord } | { ok: false; error: Error };

/** Tags Dagster leaves out when it copies a parent's tags to a retry (TAGS_TO_MAYBE_OMIT_ON_RETRY). */
const OMITTED_PARENT_TAGS = new Set([
  TAGS.isResumeRetry,
  'dagster/retry_number',
  'dagster/will_retry',
  'dagster/auto_retry_run_id',
  'dagster/failure_reason',
  TAGS.backfill,
  TAGS.idempotencyKey,
  'dagster/parent_backfill_id',
  'dagster/root_backfill_id',
  '.dagster/run_metrics',
  'dagster/run_metrics',
]);

/** Plans a re-execution of `request.parentRunId`; reads through `executor`, writes nothing. */
export async function planReexecution(
  instance: Instance,
  executor: Executor,
  location: LoadedDefinitions | null,
  request: ReexecutionRequest,
): Promise<PlannedReexecution> {
  try {
    return { ok: true, ...(await plan(instance, executor, location, request)) };
  } catch (error) {
    if (isExpected(error)) return { ok: false, error };
    throw error;
  }
}

export type LaunchedReexecution = { ok: true; run: RunRecord } | { ok: false; error: Error };

/** Plans and creates the re-execution in one transaction on `database` (default: the engine's). */
export async function launchReexecution(
  instance: Instance,
  location: LoadedDefinitions | null,
  request: ReexecutionRequest,
  database: Db = instance.database.db,
): Promise<LaunchedReexecution> {
  return database.transaction(async (tx) => {
    const planned = await planReexecution(instance, tx, location, request);
    if (!planned.ok) return planned;
    const [run] = await insertPlannedRuns(tx, instance, [planned.run]);
    return { ok: true as const, run: run! };
  });
}

function isExpected(error: unknown): error is Error {
  return (
    [
      RunNotFoundError,
      ReexecutionNotAllowedError,
      InvalidSubsetError,
      InvalidStepError,
      MissingStepOutputError,
      RunConfigValidationInvalid,
    ].some((type) => error instanceof type) || ['PipelineNotFoundError', 'InvalidTagsError'].includes((error as Error)?.name)
  );
}

async function plan(
  instance: Instance,
  executor: Executor,
  location: LoadedDefinitions | null,
  request: ReexecutionRequest,
): Promise<{ run: NewRun; parent: RunRecord }> {
  const parent = await getRun(executor, request.parentRunId);
  if (parent === null) throw new RunNotFoundError(request.parentRunId);
  if (!isTerminal(parent.status)) {
    throw new ReexecutionNotAllowedError(
      `Run ${parent.id} is ${parent.status}: only a finished run (SUCCESS, FAILURE or CANCELED) can be re-executed.`,
    );
  }
  if (request.jobName && request.jobName !== parent.jobName) {
    throw new ReexecutionNotAllowedError(
      `The selector names the job ${JSON.stringify(request.jobName)}, but run ${parent.id} is a run of ${JSON.stringify(parent.jobName)}.`,
    );
  }
  const { job } = selectJob(location, {
    jobName: parent.jobName,
    repositoryName: parent.repositoryName,
    repositoryLocationName: parent.locationName,
  });
  const rootRunId = parent.tags[TAGS.rootRunId] ?? parent.id;

  const tags: Record<string, string> = { ...job.tags };
  if (request.useParentRunTags) {
    for (const [key, value] of Object.entries(parent.tags)) {
      if (!OMITTED_PARENT_TAGS.has(key) && !key.startsWith('.dagster/')) tags[key] = value;
    }
  }
  const partition = parent.tags[TAGS.partition];
  if (partition !== undefined) tags[TAGS.partition] = partition;
  Object.assign(tags, checkTags(request.extraTags ?? []));
  tags[TAGS.parentRunId] = parent.id;
  tags[TAGS.rootRunId] = rootRunId;

  let selection: Selection;
  if (request.stepKeys && request.stepKeys.length > 0) selection = explicitSelection(job, request.stepKeys);
  else if (request.strategy === 'FROM_FAILURE') selection = await fromFailure(executor, job, parent);
  else if (request.strategy === 'FROM_ASSET_FAILURE') selection = await fromAssetFailure(executor, job, parent);
  else selection = await allSteps(executor, job, parent, rootRunId);
  if (request.strategy === 'FROM_FAILURE' && !request.stepKeys?.length) tags[TAGS.isResumeRetry] = 'true';
  if (request.strategy === 'FROM_ASSET_FAILURE' && !request.stepKeys?.length) tags[TAGS.isAssetResumeRetry] = 'true';

  const subset = subsetJob(job, selection.stepKeys, { externalInputs: true });
  await checkInputsStored(executor, subset, parent);

  let runConfig: unknown = parent.runConfig ?? {};
  if (request.runConfigData !== undefined && request.runConfigData !== null) {
    const reading = await readRunConfig(request.runConfigData, instance.config.api, request.client ?? '');
    if (!reading.ok) throw new RunConfigValidationInvalid(job.name, [unreadableRunConfig(reading.message)]);
    runConfig = reading.runConfig;
  }
  const configErrors = validateRunConfig(subset, runConfig);
  if (configErrors.length > 0) throw new RunConfigValidationInvalid(job.name, configErrors);

  return {
    parent,
    run: {
      jobName: job.name,
      repositoryName: parent.repositoryName,
      locationName: parent.locationName,
      tags,
      runConfig,
      stepKeysToExecute: selection.stepKeys,
      assetSelection: selection.assetSelection,
      ...poolsOf(subset),
      // The whole job's structure, as every launch stores it (runs/job-snapshots.ts).
      snapshot: identifyJob(job),
    },
  };
}

/** The steps the new run executes (null: the whole job) and the assets it was asked to materialize. */
interface Selection {
  stepKeys: string[] | null;
  assetSelection: string[] | null;
}

function explicitSelection(job: JobSpec, stepKeys: readonly string[]): Selection {
  const known = new Set(job.steps.map((step) => step.key));
  const invalid = stepKeys.find((key) => !known.has(key));
  if (invalid !== undefined) {
    throw new InvalidStepError(
      invalid,
      `The job ${JSON.stringify(job.name)} has no step ${JSON.stringify(invalid)} (its steps: ${[...known].map((key) => JSON.stringify(key)).join(', ')}).`,
    );
  }
  const selected = new Set(stepKeys);
  return { stepKeys: inPlanOrder(job, selected), assetSelection: null };
}

/** The steps `run` was to execute, in the current job (a step the job no longer has is left out). */
function stepsOfRun(job: JobSpec, run: RunRecord): string[] {
  if (run.stepKeysToExecute === null) return job.steps.map((step) => step.key);
  const wanted = new Set(run.stepKeysToExecute);
  return job.steps.filter((step) => wanted.has(step.key)).map((step) => step.key);
}

async function fromFailure(executor: Executor, job: JobSpec, parent: RunRecord): Promise<Selection> {
  if (parent.status !== 'FAILURE' && parent.status !== 'CANCELED') {
    throw new ReexecutionNotAllowedError(
      `Cannot reexecute from failure a run that is not failed or canceled: run ${parent.id} is ${parent.status}.`,
    );
  }
  const succeeded = await succeededSteps(executor, parent.id);
  const planned = stepsOfRun(job, parent);
  const plannedSet = new Set(planned);
  const retry = new Set(planned.filter((key) => !succeeded.has(key)));
  // Downstream of a step being retried (it could not have succeeded; kept for Dagster's rule all the same).
  for (const step of job.steps) {
    if (plannedSet.has(step.key) && step.upstream.some((key) => retry.has(key))) retry.add(step.key);
  }
  if (retry.size === 0) throw new InvalidSubsetError('No steps needed to be retried in the failed run.', job);
  return { stepKeys: inPlanOrder(job, retry), assetSelection: null };
}

async function fromAssetFailure(executor: Executor, job: JobSpec, parent: RunRecord): Promise<Selection> {
  const succeeded = await succeededSteps(executor, parent.id);
  const failedAssets = new Set<string>();
  for (const key of stepsOfRun(job, parent)) {
    const step = job.steps.find((candidate) => candidate.key === key)!;
    if (step.assetKey !== null && !succeeded.has(key)) failedAssets.add(step.assetKey);
  }
  if (failedAssets.size === 0) throw new InvalidSubsetError('No assets or asset checks needed to be retried in the failed run.', job);
  const steps = new Set(job.steps.filter((step) => step.assetKey !== null && failedAssets.has(step.assetKey)).map((step) => step.key));
  return { stepKeys: inPlanOrder(job, steps), assetSelection: job.assetKeys.filter((key) => failedAssets.has(key)) };
}

async function allSteps(executor: Executor, job: JobSpec, parent: RunRecord, rootRunId: string): Promise<Selection> {
  // The group's selection is the root's; a parent that is the root (or whose root was deleted) gives its own.
  const root = rootRunId === parent.id ? parent : ((await getRun(executor, rootRunId)) ?? parent);
  if (root.stepKeysToExecute === null) return { stepKeys: null, assetSelection: null };
  const steps = stepsOfRun(job, root);
  if (steps.length === 0)
    throw new InvalidSubsetError(`The job ${JSON.stringify(job.name)} no longer has any of the steps run ${root.id} ran.`, job);
  return { stepKeys: steps, assetSelection: root.assetSelection };
}

async function succeededSteps(executor: Executor, runId: string): Promise<Set<string>> {
  const stats = (await loadStepStats(executor, [runId])).get(runId) ?? [];
  return new Set(stats.filter((step) => step.status === 'SUCCESS').map((step) => step.stepKey));
}

/** Every input the subset takes from a step it does not execute must have a stored output up the lineage. */
async function checkInputsStored(executor: Executor, subset: JobSpec, parent: RunRecord): Promise<void> {
  const executed = new Set(subset.steps.map((step) => step.key));
  const needs = subset.steps.flatMap((step) =>
    step.inputs.filter((input) => !executed.has(input.fromStep)).map((input) => ({ step: step.key, from: input.fromStep })),
  );
  if (needs.length === 0) return;
  const stored = await outputsFromLineage(executor, parent.id, [...new Set(needs.map((need) => need.from))], { withValues: false });
  const missing = needs.find((need) => !stored.has(need.from));
  if (missing === undefined) return;
  throw new MissingStepOutputError(
    missing.step,
    missing.from,
    `Step "${missing.step}" needs the output of step "${missing.from}", which this re-execution does not run, and ` +
      `no run of its lineage (run ${parent.id} and its ancestors) stored an output of "${missing.from}" (it did not ` +
      `succeed there, or ran before outputs were stored). Re-execute "${missing.from}" too.`,
  );
}

function inPlanOrder(job: JobSpec, keys: ReadonlySet<string>): string[] {
  return job.steps.filter((step) => keys.has(step.key)).map((step) => step.key);
}
