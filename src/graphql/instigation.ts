// What schedules and sensors share in Dagster's schema (its instigation.py): InstigationState with its
// tick history and runs, InstigationTick, and the dry-run tick types (DryRunInstigationTick,
// TickEvaluation) that future ticks, next ticks and the dry-run mutations answer with. The Schedule and
// Sensor types, queries and mutations are automation.ts.
//
// One code location per server: an instigator's id, origin id and selector id are one string
// (`<location>:<repository>:<kind>:<name>`), so whichever of Dagster's ids a client passes back names it.
import { GraphQLError, Kind } from 'graphql';
import { stringify } from 'yaml';
import { permissionOf } from '../auth/caller.js';
import type { InstigatorDef } from '../automation/instigators.js';
import type { InstigatorState } from '../automation/instigator-state.js';
import { dryRunSchedule, dryRunSensor, nextTickAt, type DryRunEvaluation } from '../automation/preview.js';
import { MAX_TICKS_PAGE, readTicks, TICK_STATUSES, type Tick } from '../automation/ticks.js';
import type { LoadedDefinitions, RunRequest, ScheduleDef, SensorDef } from '../definitions/index.js';
import { countRuns, listRuns, MAX_RUNS_LIMIT } from '../runs/queries.js';
import { TAGS } from '../runs/vocabulary.js';
import { builder, type GraphQLContext } from './builder.js';
import { AssetKeyType, repositoryId } from './definitions.js';
import { answering, PythonError } from './errors.js';
import type { FieldCost } from './field-cost.js';
import { RunRef } from './refs.js';
import { PipelineTagType } from './runs.js';

/** A schedule or sensor of the served location; `state` when a mutation just wrote it, else the loader reads it. */
export interface InstigatorSource<D extends InstigatorDef = InstigatorDef> {
  location: LoadedDefinitions;
  def: D;
  state?: InstigatorState;
}

interface StateSource extends InstigatorSource {
  state: InstigatorState;
}

interface TickSource extends InstigatorSource {
  tick: Tick;
}

/** A tick that has not happened: when it would be, and what evaluating it gives (computed on demand). */
interface DryRunSource extends InstigatorSource {
  timestamp: Date;
  /** Already evaluated (the dry-run mutations); else evaluated when `evaluationResult` is asked for. */
  evaluation?: DryRunEvaluation;
}

export function instigatorId(location: LoadedDefinitions, def: InstigatorDef): string {
  return `${repositoryId(location)}:${def.kind}:${def.name}`;
}

export async function withState(source: InstigatorSource, ctx: GraphQLContext): Promise<StateSource> {
  return { ...source, state: source.state ?? (await ctx.loader.instigatorState(source.def)) };
}

const seconds = (time: Date): number => time.getTime() / 1000;

/** The evaluation a dry-run tick shows: a schedule at its tick time, a sensor from its stored cursor. */
async function evaluate(source: DryRunSource, ctx: GraphQLContext): Promise<DryRunEvaluation> {
  if (source.evaluation) return source.evaluation;
  const executor = ctx.instance.database.api;
  if (source.def.kind === 'schedule') return dryRunSchedule(executor, source.def, source.timestamp);
  const { state } = await withState(source, ctx);
  return dryRunSensor(executor, source.def, state.cursor, state.lastTickAt);
}

/** The next tick as InstigationState.nextTick and Sensor.nextTick show it; null while stopped. */
export async function nextDryRunTick(source: InstigatorSource, ctx: GraphQLContext): Promise<DryRunSource | null> {
  const { state } = await withState(source, ctx);
  const at = nextTickAt(source.def, state, ctx.instance.clock.now());
  return at === null ? null : { ...source, state, timestamp: at };
}

// ---------------------------------------------------------------------------------------------- vocabulary

/** A tick id as a string of digits, from a BigInt given as a number or a string. */
function parseBigInt(value: unknown): string {
  if ((typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value)))
    return String(value);
  throw new GraphQLError('A BigInt must be an integer or a string of digits.');
}

builder.scalarType('BigInt', {
  description: "Dagster's BigInt: an integer id, given as a number or a string of digits; answered as a string.",
  serialize: (value) => String(value),
  parseValue: parseBigInt,
  // Literals only (one parameter): the JIT executor cannot pass variables into a literal's parsing.
  parseLiteral: (ast) => parseBigInt(ast.kind === Kind.INT ? Number(ast.value) : ast.kind === Kind.STRING ? ast.value : null),
});

export const InstigationStatusEnum = builder.enumType('InstigationStatus', { values: ['RUNNING', 'STOPPED'] as const });
const InstigationTypeEnum = builder.enumType('InstigationType', { values: ['SCHEDULE', 'SENSOR'] as const });
const InstigationTickStatusEnum = builder.enumType('InstigationTickStatus', { values: TICK_STATUSES });
const DynamicPartitionsRequestTypeEnum = builder.enumType('DynamicPartitionsRequestType', {
  values: ['ADD_PARTITIONS', 'DELETE_PARTITIONS'] as const,
});

