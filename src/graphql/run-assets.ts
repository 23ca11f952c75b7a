// A run's assets and an asset's events, in Dagster's shapes: the `Asset` type (key, its materializations and
// observations across runs, newest first, and its definition), `Run.assets` (the assets the run targets),
// `Run.assetMaterializations` (the run's ASSET_MATERIALIZATION events), and the `PipelineRun` and
// `PipelineRunStepStats` interfaces that Run and RunStepStats implement in Dagster. The interfaces carry no
// resolvers: Run (runs.ts and the files adding its fields) and RunStepStats define every field themselves.
import { assetKeyOfPath, type LoadedDefinitions } from '../definitions/index.js';
import { DEFAULT_ASSET_EVENTS_LIMIT, MAX_ASSET_EVENTS_LIMIT, readAssetEvents, type AssetEventType } from '../runs/asset-events.js';
import type { RunRecord } from '../runs/run-record.js';
import { builder } from './builder.js';
import { CapturedLogsType } from './captured-logs.js';
import { AssetKeyType, AssetNodeType } from './definitions.js';
import { ExpectationResultType } from './event-fields.js';
import { answering } from './errors.js';
import { EventConnectionType, eventObjectType } from './events.js';
import { ExecutionPlanType, PipelineReferenceInterface } from './execution-plan.js';
import type { FieldCost } from './field-cost.js';
import { RunRef } from './refs.js';
import { RepositoryOriginType } from './run-origin.js';
import { PipelineTagType, RunStatsSnapshotOrError, RunStatusEnum, RunStepStatsType, StepEventStatusEnum } from './runs.js';

/** An asset by its key (path parts), read against the definitions loaded when the request began. */
interface AssetSource {
  path: string[];
  location: LoadedDefinitions | null;
}

const MaterializationEventType = eventObjectType('ASSET_MATERIALIZATION');
const ObservationEventType = eventObjectType('ASSET_OBSERVATION');

/** One query, plus one per event of the page. */
const ASSET_EVENTS_COST: FieldCost = {
  weight: 1,
  page: { argument: 'limit', default: DEFAULT_ASSET_EVENTS_LIMIT, max: MAX_ASSET_EVENTS_LIMIT, items: null },
};

export const AssetType = builder.objectRef<AssetSource>('Asset').implement({
  description: 'An asset key, with its events across runs and its definition in the loaded code location.',
  fields: (t) => {
    const eventsField = (eventType: AssetEventType, type: typeof MaterializationEventType, what: string) =>
      t.field({
        type: [type],
        description: `The asset's ${what}, newest first.`,
        args: {
          partitions: t.arg.stringList({ description: 'Only events of these partitions.' }),
          partitionInLast: t.arg.int({ description: 'Only events of the N partitions most recently recorded.' }),
          beforeTimestampMillis: t.arg.string({ description: 'Only events before this time (milliseconds since the epoch).' }),
          afterTimestampMillis: t.arg.string({ description: 'Only events after this time (milliseconds since the epoch).' }),
          limit: t.arg.int({
            description: `At most this many events, 1 to ${MAX_ASSET_EVENTS_LIMIT} (default ${DEFAULT_ASSET_EVENTS_LIMIT}).`,
          }),
        },
        extensions: { cost: ASSET_EVENTS_COST },
        // Bad arguments answer BAD_USER_INPUT (an InvalidEventQueryError), not a masked error.
        resolve: answering((asset, args, ctx) => readAssetEvents(ctx.instance.database.api, asset.path, eventType, args)),
      });
    return {
      id: t.string({ resolve: (asset) => JSON.stringify(asset.path) }),
      key: t.field({ type: AssetKeyType, resolve: (asset) => ({ path: asset.path }) }),
      assetMaterializations: eventsField('ASSET_MATERIALIZATION', MaterializationEventType, 'materializations'),
      assetObservations: eventsField('ASSET_OBSERVATION', ObservationEventType, 'observations'),
      definition: t.field({
        type: AssetNodeType,
        nullable: true,
        description: 'Its definition in the loaded code location; null when the location does not define it.',
        resolve: ({ path, location }) => {
          const def = location?.definitions.getAssetNode(assetKeyOfPath({ path }));
          return location && def ? { location, def } : null;
        },
      }),
    };
  },
});

