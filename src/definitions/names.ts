/**
 * Names, pools and tags: the vocabulary rules every definition is checked against when it is created, so
 * a bad value fails at the line that wrote it, not later inside the engine or the database.
 */
import { DefinitionsError } from './errors.js';

/** Dagster's name for the implicit job that contains every asset (used to launch by asset selection). */
export const ASSET_JOB_NAME = '__ASSET_JOB';
/** Dagster's default repository name; a Tidepool code location always holds exactly one repository. */
export const REPOSITORY_NAME = '__repository__';
/** Dagster's group for assets that name none. */
export const DEFAULT_GROUP_NAME = 'default';
/** Longest pool name accepted (the concurrency tables store keys up to this length). */
export const MAX_POOL_LENGTH = 255;

const NAME_PATTERN = /^[A-Za-z0-9_]+$/;
// C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export type DefinitionKind = 'asset' | 'graph asset' | 'op' | 'job' | 'asset job' | 'schedule' | 'sensor';

/** Checks a definition name against Dagster's rule (letters, digits, underscores) and returns it. */
export function checkName(kind: DefinitionKind, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new DefinitionsError(`Every ${kind} needs a non-empty string name (got ${describe(name)}).`);
  }
  if (!NAME_PATTERN.test(name)) {
    throw new DefinitionsError(
      `The ${kind} name ${JSON.stringify(name)} is invalid: names may contain only letters, digits and ` +
        `underscores (Dagster's rule /^[A-Za-z0-9_]+$/).`,
      { definition: name },
    );
  }
  return name;
}

/** Checks an optional pool name; returns null when the definition uses no pool. */
export function checkPool(owner: string, ownerName: string, pool: unknown): string | null {
  if (pool === undefined || pool === null) return null;
  const problem = poolProblem(pool);
  if (problem !== null) {
    throw new DefinitionsError(`The pool of ${owner} is invalid: ${problem}`, { definition: ownerName });
  }
  return pool as string;
}

/** Why a value is not a valid pool name, or null when it is one. Shared with the pools API. */
export function poolProblem(pool: unknown): string | null {
  if (typeof pool !== 'string') return `a pool name must be a string (got ${describe(pool)}).`;
  if (pool.length === 0) return 'a pool name must not be empty.';
  if (pool.length > MAX_POOL_LENGTH) {
    return `a pool name must be at most ${MAX_POOL_LENGTH} characters (got ${pool.length}).`;
  }
  if (pool.trim() !== pool) {
    return `the pool name ${JSON.stringify(pool)} must not start or end with whitespace.`;
  }
  if (CONTROL_CHARACTER.test(pool)) {
    return `the pool name ${JSON.stringify(pool)} must not contain control characters.`;
  }
  return null;
}

/** Checks a tag map (string keys and string values, as Dagster requires) and returns a frozen copy. */
export function checkTags(owner: string, ownerName: string, tags: unknown): Readonly<Record<string, string>> {
  if (tags === undefined || tags === null) return Object.freeze({});
  if (typeof tags !== 'object' || Array.isArray(tags)) {
    throw new DefinitionsError(`The tags of ${owner} must be an object of strings (got ${describe(tags)}).`, {
      definition: ownerName,
    });
  }
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0) {
      throw new DefinitionsError(`The tags of ${owner} contain an empty key.`, { definition: ownerName });
    }
    if (typeof value !== 'string') {
      throw new DefinitionsError(`The tag ${JSON.stringify(key)} of ${owner} must have a string value (got ${describe(value)}).`, {
        definition: ownerName,
      });
    }
    copy[key] = value;
  }
  return Object.freeze(copy);
}

/** Checks an optional description; returns null when absent. */
export function checkDescription(owner: string, ownerName: string, description: unknown): string | null {
  if (description === undefined || description === null) return null;
  if (typeof description !== 'string') {
    throw new DefinitionsError(`The description of ${owner} must be a string (got ${describe(description)}).`, {
      definition: ownerName,
    });
  }
  return description;
}

/** A short, human description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'symbol') return 'a symbol';
  return `${typeof value} ${value as number | boolean | bigint}`;
}
