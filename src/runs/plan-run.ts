// Turns Dagster-style execution params into a run to create: selects the job and its step or asset subset
// in the code location (src/definitions/select-job.ts, as pipelineOrError does), and checks tags and run
// config (already read from the params by run-config-input.ts). Throws the selection errors
// (PipelineNotFoundError, InvalidSubsetError) and those of src/runs/errors.ts; writes nothing.
// A `dagster/partition` tag must name one of the job's partitions at `now` (the instance clock's).
import {
  assetKeyOfPath,
  identifyJob,
  poolsOf,
  selectJob,
  unreadableRunConfig,
  validateRunConfig,
  type AssetKeyPath,
  type JobSpec,
  type LoadedDefinitions,
} from '../definitions/index.js';
import type { NewRun } from './create-runs.js';
import { InvalidTagsError, RunConfigValidationInvalid } from './errors.js';
import type { RunConfigReading } from './run-config-input.js';
import { checkTags } from './tags.js';
import { TAGS } from './vocabulary.js';

export interface ExecutionParams {
  selector: {
    jobName?: string | null;
    pipelineName?: string | null;
    repositoryName?: string | null;
    repositoryLocationName?: string | null;
    /** Asset keys, each a path (Tidepool's asset keys have one element). */
    assetSelection?: AssetKeyPath[] | null;
  };
  executionMetadata?: { tags?: { key: string; value: string }[] | null } | null;
  runConfigData?: unknown;
  stepKeys?: string[] | null;
}

export function planRun(location: LoadedDefinitions, params: ExecutionParams, reading: RunConfigReading, now: Date): NewRun {
  // The same selection as pipelineOrError's: stepKeys are the run's step selection.
  const { job } = selectJob(location, { ...params.selector, stepKeys: params.stepKeys });
  if (!reading.ok) throw new RunConfigValidationInvalid(job.name, [unreadableRunConfig(reading.message)]);
  const { runConfig } = reading;
  const configErrors = validateRunConfig(job, runConfig);
  if (configErrors.length > 0) throw new RunConfigValidationInvalid(job.name, configErrors);
  const tags = { ...job.tags, ...checkTags(params.executionMetadata?.tags ?? []) };
  checkPartitionTag(job, tags, now);
  const pools = poolsOf(job);
  const stepKeys = params.stepKeys && params.stepKeys.length > 0 ? params.stepKeys : null;
  const assetSelection = params.selector.assetSelection?.map(assetKeyOfPath) ?? [];
  return {
    jobName: job.name,
    repositoryName: location.definitions.repositoryName,
    locationName: location.locationName,
    tags,
    runConfig,
    stepKeysToExecute: stepKeys ?? (assetSelection.length > 0 ? job.steps.map((step) => step.key) : null),
    assetSelection: assetSelection.length > 0 ? assetSelection : null,
    ...pools,
    // The whole job, not the subset: runs of one job share its snapshot whatever steps they execute.
    snapshot: identifyJob(location.definitions.getJob(job.name) ?? job),
  };
}

function checkPartitionTag(job: JobSpec, tags: Record<string, string>, now: Date): void {
  const key = tags[TAGS.partition];
  if (key === undefined) return;
  if (job.partitionsDef === null) {
    throw new InvalidTagsError(
      `The job ${JSON.stringify(job.name)} is not partitioned, so a run of it cannot have the tag ${TAGS.partition}.`,
      TAGS.partition,
    );
  }
  if (!job.partitionsDef.hasPartitionKey(key, now)) {
    throw new InvalidTagsError(
      `${JSON.stringify(key)} is not a partition of the job ${JSON.stringify(job.name)} (${job.partitionsDef.description}).`,
      TAGS.partition,
    );
  }
}
