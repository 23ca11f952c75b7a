// Partition backfills with Dagster's names and shapes: launchPartitionBackfill, cancelPartitionBackfill,
// resumePartitionBackfill, partitionBackfillsOrError, partitionBackfillOrError. A launch is checked whole
// before anything is written (unknown partition set, keys outside it, an unpartitioned job or asset: a typed
// union member); its runs are submitted by the backfill daemon, so `launchedRunIds` is empty.
import { permissionOf } from '../auth/caller.js';
import { UnauthorizedError } from '../auth/unauthorized.js';
import { targetOfAssets, type BackfillTarget } from '../backfills/backfill-target.js';
import type { BackfillRecord } from '../backfills/backfill-record.js';
import { cancelBackfill } from '../backfills/cancel-backfill.js';
import { BackfillNotFoundError, ConflictingExecutionParamsError, PartitionSetNotFoundError } from '../backfills/errors.js';
import { launchBackfill, type PartitionSelection } from '../backfills/launch-backfill.js';
import {
  backfillNumCancelable,
  backfillPartitionKeys,
  backfillPartitionStatuses,
  backfillRuns,
  backfillStatusCounts,
  listBackfills,
  MAX_BACKFILLS_PAGE,
  requireBackfill,
  type PartitionStatusCount,
} from '../backfills/read-backfills.js';
import { resumeBackfill } from '../backfills/resume-backfill.js';
import { BULK_ACTION_STATUSES } from '../backfills/vocabulary.js';
import { assetKeyOfPath, InvalidSubsetError, PipelineNotFoundError, type LoadedDefinitions } from '../definitions/index.js';
import { InvalidTagsError, RunConfigValidationInvalid } from '../runs/errors.js';
import { MAX_RUNS_LIMIT } from '../runs/queries.js';
import { CANCELABLE_STATUSES, RUN_STATUSES, isTerminal } from '../runs/vocabulary.js';
import { authorized } from './authorize.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { AssetKeyInput, AssetKeyType, RepositorySelectorInput } from './definitions.js';
import { answering, PythonError, successUnlessPythonError } from './errors.js';
import type { FieldCost } from './field-cost.js';
import { PartitionSetType, PartitionStatusesType, partitionSetNamed } from './partitions.js';
import { PartitionBackfillRef, RunRef, RunsFeedEntryRef } from './refs.js';
import { ExecutionTagInput, PipelineTagType, RunStatusEnum } from './runs.js';

const BulkActionStatusEnum = builder.enumType('BulkActionStatus', { values: BULK_ACTION_STATUSES });

builder.objectType(BackfillNotFoundError, {
  name: 'BackfillNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ backfillId: t.exposeString('backfillId') }),
});

builder.objectType(ConflictingExecutionParamsError, { name: 'ConflictingExecutionParamsError', interfaces: [ErrorInterface] });

// ---------------------------------------------------------------------------------------------- PartitionBackfill

const PartitionStatusCountsType = builder.objectRef<PartitionStatusCount>('PartitionStatusCounts').implement({
  fields: (t) => ({
    runStatus: t.field({ type: RunStatusEnum, resolve: (counts) => counts.runStatus }),
    count: t.exposeInt('count'),
  }),
});

const UNFINISHED_STATUSES = RUN_STATUSES.filter((status) => !isTerminal(status));
const seconds = (date: Date) => date.getTime() / 1000;
const runsLimit = (limit: number | null | undefined) => Math.min(Math.max(limit ?? MAX_RUNS_LIMIT, 1), MAX_RUNS_LIMIT);
const RUNS_COST: FieldCost = { weight: 1, page: { argument: 'limit', default: MAX_RUNS_LIMIT, max: MAX_RUNS_LIMIT, items: null } };

/** The partition set of a job backfill, when the served definitions still have it. */
function partitionSetOf(backfill: BackfillRecord, location: LoadedDefinitions | null) {
  if (backfill.assetSelection !== null) return null;
  try {
    return partitionSetNamed(location, { partitionSetName: backfill.partitionSetName });
  } catch (error) {
    if (error instanceof PartitionSetNotFoundError) return null;
    throw error;
  }
}

