// The members of Dagster's LaunchRunResult that Tidepool's launch params can cause, besides those of
// errors.ts. ConflictingExecutionParamsError is the backfill domain's (src/backfills/errors.ts), shared.

/** ExecutionParams.preset names a preset the job does not have: Tidepool jobs have no presets. */
export class PresetNotFoundError extends Error {
  override readonly name = 'PresetNotFoundError';
  constructor(readonly preset: string) {
    super(`Preset ${JSON.stringify(preset)} not found: Tidepool jobs have no presets; give runConfigData instead.`);
  }
}

/**
 * Dagster's answer to a run id that already exists. Tidepool creates every run id itself (a new UUID), so a
 * launch never meets one: the type is in LaunchRunResult for Dagster clients, and nothing raises it.
 */
export class RunConflict extends Error {
  override readonly name = 'RunConflict';
}

/**
 * Dagster's answer to a launch without a mode for a job of several modes. Every Tidepool job has the one mode
 * "default", so nothing raises it: the type is in LaunchRunResult for Dagster clients.
 */
export class NoModeProvidedError extends Error {
  override readonly name = 'NoModeProvidedError';
  constructor(readonly pipelineName: string) {
    super(`No mode provided for the job ${JSON.stringify(pipelineName)}.`);
  }
}