// ---------------------------------------------------------------------------------------------- dry runs

const RunRequestType = builder.objectRef<{ request: RunRequest; jobName: string }>('RunRequest').implement({
  fields: (t) => ({
    runKey: t.string({ nullable: true, resolve: ({ request }) => request.runKey }),
    tags: t.field({
      type: [PipelineTagType],
      resolve: ({ request }) => Object.entries(request.tags).map(([key, value]) => ({ key, value })),
    }),
    runConfigYaml: t.string({ resolve: ({ request }) => stringify(request.runConfig ?? {}) }),
    jobName: t.string({ nullable: true, resolve: ({ jobName }) => jobName }),
  }),
});

const TickEvaluationType = builder.objectRef<{ evaluation: DryRunEvaluation; jobName: string }>('TickEvaluation').implement({
  fields: (t) => ({
    runRequests: t.field({
      type: [RunRequestType],
      nullable: true,
      resolve: ({ evaluation, jobName }) => evaluation.runRequests.map((request) => ({ request, jobName })),
    }),
    skipReason: t.string({ nullable: true, resolve: ({ evaluation }) => evaluation.skipReason }),
    error: t.field({ type: PythonError, nullable: true, resolve: ({ evaluation }) => evaluation.error }),
    cursor: t.string({ nullable: true, resolve: ({ evaluation }) => evaluation.cursor }),
  }),
});

export const DryRunInstigationTickType = builder.objectRef<DryRunSource>('DryRunInstigationTick').implement({
  fields: (t) => ({
    timestamp: t.float({ nullable: true, resolve: ({ timestamp }) => seconds(timestamp) }),
    evaluationResult: t.field({
      type: TickEvaluationType,
      nullable: true,
      description: "Calls the schedule's or sensor's function now, as its tick would, and writes nothing.",
      // Runs user code, which may read runs: priced as a few queries.
      extensions: { cost: { weight: 10 } satisfies FieldCost },
      resolve: async (source, _args, ctx) => ({ evaluation: await evaluate(source, ctx), jobName: source.def.jobName }),
    }),
  }),
});

export const DryRunInstigationTicksType = builder
  .objectRef<{ results: DryRunSource[]; cursor: number }>('DryRunInstigationTicks')
  .implement({
    fields: (t) => ({
      results: t.field({ type: [DryRunInstigationTickType], resolve: ({ results }) => results }),
      cursor: t.exposeFloat('cursor'),
    }),
  });

// ---------------------------------------------------------------------------------------------- ticks

const DynamicPartitionsRequestResultType = builder
  .objectRef<{ partitionKeys: string[]; partitionsDefName: string; type: 'ADD_PARTITIONS' | 'DELETE_PARTITIONS' }>(
    'DynamicPartitionsRequestResult',
  )
  .implement({
    fields: (t) => ({
      partitionKeys: t.exposeStringList('partitionKeys', { nullable: true }),
      partitionsDefName: t.exposeString('partitionsDefName'),
      type: t.field({ type: DynamicPartitionsRequestTypeEnum, resolve: (result) => result.type }),
      skippedPartitionKeys: t.stringList({ resolve: () => [] }),
    }),
  });

/** The assets a tick's runs materialize: its job's, once per run. */
function requestedAssetKeys({ location, def, tick }: TickSource): string[] {
  return tick.runIds.length === 0 ? [] : (location.definitions.getJob(def.jobName)?.assetKeys ?? []);
}