PartitionBackfillRef.implement({
  interfaces: [RunsFeedEntryRef],
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: BulkActionStatusEnum, resolve: (backfill) => backfill.status }),
    partitionNames: t.stringList({
      nullable: true,
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: (backfill, _args, ctx) => backfillPartitionKeys(ctx.instance.database.api, backfill.id),
    }),
    isValidSerialization: t.boolean({ resolve: () => true }),
    numPartitions: t.int({ nullable: true, resolve: (backfill) => backfill.numPartitions }),
    numCancelable: t.int({
      description: 'Partitions it could still stop: not yet submitted (while REQUESTED) or with a run not yet finished.',
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: (backfill, _args, ctx) => backfillNumCancelable(ctx.instance.database.api, backfill),
    }),
    fromFailure: t.boolean({ resolve: () => false }),
    reexecutionSteps: t.stringList({ nullable: true, resolve: () => null }),
    assetSelection: t.field({
      type: [AssetKeyType],
      nullable: true,
      resolve: (backfill) => backfill.assetSelection?.map((key) => ({ path: [key] })) ?? null,
    }),
    partitionSetName: t.string({
      nullable: true,
      resolve: (backfill) => (backfill.assetSelection === null ? backfill.partitionSetName : null),
    }),
    timestamp: t.float({
      description: 'When it was launched (seconds since the epoch).',
      resolve: (backfill) => seconds(backfill.createdAt),
    }),
    endTimestamp: t.float({ nullable: true, resolve: (backfill) => (backfill.endedAt ? seconds(backfill.endedAt) : null) }),
    partitionSet: t.field({
      type: PartitionSetType,
      nullable: true,
      resolve: (backfill, _args, ctx) => partitionSetOf(backfill, ctx.location),
    }),
    runs: t.field({
      type: [RunRef],
      description: 'Its runs (every attempt of each partition), newest first.',
      args: { limit: t.arg.int() },
      extensions: { cost: RUNS_COST },
      resolve: (backfill, { limit }, ctx) => backfillRuns(ctx.instance.database.api, backfill.id, runsLimit(limit)),
    }),
    unfinishedRuns: t.field({
      type: [RunRef],
      args: { limit: t.arg.int() },
      extensions: { cost: RUNS_COST },
      resolve: (backfill, { limit }, ctx) => backfillRuns(ctx.instance.database.api, backfill.id, runsLimit(limit), UNFINISHED_STATUSES),
    }),
    cancelableRuns: t.field({
      type: [RunRef],
      args: { limit: t.arg.int() },
      extensions: { cost: RUNS_COST },
      resolve: (backfill, { limit }, ctx) => backfillRuns(ctx.instance.database.api, backfill.id, runsLimit(limit), CANCELABLE_STATUSES),
    }),
    error: t.field({
      type: PythonError,
      nullable: true,
      description: 'Why it could not submit its runs (it is then FAILED).',
      resolve: (backfill) => (backfill.error === null ? null : { message: backfill.error, className: null }),
    }),
    partitionStatuses: t.field({
      type: PartitionStatusesType,
      nullable: true,
      description: 'Each partition, in submission order, with its latest run.',
      extensions: { cost: { weight: 2 } satisfies FieldCost },
      resolve: async (backfill, _args, ctx) => ({
        ownerId: backfill.id,
        statuses: await backfillPartitionStatuses(ctx.instance.database.api, backfill.id),
      }),
    }),
    partitionStatusCounts: t.field({
      type: [PartitionStatusCountsType],
      description: 'Partitions per status of their latest run; NOT_STARTED counts those not yet submitted.',
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: (backfill, _args, ctx) => backfillStatusCounts(ctx.instance.database.api, backfill.id),
    }),
    isAssetBackfill: t.boolean({ resolve: (backfill) => backfill.assetSelection !== null }),
    hasCancelPermission: t.boolean({ resolve: (_backfill, _args, ctx) => permissionOf(ctx.caller, 'cancel_partition_backfill').enabled }),
    hasResumePermission: t.boolean({ resolve: (_backfill, _args, ctx) => permissionOf(ctx.caller, 'launch_partition_backfill').enabled }),
    user: t.string({ nullable: true, resolve: () => null }),
    title: t.exposeString('title', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    tags: t.field({
      type: [PipelineTagType],
      description: "The backfill's own tags (each run also gets dagster/backfill and dagster/partition).",
      resolve: (backfill) => Object.entries(backfill.tags).map(([key, value]) => ({ key, value })),
    }),
  }),
});

const PartitionBackfillOrError = builder.errorUnion('PartitionBackfillOrError', {
  types: [PartitionBackfillRef, BackfillNotFoundError, PythonError],
  resolveType: successUnlessPythonError('PartitionBackfill'),
});

const PartitionBackfillsType = builder.objectRef<BackfillRecord[]>('PartitionBackfills').implement({
  fields: (t) => ({ results: t.field({ type: [PartitionBackfillRef], resolve: (backfills) => backfills }) }),
});

const PartitionBackfillsOrError = builder.errorUnion('PartitionBackfillsOrError', {
  types: [PartitionBackfillsType, PythonError],
  resolveType: successUnlessPythonError('PartitionBackfills'),
});

