// The code location as Dagster's UI reads it: repositoriesOrError, pipelineOrError, assetNodes and
// assetNodeOrError over the Definitions the server was started with (read-only, no database).
// Tidepool's plan is flat, so each step is one top-level Solid named by its step key
// (`my_graph_asset.my_op`); every Solid, Job and AssetNode carries its pools, so a UI can show an asset's
// or op's pool in its details pane, as the concurrency guide asks.
import { assetKeyOfPath, InvalidSubsetError, PipelineNotFoundError, poolsOf, selectJob, stepInputs } from '../definitions/index.js';
import type { AssetNodeSpec, JobSpec, LoadedDefinitions, StepSpec } from '../definitions/index.js';
import { builder, ErrorInterface } from './builder.js';
import { answering, isExpectedError, PythonError, successUnlessPythonError } from './errors.js';

/** A job as served: the full JobSpec, or the subset a selector asked for. */
export interface JobSource {
  location: LoadedDefinitions;
  job: JobSpec;
  /** The selected step keys when the job is a subset, else null; part of the id so subsets cache apart. */
  selection: string[] | null;
}

/** What a Solid shows of a step: a loaded job's StepSpec, or a stored job snapshot's step. */
type StepShape = Pick<StepSpec, 'key' | 'opDefName' | 'description' | 'pool' | 'inputs' | 'upstream' | 'assetKey'>;

/** What has Solids: a job as served (JobSource), or a stored job snapshot (graphql/execution-plan.ts). */
export interface SolidOwner {
  job: { steps: readonly StepShape[] };
}

interface StepSource {
  owner: SolidOwner;
  step: StepShape;
}

interface InputSource {
  solid: StepSource;
  name: string;
  fromSteps: string[];
}

interface Located<T> {
  location: LoadedDefinitions;
  def: T;
}

interface Tag {
  key: string;
  value: string;
}

/** Tidepool asset keys are single names; Dagster's are paths, so a key is the path `[name]`. */
interface AssetKeyShape {
  path: string[];
}

function assetKeyOf(key: string): AssetKeyShape {
  return { path: [key] };
}

// Stable ids, unique per type, so clients that cache by id (Apollo) keep locations and subsets apart.
export function repositoryId(location: LoadedDefinitions): string {
  return `${location.locationName}:${location.definitions.repositoryName}`;
}

function tagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

function poolsOfStep(step: StepShape): string[] {
  return step.pool === null ? [] : [step.pool];
}

// Code-unit order, so results match across locales.
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------- errors

export const PipelineNotFoundErrorType = builder.objectType(PipelineNotFoundError, {
  name: 'PipelineNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    pipelineName: t.exposeString('pipelineName'),
    repositoryName: t.exposeString('repositoryName'),
    repositoryLocationName: t.exposeString('repositoryLocationName'),
  }),
});

export const InvalidSubsetErrorType = builder.objectType(InvalidSubsetError, {
  name: 'InvalidSubsetError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    pipeline: t.field({
      type: PipelineType,
      description: 'The job the selection was made from (the whole job, not the subset).',
      // The error's job was selected from this server's location: none is raised without one.
      resolve: (error, _args, ctx) => ({ location: ctx.location!, job: error.job, selection: null }),
    }),
  }),
});

// Only an AssetNodeOrError member: a key the location does not define.
class AssetNotFoundError extends Error {
  override readonly name = 'AssetNotFoundError';
  constructor(path: readonly string[]) {
    super(`Asset key ${JSON.stringify(path)} not found.`);
  }
}

builder.objectType(AssetNotFoundError, { name: 'AssetNotFoundError', interfaces: [ErrorInterface] });

/** A RepositorySelector that names a repository this server does not serve (a member of Dagster's …OrError unions). */
export class RepositoryNotFoundError extends Error {
  override readonly name = 'RepositoryNotFoundError';
  constructor(
    readonly repositoryName: string,
    readonly repositoryLocationName: string,
  ) {
    super(`Could not find a repository named ${JSON.stringify(repositoryName)} in location ${JSON.stringify(repositoryLocationName)}.`);
  }
}

builder.objectType(RepositoryNotFoundError, {
  name: 'RepositoryNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    repositoryName: t.exposeString('repositoryName'),
    repositoryLocationName: t.exposeString('repositoryLocationName'),
  }),
});

