// Schedules and sensors as Dagster's UI reads them: the Schedule and Sensor types (on the repository and
// on their job), schedulesOrError / scheduleOrError / sensorsOrError / sensorOrError /
// instigationStateOrError / instigationStatesOrError. The start, stop, reset, cursor and dry-run
// mutations (automation-mutations.ts). A name the location does not define is a typed error.
import { UnauthorizedError } from '../auth/unauthorized.js';
import { ScheduleNotFoundError, SensorNotFoundError } from '../automation/errors.js';
import type { InstigatorDef } from '../automation/instigators.js';
import type { LoadedDefinitions, ScheduleDef, SensorDef } from '../definitions/index.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import {
  AssetKeyType,
  byName,
  inRepository,
  JobType,
  RepositoryNotFoundError,
  RepositorySelectorInput,
  repositoryId,
  RepositoryType,
  selectedRepository,
} from './definitions.js';
import { answering, PythonError, successUnlessPythonError } from './errors.js';
import type { FieldCost } from './field-cost.js';
import { PartitionSetType } from './partitions.js';
import { FUTURE_TICKS_DEFAULT, FUTURE_TICKS_MAX, futureTicks, potentialTickTimestamps } from './schedule-times.js';
import {
  DryRunInstigationTicksType,
  DryRunInstigationTickType,
  InstigationStatesType,
  InstigationStateType,
  InstigationStatusEnum,
  instigatorId,
  nextDryRunTick,
  withState,
  type InstigatorSource,
} from './instigation.js';

// ---------------------------------------------------------------------------------------------- errors

builder.objectType(ScheduleNotFoundError, {
  name: 'ScheduleNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ scheduleName: t.exposeString('scheduleName') }),
});

builder.objectType(SensorNotFoundError, {
  name: 'SensorNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ sensorName: t.exposeString('sensorName') }),
});

/** instigationStateOrError's member for a name that is neither a schedule nor a sensor of the location. */
class InstigationStateNotFoundError extends Error {
  override readonly name = 'InstigationStateNotFoundError';
  constructor(readonly instigatorName: string) {
    super(`Could not find a schedule or sensor named ${JSON.stringify(instigatorName)}.`);
  }
}

builder.objectType(InstigationStateNotFoundError, {
  name: 'InstigationStateNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ name: t.exposeString('instigatorName') }),
});

// ---------------------------------------------------------------------------------------------- inputs

export const ScheduleSelectorInput = builder.inputType('ScheduleSelector', {
  fields: (t) => ({
    repositoryName: t.string({ required: true }),
    repositoryLocationName: t.string({ required: true }),
    scheduleName: t.string({ required: true }),
  }),
});

export const SensorSelectorInput = builder.inputType('SensorSelector', {
  fields: (t) => ({
    repositoryName: t.string({ required: true }),
    repositoryLocationName: t.string({ required: true }),
    sensorName: t.string({ required: true }),
  }),
});

const InstigationSelectorInput = builder.inputType('InstigationSelector', {
  fields: (t) => ({
    repositoryName: t.string({ required: true }),
    repositoryLocationName: t.string({ required: true }),
    name: t.string({ required: true }),
  }),
});

type RepositoryPart = { repositoryName: string; repositoryLocationName: string };

/** The served location when the selector names its repository, else null. */
function inSelected(location: LoadedDefinitions | null, selector: RepositoryPart): LoadedDefinitions | null {
  return inRepository(location, selector) ? location : null;
}

/** The schedule a selector names; throws ScheduleNotFoundError (also for another repository's). */
export function selectedSchedule(
  location: LoadedDefinitions | null,
  selector: RepositoryPart & { scheduleName: string },
): InstigatorSource<ScheduleDef> {
  const served = inSelected(location, selector);
  const def = served?.definitions.getSchedule(selector.scheduleName);
  if (!served || !def) throw new ScheduleNotFoundError(selector.scheduleName);
  return { location: served, def };
}

export function selectedSensor(
  location: LoadedDefinitions | null,
  selector: RepositoryPart & { sensorName: string },
): InstigatorSource<SensorDef> {
  const served = inSelected(location, selector);
  const def = served?.definitions.getSensor(selector.sensorName);
  if (!served || !def) throw new SensorNotFoundError(selector.sensorName);
  return { location: served, def };
}

// ---------------------------------------------------------------------------------------------- Schedule and Sensor

