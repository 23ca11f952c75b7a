// Turns Dagster-style execution params into a run to create: resolves the job (or asset selection) in
// the code location, applies the step subset, and checks tags and run config (already read from the
// params by run-config-input.ts). Throws the typed errors of src/runs/errors.ts and InvalidSubsetError;
// writes nothing.
import {
  ASSET_JOB_NAME,
  poolsOf,
  selectAssets,
  subsetJob,
  validateRunConfig,
  type JobSpec,
  type LoadedDefinitions,
} from '../definitions/index.js';
import type { NewRun } from './create-runs.js';
import { PipelineNotFoundError, RunConfigValidationInvalid } from './errors.js';
import type { RunConfigReading } from './run-config-input.js';
import { checkTags } from './tags.js';

export interface ExecutionParams {
  selector: {
    jobName?: string | null;
    pipelineName?: string | null;
    repositoryName?: string | null;
    repositoryLocationName?: string | null;
    /** Asset keys, each a path (Tidepool's asset keys have one element). */
    assetSelection?: { path: string[] }[] | null;
  };
  executionMetadata?: { tags?: { key: string; value: string }[] | null } | null;
  runConfigData?: unknown;
  stepKeys?: string[] | null;
}

export function assetKeyOf(path: readonly string[]): string {
  return path.join('/');
}

/** The JobSpec a run of these params executes (after asset and step subsetting). */
export function resolveJob(location: LoadedDefinitions, params: ExecutionParams): JobSpec {
  const { selector } = params;
  const jobName = selector.jobName ?? selector.pipelineName ?? ASSET_JOB_NAME;
  const repositoryName = selector.repositoryName ?? location.definitions.repositoryName;
  const locationName = selector.repositoryLocationName ?? location.locationName;
  const job = location.definitions.getJob(jobName);
  if (!job || repositoryName !== location.definitions.repositoryName || locationName !== location.locationName) {
    throw new PipelineNotFoundError(jobName, repositoryName, locationName);
  }
  let selected = job;
  if (selector.assetSelection && selector.assetSelection.length > 0) {
    const keys = selector.assetSelection.map((key) => assetKeyOf(key.path));
    const assetSubset = selectAssets(location.definitions, keys);
    selected = subsetJob(
      job,
      job.steps.filter((step) => assetSubset.steps.some((s) => s.key === step.key)).map((step) => step.key),
    );
  }
  return params.stepKeys ? subsetJob(selected, params.stepKeys) : selected;
}

export function planRun(location: LoadedDefinitions, params: ExecutionParams, reading: RunConfigReading): NewRun {
  const job = resolveJob(location, params);
  if (!reading.ok) throw new RunConfigValidationInvalid(job.name, [{ path: 'root', message: reading.message }]);
  const { runConfig } = reading;
  const configErrors = validateRunConfig(job, runConfig);
  if (configErrors.length > 0) throw new RunConfigValidationInvalid(job.name, configErrors);
  const tags = { ...job.tags, ...checkTags(params.executionMetadata?.tags ?? []) };
  const pools = poolsOf(job);
  const assetSelection = params.selector.assetSelection?.map((key) => assetKeyOf(key.path)) ?? null;
  return {
    jobName: job.name,
    repositoryName: location.definitions.repositoryName,
    locationName: location.locationName,
    tags,
    runConfig,
    stepKeysToExecute: params.stepKeys ?? (assetSelection ? job.steps.map((step) => step.key) : null),
    assetSelection: assetSelection && assetSelection.length > 0 ? assetSelection : null,
    ...pools,
  };
}
