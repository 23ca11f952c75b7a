/**
 * A job's structure as a plain value (Dagster's pipeline snapshot), and the execution plan read from it.
 *
 * Why a snapshot and not the job: a run must keep showing what it ran after its job changed or left the
 * code location (a reload), so the structure is stored with the run at launch (src/runs/job-snapshots.ts)
 * and everything the API shows about a run's steps is computed from it, never from the current code.
 *
 * The id is the sha256 of the snapshot's canonical JSON (object keys sorted at every level; arrays keep
 * their order, which is the job's deterministic topological order), so runs of an unchanged job share one
 * stored snapshot, and any structural change (a step, an input, a pool, a tag, a description) makes a new
 * one. `format` is part of the hashed value: a future change of what a snapshot holds cannot collide with
 * the ids of older ones. Pure: no database, no clock.
 */
import { createHash } from 'node:crypto';
import type { PartitionDefinitionType, PartitionsDefinition } from './partitions.js';
import type { JobSpec, StepSpec } from './types.js';

export const JOB_SNAPSHOT_FORMAT = 1;

/** Every Tidepool step has one output (its function's value), named as Dagster names a single output. */
export const STEP_OUTPUT_NAME = 'result';

export interface PartitionsSnapshot {
  type: PartitionDefinitionType;
  description: string;
}

export interface StepSnapshot {
  key: string;
  opName: string;
  opDefName: string;
  assetKey: string | null;
  pool: string | null;
  tags: Record<string, string>;
  description: string | null;
  /** Data inputs in positional order. */
  inputs: { name: string; fromStep: string }[];
  /** Every step that must finish first (data and ordering dependencies). */
  upstream: string[];
  outputs: { name: string }[];
  partitions: PartitionsSnapshot | null;
}

export interface JobSnapshot {
  format: typeof JOB_SNAPSHOT_FORMAT;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  isAssetJob: boolean;
  assetKeys: string[];
  partitions: PartitionsSnapshot | null;
  /** Upstream steps first. */
  steps: StepSnapshot[];
}

export interface IdentifiedSnapshot {
  snapshotId: string;
  snapshot: JobSnapshot;
}

function partitionsOf(def: PartitionsDefinition | null): PartitionsSnapshot | null {
  return def === null ? null : { type: def.type, description: def.description };
}

function stepSnapshot(step: StepSpec): StepSnapshot {
  return {
    key: step.key,
    opName: step.opName,
    opDefName: step.opDefName,
    assetKey: step.assetKey,
    pool: step.pool,
    tags: { ...step.tags },
    description: step.description,
    inputs: step.inputs.map((input) => ({ name: input.name, fromStep: input.fromStep })),
    upstream: [...step.upstream],
    outputs: [{ name: STEP_OUTPUT_NAME }],
    partitions: partitionsOf(step.partitionsDef),
  };
}

/** The structure of `job`: everything but the step functions. */
export function jobSnapshot(job: JobSpec): JobSnapshot {
  return {
    format: JOB_SNAPSHOT_FORMAT,
    name: job.name,
    description: job.description,
    tags: { ...job.tags },
    isAssetJob: job.isAssetJob,
    assetKeys: [...job.assetKeys],
    partitions: partitionsOf(job.partitionsDef),
    steps: job.steps.map(stepSnapshot),
  };
}

/** JSON with object keys in code-unit order at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

export function snapshotIdOf(snapshot: JobSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

// A loaded location's JobSpec objects live as long as the location, so each job is hashed once per load,
// not once per launched run (a 500-run launch of one job hashes it once).
const identified = new WeakMap<JobSpec, IdentifiedSnapshot>();

/** The snapshot of `job` with its id, computed once per JobSpec object. */
export function identifyJob(job: JobSpec): IdentifiedSnapshot {
  let result = identified.get(job);
  if (result === undefined) {
    const snapshot = jobSnapshot(job);
    result = { snapshotId: snapshotIdOf(snapshot), snapshot };
    identified.set(job, result);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------- plans

export interface PlanStepInput {
  name: string;
  /** The steps feeding this input, restricted to the steps of the plan (as Dagster filters them). */
  dependsOn: string[];
}

export interface PlanStep {
  key: string;
  /** Tidepool's plan is flat: a step's node handle is its key (`my_graph_asset.my_op` inside a graph asset). */
  solidHandleID: string;
  kind: 'COMPUTE';
  /** Sorted by name, as in Dagster's execution plan snapshot. */
  inputs: PlanStepInput[];
  outputs: { name: string }[];
  /** The step's tags, sorted by key (Dagster's step metadata items are its tags). */
  metadata: { key: string; value: string }[];
}

export interface ExecutionPlan {
  /** Upstream steps first. */
  steps: PlanStep[];
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A step's inputs as Dagster shows them: its data inputs by name, and one input per upstream asset for the
 * ordering-only dependencies that asset `deps` create (named after the asset, as Dagster names them).
 * `dependsOn` holds every feeding step, in or out of any plan.
 */
export function stepInputs(
  step: Pick<StepSnapshot, 'inputs' | 'upstream'>,
  stepsByKey: ReadonlyMap<string, Pick<StepSnapshot, 'assetKey'>>,
): PlanStepInput[] {
  const inputs: PlanStepInput[] = step.inputs.map((input) => ({ name: input.name, dependsOn: [input.fromStep] }));
  const fed = new Set(step.inputs.map((input) => input.fromStep));
  const ordering = new Map<string, string[]>();
  for (const key of step.upstream) {
    if (fed.has(key)) continue;
    const name = stepsByKey.get(key)?.assetKey ?? key;
    ordering.set(name, [...(ordering.get(name) ?? []), key]);
  }
  for (const [name, dependsOn] of ordering) inputs.push({ name, dependsOn });
  return inputs;
}

/**
 * The plan of a run of `snapshot` that executes `stepKeysToExecute` (null: every step). Keys the snapshot
 * does not have are ignored; an input's `dependsOn` keeps only steps of the plan (a re-execution's skipped
 * steps feed it from stored outputs, not by running).
 */
export function executionPlanOf(snapshot: JobSnapshot, stepKeysToExecute: readonly string[] | null): ExecutionPlan {
  const stepsByKey = new Map(snapshot.steps.map((step) => [step.key, step]));
  const inPlan = stepKeysToExecute === null || stepKeysToExecute.length === 0 ? null : new Set(stepKeysToExecute);
  const planned = inPlan === null ? snapshot.steps : snapshot.steps.filter((step) => inPlan.has(step.key));
  const keys = new Set(planned.map((step) => step.key));
  return {
    steps: planned.map((step) => ({
      key: step.key,
      solidHandleID: step.key,
      kind: 'COMPUTE',
      inputs: stepInputs(step, stepsByKey)
        .map((input) => ({ name: input.name, dependsOn: input.dependsOn.filter((key) => keys.has(key)) }))
        .sort((a, b) => byCodeUnits(a.name, b.name)),
      outputs: step.outputs.map((output) => ({ name: output.name })),
      metadata: Object.entries(step.tags)
        .map(([key, value]) => ({ key, value }))
        .sort((a, b) => byCodeUnits(a.key, b.key)),
    })),
  };
}
