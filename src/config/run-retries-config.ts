// `run_retries`: Dagster's automatic re-execution of failed runs (src/queue/run-retries.ts decides, the
// EVENT_LOG_CONSUMER daemon loop in src/daemon/run-retry-daemon.ts runs it). Dagster's keys and defaults:
//   enabled                       whether failed runs are retried at all (default false)
//   max_retries                   retries of a run's group when the run has no `dagster/max_retries` tag (default 0)
//   retry_on_asset_or_op_failure  whether a run that failed because a step failed is retried (default true); when
//                                 false only other failures are (its worker died, it could not start); the
//                                 `dagster/retry_on_asset_or_op_failure` tag overrides it per run
import type { Mapping } from './config-node.js';

export interface RunRetriesSettings {
  runRetries: { enabled: boolean; maxRetries: number; retryOnAssetOrOpFailure: boolean };
}

export const RUN_RETRIES_SECTION = 'run_retries';

/** Most retries a run group may be given (a tag asking for more is read as this many). */
export const MAX_RUN_RETRIES = 100;

export const DEFAULT_RUN_RETRIES_SETTINGS: RunRetriesSettings = {
  runRetries: { enabled: false, maxRetries: 0, retryOnAssetOrOpFailure: true },
};

export function readRunRetriesSettings(top: Mapping): RunRetriesSettings {
  const section = top.section(RUN_RETRIES_SECTION, ['enabled', 'max_retries', 'retry_on_asset_or_op_failure']);
  const defaults = DEFAULT_RUN_RETRIES_SETTINGS.runRetries;
  return {
    runRetries: {
      enabled: section.get('enabled')?.bool() ?? defaults.enabled,
      maxRetries: section.get('max_retries')?.int(0, MAX_RUN_RETRIES) ?? defaults.maxRetries,
      retryOnAssetOrOpFailure: section.get('retry_on_asset_or_op_failure')?.bool() ?? defaults.retryOnAssetOrOpFailure,
    },
  };
}

/** The section as the effective config shows it. */
export function runRetriesSettingsToYaml(settings: RunRetriesSettings): Record<string, unknown> {
  const { enabled, maxRetries, retryOnAssetOrOpFailure } = settings.runRetries;
  return {
    [RUN_RETRIES_SECTION]: { enabled, max_retries: maxRetries, retry_on_asset_or_op_failure: retryOnAssetOrOpFailure },
  };
}
