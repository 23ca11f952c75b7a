/**
 * `Definitions`: one code location's assets, jobs, schedules and sensors, checked as a whole when it is
 * constructed (duplicates, unknown dependencies, cycles, selections) and compiled into the JobSpecs the
 * engine runs. A Definitions that exists is valid.
 */
import type { AssetDef } from './asset.js';
import { isAssetDef } from './asset.js';
import type { ScheduleDef, SensorDef } from './automation.js';
import { isScheduleDef, isSensorDef } from './automation.js';
import { assetJobSpec, opJobSpec } from './build.js';
import { DefinitionsError } from './errors.js';
import { orderTopologically, sortedUnique } from './graph.js';
import type { AssetJobDef, JobDef } from './job.js';
import { isJobDef } from './job.js';
import { ASSET_JOB_NAME, REPOSITORY_NAME, describe } from './names.js';
import type { AssetNodeSpec, JobSpec } from './types.js';

export interface DefinitionsConfig {
  assets?: readonly AssetDef[];
  /** Jobs targeted by schedules or sensors are included automatically. */
  jobs?: readonly JobDef[];
  schedules?: readonly ScheduleDef[];
  sensors?: readonly SensorDef[];
}

// A registered symbol, so a Definitions made by another copy of this module (a user's own install of the
// SDK) is still recognised by the loader and by `instanceof`.
const BRAND: unique symbol = Symbol.for('tidepool.Definitions') as never;

export class Definitions {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  /** Always Dagster's default repository name. */
  readonly repositoryName: string = REPOSITORY_NAME;
  /** Asset definitions in topological order (upstream first). */
  readonly assets: readonly AssetDef[];
  /** User jobs in definition order, then `__ASSET_JOB` (present when there are assets). */
  readonly jobs: ReadonlyMap<string, JobSpec>;
  readonly assetNodes: readonly AssetNodeSpec[];
  readonly schedules: readonly ScheduleDef[];
  readonly sensors: readonly SensorDef[];

  constructor(config: DefinitionsConfig = {}) {
    if (typeof config !== 'object' || config === null) {
      throw new DefinitionsError(`Definitions takes an object { assets, jobs, schedules, sensors } (got ${describe(config)}).`);
    }
    const assets = listOf('assets', config.assets, isAssetDef, 'an asset definition (asset(...) or graphAsset(...))');
    const schedules = listOf('schedules', config.schedules, isScheduleDef, 'a schedule (schedule(...))');
    const sensors = listOf('sensors', config.sensors, isSensorDef, 'a sensor (sensor(...))');
    const jobDefs = listOf('jobs', config.jobs, isJobDef, 'a job (job(...) or defineAssetJob(...))');
    for (const instigator of [...schedules, ...sensors]) {
      if (!jobDefs.includes(instigator.job)) jobDefs.push(instigator.job);
    }

    checkUnique('asset', assets);
    checkUnique('job', jobDefs);
    checkUnique('schedule or sensor', [...schedules, ...sensors]);

    this.assets = orderAssets(assets);
    const byName = new Map(this.assets.map((def) => [def.name, def]));

    const jobs = new Map<string, JobSpec>();
    for (const def of jobDefs) {
      jobs.set(def.name, def.kind === 'job' ? opJobSpec(def) : assetJobSpec(def, selectedAssets(def, byName, this.assets)));
    }
    if (this.assets.length > 0) {
      jobs.set(ASSET_JOB_NAME, assetJobSpec({ name: ASSET_JOB_NAME, description: null, tags: {} }, this.assets));
    }
    for (const spec of jobs.values()) assertStepOrder(spec);

    this.jobs = jobs;
    this.assetNodes = assetNodes(this.assets, jobs);
    this.schedules = Object.freeze([...schedules]);
    this.sensors = Object.freeze([...sensors]);
  }

  getJob(name: string): JobSpec | undefined {
    return this.jobs.get(name);
  }

  getAssetNode(assetKey: string): AssetNodeSpec | undefined {
    return this.assetNodes.find((node) => node.assetKey === assetKey);
  }

  getSchedule(name: string): ScheduleDef | undefined {
    return this.schedules.find((def) => def.name === name);
  }

  getSensor(name: string): SensorDef | undefined {
    return this.sensors.find((def) => def.name === name);
  }
}

