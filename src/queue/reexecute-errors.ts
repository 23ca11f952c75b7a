// Expected failures of planning a re-execution (reexecute.ts). InvalidStepError is Dagster's union member of
// that name; the others have no type of their own in Dagster's LaunchRunReexecutionResult, so the API answers
// them as a PythonError naming the class (as Dagster answers its DagsterInvariantViolationError, e.g. "Cannot
// reexecute from failure a run that is not failed or canceled").

/** A selected step key the job does not have (Dagster's InvalidStepError). */
export class InvalidStepError extends Error {
  override readonly name = 'InvalidStepError';
  constructor(
    readonly invalidStepKey: string,
    message: string,
  ) {
    super(message);
  }
}

/** The parent run cannot be re-executed this way (still running; not failed for FROM_FAILURE; both or neither params). */
export class ReexecutionNotAllowedError extends Error {
  override readonly name = 'ReexecutionNotAllowedError';
}

/** A step of the re-execution needs the output of a step it does not run, and no run of the lineage stored one. */
export class MissingStepOutputError extends Error {
  override readonly name = 'MissingStepOutputError';
  constructor(
    readonly stepKey: string,
    readonly upstreamStepKey: string,
    message: string,
  ) {
    super(message);
  }
}
