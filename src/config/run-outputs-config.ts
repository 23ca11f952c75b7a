// `run_outputs` (Tidepool's own section; Dagster keeps outputs in I/O managers): the bound on a step's stored
// return value (src/runs/output-value.ts, src/runs/step-outputs.ts). Outputs are stored in Postgres so that a
// re-execution can load the outputs of the steps it skips; a step whose JSON output is larger than
// `max_bytes` fails, saying so and naming this key (default 1 MiB).
import type { Mapping } from './config-node.js';

export interface RunOutputsSettings {
  runOutputs: { maxBytes: number };
}

export const RUN_OUTPUTS_SECTION = 'run_outputs';

/** Largest accepted bound: Postgres refuses jsonb values of 256 MiB and more. */
export const MAX_OUTPUT_BYTES_LIMIT = 255 * 1024 * 1024;

export const DEFAULT_RUN_OUTPUTS_SETTINGS: RunOutputsSettings = { runOutputs: { maxBytes: 1024 * 1024 } };

export function readRunOutputsSettings(top: Mapping): RunOutputsSettings {
  const section = top.section(RUN_OUTPUTS_SECTION, ['max_bytes']);
  return {
    runOutputs: {
      maxBytes: section.get('max_bytes')?.int(1, MAX_OUTPUT_BYTES_LIMIT) ?? DEFAULT_RUN_OUTPUTS_SETTINGS.runOutputs.maxBytes,
    },
  };
}

/** The section as the effective config shows it. */
export function runOutputsSettingsToYaml(settings: RunOutputsSettings): Record<string, unknown> {
  return { [RUN_OUTPUTS_SECTION]: { max_bytes: settings.runOutputs.maxBytes } };
}
