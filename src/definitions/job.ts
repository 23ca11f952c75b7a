/**
 * Jobs: `job(...)` composes ops into a DAG (Dagster's `@job`); `defineAssetJob(...)` selects assets
 * (Dagster's `define_asset_job`). Asset selections are resolved against the Definitions they are part of.
 */
import type { AssetDef } from './asset.js';
import { assetKeys, checkPartitionsDef } from './asset.js';
import { DefinitionsError } from './errors.js';
import { ASSET_JOB_NAME, checkDescription, checkName, checkTags, describe } from './names.js';
import { compose } from './op.js';
import type { ComposedNode } from './op.js';
import type { PartitionsDefinition } from './partitions.js';

export interface JobConfig {
  name: string;
  tags?: Record<string, string>;
  description?: string;
}

export interface OpJobConfig extends JobConfig {
  /** The job's partitions: each run processes one partition (`context.partitionKey`). */
  partitionsDef?: PartitionsDefinition;
}

export interface AssetJobConfig extends JobConfig {
  /** The assets to materialize: asset definitions or asset keys. */
  selection: (AssetDef | string)[];
}

interface JobDefBase {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string | null;
}

export interface OpJobDef extends JobDefBase {
  readonly kind: 'job';
  readonly nodes: readonly ComposedNode[];
  readonly partitionsDef: PartitionsDefinition | null;
}

export interface AssetJobDef extends JobDefBase {
  readonly kind: 'assetJob';
  readonly selection: readonly string[];
}

export type JobDef = OpJobDef | AssetJobDef;

/** Defines a job from ops; the compose function runs once, now, to capture the DAG. */
export function job(config: OpJobConfig, composeFn: () => void): OpJobDef {
  const base = jobBase('job', config);
  const label = `job ${JSON.stringify(base.name)}`;
  const partitionsDef = checkPartitionsDef(label, base.name, config.partitionsDef);
  const nodes = compose(label, base.name, composeFn);
  return Object.freeze({ kind: 'job', ...base, nodes: Object.freeze([...nodes]), partitionsDef });
}

/** Defines a job that materializes a selection of assets. */
export function defineAssetJob(config: AssetJobConfig): AssetJobDef {
  const base = jobBase('asset job', config);
  const label = `asset job ${JSON.stringify(base.name)}`;
  const selection = assetKeys(label, base.name, 'selection', config.selection);
  if (selection.length === 0) {
    throw new DefinitionsError(`The ${label} selects no assets; give it a non-empty selection.`, {
      definition: base.name,
    });
  }
  return Object.freeze({ kind: 'assetJob', ...base, selection: Object.freeze(selection) });
}

export function isJobDef(value: unknown): value is JobDef {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  return kind === 'job' || kind === 'assetJob';
}

function jobBase(kind: 'job' | 'asset job', config: JobConfig): JobDefBase {
  if (typeof config !== 'object' || config === null) {
    throw new DefinitionsError(`Every ${kind} needs a config object with a name (got ${describe(config)}).`);
  }
  const name = checkName(kind, config.name);
  const label = `${kind} ${JSON.stringify(name)}`;
  if (name === ASSET_JOB_NAME) {
    throw new DefinitionsError(`The job name ${ASSET_JOB_NAME} is reserved for the implicit job of all assets.`, {
      definition: name,
    });
  }
  return {
    name,
    tags: checkTags(label, name, config.tags),
    description: checkDescription(label, name, config.description),
  };
}