/** What canReset means in Dagster: the stored status overrides the definition's default (a reset changes something). */
async function canReset(source: InstigatorSource, ctx: GraphQLContext): Promise<boolean> {
  return (await withState(source, ctx)).state.storedStatus !== 'DECLARED_IN_CODE';
}

// The state of each of a list's schedules or sensors is read once for all (the request loader).
const STATE_COST: FieldCost = { weight: 1 };

export const ScheduleType = builder.objectRef<InstigatorSource<ScheduleDef>>('Schedule').implement({
  fields: (t) => ({
    id: t.id({ resolve: ({ location, def }) => instigatorId(location, def) }),
    name: t.string({ resolve: ({ def }) => def.name }),
    cronSchedule: t.string({ resolve: ({ def }) => def.cronSchedule }),
    executionTimezone: t.string({ nullable: true, description: 'Null means UTC.', resolve: ({ def }) => def.executionTimezone }),
    description: t.string({ nullable: true, resolve: ({ def }) => def.description }),
    pipelineName: t.string({ resolve: ({ def }) => def.jobName }),
    solidSelection: t.stringList({
      nullable: { list: true, items: true },
      description: 'Schedules target whole jobs: null.',
      resolve: () => null,
    }),
    mode: t.string({ resolve: () => 'default' }),
    defaultStatus: t.field({ type: InstigationStatusEnum, resolve: ({ def }) => def.defaultStatus }),
    canReset: t.boolean({ extensions: { cost: STATE_COST }, resolve: (source, _args, ctx) => canReset(source, ctx) }),
    scheduleState: t.field({
      type: InstigationStateType,
      extensions: { cost: STATE_COST },
      resolve: (source, _args, ctx) => withState(source, ctx),
    }),
    futureTicks: t.field({
      type: DryRunInstigationTicksType,
      description: 'Its next tick times from `cursor` (seconds; default now), at most `limit` (default 10), up to `until`.',
      args: { cursor: t.arg.float(), limit: t.arg.int(), until: t.arg.float() },
      extensions: {
        cost: { page: { argument: 'limit', default: FUTURE_TICKS_DEFAULT, max: FUTURE_TICKS_MAX, items: 'results' } } satisfies FieldCost,
      },
      resolve: (source, args, ctx) => futureTicks(source, ctx.instance.clock.now(), args),
    }),
    potentialTickTimestamps: t.floatList({
      description:
        'Tick times around `startTimestamp` (seconds; default now): `lowerLimit` before it and `upperLimit` from it (10 each by default).',
      args: { startTimestamp: t.arg.float(), upperLimit: t.arg.int(), lowerLimit: t.arg.int() },
      resolve: (source, args, ctx) => potentialTickTimestamps(source.def, ctx.instance.clock.now(), args),
    }),
    partitionSet: t.field({
      type: PartitionSetType,
      nullable: true,
      description: "Its job's partition set, or null when the job is unpartitioned.",
      resolve: ({ location, def }) => {
        const job = location.definitions.getJob(def.jobName);
        return job?.partitionsDef ? { location, job, partitionsDef: job.partitionsDef } : null;
      },
    }),
    futureTick: t.field({
      type: DryRunInstigationTickType,
      args: { tickTimestamp: t.arg.int({ required: true }) },
      resolve: (source, { tickTimestamp }) => ({ ...source, timestamp: new Date(tickTimestamp * 1000) }),
    }),
  }),
});

const TargetType = builder.objectRef<{ pipelineName: string }>('Target').implement({
  fields: (t) => ({
    pipelineName: t.exposeString('pipelineName'),
    mode: t.string({ resolve: () => 'default' }),
    solidSelection: t.stringList({ nullable: true, resolve: () => null }),
  }),
});

const SensorMetadataType = builder.objectRef<InstigatorSource<SensorDef>>('SensorMetadata').implement({
  fields: (t) => ({
    assetKeys: t.field({
      type: [AssetKeyType],
      nullable: true,
      description: "The assets of the sensor's job, or null when it is not an asset job.",
      resolve: ({ location, def }) => {
        const job = location.definitions.getJob(def.jobName);
        return job?.isAssetJob ? job.assetKeys.map((key) => ({ path: [key] })) : null;
      },
    }),
  }),
});

