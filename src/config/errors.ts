/**
 * A bad instance config. Nothing may start on one, so the message must let a person fix the file without
 * reading code: it names the file, the key path and the rule that was broken, in one sentence.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  /**
   * @param file the config file, or null when the YAML did not come from a file
   * @param keyPath dotted path such as `concurrency.runs.tag_concurrency_limits[1].limit`; '' is the whole document
   * @param rule what the value must be, phrased to follow the key path ("must be an integer >= -1 (got -5)")
   */
  constructor(
    readonly file: string | null,
    readonly keyPath: string,
    readonly rule: string,
    options?: ErrorOptions,
  ) {
    const where = [file, keyPath === '' ? null : `at ${keyPath}`].filter((part) => part !== null).join(' ');
    super(`Invalid instance config${where === '' ? '' : ` ${where}`}: ${rule}.`, options);
  }
}

/** A bad command-line flag or environment variable; the message starts with its name (`--port`, `PORT`). */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';

  constructor(
    readonly source: string,
    readonly rule: string,
  ) {
    super(`${source} ${rule}.`);
  }
}
