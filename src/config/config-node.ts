import type { ConfigWarning } from './config-warning.js';
import { ConfigError } from './errors.js';

/** What every node of one document shares: where it came from, where `{ env: VAR }` is looked up, and its warnings. */
export interface ConfigSource {
  /** The config file, or null when the YAML did not come from a file. */
  readonly file: string | null;
  readonly env: NodeJS.ProcessEnv;
  /** Filled while reading: one entry per Dagster key that Tidepool accepts but does differently. */
  readonly warnings: ConfigWarning[];
}

/**
 * Dagster keys that Tidepool accepts without acting on them, each with the sentence saying what Tidepool
 * does instead (dagster-only-keys.ts).
 */
export type IgnoredKeys = Readonly<Record<string, string>>;

/** A scalar as read: from the file, or from the environment variable a `{ env: VAR }` mapping named. */
interface Scalar {
  value: unknown;
  variable: string | null;
}

// POSIX names; anything else in `env:` is a typo or a value pasted where its variable's name belongs.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A value from the parsed YAML together with where it came from. Every check goes through here so that
 * every error names the file and the exact key path, and so "wrong type" reads the same everywhere.
 *
 * Wherever a scalar is expected, Dagster's `{ env: VAR }` form (its StringSource, IntSource and BoolSource)
 * reads the value from that environment variable instead; an unset variable is an error naming it.
 */
export class ConfigNode {
  constructor(
    readonly source: ConfigSource,
    readonly keyPath: string,
    readonly value: unknown,
  ) {}

  get file(): string | null {
    return this.source.file;
  }

  /** Whether the value is a `{ env: VAR }` reference rather than a literal. */
  get isEnvReference(): boolean {
    return isMapping(this.value) && Object.hasOwn(this.value, 'env');
  }

  fail(rule: string): never {
    throw new ConfigError(this.file, this.keyPath, rule);
  }

  /**
   * A mapping whose keys must all be in `allowed`: a misspelt key silently ignored would leave a limit
   * unset while the operator believes it is on. Null (`concurrency:` with every line under it commented
   * out) counts as an empty mapping.
   */
  mapping(allowed: readonly string[], ignored: IgnoredKeys = {}): Mapping {
    if (this.value === null) return new Mapping(this, {});
    if (!isMapping(this.value)) {
      this.fail(`${this.keyPath === '' ? 'the top level ' : ''}must be a mapping (got ${describe(this.value)})`);
    }
    const known = [...allowed, ...Object.keys(ignored)];
    const unknown = Object.keys(this.value).find((key) => !known.includes(key));
    if (unknown !== undefined) {
      this.child(unknown, undefined).fail(`is not a known key (allowed here: ${known.join(', ')})`);
    }
    for (const key of Object.keys(this.value)) {
      if (Object.hasOwn(ignored, key)) this.child(key, undefined).warn(ignored[key]!);
    }
    return new Mapping(this, this.value);
  }

  /** Records one warning about this key (returned by the loader, printed by the process that loads). */
  warn(message: string): void {
    this.source.warnings.push({ file: this.file, key: this.keyPath, message });
  }

  child(key: string, value: unknown): ConfigNode {
    return new ConfigNode(this.source, joinPath(this.keyPath, key), value);
  }

  /** A list; null counts as empty for the same reason as in `mapping`. */
  list(): ConfigNode[] {
    if (this.value === null) return [];
    if (!Array.isArray(this.value)) this.fail(`must be a list (got ${describe(this.value)})`);
    return this.value.map((item: unknown, index) => new ConfigNode(this.source, `${this.keyPath}[${index}]`, item));
  }

  int(min: number, max?: number): number {
    const { value: given, variable } = this.scalar();
    // An environment variable holds text; an integer's text reads as that integer (Dagster's IntSource).
    const value = variable !== null && typeof given === 'string' && /^-?\d+$/.test(given) ? Number(given) : given;
    const isInt = typeof value === 'number' && Number.isSafeInteger(value);
    if (!isInt || value < min || (max !== undefined && value > max)) {
      const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
      this.fail(`must be an integer ${range} (got ${describeScalar(given, variable)})`);
    }
    return value;
  }

  bool(): boolean {
    const { value, variable } = this.scalar();
    if (typeof value === 'boolean') return value;
    const text = variable !== null && typeof value === 'string' ? value.toLowerCase() : null;
    if (text !== 'true' && text !== 'false') this.fail(`must be true or false (got ${describeScalar(value, variable)})`);
    return text === 'true';
  }

  nonEmptyString(): string {
    return this.string({ allowEmpty: false });
  }

  /** A string; with allowEmpty, '' too (a password, say). Numbers are not strings: quote them in YAML. */
  string({ allowEmpty }: { allowEmpty: boolean }): string {
    const { value, variable } = this.scalar();
    if (typeof value !== 'string' || (value === '' && !allowEmpty)) {
      this.fail(`must be a ${allowEmpty ? '' : 'non-empty '}string (got ${describeScalar(value, variable)})`);
    }
    return value;
  }

  /** A scalar as text (a URL parameter, say): strings as they are, numbers and booleans spelled out. */
  text(): string {
    const { value, variable } = this.scalar();
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      this.fail(`must be a string, number or boolean (got ${describeScalar(value, variable)})`);
    }
    return String(value);
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    const { value, variable } = this.scalar();
    const match = choices.find((choice) => choice === value);
    if (match === undefined) this.fail(`must be one of ${choices.join(', ')} (got ${describeScalar(value, variable)})`);
    return match;
  }

  /** The value itself, or the value of the environment variable its `{ env: VAR }` names. */
  private scalar(): Scalar {
    if (!this.isEnvReference) return { value: this.value, variable: null };
    const variable: ConfigNode = this.mapping(['env']).required('env');
    const name = variable.value;
    if (typeof name !== 'string' || !VARIABLE_NAME.test(name)) {
      variable.fail(`must name an environment variable, such as { env: DAGSTER_PG_PASSWORD } (got ${describe(name)})`);
    }
    // Empty counts as unset, as for Tidepool's own variables (settings.ts): `VAR= command` unsets it.
    const value = this.source.env[name];
    if (value === undefined || value === '') this.fail(`reads environment variable ${name}, which is not set`);
    return { value, variable: name };
  }
}

/** The checked entries of one YAML mapping. */
export class Mapping {
  constructor(
    private readonly node: ConfigNode,
    private readonly entries: Readonly<Record<string, unknown>>,
  ) {}

  /** The value under `key`, or undefined when the key is left out. */
  get(key: string): ConfigNode | undefined {
    return Object.hasOwn(this.entries, key) ? this.at(key, this.entries[key]) : undefined;
  }

  required(key: string): ConfigNode {
    return this.get(key) ?? this.at(key, undefined).fail('is required');
  }

  /** A nested mapping; `ignored` keys are accepted with one warning each (see ConfigNode.mapping). */
  section(key: string, allowed: readonly string[], ignored: IgnoredKeys = {}): Mapping {
    return (this.get(key) ?? this.at(key, null)).mapping(allowed, ignored);
  }

  /** The keys present, in file order. */
  keys(): string[] {
    return Object.keys(this.entries);
  }

  private at(key: string, value: unknown): ConfigNode {
    return this.node.child(key, value);
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * A bad scalar as echoed back. A value read from the environment is never echoed (the variable may hold a
 * secret, and the message may be logged); its variable is named instead.
 */
function describeScalar(value: unknown, variable: string | null): string {
  return variable === null ? describe(value) : `the value of environment variable ${variable}`;
}

/** How a bad value is echoed back: the value itself for scalars, its kind for collections. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}
