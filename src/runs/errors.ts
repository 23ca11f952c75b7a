// Expected failures of run operations. Each maps to a GraphQL error type of the same name (Dagster's).
// A selector that names no job is the definitions' PipelineNotFoundError (src/definitions/select-job.ts).
import type { RunConfigError } from '../definitions/index.js';

export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
  constructor(readonly runId: string) {
    super(`Run ${runId} could not be found.`);
  }
}

export class InvalidTagsError extends Error {
  override readonly name = 'InvalidTagsError';
  constructor(
    message: string,
    readonly tagKey: string | null,
  ) {
    super(message);
  }
}

export class RunConfigValidationInvalid extends Error {
  override readonly name = 'RunConfigValidationInvalid';
  constructor(
    readonly pipelineName: string,
    readonly errors: RunConfigError[],
  ) {
    super(
      `Run config for the job "${pipelineName}" is invalid: ${errors
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')
        .replace(/\.$/, '')}.`,
    );
  }
}

export class TerminateRunFailure extends Error {
  override readonly name = 'TerminateRunFailure';
  constructor(
    readonly runId: string,
    message: string,
  ) {
    super(message);
  }
}

export class RunDeletionFailure extends Error {
  override readonly name = 'RunDeletionFailure';
  constructor(
    readonly runId: string,
    message: string,
  ) {
    super(message);
  }
}

export class InvalidPipelineRunsFilterError extends Error {
  override readonly name = 'InvalidPipelineRunsFilterError';
}