// ---------------------------------------------------------------------------------------------- inputs

export const AssetKeyInput = builder.inputType('AssetKeyInput', {
  fields: (t) => ({ path: t.stringList({ required: true }) }),
});

export const PipelineSelectorInput = builder.inputType('PipelineSelector', {
  description: 'Names a job (`jobName`, or its legacy alias `pipelineName`) and optionally a subset of it.',
  fields: (t) => ({
    pipelineName: t.string(),
    jobName: t.string(),
    repositoryName: t.string({ required: true }),
    repositoryLocationName: t.string({ required: true }),
    solidSelection: t.stringList({ description: 'Step keys to keep, e.g. `my_graph_asset.my_op`.' }),
    assetSelection: t.field({ type: [AssetKeyInput] }),
  }),
});

export const RepositorySelectorInput = builder.inputType('RepositorySelector', {
  fields: (t) => ({
    repositoryName: t.string({ required: true }),
    repositoryLocationName: t.string({ required: true }),
  }),
});

const AssetGroupSelectorInput = builder.inputType('AssetGroupSelector', {
  fields: (t) => ({
    groupName: t.string({ required: true }),
    repositoryName: t.string({ required: true }),
    repositoryLocationName: t.string({ required: true }),
  }),
});

export type PipelineSelector = typeof PipelineSelectorInput.$inferInput;

// ---------------------------------------------------------------------------------------------- selection

export function inRepository(
  location: LoadedDefinitions | null,
  selector: { repositoryName: string; repositoryLocationName: string },
): location is LoadedDefinitions {
  return (
    location !== null &&
    selector.repositoryLocationName === location.locationName &&
    selector.repositoryName === location.definitions.repositoryName
  );
}

/** The served location when `selector` names its repository; else throws RepositoryNotFoundError. */
export function selectedRepository(
  location: LoadedDefinitions | null,
  selector: { repositoryName: string; repositoryLocationName: string },
): LoadedDefinitions {
  if (!inRepository(location, selector)) throw new RepositoryNotFoundError(selector.repositoryName, selector.repositoryLocationName);
  return location;
}

/**
 * The job a PipelineSelector names, restricted to its `solidSelection` (step keys) or `assetSelection`:
 * the selection launchRun makes too. Throws PipelineNotFoundError or InvalidSubsetError.
 */
export function selectedJob(location: LoadedDefinitions | null, selector: PipelineSelector): JobSource {
  const { job, selection } = selectJob(location, { ...selector, stepKeys: selector.solidSelection });
  // selectJob finds no job without a location.
  return { location: location!, job, selection };
}

// ---------------------------------------------------------------------------------------------- jobs and ops

const DefinitionTagType = builder.objectRef<Tag>('DefinitionTag').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

const SolidType = builder.objectRef<StepSource>('Solid');
const InputType = builder.objectRef<InputSource>('Input');
const OutputType = builder.objectRef<StepSource>('Output');

/** A job's graph, indexed once per job source (so once per request), since UIs select it edge by edge. */
interface JobGraph {
  solids: Map<string, StepSource>;
  inputs: Map<string, InputSource[]>;
  /** For each step key, the inputs of other steps that depend on it. */
  consumers: Map<string, InputSource[]>;
}

const graphs = new WeakMap<SolidOwner, JobGraph>();

function graphOf(owner: SolidOwner): JobGraph {
  let graph = graphs.get(owner);
  if (graph === undefined) {
    const stepsByKey = new Map(owner.job.steps.map((step) => [step.key, step]));
    const solids = new Map(owner.job.steps.map((step) => [step.key, { owner, step }]));
    // Data inputs keep their names; ordering-only upstream steps (asset `deps`) become one input per
    // upstream asset, named after it, as Dagster names the inputs that `deps` create.
    const inputs = new Map(
      [...solids].map(([key, solid]) => [
        key,
        stepInputs(solid.step, stepsByKey).map((input) => ({ solid, name: input.name, fromSteps: input.dependsOn })),
      ]),
    );
    const consumers = new Map<string, InputSource[]>();
    for (const input of [...inputs.values()].flat()) {
      for (const key of input.fromSteps) {
        const list = consumers.get(key);
        if (list === undefined) consumers.set(key, [input]);
        else list.push(input);
      }
    }
    graph = { solids, inputs, consumers };
    graphs.set(owner, graph);
  }
  return graph;
}

