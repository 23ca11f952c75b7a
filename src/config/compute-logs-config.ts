// `compute_logs`: what Tidepool keeps of a step's stdout and stderr (src/execution/step-log-capture.ts). Dagster's
// section names a compute log manager class (`module`, `class`, `config`: files under a base_dir, S3, ...);
// Tidepool stores captured output in its database, so those keys are accepted with a warning, and the section's
// own keys bound what is kept:
//   max_bytes_per_step  bytes kept of each stream (stdout, stderr) of each step; the write that crosses it is cut
//                       there and marked, later output is dropped and counted in a final note (default 1 MiB)
//   echo                whether captured output is also written to the worker's own stdout/stderr, as Dagster tees
//                       it to its terminal (default false: the service's stdout is its JSON log lines, which must
//                       carry no run config or secret a step prints — test/e2e/logs.test.ts)
import type { IgnoredKeys, Mapping } from './config-node.js';

export interface ComputeLogsSettings {
  computeLogs: { maxBytesPerStep: number; echo: boolean };
}

export const COMPUTE_LOGS_SECTION = 'compute_logs';

/** Largest accepted cap: 1 GiB per stream of a step (Postgres text values stop at 1 GB anyway). */
export const MAX_BYTES_PER_STEP_LIMIT = 1024 * 1024 * 1024;

export const DEFAULT_COMPUTE_LOGS_SETTINGS: ComputeLogsSettings = { computeLogs: { maxBytesPerStep: 1024 * 1024, echo: false } };

const MANAGER_CLASS =
  "Tidepool stores steps' stdout and stderr in its database (table captured_log_chunks), bounded by compute_logs.max_bytes_per_step; " +
  'there is no compute log manager class to choose; ignored';

const DAGSTER_ONLY: IgnoredKeys = { module: MANAGER_CLASS, class: MANAGER_CLASS, config: MANAGER_CLASS };

export function readComputeLogsSettings(top: Mapping): ComputeLogsSettings {
  const section = top.section(COMPUTE_LOGS_SECTION, ['max_bytes_per_step', 'echo'], DAGSTER_ONLY);
  const defaults = DEFAULT_COMPUTE_LOGS_SETTINGS.computeLogs;
  return {
    computeLogs: {
      maxBytesPerStep: section.get('max_bytes_per_step')?.int(0, MAX_BYTES_PER_STEP_LIMIT) ?? defaults.maxBytesPerStep,
      echo: section.get('echo')?.bool() ?? defaults.echo,
    },
  };
}

/** The section as the effective config shows it. */
export function computeLogsSettingsToYaml(settings: ComputeLogsSettings): Record<string, unknown> {
  return { [COMPUTE_LOGS_SECTION]: { max_bytes_per_step: settings.computeLogs.maxBytesPerStep, echo: settings.computeLogs.echo } };
}
