// Which job, and which part of it, a Dagster-style selector names: the one decision behind launching a
// run (launchRun's ExecutionParams) and reading a job (pipelineOrError, assetNodes), so that the same
// selector always names the same steps or fails with the same error. The rules are Dagster's:
//  - `pipelineName` is the legacy alias of `jobName`; when both are set, `pipelineName` wins (Dagster
//    reads `pipelineName or jobName`). A selector that names no job finds none.
//  - An empty selection means the whole job.
//  - Steps and assets cannot both be selected (Dagster: op_selection cannot be given with asset_selection).
//  - Every selected asset must be one of the job's own assets.
import { InvalidSubsetError, PipelineNotFoundError } from './errors.js';
import { unique } from './graph.js';
import type { LoadedDefinitions } from './load.js';
import { REPOSITORY_NAME } from './names.js';
import { subsetJob } from './plan.js';
import type { JobSpec } from './types.js';

/** A Dagster asset key: a path. Tidepool asset keys are single names, so a key is the path `[name]`. */
export interface AssetKeyPath {
  path: readonly string[];
}

export interface JobSelector {
  jobName?: string | null;
  /** Legacy alias of jobName; it wins over jobName when both are set. */
  pipelineName?: string | null;
  /** Absent: the one repository of the location. */
  repositoryName?: string | null;
  /** Absent: the location served. */
  repositoryLocationName?: string | null;
  /** Step keys to keep (pipelineOrError's solidSelection, launchRun's stepKeys). */
  stepKeys?: readonly string[] | null;
  assetSelection?: readonly AssetKeyPath[] | null;
}

export interface SelectedJob {
  /** The whole job, or the subset the selector asked for. */
  job: JobSpec;
  /** The selected step keys (plan order) when the job is a proper subset, else null. */
  selection: string[] | null;
}

/** The Tidepool asset key a path names (a multi-part path names no Tidepool asset). */
export function assetKeyOfPath(key: AssetKeyPath): string {
  return key.path.join('/');
}

// Shown for the location when the server runs without definitions.
const NO_LOCATION = '(none: the server has no definitions)';

function quoteAll(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.map((value) => JSON.stringify(value)).join(', ');
}

function nameOf(selector: JobSelector): string | null {
  // Empty strings count as absent, as in Dagster (`pipelineName or jobName`).
  return selector.pipelineName || selector.jobName || null;
}

/** The subset of `job` that materializes `assetKeys`; every key must be one of the job's assets. */
function selectJobAssets(job: JobSpec, assetKeys: readonly string[]): JobSpec {
  const known = new Set(job.assetKeys);
  const unknownKeys = unique(assetKeys.filter((key) => !known.has(key)));
  if (unknownKeys.length > 0) {
    throw new InvalidSubsetError(
      `The job ${JSON.stringify(job.name)} does not materialize the asset(s) ${quoteAll(unknownKeys)} ` +
        `(its assets: ${quoteAll(job.assetKeys)}).`,
      job,
      unknownKeys,
    );
  }
  const selected = new Set(assetKeys);
  return subsetJob(
    job,
    job.steps.filter((step) => step.assetKey !== null && selected.has(step.assetKey)).map((step) => step.key),
  );
}

/**
 * The job `selector` names in `location` (null: the server has no definitions), restricted to its step or
 * asset selection. Throws PipelineNotFoundError or InvalidSubsetError, and nothing else for a bad selector.
 */
export function selectJob(location: LoadedDefinitions | null, selector: JobSelector): SelectedJob {
  const repositoryName = selector.repositoryName ?? location?.definitions.repositoryName ?? REPOSITORY_NAME;
  const locationName = selector.repositoryLocationName ?? location?.locationName ?? NO_LOCATION;
  const name = nameOf(selector);
  if (name === null) {
    const error = new PipelineNotFoundError('', repositoryName, locationName);
    error.message = 'The selector names no job; set jobName (or its legacy alias pipelineName).';
    throw error;
  }
  const inLocation = location !== null && repositoryName === location.definitions.repositoryName && locationName === location.locationName;
  const job = inLocation ? location.definitions.getJob(name) : undefined;
  if (job === undefined) throw new PipelineNotFoundError(name, repositoryName, locationName);

  const stepKeys = selector.stepKeys ?? [];
  const assetKeys = (selector.assetSelection ?? []).map(assetKeyOfPath);
  if (stepKeys.length > 0 && assetKeys.length > 0) {
    throw new InvalidSubsetError('Select either steps (solidSelection, stepKeys) or assets (assetSelection), not both.', job);
  }
  let subset = job;
  if (assetKeys.length > 0) subset = selectJobAssets(job, assetKeys);
  else if (stepKeys.length > 0) subset = subsetJob(job, stepKeys);
  const whole = subset.steps.length === job.steps.length;
  return { job: subset, selection: whole ? null : subset.steps.map((step) => step.key) };
}