const NamedDefinition = (typeName: string) =>
  builder.objectRef<{ name: string }>(typeName).implement({ fields: (t) => ({ name: t.exposeString('name') }) });
const InputDefinitionType = NamedDefinition('InputDefinition');
const OutputDefinitionType = NamedDefinition('OutputDefinition');

InputType.implement({
  fields: (t) => ({
    solid: t.field({ type: SolidType, resolve: (input) => input.solid }),
    definition: t.field({ type: InputDefinitionType, resolve: (input) => ({ name: input.name }) }),
    dependsOn: t.field({
      type: [OutputType],
      resolve: ({ solid, fromSteps }) => fromSteps.flatMap((key) => graphOf(solid.owner).solids.get(key) ?? []),
    }),
  }),
});

OutputType.implement({
  fields: (t) => ({
    solid: t.field({ type: SolidType, resolve: (output) => output }),
    definition: t.field({ type: OutputDefinitionType, resolve: () => ({ name: 'result' }) }),
    dependedBy: t.field({
      type: [InputType],
      resolve: ({ owner, step }) => graphOf(owner).consumers.get(step.key) ?? [],
    }),
  }),
});

const SolidDefinitionType = builder.objectRef<StepShape>('SolidDefinition').implement({
  fields: (t) => ({
    name: t.string({ resolve: (step) => step.opDefName }),
    description: t.string({ nullable: true, resolve: (step) => step.description }),
    pool: t.string({ nullable: true, resolve: (step) => step.pool }),
    pools: t.stringList({ resolve: poolsOfStep }),
  }),
});

SolidType.implement({
  description: 'One step of a job: an asset, an op, or an op inside a graph asset (named `<asset>.<op>`).',
  fields: (t) => ({
    name: t.string({ description: 'The step key.', resolve: ({ step }) => step.key }),
    definition: t.field({ type: SolidDefinitionType, resolve: ({ step }) => step }),
    inputs: t.field({ type: [InputType], resolve: ({ owner, step }) => graphOf(owner).inputs.get(step.key) ?? [] }),
    outputs: t.field({ type: [OutputType], resolve: (solid) => [solid] }),
    pool: t.string({ nullable: true, description: 'NEW: the concurrency pool of the step.', resolve: ({ step }) => step.pool }),
    pools: t.stringList({ description: 'NEW: the pools of the step ([] or [pool]).', resolve: ({ step }) => poolsOfStep(step) }),
    upstreamStepKeys: t.stringList({
      description: 'NEW: every step of this job that must finish first (data and ordering dependencies).',
      resolve: ({ step }) => step.upstream,
    }),
  }),
});

const SolidHandleType = builder.objectRef<StepSource>('SolidHandle').implement({
  fields: (t) => ({
    handleID: t.string({ resolve: ({ step }) => step.key }),
    solid: t.field({ type: SolidType, resolve: (solid) => solid }),
  }),
});

function solidsOf(owner: SolidOwner): StepSource[] {
  return [...graphOf(owner).solids.values()];
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Dagster's SolidContainer fields (solids, solidHandles, solidHandle), shared by Job and PipelineSnapshot. */
export function solidContainerFields<Owner extends SolidOwner>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Owner>) {
  return {
    solids: t.field({ type: [SolidType], description: 'The steps, upstream first.', resolve: (owner) => solidsOf(owner) }),
    solidHandles: t.field({
      type: [SolidHandleType],
      description:
        'Handles sorted by id, as in Dagster. Steps are flat, so `parentHandleID: "my_graph_asset"` lists the ' +
        'ops of that graph asset and null or "" lists every step.',
      args: { parentHandleID: t.arg.string() },
      resolve: (owner, { parentHandleID }) =>
        solidsOf(owner)
          .filter(({ step }) => !parentHandleID || step.key.startsWith(`${parentHandleID}.`))
          .sort((a, b) => compareCodeUnits(a.step.key, b.step.key)),
    }),
    solidHandle: t.field({
      type: SolidHandleType,
      nullable: true,
      args: { handleID: t.arg.string({ required: true }) },
      resolve: (owner, { handleID }) => graphOf(owner).solids.get(handleID) ?? null,
    }),
  };
}

