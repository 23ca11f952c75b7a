/**
 * Assets: `asset(...)` is one step; `graphAsset(...)` is a DAG of ops that together materialize one asset.
 * `deps` are ordering-only: no value flows between assets, the downstream asset just starts after the
 * upstream one finished (Dagster's `deps=`).
 */
import { DefinitionsError } from './errors.js';
import { DEFAULT_GROUP_NAME, checkDescription, checkName, checkPool, checkTags, describe } from './names.js';
import { compose } from './op.js';
import { isPartitionsDefinition, type PartitionsDefinition } from './partitions.js';
import { checkRetryPolicy, type RetryPolicy, type RetryPolicySpec } from './retry-policy.js';
import type { ComposedNode, Output } from './op.js';
import type { StepContext } from './types.js';

export interface AssetConfig {
  name: string;
  pool?: string;
  /** Upstream assets (definitions or asset keys) that must be materialized first. */
  deps?: (AssetDef | string)[];
  tags?: Record<string, string>;
  description?: string;
  groupName?: string;
  /** The asset's partitions: each run of it materializes one partition (`context.partitionKey`). */
  partitionsDef?: PartitionsDefinition;
  /** Retries of the asset's step when it throws (Dagster's `retry_policy`). */
  retryPolicy?: RetryPolicy;
}

export interface GraphAssetConfig {
  name: string;
  deps?: (AssetDef | string)[];
  tags?: Record<string, string>;
  description?: string;
  groupName?: string;
  partitionsDef?: PartitionsDefinition;
}

interface AssetDefBase {
  readonly name: string;
  readonly deps: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly description: string | null;
  readonly groupName: string;
  readonly partitionsDef: PartitionsDefinition | null;
}

export interface PlainAssetDef extends AssetDefBase {
  readonly kind: 'asset';
  readonly pool: string | null;
  readonly retryPolicy: RetryPolicySpec | null;
  readonly compute: (context: StepContext) => unknown;
}

export interface GraphAssetDef extends AssetDefBase {
  readonly kind: 'graphAsset';
  /** The ops of the graph in call order (a topological order). */
  readonly nodes: readonly ComposedNode[];
}

export type AssetDef = PlainAssetDef | GraphAssetDef;

/** Defines an asset computed by one function, optionally in a concurrency pool. */
export function asset(config: AssetConfig, fn: (context: StepContext) => unknown): PlainAssetDef {
  const base = assetBase('asset', config);
  const label = `asset ${JSON.stringify(base.name)}`;
  if (typeof fn !== 'function') {
    throw new DefinitionsError(`The ${label} needs a function (got ${describe(fn)}).`, { definition: base.name });
  }
  const pool = checkPool(label, base.name, config.pool);
  const retryPolicy = checkRetryPolicy(label, base.name, config.retryPolicy);
  return Object.freeze({ kind: 'asset', ...base, pool, retryPolicy, compute: fn });
}

/** Defines an asset computed by a graph of ops (Dagster's `@graph_asset`). */
export function graphAsset(config: GraphAssetConfig, composeFn: () => Output | void): GraphAssetDef {
  const base = assetBase('graph asset', config);
  if ((config as { pool?: unknown }).pool !== undefined) {
    throw new DefinitionsError(`The graph asset ${JSON.stringify(base.name)} cannot have a pool; set pools on its ops instead.`, {
      definition: base.name,
    });
  }
  const nodes = compose(`graph asset ${JSON.stringify(base.name)}`, base.name, composeFn);
  return Object.freeze({ kind: 'graphAsset', ...base, nodes: Object.freeze([...nodes]) });
}

export function isAssetDef(value: unknown): value is AssetDef {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  return kind === 'asset' || kind === 'graphAsset';
}

function assetBase(kind: 'asset' | 'graph asset', config: AssetConfig | GraphAssetConfig): AssetDefBase {
  if (typeof config !== 'object' || config === null) {
    throw new DefinitionsError(`Every ${kind} needs a config object with a name (got ${describe(config)}).`);
  }
  const name = checkName(kind, config.name);
  const label = `${kind} ${JSON.stringify(name)}`;
  const groupName = config.groupName === undefined ? DEFAULT_GROUP_NAME : checkGroupName(label, name, config.groupName);
  return {
    name,
    deps: Object.freeze(assetKeys(label, name, 'deps', config.deps)),
    tags: checkTags(label, name, config.tags),
    description: checkDescription(label, name, config.description),
    groupName,
    partitionsDef: checkPartitionsDef(label, name, config.partitionsDef),
  };
}

/** An optional partitions definition (of an asset or a job); null when unpartitioned. */
export function checkPartitionsDef(label: string, name: string, value: unknown): PartitionsDefinition | null {
  if (value === undefined || value === null) return null;
  if (!isPartitionsDefinition(value)) {
    throw new DefinitionsError(
      `The partitionsDef of ${label} must be a partitions definition such as new DailyPartitionsDefinition({ startDate }) (got ${describe(value)}).`,
      { definition: name },
    );
  }
  return value;
}

function checkGroupName(label: string, name: string, groupName: unknown): string {
  if (typeof groupName !== 'string' || !/^[A-Za-z0-9_]+$/.test(groupName)) {
    throw new DefinitionsError(`The group name of ${label} must consist of letters, digits and underscores (got ${describe(groupName)}).`, {
      definition: name,
    });
  }
  return groupName;
}

/** Resolves a list of asset definitions or asset keys to unique asset keys (order kept). */
export function assetKeys(label: string, ownerName: string, field: string, refs: unknown): string[] {
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs)) {
    throw new DefinitionsError(`The ${field} of ${label} must be an array of assets or asset keys.`, {
      definition: ownerName,
    });
  }
  const keys: string[] = [];
  refs.forEach((ref: unknown, index) => {
    let key: unknown = ref;
    if (isAssetDef(ref)) key = ref.name;
    if (typeof key !== 'string' || !/^[A-Za-z0-9_]+$/.test(key)) {
      throw new DefinitionsError(
        `${field}[${index}] of ${label} must be an asset definition or a valid asset key (got ${describe(ref)}).`,
        { definition: ownerName },
      );
    }
    if (!keys.includes(key)) keys.push(key);
  });
  return keys;
}
