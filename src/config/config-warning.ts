/**
 * A key of the instance config that Tidepool accepts but does not act on as Dagster would: Dagster's
 * dagster.yaml has keys for features Tidepool provides differently (or not at all), and a file written
 * for Dagster must still load. The loader returns these as data; the process that loads the config
 * prints each once, so the operator learns what Tidepool does instead.
 */
export interface ConfigWarning {
  /** The config file, or null when the YAML did not come from a file. */
  file: string | null;
  /** Dotted key path, as in ConfigError. */
  key: string;
  /** What Tidepool does instead, one sentence without a final period. */
  message: string;
}

/** The warning as one line: the file, the key and what Tidepool does instead. */
export function formatConfigWarning({ file, key, message }: ConfigWarning): string {
  return `Instance config${file === null ? '' : ` ${file}`} at ${key}: ${message}.`;
}