builder.queryFields((t) => ({
  partitionBackfillOrError: t.field({
    type: PartitionBackfillOrError,
    args: { backfillId: t.arg.string({ required: true }) },
    extensions: { cost: { weight: 1 } satisfies FieldCost },
    resolve: answering((_root, { backfillId }, ctx) => requireBackfill(ctx.instance.database.api, backfillId)),
  }),
  partitionBackfillsOrError: t.field({
    type: PartitionBackfillsOrError,
    description: 'Backfills, newest first; `cursor` is the id of the last backfill of the previous page.',
    args: { status: t.arg({ type: BulkActionStatusEnum }), cursor: t.arg.string(), limit: t.arg.int() },
    extensions: {
      cost: {
        weight: 1,
        page: { argument: 'limit', default: MAX_BACKFILLS_PAGE, max: MAX_BACKFILLS_PAGE, items: 'results' },
      } satisfies FieldCost,
    },
    resolve: answering((_root, { status, cursor, limit }, ctx) => listBackfills(ctx.instance.database.api, { status, cursor, limit })),
  }),
}));

// ---------------------------------------------------------------------------------------------- mutations

const PartitionSetSelectorInput = builder.inputType('PartitionSetSelector', {
  fields: (t) => ({
    partitionSetName: t.string({ required: true }),
    repositorySelector: t.field({ type: RepositorySelectorInput, required: true }),
  }),
});

const PartitionRangeSelectorInput = builder.inputType('PartitionRangeSelector', {
  fields: (t) => ({ start: t.string({ required: true }), end: t.string({ required: true }) }),
});

const PartitionsSelectorInput = builder.inputType('PartitionsSelector', {
  fields: (t) => ({ range: t.field({ type: PartitionRangeSelectorInput, required: true }) }),
});

const PartitionsByAssetSelectorInput = builder.inputType('PartitionsByAssetSelector', {
  fields: (t) => ({
    assetKey: t.field({ type: AssetKeyInput, required: true }),
    partitions: t.field({ type: PartitionsSelectorInput, description: 'A range of partitions; absent: all of them.' }),
  }),
});

const LaunchBackfillParamsInput = builder.inputType('LaunchBackfillParams', {
  description:
    'A job backfill names its partition set (`selector`) and `partitionNames` or `allPartitions`; an asset backfill ' +
    'names `assetSelection` with `partitionNames` or `allPartitions`, or `partitionsByAssets` with one range for all its assets.',
  fields: (t) => ({
    selector: t.field({ type: PartitionSetSelectorInput }),
    partitionNames: t.stringList(),
    partitionsByAssets: t.field({ type: [PartitionsByAssetSelectorInput] }),
    assetSelection: t.field({ type: [AssetKeyInput] }),
    allPartitions: t.boolean(),
    tags: t.field({ type: [ExecutionTagInput] }),
    fromFailure: t.boolean({ description: 'Not supported: resume a FAILED backfill instead (resumePartitionBackfill).' }),
    reexecutionSteps: t.stringList({ description: 'Not supported: a backfill runs its whole job or asset selection.' }),
    title: t.string(),
    description: t.string(),
  }),
});

type LaunchBackfillParams = typeof LaunchBackfillParamsInput.$inferInput;

const LaunchBackfillSuccess = builder.objectRef<{ backfillId: string }>('LaunchBackfillSuccess').implement({
  fields: (t) => ({
    backfillId: t.exposeString('backfillId'),
    launchedRunIds: t.stringList({
      nullable: { list: true, items: true },
      description: 'Always empty: the backfill daemon submits the runs, a chunk at a time.',
      resolve: () => [],
    }),
  }),
});

const LaunchBackfillResult = builder.errorUnion('LaunchBackfillResult', {
  types: [
    LaunchBackfillSuccess,
    PartitionSetNotFoundError,
    RunConfigValidationInvalid,
    PipelineNotFoundError,
    ConflictingExecutionParamsError,
    InvalidSubsetError,
    InvalidTagsError,
    UnauthorizedError,
    PythonError,
  ],
  resolveType: successUnlessPythonError('LaunchBackfillSuccess'),
});

