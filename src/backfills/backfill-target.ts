// What a backfill runs: a partitioned job (named by its partition set, as Dagster's UI does, or by its name,
// as the CLI does) or a selection of partitioned assets (a subset of `__ASSET_JOB`). Resolved from the code
// location when the backfill is launched, and again by the daemon for every chunk it submits, so that a
// backfill always runs the definitions the daemon has loaded.
import {
  ASSET_JOB_NAME,
  InvalidSubsetError,
  selectJob,
  type JobSpec,
  type LoadedDefinitions,
  type PartitionsDefinition,
} from '../definitions/index.js';
import { PartitionSetNotFoundError } from './errors.js';
import { jobNameOfPartitionSet, partitionSetNameOf } from './vocabulary.js';

export interface BackfillTarget {
  jobName: string;
  /** The asset keys of an asset backfill, null for a job backfill. */
  assetSelection: string[] | null;
  partitionSetName: string;
  job: JobSpec;
  partitionsDef: PartitionsDefinition;
}

/** The job a partition set (`<job>_partition_set`) belongs to; a job without partitions has no partition set. */
export function targetOfPartitionSet(
  location: LoadedDefinitions | null,
  selector: { partitionSetName: string; repositoryName?: string | null; repositoryLocationName?: string | null },
): BackfillTarget {
  const jobName = jobNameOfPartitionSet(selector.partitionSetName);
  const inRepository =
    location !== null &&
    (selector.repositoryName ?? location.definitions.repositoryName) === location.definitions.repositoryName &&
    (selector.repositoryLocationName ?? location.locationName) === location.locationName;
  const job = inRepository && jobName !== null ? location.definitions.getJob(jobName) : undefined;
  if (job === undefined || job.partitionsDef === null) throw new PartitionSetNotFoundError(selector.partitionSetName);
  return { jobName: job.name, assetSelection: null, partitionSetName: selector.partitionSetName, job, partitionsDef: job.partitionsDef };
}

/** A partitioned job by name; PipelineNotFoundError, or InvalidSubsetError when it has no partitions. */
export function targetOfJob(location: LoadedDefinitions | null, jobName: string): BackfillTarget {
  const { job } = selectJob(location, { jobName });
  if (job.partitionsDef === null) {
    throw new InvalidSubsetError(`The job ${JSON.stringify(jobName)} has no partitions, so it cannot be backfilled.`, job);
  }
  return { jobName, assetSelection: null, partitionSetName: partitionSetNameOf(jobName), job, partitionsDef: job.partitionsDef };
}

/** Partitioned assets of one partitions definition, run as subsets of `__ASSET_JOB`. */
export function targetOfAssets(location: LoadedDefinitions | null, assetKeys: readonly string[]): BackfillTarget {
  const { job } = selectJob(location, { jobName: ASSET_JOB_NAME, assetSelection: assetKeys.map((key) => ({ path: [key] })) });
  if (assetKeys.length === 0) throw new InvalidSubsetError('The asset selection is empty; select at least one asset.', job);
  if (job.partitionsDef === null) {
    throw new InvalidSubsetError(
      `The selected asset(s) ${assetKeys.map((key) => JSON.stringify(key)).join(', ')} have no partitions, so they cannot be backfilled.`,
      job,
      [...assetKeys],
    );
  }
  return {
    jobName: ASSET_JOB_NAME,
    assetSelection: [...assetKeys],
    partitionSetName: partitionSetNameOf(ASSET_JOB_NAME),
    job,
    partitionsDef: job.partitionsDef,
  };
}

/** The target of a stored backfill, as the daemon resolves it before each chunk. */
export function targetOfStored(location: LoadedDefinitions, stored: { jobName: string; assetSelection: string[] | null }): BackfillTarget {
  return stored.assetSelection !== null ? targetOfAssets(location, stored.assetSelection) : targetOfJob(location, stored.jobName);
}
