import type { JobSpec } from './types.js';

/**
 * Errors raised by the definitions SDK and by selecting jobs from it. All are "expected" errors: their messages are whole sentences
 * meant for the person who wrote the definitions (or the client that asked for a subset), so the GraphQL
 * and CLI layers may show them verbatim.
 */

/** A definition is invalid (bad name, duplicate, cycle, unknown dependency, …) or could not be loaded. */
export class DefinitionsError extends Error {
  override readonly name = 'DefinitionsError';
  /** The name of the offending definition when there is one (asset, op, job, schedule or sensor name). */
  readonly definition: string | null;

  constructor(message: string, options: { definition?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.definition = options.definition ?? null;
  }
}

/** A selector names no job of the location (Dagster's `PipelineNotFoundError`). */
export class PipelineNotFoundError extends Error {
  override readonly name = 'PipelineNotFoundError';
  constructor(
    readonly pipelineName: string,
    readonly repositoryName: string,
    readonly repositoryLocationName: string,
  ) {
    super(`Could not find a job named "${pipelineName}" in ${repositoryName}@${repositoryLocationName}.`);
  }
}

/**
 * A step, asset or partition selection does not fit the job (Dagster's `InvalidSubsetError`). It always names
 * the job it was raised for (Dagster's `InvalidSubsetError.pipeline`); an asset selection's is `__ASSET_JOB`.
 */
export class InvalidSubsetError extends Error {
  override readonly name = 'InvalidSubsetError';
  /** The selected keys that caused the error (unknown keys, or steps whose inputs were not selected). */
  readonly keys: string[];

  constructor(
    message: string,
    readonly job: JobSpec,
    keys: string[] = [],
  ) {
    super(message);
    this.keys = keys;
  }
}

/**
 * A partition range names a key its partitions definition does not have, or runs backwards. The definition
 * knows no job, so whoever selected the range for a job turns it into that job's InvalidSubsetError.
 */
export class PartitionRangeError extends Error {
  override readonly name = 'PartitionRangeError';
  constructor(
    message: string,
    readonly keys: string[],
  ) {
    super(message);
  }
}