/** The fields of Job and of Pipeline, its legacy name in Dagster's schema. */
const jobFields = (t: PothosSchemaTypes.ObjectFieldBuilder<Types, JobSource>) => ({
  id: t.id({
    resolve: ({ location, job, selection }) =>
      `${repositoryId(location)}:${job.name}${selection === null ? '' : `[${selection.join(',')}]`}`,
  }),
  name: t.string({ resolve: ({ job }) => job.name }),
  description: t.string({ nullable: true, resolve: ({ job }) => job.description }),
  isJob: t.boolean({ resolve: () => true }),
  isAssetJob: t.boolean({ resolve: ({ job }) => job.isAssetJob }),
  tags: t.field({ type: [DefinitionTagType], resolve: ({ job }) => tagList(job.tags) }),
  ...solidContainerFields(t),
  pools: t.stringList({ description: 'NEW: the sorted, unique pools of its steps.', resolve: ({ job }) => poolsOf(job).allPools }),
});

export const JobType = builder.objectRef<JobSource>('Job').implement({
  description: "A job (Dagster's Job / Pipeline): user jobs, asset jobs and `__ASSET_JOB`, the job of all assets.",
  fields: jobFields,
});

/** Dagster's legacy name of Job, with Job's own fields (InvalidSubsetError.pipeline). */
export const PipelineType = builder.objectRef<JobSource>('Pipeline').implement({
  description: 'Legacy name of Job: the same job, with the fields Job declares here.',
  fields: jobFields,
});

// PythonError is a member for Dagster clients' sake; Tidepool masks unexpected errors instead of returning
// them (errors.ts).
const PipelineOrError = builder.errorUnion('PipelineOrError', {
  types: [JobType, PipelineNotFoundError, InvalidSubsetError, PythonError],
  resolveType: successUnlessPythonError('Job'),
});

// ---------------------------------------------------------------------------------------------- assets

export const AssetKeyType = builder.objectRef<AssetKeyShape>('AssetKey').implement({
  fields: (t) => ({ path: t.exposeStringList('path') }),
});

export const AssetNodeType = builder.objectRef<Located<AssetNodeSpec>>('AssetNode').implement({
  fields: (t) => ({
    id: t.id({ resolve: ({ location, def }) => `${repositoryId(location)}:${JSON.stringify([def.assetKey])}` }),
    assetKey: t.field({ type: AssetKeyType, resolve: ({ def }) => assetKeyOf(def.assetKey) }),
    description: t.string({ nullable: true, resolve: ({ def }) => def.description }),
    groupName: t.string({ resolve: ({ def }) => def.groupName }),
    jobNames: t.stringList({ resolve: ({ def }) => def.jobNames }),
    opNames: t.stringList({ description: 'Step keys of its ops.', resolve: ({ def }) => def.opNames }),
    opName: t.string({ nullable: true, description: 'Its first op.', resolve: ({ def }) => def.opNames[0] ?? null }),
    pools: t.stringList({ description: 'The sorted, unique pools of its ops.', resolve: ({ def }) => def.pools }),
    computeKind: t.string({ nullable: true, resolve: () => null }),
    isExecutable: t.boolean({ resolve: () => true }),
    isGraphAsset: t.boolean({ resolve: ({ def }) => def.isGraphAsset }),
    dependencyKeys: t.field({ type: [AssetKeyType], resolve: ({ def }) => def.dependencyKeys.map(assetKeyOf) }),
    dependedByKeys: t.field({ type: [AssetKeyType], resolve: ({ def }) => def.dependedByKeys.map(assetKeyOf) }),
    tags: t.field({ type: [DefinitionTagType], resolve: ({ def }) => tagList(def.tags) }),
  }),
});

const AssetNodeOrError = builder.errorUnion('AssetNodeOrError', {
  types: [AssetNodeType, AssetNotFoundError],
  resolveType: () => 'AssetNode',
});

// ---------------------------------------------------------------------------------------------- repository

export function byName<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareCodeUnits(nameOf(a), nameOf(b)));
}

