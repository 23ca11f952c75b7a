// Partitions as Dagster's UI reads them: an asset's partitionDefinition and partitionKeys, a job's
// partitionKeysOrError, and partition sets (Dagster names a partitioned job's set `<job>_partition_set`)
// with their partitions, each partition's runs and latest status, and the set's backfills. Time-window keys
// are those at the instance clock's now. Reads the definitions; runs and backfills through src/runs and
// src/backfills.
import { targetOfPartitionSet } from '../backfills/backfill-target.js';
import { PartitionSetNotFoundError } from '../backfills/errors.js';
import { latestRunsByPartition } from '../backfills/partition-runs.js';
import { listBackfills, MAX_BACKFILLS_PAGE, type PartitionStatus } from '../backfills/read-backfills.js';
import { jobNameOfPartitionSet, partitionSetNameOf } from '../backfills/vocabulary.js';
import { PipelineNotFoundError, type JobSpec, type LoadedDefinitions, type PartitionsDefinition } from '../definitions/index.js';
import { listRuns, MAX_RUNS_LIMIT } from '../runs/queries.js';
import { getRuns, type RunRecord } from '../runs/run-record.js';
import { TAGS } from '../runs/vocabulary.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { AssetNodeType, JobType, RepositorySelectorInput, RepositoryType, repositoryId } from './definitions.js';
import { answering, PythonError, successUnlessPythonError } from './errors.js';
import type { FieldCost } from './field-cost.js';
import { PartitionBackfillRef, RunRef } from './refs.js';
import { PipelineTagType, RunStatusEnum } from './runs.js';

/** A partitioned job's partition set, as served. */
export interface PartitionSetSource {
  location: LoadedDefinitions;
  job: JobSpec;
  partitionsDef: PartitionsDefinition;
}

interface PartitionSource {
  set: PartitionSetSource;
  name: string;
}

// ---------------------------------------------------------------------------------------------- definitions

const PartitionDefinitionTypeEnum = builder.enumType('PartitionDefinitionType', {
  values: ['TIME_WINDOW', 'STATIC', 'MULTIPARTITIONED', 'DYNAMIC'] as const,
});

const DimensionDefinitionType = builder.objectRef<PartitionsDefinition>('DimensionDefinitionType').implement({
  description: 'Tidepool partitions have one dimension, named "default" as in Dagster.',
  fields: (t) => ({
    name: t.string({ resolve: () => 'default' }),
    description: t.exposeString('description'),
    type: t.field({ type: PartitionDefinitionTypeEnum, resolve: (def) => def.type }),
    isPrimaryDimension: t.boolean({ resolve: () => true }),
    dynamicPartitionsDefinitionName: t.string({ nullable: true, resolve: () => null }),
  }),
});

const PartitionDefinitionType = builder.objectRef<PartitionsDefinition>('PartitionDefinition').implement({
  fields: (t) => ({
    description: t.exposeString('description'),
    type: t.field({ type: PartitionDefinitionTypeEnum, resolve: (def) => def.type }),
    dimensionTypes: t.field({ type: [DimensionDefinitionType], resolve: (def) => [def] }),
    name: t.string({ nullable: true, resolve: () => null }),
  }),
});

/** The keys at the instance clock's now; `reverse` newest first, then `cursor` (a key) and `limit` page through. */
function keysOf(
  def: PartitionsDefinition,
  ctx: GraphQLContext,
  page: { cursor?: string | null; limit?: number | null; reverse?: boolean | null } = {},
): string[] {
  let keys = [...def.getPartitionKeys(ctx.instance.clock.now())];
  if (page.reverse) keys.reverse();
  if (page.cursor) keys = keys.slice(keys.indexOf(page.cursor) + 1);
  return page.limit === null || page.limit === undefined ? keys : keys.slice(0, Math.max(page.limit, 0));
}

builder.objectFields(AssetNodeType, (t) => ({
  isPartitioned: t.boolean({ resolve: ({ def }) => def.partitionsDef !== null }),
  partitionDefinition: t.field({ type: PartitionDefinitionType, nullable: true, resolve: ({ def }) => def.partitionsDef }),
  partitionKeys: t.stringList({
    description: 'Its partition keys at the instance clock’s now ([] when unpartitioned).',
    resolve: ({ def }, _args, ctx) => (def.partitionsDef === null ? [] : keysOf(def.partitionsDef, ctx)),
  }),
}));

