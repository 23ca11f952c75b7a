/**
 * Run config in Dagster's shape, `{ ops: { <op>: { config: <any> } } }`. Ops are addressed by step key,
 * by op (node) name, or, inside a graph asset, Dagster's nested form
 * `{ ops: { <graph_asset>: { ops: { <op>: { config } } } } }`. Op config has no schema here: any value is
 * accepted and handed to the step as `context.opConfig`.
 */
import type { JobSpec, StepSpec } from './types.js';

export interface RunConfigError {
  /** Dagster-style path, e.g. `root:ops:my_op:config`. */
  path: string;
  message: string;
}

type Entry = { kind: 'op'; steps: StepSpec[] } | { kind: 'graph'; steps: StepSpec[] };

/** Every problem with `runConfig` for `job`; an empty list means it is valid. */
export function validateRunConfig(job: JobSpec, runConfig: unknown): RunConfigError[] {
  const errors: RunConfigError[] = [];
  if (runConfig === undefined || runConfig === null) return errors;
  if (!isRecord(runConfig)) {
    return [{ path: 'root', message: `Run config must be an object (got ${typeName(runConfig)}).` }];
  }
  for (const key of Object.keys(runConfig)) {
    if (key !== 'ops') {
      errors.push({
        path: 'root',
        message: `Received unexpected config entry ${JSON.stringify(key)} at the root; expected only "ops".`,
      });
    }
  }
  const ops = runConfig['ops'];
  if (ops === undefined || ops === null) return errors;
  if (!isRecord(ops)) {
    errors.push({ path: 'root:ops', message: `"ops" must be an object keyed by op name (got ${typeName(ops)}).` });
    return errors;
  }
  for (const [key, value] of Object.entries(ops)) {
    const path = `root:ops:${key}`;
    const entry = resolveEntry(job, key, value);
    if (entry === null) {
      errors.push({
        path: 'root:ops',
        message:
          `Received unexpected config entry ${JSON.stringify(key)} at path root:ops: the job ` +
          `${JSON.stringify(job.name)} has no op or step with that name (expected one of ${knownNames(job)}).`,
      });
    } else if (!isRecord(value)) {
      errors.push({ path, message: `The config entry for ${JSON.stringify(key)} must be an object (got ${typeName(value)}).` });
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
  return Object.keys(value)
    .filter((field) => field !== 'config')
    .map((field) => ({
      path,
      message: `Received unexpected config entry ${JSON.stringify(field)} for op ${JSON.stringify(key)}; expected only "config".`,
    }));
}

function checkGraphEntry(path: string, key: string, value: Record<string, unknown>, steps: StepSpec[]): RunConfigError[] {
  const errors: RunConfigError[] = [];
  for (const field of Object.keys(value)) {
    if (field !== 'ops') {
      errors.push({
        path,
        message: `Received unexpected config entry ${JSON.stringify(field)} for graph asset ${JSON.stringify(key)}; expected only "ops".`,
      });
    }
  }
  const inner = value['ops'];
  if (inner === undefined || inner === null) return errors;
  if (!isRecord(inner)) {
    errors.push({ path: `${path}:ops`, message: `"ops" must be an object keyed by op name (got ${typeName(inner)}).` });
    return errors;
  }
  for (const [opName, opValue] of Object.entries(inner)) {
    const opPath = `${path}:ops:${opName}`;
    if (!steps.some((step) => step.opName === opName)) {
      errors.push({
        path: `${path}:ops`,
        message:
          `Received unexpected config entry ${JSON.stringify(opName)} at path ${path}:ops: the graph asset ` +
          `${JSON.stringify(key)} has no op with that name (expected one of ${quoteAll(steps.map((step) => step.opName))}).`,
      });
    } else if (!isRecord(opValue)) {
      errors.push({
        path: opPath,
        message: `The config entry for ${JSON.stringify(opName)} must be an object (got ${typeName(opValue)}).`,
      });
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