const SENSOR_TYPES = [
  'STANDARD',
  'RUN_STATUS',
  'ASSET',
  'MULTI_ASSET',
  'FRESHNESS_POLICY',
  'AUTO_MATERIALIZE',
  'AUTOMATION',
  'UNKNOWN',
] as const;
const SensorTypeEnum = builder.enumType('SensorType', { values: SENSOR_TYPES });

export const SensorType = builder.objectRef<InstigatorSource<SensorDef>>('Sensor').implement({
  fields: (t) => ({
    id: t.id({ resolve: ({ location, def }) => instigatorId(location, def) }),
    jobOriginId: t.string({ resolve: ({ location, def }) => instigatorId(location, def) }),
    name: t.string({ resolve: ({ def }) => def.name }),
    description: t.string({ nullable: true, resolve: ({ def }) => def.description }),
    minIntervalSeconds: t.int({ resolve: ({ def }) => def.minimumIntervalSeconds }),
    targets: t.field({ type: [TargetType], nullable: { list: true, items: false }, resolve: ({ def }) => [{ pipelineName: def.jobName }] }),
    defaultStatus: t.field({ type: InstigationStatusEnum, resolve: ({ def }) => def.defaultStatus }),
    canReset: t.boolean({ extensions: { cost: STATE_COST }, resolve: (source, _args, ctx) => canReset(source, ctx) }),
    sensorState: t.field({
      type: InstigationStateType,
      extensions: { cost: STATE_COST },
      resolve: (source, _args, ctx) => withState(source, ctx),
    }),
    nextTick: t.field({
      type: DryRunInstigationTickType,
      nullable: true,
      description: 'When the sensor daemon will next evaluate it; null while it is stopped.',
      extensions: { cost: STATE_COST },
      resolve: (source, _args, ctx) => nextDryRunTick(source, ctx),
    }),
    metadata: t.field({ type: SensorMetadataType, resolve: (source) => source }),
    // Every Tidepool sensor is a function over a job: Dagster's standard sensor.
    sensorType: t.field({ type: SensorTypeEnum, resolve: () => 'STANDARD' as const }),
  }),
});

function schedulesOf(location: LoadedDefinitions, keep: (def: ScheduleDef) => boolean = () => true): InstigatorSource<ScheduleDef>[] {
  return byName(location.definitions.schedules.filter(keep), (def) => def.name).map((def) => ({ location, def }));
}

function sensorsOf(location: LoadedDefinitions, keep: (def: SensorDef) => boolean = () => true): InstigatorSource<SensorDef>[] {
  return byName(location.definitions.sensors.filter(keep), (def) => def.name).map((def) => ({ location, def }));
}

builder.objectFields(RepositoryType, (t) => ({
  schedules: t.field({ type: [ScheduleType], description: 'Sorted by name.', resolve: (location) => schedulesOf(location) }),
  sensors: t.field({
    type: [SensorType],
    description: 'Sorted by name; every sensor is STANDARD.',
    args: { sensorType: t.arg({ type: SensorTypeEnum }) },
    resolve: (location, { sensorType }) => (sensorType == null || sensorType === 'STANDARD' ? sensorsOf(location) : []),
  }),
}));

builder.objectFields(JobType, (t) => ({
  schedules: t.field({ type: [ScheduleType], resolve: ({ location, job }) => schedulesOf(location, (def) => def.jobName === job.name) }),
  sensors: t.field({ type: [SensorType], resolve: ({ location, job }) => sensorsOf(location, (def) => def.jobName === job.name) }),
}));

// ---------------------------------------------------------------------------------------------- queries

const SchedulesType = builder.objectRef<{ results: InstigatorSource<ScheduleDef>[] }>('Schedules').implement({
  fields: (t) => ({ results: t.field({ type: [ScheduleType], resolve: ({ results }) => results }) }),
});
const SensorsType = builder.objectRef<{ results: InstigatorSource<SensorDef>[] }>('Sensors').implement({
  fields: (t) => ({ results: t.field({ type: [SensorType], resolve: ({ results }) => results }) }),
});