const PartitionKeysType = builder.objectRef<string[]>('PartitionKeys').implement({
  fields: (t) => ({ partitionKeys: t.stringList({ resolve: (keys) => keys }) }),
});

class PartitionSubsetDeserializationError extends Error {
  override readonly name = 'PartitionSubsetDeserializationError';
}
builder.objectType(PartitionSubsetDeserializationError, { name: 'PartitionSubsetDeserializationError', interfaces: [ErrorInterface] });

const PartitionKeysOrError = builder.unionType('PartitionKeysOrError', {
  types: [PartitionKeysType, PartitionSubsetDeserializationError],
  resolveType: () => 'PartitionKeys',
});

builder.objectFields(JobType, (t) => ({
  isPartitioned: t.boolean({
    description: 'NEW: whether runs of the job each take one partition.',
    resolve: ({ job }) => job.partitionsDef !== null,
  }),
  partitionKeysOrError: t.field({
    type: PartitionKeysOrError,
    description: 'The partition keys of the job ([] when unpartitioned); `cursor` is a key, the page starts after it.',
    args: { cursor: t.arg.string(), limit: t.arg.int(), reverse: t.arg.boolean() },
    resolve: ({ job }, args, ctx) => (job.partitionsDef === null ? [] : keysOf(job.partitionsDef, ctx, args)),
  }),
}));

// ---------------------------------------------------------------------------------------------- partition statuses

/** Partitions with their latest runs; `ownerId` (a backfill id, or a partition set's) keeps ids unique. */
interface PartitionStatusesSource {
  ownerId: string;
  statuses: PartitionStatus[];
}

const PartitionStatusType = builder.objectRef<{ ownerId: string; status: PartitionStatus }>('PartitionStatus').implement({
  fields: (t) => ({
    id: t.string({ resolve: ({ ownerId, status }) => `${ownerId}:${status.partitionKey}` }),
    partitionName: t.string({ resolve: ({ status }) => status.partitionKey }),
    runId: t.string({ nullable: true, resolve: ({ status }) => status.runId }),
    runStatus: t.field({ type: RunStatusEnum, nullable: true, resolve: ({ status }) => status.runStatus }),
    runDuration: t.float({
      nullable: true,
      description: 'Seconds from start to end of the run, null until it has both.',
      resolve: ({ status }) => (status.startTime && status.endTime ? (status.endTime.getTime() - status.startTime.getTime()) / 1000 : null),
    }),
  }),
});

export const PartitionStatusesType = builder.objectRef<PartitionStatusesSource>('PartitionStatuses').implement({
  fields: (t) => ({
    results: t.field({
      type: [PartitionStatusType],
      resolve: ({ ownerId, statuses }) => statuses.map((status) => ({ ownerId, status })),
    }),
  }),
});

const PartitionStatusesOrError = builder.unionType('PartitionStatusesOrError', {
  types: [PartitionStatusesType, PythonError],
  resolveType: () => 'PartitionStatuses',
});

// ---------------------------------------------------------------------------------------------- partition sets

builder.objectType(PartitionSetNotFoundError, {
  name: 'PartitionSetNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ partitionSetName: t.exposeString('partitionSetName') }),
});

/** The partition set named `name`, or PartitionSetNotFoundError. */
export function partitionSetNamed(
  location: LoadedDefinitions | null,
  selector: { partitionSetName: string; repositoryName?: string | null; repositoryLocationName?: string | null },
): PartitionSetSource {
  const target = targetOfPartitionSet(location, selector);
  return { location: location!, job: target.job, partitionsDef: target.partitionsDef };
}

const PartitionRunConfigType = builder.objectRef<{ yaml: string }>('PartitionRunConfig').implement({
  fields: (t) => ({ yaml: t.exposeString('yaml') }),
});
const PartitionRunConfigOrError = builder.unionType('PartitionRunConfigOrError', {
  types: [PartitionRunConfigType, PythonError],
  resolveType: () => 'PartitionRunConfig',
});
const PartitionTagsType = builder.objectRef<{ key: string; value: string }[]>('PartitionTags').implement({
  fields: (t) => ({ results: t.field({ type: [PipelineTagType], resolve: (tags) => tags }) }),
});
const PartitionTagsOrError = builder.unionType('PartitionTagsOrError', {
  types: [PartitionTagsType, PythonError],
  resolveType: () => 'PartitionTags',
});

