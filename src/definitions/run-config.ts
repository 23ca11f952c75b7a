/**
 * Run config in Dagster's shape, `{ ops: { <op>: { config: <any> } } }`. Ops are addressed by step key,
 * by op (node) name, or, inside a graph asset, Dagster's nested form
 * `{ ops: { <graph_asset>: { ops: { <op>: { config } } } } }`. Op config has no schema here: any value is
 * accepted and handed to the step as `context.opConfig`.
 */
import type { JobSpec, StepSpec } from './types.js';

/**
 * Dagster's EvaluationErrorReason. Tidepool's op config has no schema (no required fields, no selectors), so
 * validation produces RUNTIME_TYPE_MISMATCH and FIELD(S)_NOT_DEFINED; the other reasons exist for parity.
 */
export type EvaluationErrorReason =
  | 'RUNTIME_TYPE_MISMATCH'
  | 'MISSING_REQUIRED_FIELD'
  | 'MISSING_REQUIRED_FIELDS'
  | 'FIELD_NOT_DEFINED'
  | 'FIELDS_NOT_DEFINED'
  | 'SELECTOR_FIELD_ERROR';

/** One step of the path from the config root to the offending value (Dagster's EvaluationStackEntry). */
export type EvaluationStackEntry =
  | { kind: 'path'; fieldName: string }
  | { kind: 'listItem'; listIndex: number }
  | { kind: 'mapKey'; mapKey: unknown }
  | { kind: 'mapValue'; mapKey: unknown };

export interface RunConfigError {
  /** Dagster-style path, e.g. `root:ops:my_op:config`. */
  path: string;
  message: string;
  reason: EvaluationErrorReason;
  /** The entries from the root (excluded) to the value the error is about. */
  stack: EvaluationStackEntry[];
  /** FIELD_NOT_DEFINED: the unexpected key. */
  fieldName?: string;
  /** FIELDS_NOT_DEFINED: the unexpected keys. */
  fieldNames?: string[];
  /** RUNTIME_TYPE_MISMATCH: a rendering of the value of the wrong type, when there is one. */
  valueRep?: string | null;
}

/** The error for run config text that could not be read (bad YAML/JSON, over a limit): a mismatch at the root. */
export function unreadableRunConfig(message: string): RunConfigError {
  return { path: 'root', message, reason: 'RUNTIME_TYPE_MISMATCH', stack: [], valueRep: null };
}

function stackOf(path: string): EvaluationStackEntry[] {
  return path
    .split(':')
    .slice(1)
    .map((fieldName) => ({ kind: 'path', fieldName }));
}

function mismatch(path: string, value: unknown, message: string): RunConfigError {
  return { path, message, reason: 'RUNTIME_TYPE_MISMATCH', stack: stackOf(path), valueRep: valueRep(value) };
}

/** One error for the unexpected keys at one level: FIELD_NOT_DEFINED for one, FIELDS_NOT_DEFINED for several. */
function notDefined(path: string, names: string[], describe: (names: string, entries: string) => string): RunConfigError[] {
  if (names.length === 0) return [];
  const message = describe(quoteAll(names), names.length === 1 ? 'entry' : 'entries');
  if (names.length === 1) return [{ path, message, reason: 'FIELD_NOT_DEFINED', stack: stackOf(path), fieldName: names[0] }];
  return [{ path, message, reason: 'FIELDS_NOT_DEFINED', stack: stackOf(path), fieldNames: names }];
}

