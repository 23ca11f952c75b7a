// A launch's runConfigData as the run config to validate and store: an object (checked here, by a walk
// bounded by the limits) or YAML/JSON text (size-checked here before anything reads it, then parsed and
// checked off the main thread by run-config-parser.ts). Every refusal is a message naming the limit, for
// RunConfigValidationInvalid at the path 'root'.
import { runConfigParser } from './run-config-parser.js';
import { checkRunConfigValue, tooLargeMessage, type RunConfigLimits } from './run-config-value.js';

export type { RunConfigLimits } from './run-config-value.js';

export type RunConfigReading = { ok: true; runConfig: unknown } | { ok: false; message: string };

/** `client` names who asks, so that clients take turns on the parser (see run-config-parser.ts). */
export async function readRunConfig(value: unknown, limits: RunConfigLimits, client: string): Promise<RunConfigReading> {
  if (value === undefined || value === null) return { ok: true, runConfig: {} };
  if (typeof value !== 'string') {
    const problem = checkRunConfigValue(value, limits, { parsed: false });
    return problem === null ? { ok: true, runConfig: value } : { ok: false, message: problem };
  }
  // UTF-8 has at least one byte per UTF-16 code unit, so an over-long string is refused unmeasured.
  if (value.length > limits.maxRunConfigBytes || Buffer.byteLength(value, 'utf8') > limits.maxRunConfigBytes) {
    return { ok: false, message: tooLargeMessage(limits.maxRunConfigBytes) };
  }
  const outcome = await runConfigParser.parse(value, limits, client);
  return outcome.ok ? { ok: true, runConfig: JSON.parse(outcome.json) } : outcome;
}