function jobsOf(location: LoadedDefinitions): JobSource[] {
  return byName([...location.definitions.jobs.values()], (job) => job.name).map((job) => ({
    location,
    job,
    selection: null,
  }));
}

export const RepositoryLocationType = builder.objectRef<LoadedDefinitions>('RepositoryLocation').implement({
  fields: (t) => ({
    id: t.id({ resolve: (location) => location.locationName }),
    name: t.string({ resolve: (location) => location.locationName }),
  }),
});

export const RepositoryType = builder.objectRef<LoadedDefinitions>('Repository').implement({
  description: "The one repository of the code location (Dagster's default name, `__repository__`).",
  fields: (t) => ({
    id: t.id({ resolve: repositoryId }),
    name: t.string({ resolve: (location) => location.definitions.repositoryName }),
    location: t.field({ type: RepositoryLocationType, resolve: (location) => location }),
    jobs: t.field({ type: [JobType], description: 'Sorted by name.', resolve: jobsOf }),
    pipelines: t.field({ type: [JobType], description: 'Legacy alias of jobs.', resolve: jobsOf }),
    assetNodes: t.field({
      type: [AssetNodeType],
      description: 'Upstream assets first.',
      resolve: (location) => location.definitions.assetNodes.map((def) => ({ location, def })),
    }),
  }),
});

const RepositoryConnectionType = builder.objectRef<{ nodes: LoadedDefinitions[] }>('RepositoryConnection').implement({
  fields: (t) => ({ nodes: t.field({ type: [RepositoryType], resolve: ({ nodes }) => nodes }) }),
});

const RepositoriesOrError = builder.errorUnion('RepositoriesOrError', {
  types: [RepositoryConnectionType, PythonError],
  resolveType: successUnlessPythonError('RepositoryConnection'),
});

// ---------------------------------------------------------------------------------------------- queries

builder.queryFields((t) => ({
  repositoriesOrError: t.field({
    type: RepositoriesOrError,
    description: 'The repository of the loaded code location; none when the server runs without definitions.',
    resolve: (_root, _args, { location }) => ({ nodes: location === null ? [] : [location] }),
  }),
  pipelineOrError: t.field({
    type: PipelineOrError,
    args: { params: t.arg({ type: PipelineSelectorInput, required: true }) },
    resolve: answering((_root, { params }, { location }) => selectedJob(location, params)),
  }),
  assetNodes: t.field({
    type: [AssetNodeType],
    description:
      'Asset nodes, upstream first, narrowed by every filter given: the assets of a job (none when the ' +
      'selector names no job), of a group, or with the given keys.',
    args: {
      pipeline: t.arg({ type: PipelineSelectorInput }),
      assetKeys: t.arg({ type: [AssetKeyInput] }),
      group: t.arg({ type: AssetGroupSelectorInput }),
    },
    resolve: (_root, { pipeline, assetKeys, group }, { location }) => {
      if (location === null) return [];
      let nodes = location.definitions.assetNodes;
      if (pipeline) {
        let jobAssets: Set<string>;
        try {
          jobAssets = new Set(selectedJob(location, pipeline).job.assetKeys);
        } catch (error) {
          // Not an error here but a filter: a selector that names no job (or no valid subset) has no assets.
          if (isExpectedError(error)) return [];
          throw error;
        }
        nodes = nodes.filter((node) => jobAssets.has(node.assetKey));
      }
      if (group) {
        if (!inRepository(location, group)) return [];
        nodes = nodes.filter((node) => node.groupName === group.groupName);
      }
      if (assetKeys) {
        const wanted = new Set(assetKeys.map(assetKeyOfPath));
        nodes = nodes.filter((node) => wanted.has(node.assetKey));
      }
      return nodes.map((def) => ({ location, def }));
    },
  }),
  assetNodeOrError: t.field({
    type: AssetNodeOrError,
    args: { assetKey: t.arg({ type: AssetKeyInput, required: true }) },
    resolve: (_root, { assetKey }, { location }) => {
      const def = location?.definitions.getAssetNode(assetKeyOfPath(assetKey));
      if (location === null || def === undefined) throw new AssetNotFoundError(assetKey.path);
      return { location, def };
    },
  }),
}));
