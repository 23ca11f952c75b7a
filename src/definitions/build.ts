/**
 * Turns definitions into the flat plan the engine runs: one StepSpec per asset or op invocation, with
 * data inputs and ordering dependencies resolved to step keys. Pure; validation happens in Definitions.
 */
import type { AssetDef } from './asset.js';
import { unique } from './graph.js';
import type { OpJobDef } from './job.js';
import { DefinitionsError } from './errors.js';
import { ASSET_JOB_NAME } from './names.js';
import type { ComposedNode } from './op.js';
import { sharedPartitionsDef, type PartitionsDefinition } from './partitions.js';
import type { JobSpec, StepSpec } from './types.js';

/** Step keys that finish an asset: the asset's own step, or the graph's output ops (outputs nobody consumes). */
export function finalStepKeys(def: AssetDef): string[] {
  if (def.kind === 'asset') return [def.name];
  const consumed = new Set(def.nodes.flatMap((node) => node.inputs));
  return def.nodes.filter((node) => !consumed.has(node.alias)).map((node) => `${def.name}.${node.alias}`);
}

/** The steps of one asset; `dependsOn` are the final steps of its upstream assets present in the job. */
export function assetSteps(def: AssetDef, dependsOn: readonly string[]): StepSpec[] {
  if (def.kind === 'asset') {
    return [
      {
        key: def.name,
        opName: def.name,
        opDefName: def.name,
        assetKey: def.name,
        pool: def.pool,
        retryPolicy: def.retryPolicy,
        tags: { ...def.tags },
        description: def.description,
        inputs: [],
        upstream: unique(dependsOn),
        compute: def.compute,
        partitionsDef: def.partitionsDef,
      },
    ];
  }
  return nodeSteps(def.nodes, `${def.name}.`, def.name, dependsOn, def.partitionsDef);
}

export function opJobSpec(def: OpJobDef): JobSpec {
  return {
    name: def.name,
    description: def.description,
    tags: { ...def.tags },
    isAssetJob: false,
    steps: nodeSteps(def.nodes, '', null, [], null),
    assetKeys: [],
    partitionsDef: def.partitionsDef,
  };
}

/**
 * A job materializing `assets` (already in topological order); deps on assets outside it are dropped. Its
 * partitions are its assets' shared definition; `__ASSET_JOB` may mix definitions and is then unpartitioned
 * as a whole (a subset of one definition's assets is partitioned, see plan.ts), a user's asset job may not.
 */
export function assetJobSpec(
  job: { name: string; description: string | null; tags: Readonly<Record<string, string>> },
  assets: readonly AssetDef[],
): JobSpec {
  const shared = sharedPartitionsDef(assets.map((def) => def.partitionsDef));
  if (shared === 'conflict' && job.name !== ASSET_JOB_NAME) {
    throw new DefinitionsError(
      `The asset job ${JSON.stringify(job.name)} selects assets with different partitions definitions; a job's ` +
        `assets must share one partitions definition (or be unpartitioned).`,
      { definition: job.name },
    );
  }
  const finals = new Map(assets.map((def) => [def.name, finalStepKeys(def)]));
  const steps = assets.flatMap((def) =>
    assetSteps(
      def,
      def.deps.flatMap((dep) => finals.get(dep) ?? []),
    ),
  );
  return {
    name: job.name,
    description: job.description,
    tags: { ...job.tags },
    isAssetJob: true,
    steps,
    assetKeys: assets.map((def) => def.name),
    partitionsDef: shared === 'conflict' ? null : shared,
  };
}

// Nodes come in call order, which is topological; roots (no inputs) also wait for `rootUpstream`.
function nodeSteps(
  nodes: readonly ComposedNode[],
  prefix: string,
  assetKey: string | null,
  rootUpstream: readonly string[],
  partitionsDef: PartitionsDefinition | null,
): StepSpec[] {
  return nodes.map((node) => {
    const inputs = node.inputs.map((from, index) => ({
      name: node.op.inputNames?.[index] ?? `input_${index}`,
      fromStep: prefix + from,
    }));
    return {
      key: prefix + node.alias,
      opName: node.alias,
      opDefName: node.op.name,
      assetKey,
      pool: node.op.pool,
      retryPolicy: node.op.retryPolicy,
      tags: { ...node.op.tags },
      description: node.op.description,
      inputs,
      upstream: inputs.length > 0 ? unique(inputs.map((input) => input.fromStep)) : unique(rootUpstream),
      compute: node.op.compute as StepSpec['compute'],
      partitionsDef,
    };
  });
}