function valueRep(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value) ?? typeName(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

type Entry = { kind: 'op'; steps: StepSpec[] } | { kind: 'graph'; steps: StepSpec[] };

/** Every problem with `runConfig` for `job`; an empty list means it is valid. */
export function validateRunConfig(job: JobSpec, runConfig: unknown): RunConfigError[] {
  const errors: RunConfigError[] = [];
  if (runConfig === undefined || runConfig === null) return errors;
  if (!isRecord(runConfig)) {
    return [mismatch('root', runConfig, `Run config must be an object (got ${typeName(runConfig)}).`)];
  }
  errors.push(
    ...notDefined(
      'root',
      Object.keys(runConfig).filter((key) => key !== 'ops'),
      (names, entries) => `Received unexpected config ${entries} ${names} at the root; expected only "ops".`,
    ),
  );
  const ops = runConfig['ops'];
  if (ops === undefined || ops === null) return errors;
  if (!isRecord(ops)) {
    errors.push(mismatch('root:ops', ops, `"ops" must be an object keyed by op name (got ${typeName(ops)}).`));
    return errors;
  }
  const entries = Object.entries(ops).map(([key, value]) => ({ key, value, entry: resolveEntry(job, key, value) }));
  errors.push(
    ...notDefined(
      'root:ops',
      entries.filter(({ entry }) => entry === null).map(({ key }) => key),
      (names, entries) =>
        `Received unexpected config ${entries} ${names} at path root:ops: the job ` +
        `${JSON.stringify(job.name)} has no op or step with that name (expected one of ${knownNames(job)}).`,
    ),
  );
  for (const { key, value, entry } of entries) {
    const path = `root:ops:${key}`;
    if (entry === null) {
      continue;
    } else if (!isRecord(value)) {
      errors.push(mismatch(path, value, `The config entry for ${JSON.stringify(key)} must be an object (got ${typeName(value)}).`));
    } else if (entry.kind === 'op') {
      errors.push(...checkOpEntry(path, key, value));
    } else {
      errors.push(...checkGraphEntry(path, key, value, entry.steps));
    }
  }
  return errors;
}

/** The `config` value for one step (undefined when none); assumes the run config was validated. */
export function opConfigFor(job: JobSpec, runConfig: unknown, stepKey: string): unknown {
  const step = job.steps.find((candidate) => candidate.key === stepKey);
  if (step === undefined || !isRecord(runConfig)) return undefined;
  const ops = runConfig['ops'];
  if (!isRecord(ops)) return undefined;
  const candidates: unknown[] = [field(ops, step.key)];
  if (step.assetKey !== null && step.key !== step.assetKey) {
    candidates.push(field(field(field(ops, step.assetKey), 'ops'), step.opName));
  }
  candidates.push(field(ops, step.opName));
  for (const candidate of candidates) {
    if (isRecord(candidate) && Object.hasOwn(candidate, 'config')) return candidate['config'];
  }
  return undefined;
}

function resolveEntry(job: JobSpec, key: string, value: unknown): Entry | null {
  const graphSteps = job.steps.filter((step) => step.assetKey === key && step.key.startsWith(`${key}.`));
  const opSteps = job.steps.filter((step) => step.key === key || step.opName === key);
  const looksNested = isRecord(value) && Object.hasOwn(value, 'ops');
  if (graphSteps.length > 0 && (looksNested || opSteps.length === 0)) return { kind: 'graph', steps: graphSteps };
  if (opSteps.length > 0) return { kind: 'op', steps: opSteps };
  return null;
}

function checkOpEntry(path: string, key: string, value: Record<string, unknown>): RunConfigError[] {
  return notDefined(
    path,
    Object.keys(value).filter((field) => field !== 'config'),
    (names, entries) => `Received unexpected config ${entries} ${names} for op ${JSON.stringify(key)}; expected only "config".`,
  );
}

function checkGraphEntry(path: string, key: string, value: Record<string, unknown>, steps: StepSpec[]): RunConfigError[] {
  const errors: RunConfigError[] = notDefined(
    path,
    Object.keys(value).filter((field) => field !== 'ops'),
    (names, entries) => `Received unexpected config ${entries} ${names} for graph asset ${JSON.stringify(key)}; expected only "ops".`,
  );
  const inner = value['ops'];
  if (inner === undefined || inner === null) return errors;
  if (!isRecord(inner)) {
    errors.push(mismatch(`${path}:ops`, inner, `"ops" must be an object keyed by op name (got ${typeName(inner)}).`));
    return errors;
  }
  const known = (opName: string) => steps.some((step) => step.opName === opName);
  errors.push(
    ...notDefined(
      `${path}:ops`,
      Object.keys(inner).filter((opName) => !known(opName)),
      (names, entries) =>
        `Received unexpected config ${entries} ${names} at path ${path}:ops: the graph asset ` +
        `${JSON.stringify(key)} has no op with that name (expected one of ${quoteAll(steps.map((step) => step.opName))}).`,
    ),
  );
  for (const [opName, opValue] of Object.entries(inner)) {
    const opPath = `${path}:ops:${opName}`;
    if (!known(opName)) {
      continue;
    } else if (!isRecord(opValue)) {
      errors.push(
        mismatch(opPath, opValue, `The config entry for ${JSON.stringify(opName)} must be an object (got ${typeName(opValue)}).`),
      );
    } else {
      errors.push(...checkOpEntry(opPath, opName, opValue));
    }
  }
  return errors;
}

function knownNames(job: JobSpec): string {
  const names = new Set<string>();
  for (const step of job.steps) {
    names.add(step.opName);
    names.add(step.key);
    if (step.assetKey !== null && step.key !== step.assetKey) names.add(step.assetKey);
  }
  return quoteAll([...names]);
}

function quoteAll(names: string[]): string {
  return names.length === 0 ? 'nothing' : names.map((name) => JSON.stringify(name)).join(', ');
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