const InstigationTickType = builder.objectRef<TickSource>('InstigationTick').implement({
  fields: (t) => ({
    id: t.id({ resolve: ({ tick }) => String(tick.id) }),
    tickId: t.id({ resolve: ({ tick }) => String(tick.id) }),
    instigationType: t.field({ type: InstigationTypeEnum, resolve: ({ tick }) => tick.instigatorType }),
    status: t.field({ type: InstigationTickStatusEnum, resolve: ({ tick }) => tick.status }),
    timestamp: t.float({
      description: "The tick's scheduled time (schedules) or evaluation time (sensors).",
      resolve: ({ tick }) => seconds(tick.tickAt),
    }),
    endTimestamp: t.float({ nullable: true, resolve: ({ tick }) => (tick.endedAt === null ? null : seconds(tick.endedAt)) }),
    cursor: t.string({ nullable: true, resolve: ({ tick }) => tick.cursor }),
    skipReason: t.string({ nullable: true, resolve: ({ tick }) => tick.skipReason }),
    error: t.field({ type: PythonError, nullable: true, resolve: ({ tick }) => tick.error }),
    runIds: t.stringList({ resolve: ({ tick }) => tick.runIds }),
    runKeys: t.stringList({ resolve: ({ tick }) => tick.runKeys }),
    runs: t.field({
      type: [RunRef],
      description: 'The runs the tick launched that still exist, in launch order.',
      // The runs of a page of ticks are read in one query (the request loader).
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: async ({ tick }, _args, ctx) => {
        const runs = await Promise.all(tick.runIds.map((runId) => ctx.loader.run(runId)));
        return runs.filter((run) => run !== null);
      },
    }),
    // Dagster fills these for backfill and auto-materialize ticks; schedule and sensor ticks have none.
    originRunIds: t.stringList({ resolve: () => [] }),
    logKey: t.stringList({ nullable: true, description: 'Tick logs are not captured: always null.', resolve: () => null }),
    dynamicPartitionsRequestResults: t.field({
      type: [DynamicPartitionsRequestResultType],
      description: 'Tidepool has no dynamic partitions: always empty.',
      resolve: () => [],
    }),
    requestedAssetKeys: t.field({
      type: [AssetKeyType],
      resolve: (source) => requestedAssetKeys(source).map((key) => ({ path: [key] })),
    }),
    requestedAssetMaterializationCount: t.int({
      resolve: (source) => source.tick.runIds.length * requestedAssetKeys(source).length,
    }),
  }),
});

// ---------------------------------------------------------------------------------------------- state

type TypeSpecificSource = { def: ScheduleDef; state: InstigatorState } | { def: SensorDef; state: InstigatorState };

const ScheduleDataType = builder.objectRef<{ def: ScheduleDef; state: InstigatorState }>('ScheduleData').implement({
  fields: (t) => ({
    cronSchedule: t.string({ resolve: ({ def }) => def.cronSchedule }),
    startTimestamp: t.float({
      nullable: true,
      description:
        'When it started running: its last start or reset, or when the scheduler first saw it running by default; null while stopped.',
      resolve: ({ state }) => (state.status === 'RUNNING' && state.updatedAt !== null ? seconds(state.updatedAt) : null),
    }),
  }),
});

const SensorDataType = builder.objectRef<{ def: SensorDef; state: InstigatorState }>('SensorData').implement({
  fields: (t) => ({
    lastTickTimestamp: t.float({ nullable: true, resolve: ({ state }) => (state.lastTickAt === null ? null : seconds(state.lastTickAt)) }),
    lastRunKey: t.string({
      nullable: true,
      description: 'The last run key of its newest tick.',
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: async ({ def }, _args, ctx) => (await ctx.loader.latestTick(def.name))?.runKeys.at(-1) ?? null,
    }),
    lastCursor: t.string({ nullable: true, resolve: ({ state }) => state.cursor }),
  }),
});

const InstigationTypeSpecificData = builder.unionType('InstigationTypeSpecificData', {
  types: [SensorDataType, ScheduleDataType],
  resolveType: (data: TypeSpecificSource) => (data.def.kind === 'schedule' ? ScheduleDataType : SensorDataType),
});

/** The tag Dagster puts on an instigator's runs, by which its runs are found. */
function runsTag({ def }: InstigatorSource): { key: string; value: string } {
  return { key: def.kind === 'schedule' ? TAGS.scheduleName : TAGS.sensorName, value: def.name };
}

function checkLimit(limit: number | null | undefined, max: number): number | null {
  if (limit == null) return null;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new GraphQLError(`limit must be an integer from 1 to ${max} (got ${limit}).`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'limit' },
    });
  }
  return limit;
}

