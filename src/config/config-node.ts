import { ConfigError } from './errors.js';

/**
 * A value from the parsed YAML together with where it came from. Every check goes through here so that
 * every error names the file and the exact key path, and so "wrong type" reads the same everywhere.
 */
export class ConfigNode {
  constructor(
    readonly file: string | null,
    readonly keyPath: string,
    readonly value: unknown,
  ) {}

  fail(rule: string): never {
    throw new ConfigError(this.file, this.keyPath, rule);
  }

  /**
   * A mapping whose keys must all be in `allowed`: a misspelt key silently ignored would leave a limit
   * unset while the operator believes it is on. Null (`concurrency:` with every line under it commented
   * out) counts as an empty mapping.
   */
  mapping(allowed: readonly string[]): Mapping {
    if (this.value === null) return new Mapping(this, {});
    if (!isMapping(this.value)) {
      this.fail(`${this.keyPath === '' ? 'the top level ' : ''}must be a mapping (got ${describe(this.value)})`);
    }
    const unknown = Object.keys(this.value).find((key) => !allowed.includes(key));
    if (unknown !== undefined) {
      new ConfigNode(this.file, joinPath(this.keyPath, unknown), undefined).fail(
        `is not a known key (allowed here: ${allowed.join(', ')})`,
      );
    }
    return new Mapping(this, this.value);
  }

  /** A list; null counts as empty for the same reason as in `mapping`. */
  list(): ConfigNode[] {
    if (this.value === null) return [];
    if (!Array.isArray(this.value)) this.fail(`must be a list (got ${describe(this.value)})`);
    return this.value.map((item: unknown, index) => new ConfigNode(this.file, `${this.keyPath}[${index}]`, item));
  }

  int(min: number, max?: number): number {
    const value = this.value;
    const isInt = typeof value === 'number' && Number.isSafeInteger(value);
    if (!isInt || value < min || (max !== undefined && value > max)) {
      const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
      this.fail(`must be an integer ${range} (got ${describe(value)})`);
    }
    return value;
  }

  bool(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`must be true or false (got ${describe(this.value)})`);
    return this.value;
  }

  nonEmptyString(): string {
    if (typeof this.value !== 'string' || this.value === '') {
      this.fail(`must be a non-empty string (got ${describe(this.value)})`);
    }
    return this.value;
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    const match = choices.find((choice) => choice === this.value);
    if (match === undefined) this.fail(`must be one of ${choices.join(', ')} (got ${describe(this.value)})`);
    return match;
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

  /** A nested mapping; left out means empty, so callers fall back to defaults key by key. */
  section(key: string, allowed: readonly string[]): Mapping {
    return (this.get(key) ?? this.at(key, null)).mapping(allowed);
  }

  private at(key: string, value: unknown): ConfigNode {
    return new ConfigNode(this.node.file, joinPath(this.node.keyPath, key), value);
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
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