/** The target and partitions the params name; ConflictingExecutionParamsError when they name both or neither. */
function readLaunchParams(
  params: LaunchBackfillParams,
  location: LoadedDefinitions | null,
): { target: BackfillTarget; partitions: PartitionSelection } {
  if (params.fromFailure) throw new ConflictingExecutionParamsError('fromFailure is not supported; resume the FAILED backfill instead.');
  if (params.reexecutionSteps && params.reexecutionSteps.length > 0) {
    throw new ConflictingExecutionParamsError('reexecutionSteps is not supported: a backfill runs its whole job or asset selection.');
  }
  const byAssets = params.partitionsByAssets ?? null;
  const targets = [params.selector, params.assetSelection, byAssets].filter((given) => given !== null && given !== undefined);
  if (targets.length !== 1) {
    throw new ConflictingExecutionParamsError('Name exactly one of selector (a partition set), assetSelection or partitionsByAssets.');
  }
  if (byAssets !== null) {
    if (params.partitionNames || params.allPartitions) {
      throw new ConflictingExecutionParamsError(
        'partitionsByAssets holds its own partitions; do not give partitionNames or allPartitions with it.',
      );
    }
    const ranges = new Set(byAssets.map((entry) => (entry?.partitions ? JSON.stringify(entry.partitions.range) : 'all')));
    if (ranges.size !== 1) throw new ConflictingExecutionParamsError('Every entry of partitionsByAssets must give the same partitions.');
    const range = byAssets[0]?.partitions?.range;
    const target = targetOfAssets(
      location,
      byAssets.flatMap((entry) => (entry ? [assetKeyOfPath(entry.assetKey)] : [])),
    );
    return { target, partitions: range ? { range: { start: range.start, end: range.end } } : { allPartitions: true } };
  }
  if ((params.partitionNames ? 1 : 0) + (params.allPartitions ? 1 : 0) !== 1) {
    throw new ConflictingExecutionParamsError('Give exactly one of partitionNames or allPartitions: true.');
  }
  const partitions: PartitionSelection = params.partitionNames ? { partitionNames: params.partitionNames } : { allPartitions: true };
  if (params.selector) {
    const { partitionSetName, repositorySelector } = params.selector;
    const set = partitionSetNamed(location, { partitionSetName, ...repositorySelector });
    return {
      target: { jobName: set.job.name, assetSelection: null, partitionSetName, job: set.job, partitionsDef: set.partitionsDef },
      partitions,
    };
  }
  return { target: targetOfAssets(location, params.assetSelection!.map(assetKeyOfPath)), partitions };
}

const BackfillIdResult = (name: string) =>
  builder.objectRef<{ backfillId: string }>(name).implement({ fields: (t) => ({ backfillId: t.exposeString('backfillId') }) });

const CancelBackfillResult = builder.errorUnion('CancelBackfillResult', {
  types: [BackfillIdResult('CancelBackfillSuccess'), UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('CancelBackfillSuccess'),
});

const ResumeBackfillResult = builder.errorUnion('ResumeBackfillResult', {
  types: [BackfillIdResult('ResumeBackfillSuccess'), UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('ResumeBackfillSuccess'),
});

builder.mutationFields((t) => ({
  launchPartitionBackfill: t.field({
    type: LaunchBackfillResult,
    description: 'Launch a backfill: REQUESTED at once; the backfill daemon submits its runs.',
    args: { backfillParams: t.arg({ type: LaunchBackfillParamsInput, required: true }) },
    resolve: authorized(
      'launch_partition_backfill',
      answering(async (_root, { backfillParams }, ctx: GraphQLContext) => {
        const { target, partitions } = readLaunchParams(backfillParams, ctx.location);
        // A target was found, so the server has definitions.
        const { backfillId } = await launchBackfill(
          ctx.instance,
          ctx.location!,
          { target, partitions, tags: backfillParams.tags ?? [], title: backfillParams.title, description: backfillParams.description },
          ctx.caller.actor,
          ctx.instance.database.api,
        );
        return { backfillId };
      }),
    ),
  }),
  cancelPartitionBackfill: t.field({
    type: CancelBackfillResult,
    description: 'Stop submitting and terminate its unfinished runs; it is CANCELED once none is left running.',
    args: { backfillId: t.arg.string({ required: true }) },
    resolve: authorized(
      'cancel_partition_backfill',
      answering(async (_root, { backfillId }, ctx) => {
        await cancelBackfill(ctx.instance.database.api, backfillId, ctx.caller.actor);
        return { backfillId };
      }),
    ),
  }),
  resumePartitionBackfill: t.field({
    type: ResumeBackfillResult,
    description: 'Run the failed and canceled partitions of a FAILED or CANCELED backfill again.',
    args: { backfillId: t.arg.string({ required: true }) },
    resolve: authorized(
      'launch_partition_backfill',
      answering(async (_root, { backfillId }, ctx) => {
        await resumeBackfill(ctx.instance.database.api, backfillId, ctx.caller.actor);
        return { backfillId };
      }),
    ),
  }),
}));