/** Runs of the partition: its job's runs tagged with it, newest first. */
function partitionRuns(ctx: GraphQLContext, { set, name }: PartitionSource, limit: number) {
  return listRuns(ctx.instance.database.api, { jobName: set.job.name, tags: [{ key: TAGS.partition, value: name }] }, { limit });
}

const PartitionType = builder.objectRef<PartitionSource>('Partition').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    partitionSetName: t.string({ resolve: ({ set }) => partitionSetNameOf(set.job.name) }),
    solidSelection: t.stringList({ nullable: true, resolve: () => null }),
    mode: t.string({ resolve: () => 'default' }),
    runConfigOrError: t.field({
      type: PartitionRunConfigOrError,
      description: 'Partitions add no run config.',
      resolve: () => ({ yaml: '{}\n' }),
    }),
    tagsOrError: t.field({
      type: PartitionTagsOrError,
      description: 'The tags a run of this partition gets.',
      resolve: ({ set, name }) => [
        { key: TAGS.partition, value: name },
        { key: 'dagster/partition_set', value: partitionSetNameOf(set.job.name) },
      ],
    }),
    runs: t.field({
      type: [RunRef],
      description: 'Runs of the partition, newest first.',
      args: { limit: t.arg.int() },
      extensions: {
        cost: { weight: 1, page: { argument: 'limit', default: MAX_RUNS_LIMIT, max: MAX_RUNS_LIMIT, items: null } } satisfies FieldCost,
      },
      resolve: (partition, { limit }, ctx) => partitionRuns(ctx, partition, Math.min(Math.max(limit ?? MAX_RUNS_LIMIT, 1), MAX_RUNS_LIMIT)),
    }),
    status: t.field({
      type: RunStatusEnum,
      nullable: true,
      description: 'The status of its latest run, null when it has none.',
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: async (partition, _args, ctx) => (await partitionRuns(ctx, partition, 1))[0]?.status ?? null,
    }),
  }),
});

const PartitionsType = builder.objectRef<PartitionSource[]>('Partitions').implement({
  fields: (t) => ({ results: t.field({ type: [PartitionType], resolve: (partitions) => partitions }) }),
});
const PartitionsOrError = builder.unionType('PartitionsOrError', { types: [PartitionsType, PythonError], resolveType: () => 'Partitions' });

const PartitionRunType = builder.objectRef<{ id: string; partitionName: string; run: RunRecord | null }>('PartitionRun').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    partitionName: t.exposeString('partitionName'),
    run: t.field({ type: RunRef, nullable: true, resolve: (partitionRun) => partitionRun.run }),
  }),
});