function tickIdArgument(value: string, argument: string): number {
  if (!/^\d{1,15}$/.test(value)) {
    throw new GraphQLError(`${argument} must be a tick id (got ${JSON.stringify(value)}).`, {
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
  }
  return Number(value);
}

const DAY_SECONDS = 86_400;

export const InstigationStateType = builder.objectRef<StateSource>('InstigationState').implement({
  fields: (t) => ({
    id: t.id({ resolve: ({ location, def }) => instigatorId(location, def) }),
    selectorId: t.string({ resolve: ({ location, def }) => instigatorId(location, def) }),
    name: t.string({ resolve: ({ def }) => def.name }),
    instigationType: t.field({ type: InstigationTypeEnum, resolve: ({ state }) => state.instigatorType }),
    status: t.field({
      type: InstigationStatusEnum,
      description: "In force: the stored choice, or the definition's default.",
      resolve: ({ state }) => state.status,
    }),
    repositoryName: t.string({ resolve: ({ location }) => location.definitions.repositoryName }),
    repositoryLocationName: t.string({ resolve: ({ location }) => location.locationName }),
    typeSpecificData: t.field({
      type: InstigationTypeSpecificData,
      nullable: true,
      // Each branch narrows `def` to its member's type.
      resolve: ({ def, state }): TypeSpecificSource => (def.kind === 'schedule' ? { def, state } : { def, state }),
    }),
    hasStartPermission: t.boolean({
      resolve: ({ def }, _args, ctx) => permissionOf(ctx.caller, def.kind === 'schedule' ? 'start_schedule' : 'edit_sensor').enabled,
    }),
    hasStopPermission: t.boolean({
      resolve: ({ def }, _args, ctx) => permissionOf(ctx.caller, def.kind === 'schedule' ? 'stop_running_schedule' : 'edit_sensor').enabled,
    }),
    // Dagster's legacy count of running schedule or sensor states for this one: 1 while it runs.
    runningCount: t.int({ resolve: ({ state }) => (state.status === 'RUNNING' ? 1 : 0) }),
    runs: t.field({
      type: [RunRef],
      description: 'Its runs (by the dagster/schedule_name or dagster/sensor_name tag), newest first.',
      args: { limit: t.arg.int() },
      extensions: {
        cost: { weight: 1, page: { argument: 'limit', default: MAX_RUNS_LIMIT, max: MAX_RUNS_LIMIT, items: null } } satisfies FieldCost,
      },
      resolve: answering((source, { limit }, ctx) => listRuns(ctx.instance.database.api, { tags: [runsTag(source)] }, { limit })),
    }),
    runsCount: t.int({
      // A count over the tag index.
      extensions: { cost: { weight: 2 } satisfies FieldCost },
      resolve: (source, _args, ctx) => countRuns(ctx.instance.database.api, { tags: [runsTag(source)] }),
    }),
    tick: t.field({
      type: InstigationTickType,
      args: { tickId: t.arg({ type: 'BigInt', required: true }) },
      extensions: { cost: { weight: 1 } satisfies FieldCost },
      resolve: async (source, { tickId }, ctx) => {
        const id = tickIdArgument(String(tickId), 'tickId');
        // The newest tick at or below the id: the tick itself when it is this instigator's.
        const [tick] = await readTicks(ctx.instance.database.api, source.def.name, { cursor: id + 1, limit: 1 });
        if (tick?.id !== id) {
          throw new GraphQLError(`${source.def.name} has no tick ${id}.`, { extensions: { code: 'TICK_NOT_FOUND', argument: 'tickId' } });
        }
        return { ...source, tick };
      },
    }),
    ticks: t.field({
      type: [InstigationTickType],
      description:
        'Newest first. dayRange and dayOffset count days back from now (the instance clock); cursor is the last ' +
        'tick id of the previous page; timestamps are seconds since the epoch. Every bound given applies.',
      args: {
        dayRange: t.arg.int(),
        dayOffset: t.arg.int(),
        limit: t.arg.int(),
        cursor: t.arg.string(),
        statuses: t.arg({ type: [InstigationTickStatusEnum] }),
        beforeTimestamp: t.arg.float(),
        afterTimestamp: t.arg.float(),
      },
      extensions: {
        cost: { weight: 1, page: { argument: 'limit', default: MAX_TICKS_PAGE, max: MAX_TICKS_PAGE, items: null } } satisfies FieldCost,
      },
      resolve: async (source, args, ctx) => {
        const now = seconds(ctx.instance.clock.now());
        const offset = args.dayOffset ?? 0;
        const before = [args.beforeTimestamp, args.dayOffset == null ? null : now - offset * DAY_SECONDS].filter((b) => b != null);
        const after = [args.afterTimestamp, args.dayRange == null ? null : now - (args.dayRange + offset) * DAY_SECONDS].filter(
          (a) => a != null,
        );
        const ticks = await readTicks(ctx.instance.database.api, source.def.name, {
          limit: checkLimit(args.limit, MAX_TICKS_PAGE) ?? MAX_TICKS_PAGE,
          cursor: args.cursor == null ? null : tickIdArgument(args.cursor, 'cursor'),
          statuses: args.statuses,
          beforeTimestamp: before.length === 0 ? null : Math.min(...before),
          afterTimestamp: after.length === 0 ? null : Math.max(...after),
        });
        return ticks.map((tick) => ({ ...source, tick }));
      },
    }),
    nextTick: t.field({
      type: DryRunInstigationTickType,
      nullable: true,
      description: 'When the daemons will next tick it; null while it is stopped.',
      resolve: (source, _args, ctx) => nextDryRunTick(source, ctx),
    }),
  }),
});

export const InstigationStatesType = builder.objectRef<{ results: StateSource[] }>('InstigationStates').implement({
  fields: (t) => ({ results: t.field({ type: [InstigationStateType], resolve: ({ results }) => results }) }),
});
