// Runs as Dagster's UI reads them: the `Run` type, the runs list (runsOrError, newest first, paged by
// run id), one run (runOrError), run ids, tag keys and values, and a run's event log (logsForRun).
// Legacy aliases (pipelineRunsOrError, pipelineRunOrError) share the same unions. The run error types
// are declared here; other domains import them (RunNotFoundErrorType, …) for their own unions.
import { stringify } from 'yaml';
import { InvalidPipelineRunsFilterError, RunNotFoundError } from '../runs/errors.js';
import {
  countRuns,
  listRunIds,
  listRuns,
  MAX_RUNS_LIMIT,
  MAX_TAG_VALUES_LIMIT,
  runTagKeys,
  runTags,
  type TagKeyValues,
} from '../runs/queries.js';
import { DEFAULT_EVENTS_LIMIT, MAX_EVENTS_LIMIT, parseEventCursor, readEvents, type EventsPage } from '../runs/read-events.js';
import { settledEventIdNow } from '../subscriptions/settled-events.js';
import { getRun, type RunRecord } from '../runs/run-record.js';
import type { RunsFilter } from '../runs/runs-filter.js';
import { STEP_STATUSES, type RunStats, type StepAttempt, type StepStats } from '../runs/step-stats.js';
import { isCancelable, RUN_STATUSES, type RunStatus } from '../runs/vocabulary.js';
import type { FieldCost } from './field-cost.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { AssetKeyType } from './definitions.js';
import { answering, PythonError, successUnlessPythonError } from './errors.js';
import { EventConnectionType, RunEventInterface } from './events.js';
import { PipelineRunNotFoundErrorInterface, PipelineRunStatsSnapshotInterface, PipelineRunsInterface } from './dagster-interfaces.js';
import { RunRef, RunsFeedEntryRef } from './refs.js';

// ---------------------------------------------------------------------------------------------- errors

export const RunNotFoundErrorType = builder.objectType(RunNotFoundError, {
  name: 'RunNotFoundError',
  interfaces: [PipelineRunNotFoundErrorInterface, ErrorInterface],
  fields: (t) => ({ runId: t.exposeString('runId') }),
});