export const PartitionSetType = builder.objectRef<PartitionSetSource>('PartitionSet').implement({
  fields: (t) => ({
    id: t.id({ resolve: (set) => `${repositoryId(set.location)}:${partitionSetNameOf(set.job.name)}` }),
    name: t.string({ resolve: (set) => partitionSetNameOf(set.job.name) }),
    pipelineName: t.string({ resolve: (set) => set.job.name }),
    solidSelection: t.stringList({ nullable: true, resolve: () => null }),
    mode: t.string({ resolve: () => 'default' }),
    partitionsOrError: t.field({
      type: PartitionsOrError,
      args: { cursor: t.arg.string(), limit: t.arg.int(), reverse: t.arg.boolean() },
      resolve: (set, args, ctx) => keysOf(set.partitionsDef, ctx, args).map((name) => ({ set, name })),
    }),
    partition: t.field({
      type: PartitionType,
      nullable: true,
      args: { partitionName: t.arg.string({ required: true }) },
      resolve: (set, { partitionName }, ctx) =>
        set.partitionsDef.hasPartitionKey(partitionName, ctx.instance.clock.now()) ? { set, name: partitionName } : null,
    }),
    partitionStatusesOrError: t.field({
      type: PartitionStatusesOrError,
      description: 'Each partition with its latest run of the job (by the dagster/partition tag).',
      extensions: { cost: { weight: 2 } satisfies FieldCost },
      resolve: async (set, _args, ctx) => ({
        ownerId: partitionSetNameOf(set.job.name),
        statuses: await latestRunsByPartition(ctx.instance.database.api, set.job.name, keysOf(set.partitionsDef, ctx)),
      }),
    }),
    partitionRuns: t.field({
      type: [PartitionRunType],
      description: 'Each partition with its latest run of the job (null when it has none).',
      extensions: { cost: { weight: 3 } satisfies FieldCost },
      resolve: async (set, _args, ctx) => {
        const db = ctx.instance.database.api;
        const statuses = await latestRunsByPartition(db, set.job.name, keysOf(set.partitionsDef, ctx));
        const runIds = statuses.flatMap((status) => (status.runId === null ? [] : [status.runId]));
        const runs = new Map((await getRuns(db, runIds)).map((run) => [run.id, run]));
        return statuses.map((status) => ({
          id: `${partitionSetNameOf(set.job.name)}:${status.partitionKey}`,
          partitionName: status.partitionKey,
          run: status.runId === null ? null : (runs.get(status.runId) ?? null),
        }));
      },
    }),
    backfills: t.field({
      type: [PartitionBackfillRef],
      description: 'Backfills of the set, newest first; `cursor` is a backfill id.',
      args: { cursor: t.arg.string(), limit: t.arg.int() },
      extensions: {
        cost: {
          weight: 1,
          page: { argument: 'limit', default: MAX_BACKFILLS_PAGE, max: MAX_BACKFILLS_PAGE, items: null },
        } satisfies FieldCost,
      },
      resolve: (set, { cursor, limit }, ctx) =>
        listBackfills(ctx.instance.database.api, { partitionSetName: partitionSetNameOf(set.job.name), cursor, limit }),
    }),
  }),
});

function partitionSetsOf(location: LoadedDefinitions): PartitionSetSource[] {
  return [...location.definitions.jobs.values()]
    .filter((job) => job.partitionsDef !== null)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((job) => ({ location, job, partitionsDef: job.partitionsDef! }));
}

builder.objectFields(RepositoryType, (t) => ({
  partitionSets: t.field({
    type: [PartitionSetType],
    description: 'One per partitioned job, sorted by job name.',
    resolve: partitionSetsOf,
  }),
}));

const PartitionSetsType = builder.objectRef<PartitionSetSource[]>('PartitionSets').implement({
  fields: (t) => ({ results: t.field({ type: [PartitionSetType], resolve: (sets) => sets }) }),
});

const PartitionSetsOrError = builder.errorUnion('PartitionSetsOrError', {
  types: [PartitionSetsType, PipelineNotFoundError, PythonError],
  resolveType: successUnlessPythonError('PartitionSets'),
});

const PartitionSetOrError = builder.errorUnion('PartitionSetOrError', {
  types: [PartitionSetType, PartitionSetNotFoundError, PythonError],
  resolveType: successUnlessPythonError('PartitionSet'),
});

builder.queryFields((t) => ({
  partitionSetsOrError: t.field({
    type: PartitionSetsOrError,
    description: "The job's partition sets: one when it is partitioned, none otherwise.",
    args: {
      repositorySelector: t.arg({ type: RepositorySelectorInput, required: true }),
      pipelineName: t.arg.string({ required: true }),
    },
    resolve: answering((_root, { repositorySelector, pipelineName }, { location }) => {
      const { repositoryName, repositoryLocationName } = repositorySelector;
      const inRepository =
        location !== null && repositoryName === location.definitions.repositoryName && repositoryLocationName === location.locationName;
      const job = inRepository ? location.definitions.getJob(pipelineName) : undefined;
      if (job === undefined) throw new PipelineNotFoundError(pipelineName, repositoryName, repositoryLocationName);
      return job.partitionsDef === null ? [] : [{ location: location!, job, partitionsDef: job.partitionsDef }];
    }),
  }),
  partitionSetOrError: t.field({
    type: PartitionSetOrError,
    args: {
      repositorySelector: t.arg({ type: RepositorySelectorInput, required: true }),
      partitionSetName: t.arg.string(),
    },
    resolve: answering((_root, { repositorySelector, partitionSetName }, { location }) => {
      if (!partitionSetName || jobNameOfPartitionSet(partitionSetName) === null)
        throw new PartitionSetNotFoundError(partitionSetName ?? '');
      return partitionSetNamed(location, { partitionSetName, ...repositorySelector });
    }),
  }),
}));