/** The asset keys a run targets: its asset selection, else the assets of its job's steps it executes. */
function runAssetKeys(run: RunRecord, location: LoadedDefinitions | null): string[] {
  if (run.assetSelection) return run.assetSelection;
  const job = location?.definitions.jobs.get(run.jobName);
  if (!job) return [];
  const executed = run.stepKeysToExecute ? new Set(run.stepKeysToExecute) : null;
  const keys = job.steps.filter((step) => !executed || executed.has(step.key)).map((step) => step.assetKey);
  return [...new Set(keys.filter((key): key is string => key !== null))];
}

builder.objectFields(RunRef, (t) => ({
  assets: t.field({
    type: [AssetType],
    description: "The assets the run targets: its asset selection, else the assets of its job's steps it executes.",
    resolve: (run, _args, ctx) => runAssetKeys(run, ctx.location).map((key) => ({ path: key.split('/'), location: ctx.location })),
  }),
  assetMaterializations: t.field({
    type: [MaterializationEventType],
    description: "The run's asset materializations, oldest first.",
    // Batched: one query answers every run of the request.
    extensions: { cost: { weight: 1 } satisfies FieldCost },
    resolve: (run, _args, ctx) => ctx.loader.materializations(run.id),
  }),
}));

const PipelineRunInterface = builder.interfaceRef<RunRecord>('PipelineRun').implement({
  description: "Dagster's interface of a run (Run implements it).",
  fields: (t) => ({
    id: t.id({ resolve: (run) => run.id }),
    runId: t.string({ resolve: (run) => run.id }),
    pipelineSnapshotId: t.string({ nullable: true }),
    repositoryOrigin: t.field({ type: RepositoryOriginType, nullable: true }),
    status: t.field({ type: RunStatusEnum }),
    pipeline: t.field({ type: PipelineReferenceInterface }),
    pipelineName: t.string(),
    jobName: t.string(),
    solidSelection: t.stringList({ nullable: true }),
    stats: t.field({ type: RunStatsSnapshotOrError }),
    stepStats: t.field({ type: [RunStepStatsType] }),
    capturedLogs: t.field({ type: CapturedLogsType, args: { fileKey: t.arg.string({ required: true }) } }),
    executionPlan: t.field({ type: ExecutionPlanType, nullable: true }),
    stepKeysToExecute: t.stringList({ nullable: true }),
    runConfigYaml: t.string(),
    runConfig: t.field({ type: 'RunConfigData' }),
    mode: t.string(),
    tags: t.field({ type: [PipelineTagType] }),
    rootRunId: t.string({ nullable: true }),
    parentRunId: t.string({ nullable: true }),
    canTerminate: t.boolean(),
    assets: t.field({ type: [AssetType] }),
    eventConnection: t.field({ type: EventConnectionType, args: { afterCursor: t.arg.string(), limit: t.arg.int() } }),
  }),
});

const PipelineRunStepStatsInterface = builder.interfaceRef<object>('PipelineRunStepStats').implement({
  description: "Dagster's interface of a step's stats (RunStepStats implements it).",
  fields: (t) => ({
    runId: t.string(),
    stepKey: t.string(),
    status: t.field({ type: StepEventStatusEnum, nullable: true }),
    startTime: t.float({ nullable: true }),
    endTime: t.float({ nullable: true }),
    materializations: t.field({ type: [MaterializationEventType] }),
    expectationResults: t.field({ type: [ExpectationResultType] }),
  }),
});

RunRef.addInterfaces(() => [PipelineRunInterface]);
RunStepStatsType.addInterfaces(() => [PipelineRunStepStatsInterface]);