const SchedulesOrError = builder.errorUnion('SchedulesOrError', {
  types: [SchedulesType, RepositoryNotFoundError, PythonError],
  resolveType: successUnlessPythonError('Schedules'),
});
const ScheduleOrError = builder.errorUnion('ScheduleOrError', {
  types: [ScheduleType, ScheduleNotFoundError, PythonError],
  resolveType: successUnlessPythonError('Schedule'),
});
const SensorsOrError = builder.errorUnion('SensorsOrError', {
  types: [SensorsType, RepositoryNotFoundError, PythonError],
  resolveType: successUnlessPythonError('Sensors'),
});
export const SensorOrError = builder.errorUnion('SensorOrError', {
  types: [SensorType, SensorNotFoundError, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('Sensor'),
});
const InstigationStateOrError = builder.errorUnion('InstigationStateOrError', {
  types: [InstigationStateType, InstigationStateNotFoundError, PythonError],
  resolveType: successUnlessPythonError('InstigationState'),
});
const InstigationStatesOrError = builder.errorUnion('InstigationStatesOrError', {
  types: [InstigationStatesType, PythonError],
  resolveType: successUnlessPythonError('InstigationStates'),
});

/** The instigators of `all` whose status in force is `status` (all of them without one). */
async function withStatus<D extends InstigatorDef>(
  all: InstigatorSource<D>[],
  status: 'RUNNING' | 'STOPPED' | null | undefined,
  ctx: GraphQLContext,
): Promise<InstigatorSource<D>[]> {
  if (status == null) return all;
  const states = await Promise.all(all.map((source) => ctx.loader.instigatorState(source.def)));
  return all.flatMap((source, index) => (states[index]!.status === status ? [{ ...source, state: states[index] }] : []));
}

builder.queryFields((t) => ({
  schedulesOrError: t.field({
    type: SchedulesOrError,
    args: {
      repositorySelector: t.arg({ type: RepositorySelectorInput, required: true }),
      scheduleStatus: t.arg({ type: InstigationStatusEnum }),
    },
    extensions: { cost: STATE_COST },
    resolve: answering(async (_root, { repositorySelector, scheduleStatus }, ctx) => ({
      results: await withStatus(schedulesOf(selectedRepository(ctx.location, repositorySelector)), scheduleStatus, ctx),
    })),
  }),
  scheduleOrError: t.field({
    type: ScheduleOrError,
    args: { scheduleSelector: t.arg({ type: ScheduleSelectorInput, required: true }) },
    resolve: answering((_root, { scheduleSelector }, ctx) => selectedSchedule(ctx.location, scheduleSelector)),
  }),
  sensorsOrError: t.field({
    type: SensorsOrError,
    args: {
      repositorySelector: t.arg({ type: RepositorySelectorInput, required: true }),
      sensorStatus: t.arg({ type: InstigationStatusEnum }),
    },
    extensions: { cost: STATE_COST },
    resolve: answering(async (_root, { repositorySelector, sensorStatus }, ctx) => ({
      results: await withStatus(sensorsOf(selectedRepository(ctx.location, repositorySelector)), sensorStatus, ctx),
    })),
  }),
  sensorOrError: t.field({
    type: SensorOrError,
    args: { sensorSelector: t.arg({ type: SensorSelectorInput, required: true }) },
    resolve: answering((_root, { sensorSelector }, ctx) => selectedSensor(ctx.location, sensorSelector)),
  }),
  instigationStateOrError: t.field({
    type: InstigationStateOrError,
    description: 'The state of the schedule or sensor the selector names (or, when given, the one of that id).',
    args: { instigationSelector: t.arg({ type: InstigationSelectorInput, required: true }), id: t.arg.string() },
    extensions: { cost: STATE_COST },
    resolve: answering(async (_root, { instigationSelector, id }, ctx) => {
      const served = inSelected(ctx.location, instigationSelector);
      const all: InstigatorDef[] = served === null ? [] : [...served.definitions.schedules, ...served.definitions.sensors];
      const def = all.find((candidate) => (id ? instigatorId(served!, candidate) === id : candidate.name === instigationSelector.name));
      if (!served || !def) throw new InstigationStateNotFoundError(id ?? instigationSelector.name);
      return withState({ location: served, def }, ctx);
    }),
  }),
  instigationStatesOrError: t.field({
    type: InstigationStatesOrError,
    description: 'The states of every schedule and sensor of the repository with this id (none for an id not served).',
    args: { repositoryID: t.arg.string({ required: true }) },
    extensions: { cost: STATE_COST },
    resolve: answering(async (_root, { repositoryID }, ctx) => {
      const location = ctx.location;
      if (location === null || repositoryId(location) !== repositoryID) return { results: [] };
      const all: InstigatorSource[] = [...schedulesOf(location), ...sensorsOf(location)];
      return { results: await Promise.all(all.map((source) => withState(source, ctx))) };
    }),
  }),
}));