function listOf<T>(field: string, value: unknown, is: (item: unknown) => item is T, what: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new DefinitionsError(`Definitions ${field} must be an array (got ${describe(value)}).`);
  }
  value.forEach((item: unknown, index) => {
    if (!is(item)) throw new DefinitionsError(`Definitions ${field}[${index}] is not ${what} (got ${describe(item)}).`);
  });
  return [...(value as T[])];
}

function checkUnique(kind: string, defs: readonly { name: string }[]): void {
  const seen = new Set<string>();
  for (const def of defs) {
    if (seen.has(def.name)) {
      throw new DefinitionsError(`Duplicate ${kind} name ${JSON.stringify(def.name)}: each ${kind} in a Definitions needs its own name.`, {
        definition: def.name,
      });
    }
    seen.add(def.name);
  }
}

function orderAssets(assets: readonly AssetDef[]): AssetDef[] {
  const known = new Set(assets.map((def) => def.name));
  for (const def of assets) {
    for (const dep of def.deps) {
      if (!known.has(dep)) {
        throw new DefinitionsError(
          `The asset ${JSON.stringify(def.name)} depends on the unknown asset ${JSON.stringify(dep)}; add it to ` +
            `the Definitions' assets (known: ${list(known)}).`,
          { definition: def.name },
        );
      }
    }
  }
  const ordered = orderTopologically(assets.map((def) => ({ key: def.name, upstream: def.deps, def })));
  if (!ordered.ok) {
    throw new DefinitionsError(
      `The assets form a dependency cycle: ${ordered.cycle.join(' -> ')} (each arrow points from an upstream ` +
        `asset to the asset that depends on it).`,
      { definition: ordered.cycle[0] ?? null },
    );
  }
  return ordered.order.map((node) => node.def);
}

function selectedAssets(def: AssetJobDef, byName: ReadonlyMap<string, AssetDef>, ordered: readonly AssetDef[]) {
  const unknown = def.selection.filter((key) => !byName.has(key));
  if (unknown.length > 0) {
    throw new DefinitionsError(
      `The asset job ${JSON.stringify(def.name)} selects unknown asset(s) ${unknown.map((key) => JSON.stringify(key)).join(', ')} ` +
        `(known: ${list(byName.keys())}).`,
      { definition: def.name },
    );
  }
  const selected = new Set(def.selection);
  return ordered.filter((asset) => selected.has(asset.name));
}

// Defensive: the builders emit steps in dependency order; the engine relies on it.
function assertStepOrder(job: JobSpec): void {
  const seen = new Set<string>();
  for (const step of job.steps) {
    if (seen.has(step.key)) throw new Error(`Internal error: duplicate step key ${step.key} in job ${job.name}.`);
    for (const up of step.upstream) {
      if (!seen.has(up)) throw new Error(`Internal error: step ${step.key} precedes its upstream ${up} in job ${job.name}.`);
    }
    seen.add(step.key);
  }
}

function assetNodes(assets: readonly AssetDef[], jobs: ReadonlyMap<string, JobSpec>): AssetNodeSpec[] {
  return assets.map((def) => {
    const steps = jobs.get(ASSET_JOB_NAME)?.steps.filter((step) => step.assetKey === def.name) ?? [];
    return {
      assetKey: def.name,
      description: def.description,
      groupName: def.groupName,
      pools: sortedUnique(steps.flatMap((step) => (step.pool === null ? [] : [step.pool]))),
      opNames: steps.map((step) => step.key),
      stepKeys: steps.map((step) => step.key),
      dependencyKeys: [...def.deps],
      dependedByKeys: assets.filter((other) => other.deps.includes(def.name)).map((other) => other.name),
      jobNames: sortedUnique([...jobs.values()].filter((job) => job.assetKeys.includes(def.name)).map((job) => job.name)),
      isGraphAsset: def.kind === 'graphAsset',
      tags: { ...def.tags },
      partitionsDef: def.partitionsDef,
    };
  });
}

function list(names: Iterable<string>): string {
  const all = [...names];
  if (all.length === 0) return 'none';
  const shown = all
    .slice(0, 10)
    .map((name) => JSON.stringify(name))
    .join(', ');
  return all.length > 10 ? `${shown}, … ${all.length - 10} more` : shown;
}
