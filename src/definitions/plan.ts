/**
 * Pure functions over JobSpec used by the launcher, the coordinator and the engine: step and asset
 * subsets, the pools a run uses (for run-level pool checks at dequeue), and run config.
 */
import { InvalidSubsetError } from './errors.js';
import { sortedUnique, unique } from './graph.js';
import { sharedPartitionsDef, type PartitionsDefinition } from './partitions.js';
import type { JobSpec, StepSpec } from './types.js';

export { opConfigFor, unreadableRunConfig, validateRunConfig } from './run-config.js';
export type { EvaluationErrorReason, EvaluationStackEntry, RunConfigError } from './run-config.js';

/**
 * The job restricted to `stepKeys` (null = the whole job). Ordering-only dependencies on unselected steps
 * are dropped; a selected step whose data input comes from an unselected step cannot run, so it is an error
 * — unless `externalInputs` (a re-execution, src/queue/reexecute.ts): such inputs are then loaded from the
 * outputs stored by the run's lineage, and the step keeps them in `inputs` (not in `upstream`).
 */
export function subsetJob(job: JobSpec, stepKeys: readonly string[] | null, options: { externalInputs?: boolean } = {}): JobSpec {
  if (stepKeys === null) return job;
  if (stepKeys.length === 0) {
    throw new InvalidSubsetError(`No steps were selected from the job ${JSON.stringify(job.name)}; select at least one.`, job);
  }
  const known = new Set(job.steps.map((step) => step.key));
  const unknownKeys = unique(stepKeys.filter((key) => !known.has(key)));
  if (unknownKeys.length > 0) {
    throw new InvalidSubsetError(
      `The job ${JSON.stringify(job.name)} has no step(s) ${quoteAll(unknownKeys)} (its steps: ${quoteAll([...known])}).`,
      job,
      unknownKeys,
    );
  }
  const selected = new Set(stepKeys);
  const problems: string[] = [];
  const offending: string[] = [];
  for (const step of job.steps) {
    if (!selected.has(step.key)) continue;
    const missing = step.inputs.filter((input) => !selected.has(input.fromStep)).map((input) => input.fromStep);
    if (missing.length > 0) {
      offending.push(step.key);
      problems.push(`step ${JSON.stringify(step.key)} needs the output of unselected step(s) ${quoteAll(unique(missing))}`);
    }
  }
  if (problems.length > 0 && !options.externalInputs) {
    throw new InvalidSubsetError(
      `Invalid step selection for the job ${JSON.stringify(job.name)}: ${problems.join('; ')}. Select the ` +
        `steps that produce a step's inputs too.`,
      job,
      offending,
    );
  }
  const steps = job.steps
    .filter((step) => selected.has(step.key))
    .map((step) => ({ ...step, upstream: step.upstream.filter((key) => selected.has(key)) }));
  const assetKeys = job.assetKeys.filter((key) => steps.some((step) => step.assetKey === key));
  return { ...job, steps, assetKeys, partitionsDef: subsetPartitionsDef(job, steps) };
}

/**
 * A subset keeps its job's partitions; a subset of an asset job that mixes definitions (`__ASSET_JOB`) takes
 * its own assets' shared one, and assets of different definitions cannot run together.
 */
function subsetPartitionsDef(job: JobSpec, steps: readonly StepSpec[]): PartitionsDefinition | null {
  if (job.partitionsDef !== null || !job.isAssetJob) return job.partitionsDef;
  const shared = sharedPartitionsDef(steps.map((step) => step.partitionsDef));
  if (shared === 'conflict') {
    throw new InvalidSubsetError(
      `The selected assets of the job ${JSON.stringify(job.name)} have different partitions definitions; select assets of one partitions definition per run.`,
      job,
    );
  }
  return shared;
}

/**
 * Pools a run of `job` uses. Roots are steps with no upstream among the job's steps; a run whose roots
 * include a step without a pool can always make progress, which the coordinator's op-granularity check uses.
 */
export function poolsOf(job: JobSpec): { allPools: string[]; rootPools: string[]; hasUnconstrainedRootNodes: boolean } {
  const keys = new Set(job.steps.map((step) => step.key));
  const roots = job.steps.filter((step) => !step.upstream.some((key) => keys.has(key)));
  return {
    allPools: sortedUnique(job.steps.flatMap((step) => (step.pool === null ? [] : [step.pool]))),
    rootPools: sortedUnique(roots.flatMap((step) => (step.pool === null ? [] : [step.pool]))),
    hasUnconstrainedRootNodes: roots.some((step) => step.pool === null),
  };
}

function quoteAll(keys: readonly string[]): string {
  return keys.map((key) => JSON.stringify(key)).join(', ');
}
