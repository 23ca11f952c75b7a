// Starting, stopping and resetting schedules and sensors, setting a sensor's cursor, and dry runs, with
// Dagster's signatures, result unions and permissions (resetSchedule needs both schedule permissions, as
// in Dagster; setSensorCursor needs update_sensor_cursor). A selector or id that names nothing is a typed
// error and writes nothing; every change is audited with the caller as its actor, in its own transaction
// (src/automation/instigator-state.ts), and reads the instance clock.
import { GraphQLError } from 'graphql';
import { UnauthorizedError } from '../auth/unauthorized.js';
import { ScheduleNotFoundError, SensorNotFoundError } from '../automation/errors.js';
import type { InstigatorDef } from '../automation/instigators.js';
import { resetInstigatorStatus, setInstigatorStatus, setSensorCursor, type InstigatorState } from '../automation/instigator-state.js';
import { dryRunSchedule, dryRunSensor } from '../automation/preview.js';
import { nextCronTicks, type LoadedDefinitions } from '../definitions/index.js';
import { authorized } from './authorize.js';
import { ScheduleSelectorInput, selectedSchedule, selectedSensor, SensorOrError, SensorSelectorInput } from './automation.js';
import { builder, type GraphQLContext } from './builder.js';
import { answering, PythonError, successUnlessPythonError } from './errors.js';
import { DryRunInstigationTickType, InstigationStateType, instigatorId, type InstigatorSource } from './instigation.js';

const ScheduleStateResult = builder.objectRef<InstigatorSource & { state: InstigatorState }>('ScheduleStateResult').implement({
  fields: (t) => ({ scheduleState: t.field({ type: InstigationStateType, resolve: (source) => source }) }),
});