export const InvalidPipelineRunsFilterErrorType = builder.objectType(InvalidPipelineRunsFilterError, {
  name: 'InvalidPipelineRunsFilterError',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

// ---------------------------------------------------------------------------------------------- vocabulary

export const RunStatusEnum = builder.enumType('RunStatus', { values: RUN_STATUSES });
export const StepEventStatusEnum = builder.enumType('StepEventStatus', { values: STEP_STATUSES });

export const PipelineTagType = builder.objectRef<{ key: string; value: string }>('PipelineTag').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

export const ExecutionTagInput = builder.inputType('ExecutionTag', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

export const RunsFilterInput = builder.inputType('RunsFilter', {
  fields: (t) => ({
    runIds: t.stringList({ required: { list: false, items: false } }),
    pipelineName: t.string({ description: 'The job name (legacy name of jobName).' }),
    jobName: t.string({ description: 'NEW: the job name; the same as pipelineName.' }),
    tags: t.field({ type: [ExecutionTagInput], description: 'Runs having every one of these tags.' }),
    statuses: t.field({ type: [RunStatusEnum], description: 'Runs in any of these statuses.' }),
    createdBefore: t.float({ description: 'Seconds since the epoch.' }),
    createdAfter: t.float({ description: 'Seconds since the epoch.' }),
    updatedBefore: t.float({ description: 'Seconds since the epoch.' }),
    updatedAfter: t.float({ description: 'Seconds since the epoch.' }),
    snapshotId: t.string({ description: 'Runs of this job snapshot (Run.pipelineSnapshotId).' }),
    mode: t.string({ description: 'Every Tidepool run has the mode "default": another mode matches no run.' }),
  }),
});

/** The engine's RunsFilter from the GraphQL input (validated later, by runsFilterSql). */
export function runsFilterFromInput(input: typeof RunsFilterInput.$inferInput | null | undefined): RunsFilter {
  return { ...(input ?? {}) };
}

// ---------------------------------------------------------------------------------------------- Run

// Fields that read Postgres declare their cost (units and rules: src/server/operation-cost.ts).
/** One query, plus one per event of the page. */
const EVENTS_PAGE_COST: FieldCost = {
  weight: 1,
  page: { argument: 'limit', default: DEFAULT_EVENTS_LIMIT, max: MAX_EVENTS_LIMIT, items: 'events' },
};

const seconds = (date: Date | null): number | null => (date ? date.getTime() / 1000 : null);

const RunMarkerType = builder.objectRef<StepAttempt>('RunMarker').implement({
  fields: (t) => ({
    startTime: t.float({ nullable: true, resolve: (marker) => marker.startTime }),
    endTime: t.float({ nullable: true, resolve: (marker) => marker.endTime }),
  }),
});

export const RunStepStatsType = builder.objectRef<StepStats>('RunStepStats').implement({
  fields: (t) => ({
    runId: t.exposeString('runId'),
    stepKey: t.exposeString('stepKey'),
    status: t.field({ type: StepEventStatusEnum, nullable: true, resolve: (stats) => stats.status }),
    startTime: t.float({ nullable: true, resolve: (stats) => stats.startTime }),
    endTime: t.float({ nullable: true, resolve: (stats) => stats.endTime }),
    attempts: t.field({
      type: [RunMarkerType],
      description: 'One per start of the step; the last has no endTime while the step runs.',
      resolve: (stats) => stats.attempts,
    }),
    markers: t.field({
      type: [RunMarkerType],
      description: "Spans of the step's time opened and closed by engine events, e.g. its wait for a pool slot.",
      resolve: (stats) => stats.markers,
    }),
  }),
});

const RunStatsSnapshotType = builder.objectRef<RunStats>('RunStatsSnapshot').implement({
  interfaces: [PipelineRunStatsSnapshotInterface],
  fields: (t) => ({
    id: t.string({ resolve: (stats) => `stats-${stats.runId}` }),
    runId: t.exposeString('runId'),
    stepsSucceeded: t.exposeInt('stepsSucceeded'),
    stepsFailed: t.exposeInt('stepsFailed'),
    materializations: t.exposeInt('materializations'),
    expectations: t.exposeInt('expectations'),
    enqueuedTime: t.float({ nullable: true, resolve: (stats) => stats.enqueuedTime }),
    launchTime: t.float({ nullable: true, resolve: (stats) => stats.launchTime }),
    startTime: t.float({ nullable: true, resolve: (stats) => stats.startTime }),
    endTime: t.float({ nullable: true, resolve: (stats) => stats.endTime }),
  }),
});

export const RunStatsSnapshotOrError = builder.unionType('RunStatsSnapshotOrError', {
  types: [RunStatsSnapshotType, PythonError],
  resolveType: () => 'RunStatsSnapshot',
});

RunRef.implement({
  interfaces: [RunsFeedEntryRef],
  fields: (t) => ({
    id: t.exposeID('id'),
    runId: t.exposeString('id'),
    status: t.field({ type: RunStatusEnum, resolve: (run) => run.status }),
    runStatus: t.field({ type: RunStatusEnum, nullable: true, description: 'The same as status.', resolve: (run) => run.status }),
    jobName: t.exposeString('jobName'),
    pipelineName: t.exposeString('jobName', { description: 'The job name (legacy name of jobName).' }),
    repositoryName: t.exposeString('repositoryName', { description: 'NEW: the repository of the job.' }),
    locationName: t.exposeString('locationName', { description: 'NEW: the code location of the job.' }),
    mode: t.string({ resolve: () => 'default' }),
    tags: t.field({
      type: [PipelineTagType],
      description: "The run's tags, the hidden `.dagster/` ones included.",
      resolve: (run) => Object.entries(run.tags).map(([key, value]) => ({ key, value })),
    }),
    creationTime: t.float({ description: 'Seconds since the epoch.', resolve: (run) => seconds(run.createdAt)! }),
    startTime: t.float({ nullable: true, resolve: (run) => seconds(run.startTime) }),
    endTime: t.float({ nullable: true, resolve: (run) => seconds(run.endTime) }),
    updateTime: t.float({ nullable: true, resolve: (run) => seconds(run.updatedAt) }),
    canTerminate: t.boolean({ resolve: (run) => isCancelable(run.status) }),
    // Stringifies the run's config (up to api.maxRunConfigBytes) each time: a full page of them costs more than its rows.
    runConfigYaml: t.string({ extensions: { cost: { weight: 4 } satisfies FieldCost }, resolve: (run) => stringify(run.runConfig ?? {}) }),
    stepKeysToExecute: t.stringList({ nullable: true, resolve: (run) => run.stepKeysToExecute }),
    assetSelection: t.field({
      type: [AssetKeyType],
      nullable: true,
      resolve: (run) => run.assetSelection?.map((key) => ({ path: key.split('/') })) ?? null,
    }),
    solidSelection: t.stringList({ nullable: true, resolve: () => null }),
    // rootRunId and parentRunId: graphql/reexecution.ts (the run's lineage tags).
    rootConcurrencyKeys: t.stringList({
      nullable: true,
      description: 'The pools of the steps that run first.',
      resolve: (run) => run.rootPools,
    }),
    allPools: t.stringList({
      nullable: true,
      description: "NEW: the pools of all the run's steps (a field of later Dagster versions).",
      resolve: (run) => run.allPools,
    }),
    hasConcurrencyKeySlots: t.boolean({
      description: 'True while the run holds or waits for pool slots.',
      // Batched: one query answers every run of the request, a row or none each.
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: (run, _args, ctx) => ctx.loader.hasClaims(run.id),
    }),
    hasUnconstrainedRootNodes: t.exposeBoolean('hasUnconstrainedRootNodes'),
    stepStats: t.field({
      type: [RunStepStatsType],
      // Batched like hasConcurrencyKeySlots, but reads a few step events per step of each run.
      extensions: { cost: { weight: 2 } satisfies FieldCost },
      resolve: (run, _args, ctx) => ctx.loader.stepStats(run.id),
    }),
    stats: t.field({
      type: RunStatsSnapshotOrError,
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: (run, _args, ctx) => ctx.loader.runStats(run.id),
    }),
    eventConnection: t.field({
      type: EventConnectionType,
      args: { afterCursor: t.arg.string(), limit: t.arg.int() },
      // Not batched: one query per run, so inside a runs page it counts once per run.
      extensions: { cost: EVENTS_PAGE_COST },
      resolve: answering((run, { afterCursor, limit }, ctx) => settledEventsPage(ctx, run.id, afterCursor, limit)),
    }),
  }),
});

// The NEW status fields of run events (they need the RunStatus enum, declared in this file).
builder.interfaceFields(RunEventInterface, (t) => ({
  fromStatus: t.field({
    type: RunStatusEnum,
    nullable: true,
    description: 'NEW: the status the run left with this event.',
    resolve: (event) => statusOf(event.payload.fromStatus),
  }),
  toStatus: t.field({
    type: RunStatusEnum,
    nullable: true,
    description: 'NEW: the status the run entered with this event.',
    resolve: (event) => event.runStatus ?? statusOf(event.payload.toStatus),
  }),
}));

function statusOf(value: unknown): RunStatus | null {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value) ? (value as RunStatus) : null;
}

// ---------------------------------------------------------------------------------------------- results

interface RunsResult {
  results: RunRecord[];
  filter: RunsFilter;
}

const RunsType = builder.objectRef<RunsResult>('Runs').implement({
  interfaces: [PipelineRunsInterface],
  fields: (t) => ({
    results: t.field({ type: [RunRef], resolve: (runs) => runs.results }),
    count: t.int({
      nullable: true,
      description: 'How many runs match the filter in all (the cursor and limit aside).',
      // Reads every run the filter matches, however many (500k in the issue that set this): priced as half
      // a full page, so a page's few tab counts fit in the budget and ten do not.
      extensions: { cost: { weight: 500 } satisfies FieldCost },
      resolve: (runs, _args, ctx) => countRuns(ctx.instance.database.api, runs.filter),
    }),
  }),
});

const RunIdsType = builder.objectRef<{ results: string[] }>('RunIds').implement({
  fields: (t) => ({ results: t.exposeStringList('results') }),
});

const RunTagKeysType = builder.objectRef<{ keys: string[] }>('RunTagKeys').implement({
  fields: (t) => ({ keys: t.exposeStringList('keys') }),
});

const PipelineTagAndValuesType = builder.objectRef<TagKeyValues>('PipelineTagAndValues').implement({
  fields: (t) => ({ key: t.exposeString('key'), values: t.exposeStringList('values') }),
});

const RunTagsType = builder.objectRef<{ tags: TagKeyValues[] }>('RunTags').implement({
  fields: (t) => ({ tags: t.field({ type: [PipelineTagAndValuesType], resolve: (result) => result.tags }) }),
});

export const RunsOrError = builder.errorUnion('RunsOrError', {
  types: [RunsType, InvalidPipelineRunsFilterError, PythonError],
  resolveType: successUnlessPythonError('Runs'),
});

export const RunOrError = builder.errorUnion('RunOrError', {
  types: [RunRef, RunNotFoundError, PythonError],
  resolveType: successUnlessPythonError('Run'),
});

const RunIdsOrError = builder.errorUnion('RunIdsOrError', {
  types: [RunIdsType, InvalidPipelineRunsFilterError, PythonError],
  resolveType: successUnlessPythonError('RunIds'),
});

const RunTagKeysOrError = builder.errorUnion('RunTagKeysOrError', {
  types: [RunTagKeysType, PythonError],
  resolveType: successUnlessPythonError('RunTagKeys'),
});

const RunTagsOrError = builder.errorUnion('RunTagsOrError', {
  types: [RunTagsType, PythonError],
  resolveType: successUnlessPythonError('RunTags'),
});

const EventConnectionOrError = builder.errorUnion('EventConnectionOrError', {
  types: [EventConnectionType, RunNotFoundError, PythonError],
  resolveType: successUnlessPythonError('EventConnection'),
});

// ---------------------------------------------------------------------------------------------- queries

/** One settled watermark per request: a runs page's eventConnections share it (settled-events.ts). */
const settledByRequest = new WeakMap<GraphQLContext, Promise<number | null>>();

/**
 * A page of the run's events, bounded by the settled watermark, so that a pager resuming from its cursor
 * never passes an event that drew a lower id and committed later (the rule the subscriptions follow).
 */
async function settledEventsPage(
  ctx: GraphQLContext,
  runId: string,
  afterCursor: string | null | undefined,
  limit: number | null | undefined,
): Promise<EventsPage> {
  const cursor = parseEventCursor(afterCursor);
  const executor = ctx.instance.database.api;
  let settled = settledByRequest.get(ctx);
  if (settled === undefined) settledByRequest.set(ctx, (settled = settledEventIdNow(executor)));
  return readEvents(executor, runId, { afterCursor: cursor, limit, upTo: await settled });
}

async function findRun(ctx: GraphQLContext, runId: string): Promise<RunRecord> {
  // getRun answers null for ids that are no UUID, so they are RunNotFoundError too, never a SQL error.
  const run = await getRun(ctx.instance.database.api, runId);
  if (!run) throw new RunNotFoundError(runId);
  return run;
}

builder.queryFields((t) => {
  const runsArgs = {
    filter: t.arg({ type: RunsFilterInput }),
    cursor: t.arg.string({ description: 'A run id: the page holds the runs created before it.' }),
    limit: t.arg.int({ description: 'At most this many runs, 1 to 1000 (default 1000).' }),
  };
  /** One query, plus one per run of the page. */
  const RUNS_PAGE_COST: FieldCost = {
    weight: 1,
    page: { argument: 'limit', default: MAX_RUNS_LIMIT, max: MAX_RUNS_LIMIT, items: 'results' },
  };
  const runsField = (description: string) =>
    t.field({
      type: RunsOrError,
      description,
      args: runsArgs,
      extensions: { cost: RUNS_PAGE_COST },
      resolve: answering(async (_root, { filter, cursor, limit }, ctx) => {
        const runsFilter = runsFilterFromInput(filter);
        const results = await listRuns(ctx.instance.database.api, runsFilter, { cursor, limit });
        return { results, filter: runsFilter };
      }),
    });
  const runField = (description: string) =>
    t.field({
      type: RunOrError,
      description,
      args: { runId: t.arg.id({ required: true }) },
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: answering((_root, { runId }, ctx) => findRun(ctx, String(runId))),
    });

  return {
    runsOrError: runsField('Runs matching the filter, newest first.'),
    pipelineRunsOrError: runsField('Legacy name of runsOrError.'),
    runOrError: runField('One run.'),
    pipelineRunOrError: runField('Legacy name of runOrError.'),
    runIdsOrError: t.field({
      type: RunIdsOrError,
      description: 'The ids of the runs runsOrError would return.',
      args: runsArgs,
      extensions: { cost: RUNS_PAGE_COST },
      resolve: answering(async (_root, { filter, cursor, limit }, ctx) => ({
        results: await listRunIds(ctx.instance.database.api, runsFilterFromInput(filter), { cursor, limit }),
      })),
    }),
    runTagKeysOrError: t.field({
      type: RunTagKeysOrError,
      nullable: true,
      description: 'Every tag key of some run, without the hidden `.dagster/` keys.',
      // One index probe per distinct key: unbounded, but keys are few next to runs.
      extensions: { cost: { weight: 50 } satisfies FieldCost },
      resolve: answering(async (_root, _args, ctx) => ({ keys: await runTagKeys(ctx.instance.database.api) })),
    }),
    runTagsOrError: t.field({
      type: RunTagsOrError,
      nullable: true,
      description: 'The distinct values of run tags, by key.',
      args: {
        tagKeys: t.arg.stringList(),
        valuePrefix: t.arg.string(),
        limit: t.arg.int({ description: 'At most this many key/value pairs, 1 to 1000 (default 1000).' }),
      },
      // One index probe per key/value pair returned.
      extensions: {
        cost: {
          weight: 1,
          page: { argument: 'limit', default: MAX_TAG_VALUES_LIMIT, max: MAX_TAG_VALUES_LIMIT, items: 'tags' },
        } satisfies FieldCost,
      },
      resolve: answering(async (_root, args, ctx) => ({ tags: await runTags(ctx.instance.database.api, args) })),
    }),
    logsForRun: t.field({
      type: EventConnectionOrError,
      description: "A page of the run's events, oldest first, after afterCursor.",
      args: {
        runId: t.arg.id({ required: true }),
        afterCursor: t.arg.string(),
        limit: t.arg.int({ description: 'At most this many events, 1 to 10000 (default 1000).' }),
      },
      extensions: { cost: EVENTS_PAGE_COST },
      resolve: answering(async (_root, { runId, afterCursor, limit }, ctx) => {
        const run = await findRun(ctx, String(runId));
        return settledEventsPage(ctx, run.id, afterCursor, limit);
      }),
    }),
  };
});