const ScheduleMutationResult = builder.errorUnion('ScheduleMutationResult', {
  types: [ScheduleStateResult, ScheduleNotFoundError, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('ScheduleStateResult'),
});

const StopSensorMutationResult = builder.objectRef<InstigatorSource & { state: InstigatorState }>('StopSensorMutationResult').implement({
  fields: (t) => ({ instigationState: t.field({ type: InstigationStateType, nullable: true, resolve: (source) => source }) }),
});

// Dagster lists no SensorNotFoundError here: an unknown id is a PythonError whose className says so (errors.ts).
const StopSensorMutationResultOrError = builder.errorUnion('StopSensorMutationResultOrError', {
  types: [StopSensorMutationResult, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('StopSensorMutationResult'),
});

const SensorDryRunResult = builder.errorUnion('SensorDryRunResult', {
  types: [DryRunInstigationTickType, SensorNotFoundError, PythonError],
  resolveType: successUnlessPythonError('DryRunInstigationTick'),
});

const ScheduleDryRunResult = builder.errorUnion('ScheduleDryRunResult', {
  types: [DryRunInstigationTickType, ScheduleNotFoundError, PythonError],
  resolveType: successUnlessPythonError('DryRunInstigationTick'),
});

/**
 * The schedule or sensor among `defs` that any of the given ids names (Dagster's id, origin id and
 * selector id are one string here); `notFound` builds the error for ids that name none.
 */
function byId<D extends InstigatorDef>(
  location: LoadedDefinitions | null,
  defs: (location: LoadedDefinitions) => readonly D[],
  ids: (string | null | undefined)[],
  notFound: (id: string) => Error,
): InstigatorSource<D> {
  const given = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  if (given.length === 0) {
    throw new GraphQLError('Give the id (or the origin id or selector id) to stop.', {
      extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
    });
  }
  const def = location === null ? undefined : defs(location).find((candidate) => given.includes(instigatorId(location, candidate)));
  if (location === null || def === undefined) throw notFound(given[0]!);
  return { location, def };
}

async function setStatus<S extends InstigatorSource>(source: S, status: 'RUNNING' | 'STOPPED', ctx: GraphQLContext) {
  const state = await setInstigatorStatus(ctx.instance.database.api, source.def, status, ctx.instance.clock.now(), ctx.caller.actor);
  return { ...source, state };
}

async function reset<S extends InstigatorSource>(source: S, ctx: GraphQLContext) {
  const state = await resetInstigatorStatus(ctx.instance.database.api, source.def, ctx.instance.clock.now(), ctx.caller.actor);
  return { ...source, state };
}

builder.mutationFields((t) => ({
  startSchedule: t.field({
    type: ScheduleMutationResult,
    description: 'Start a schedule: it ticks from now on (ticks missed while it was stopped are not caught up).',
    args: { scheduleSelector: t.arg({ type: ScheduleSelectorInput, required: true }) },
    resolve: authorized(
      'start_schedule',
      answering((_root, { scheduleSelector }, ctx) => setStatus(selectedSchedule(ctx.location, scheduleSelector), 'RUNNING', ctx)),
    ),
  }),
  stopRunningSchedule: t.field({
    type: ScheduleMutationResult,
    description: 'Stop a schedule, named by its id (Schedule.id or InstigationState.id), origin id or selector id.',
    args: { id: t.arg.string(), scheduleOriginId: t.arg.string(), scheduleSelectorId: t.arg.string() },
    resolve: authorized(
      'stop_running_schedule',
      answering((_root, { id, scheduleOriginId, scheduleSelectorId }, ctx) => {
        const source = byId(
          ctx.location,
          (location) => location.definitions.schedules,
          [id, scheduleOriginId, scheduleSelectorId],
          (given) => new ScheduleNotFoundError(given),
        );
        return setStatus(source, 'STOPPED', ctx);
      }),
    ),
  }),
  resetSchedule: t.field({
    type: ScheduleMutationResult,
    description: "Return a schedule to its definition's defaultStatus.",
    args: { scheduleSelector: t.arg({ type: ScheduleSelectorInput, required: true }) },
    // Both permissions, as in Dagster: a reset may start or stop it.
    resolve: authorized(
      'start_schedule',
      authorized(
        'stop_running_schedule',
        answering((_root, { scheduleSelector }, ctx) => reset(selectedSchedule(ctx.location, scheduleSelector), ctx)),
      ),
    ),
  }),
  startSensor: t.field({
    type: SensorOrError,
    description: 'Start a sensor: it is evaluated at once, then every minIntervalSeconds.',
    args: { sensorSelector: t.arg({ type: SensorSelectorInput, required: true }) },
    resolve: authorized(
      'edit_sensor',
      answering((_root, { sensorSelector }, ctx) => setStatus(selectedSensor(ctx.location, sensorSelector), 'RUNNING', ctx)),
    ),
  }),
  stopSensor: t.field({
    type: StopSensorMutationResultOrError,
    description: 'Stop a sensor, named by its id (Sensor.id or InstigationState.id), jobOriginId or jobSelectorId.',
    args: { id: t.arg.string(), jobOriginId: t.arg.string(), jobSelectorId: t.arg.string() },
    resolve: authorized(
      'edit_sensor',
      answering((_root, { id, jobOriginId, jobSelectorId }, ctx) => {
        const source = byId(
          ctx.location,
          (location) => location.definitions.sensors,
          [id, jobOriginId, jobSelectorId],
          (given) => new SensorNotFoundError(given),
        );
        return setStatus(source, 'STOPPED', ctx);
      }),
    ),
  }),
  resetSensor: t.field({
    type: SensorOrError,
    description: "Return a sensor to its definition's defaultStatus.",
    args: { sensorSelector: t.arg({ type: SensorSelectorInput, required: true }) },
    resolve: authorized(
      'edit_sensor',
      answering((_root, { sensorSelector }, ctx) => reset(selectedSensor(ctx.location, sensorSelector), ctx)),
    ),
  }),
  setSensorCursor: t.field({
    type: SensorOrError,
    description: "Store the cursor the sensor's next evaluation reads (null clears it).",
    args: { cursor: t.arg.string(), sensorSelector: t.arg({ type: SensorSelectorInput, required: true }) },
    resolve: authorized(
      'update_sensor_cursor',
      answering(async (_root, { cursor, sensorSelector }, ctx) => {
        const source = selectedSensor(ctx.location, sensorSelector);
        const state = await setSensorCursor(ctx.instance.database.api, source.def, cursor ?? null, ctx.caller.actor);
        return { ...source, state };
      }),
    ),
  }),
  sensorDryRun: t.field({
    type: SensorDryRunResult,
    description: 'Evaluate the sensor now from `cursor` (not its stored one; none when not given) and write nothing.',
    args: { cursor: t.arg.string(), selectorData: t.arg({ type: SensorSelectorInput, required: true }) },
    resolve: authorized(
      'sensor_dry_run',
      answering(async (_root, { cursor, selectorData }, ctx) => {
        const source = selectedSensor(ctx.location, selectorData);
        // As its next tick would run, but from the cursor given.
        const { lastTickAt } = await ctx.loader.instigatorState(source.def);
        const evaluation = await dryRunSensor(ctx.instance.database.api, source.def, cursor ?? null, lastTickAt);
        return { ...source, timestamp: ctx.instance.clock.now(), evaluation };
      }),
    ),
  }),
  scheduleDryRun: t.field({
    type: ScheduleDryRunResult,
    description: 'Evaluate the schedule for its first tick at or after `timestamp` (seconds; default now) and write nothing.',
    args: { selectorData: t.arg({ type: ScheduleSelectorInput, required: true }), timestamp: t.arg.float() },
    resolve: authorized(
      'schedule_dry_run',
      answering(async (_root, { selectorData, timestamp }, ctx) => {
        const source = selectedSchedule(ctx.location, selectorData);
        const from = timestamp == null ? ctx.instance.clock.now().getTime() : timestamp * 1000;
        const [tickAt] = nextCronTicks(source.def.cronSchedule, source.def.executionTimezone, new Date(from - 1), 1);
        return { ...source, timestamp: tickAt!, evaluation: await dryRunSchedule(ctx.instance.database.api, source.def, tickAt!) };
      }),
    ),
  }),
}));
