// A run's event log as Dagster's GraphQL shows it: the `DagsterRunEvent` union of one object type per
// event type, all implementing `MessageEvent`, and `EventConnection`, a page of them with its cursor.
// Every object is an EventRecord (src/runs/read-events.ts); `resolveEventTypeName` picks its type, so any
// reader of run_events (logsForRun, eventConnection, subscriptions) can return them as they are.
// This file imports no other domain file: runs.ts builds on it (and adds the status fields of RunEvent).
import { readErrorInfo } from '../runs/error-info.js';
import type { EventRecord } from '../runs/read-events.js';
import { EVENT_TYPES, LOG_LEVELS, type EventType } from '../runs/vocabulary.js';
import { builder } from './builder.js';
import { PythonError, type ErrorInfo } from './errors.js';
import { MetadataEntryInterface, metadataEntries } from './metadata.js';

export const LogLevelEnum = builder.enumType('LogLevel', { values: LOG_LEVELS });

/**
 * Dagster's DagsterEventType, every value (Tidepool writes the ones in EVENT_TYPES; the rest — resources,
 * hooks, alerts, asset checks, object stores, the PIPELINE_* aliases — belong to features it does not have).
 * Log messages have no event type (eventType is null), as in Dagster.
 */
export const DAGSTER_EVENT_TYPES = [
  ...['STEP_OUTPUT', 'STEP_INPUT', 'STEP_FAILURE', 'STEP_START', 'STEP_SUCCESS', 'STEP_SKIPPED', 'STEP_WORKER_STARTING'],
  ...['STEP_WORKER_STARTED', 'RESOURCE_INIT_STARTED', 'RESOURCE_INIT_SUCCESS', 'RESOURCE_INIT_FAILURE', 'STEP_UP_FOR_RETRY'],
  ...['STEP_RESTARTED', 'ASSET_MATERIALIZATION', 'ASSET_MATERIALIZATION_PLANNED', 'ASSET_OBSERVATION', 'STEP_EXPECTATION_RESULT'],
  ...['ASSET_CHECK_EVALUATION_PLANNED', 'ASSET_CHECK_EVALUATION', 'RUN_ENQUEUED', 'RUN_DEQUEUED', 'RUN_STARTING', 'RUN_START'],
  ...['RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELING', 'RUN_CANCELED', 'PIPELINE_ENQUEUED', 'PIPELINE_DEQUEUED', 'PIPELINE_STARTING'],
  ...['PIPELINE_START', 'PIPELINE_SUCCESS', 'PIPELINE_FAILURE', 'PIPELINE_CANCELING', 'PIPELINE_CANCELED', 'OBJECT_STORE_OPERATION'],
  ...['ASSET_STORE_OPERATION', 'LOADED_INPUT', 'HANDLED_OUTPUT', 'ENGINE_EVENT', 'HOOK_COMPLETED', 'HOOK_ERRORED', 'HOOK_SKIPPED'],
  ...['ALERT_START', 'ALERT_SUCCESS', 'ALERT_FAILURE', 'LOGS_CAPTURED'],
] as const;

// Every event type Tidepool writes (but LOG_MESSAGE) is one of Dagster's: a new one must be added above.
const _writtenAreDagsters: readonly (typeof DAGSTER_EVENT_TYPES)[number][] = EVENT_TYPES.filter(
  (type): type is Exclude<EventType, 'LOG_MESSAGE'> => type !== 'LOG_MESSAGE',
);
void _writtenAreDagsters;

export const DagsterEventTypeEnum = builder.enumType('DagsterEventType', { values: DAGSTER_EVENT_TYPES });

/** The GraphQL object type of each event type (Dagster's names). */
export const EVENT_TYPE_NAMES = {
  RUN_ENQUEUED: 'RunEnqueuedEvent',
  RUN_DEQUEUED: 'RunDequeuedEvent',
  RUN_STARTING: 'RunStartingEvent',
  RUN_START: 'RunStartEvent',
  RUN_SUCCESS: 'RunSuccessEvent',
  RUN_FAILURE: 'RunFailureEvent',
  RUN_CANCELING: 'RunCancelingEvent',
  RUN_CANCELED: 'RunCanceledEvent',
  STEP_START: 'ExecutionStepStartEvent',
  STEP_SUCCESS: 'ExecutionStepSuccessEvent',
  STEP_FAILURE: 'ExecutionStepFailureEvent',
  STEP_SKIPPED: 'ExecutionStepSkippedEvent',
  STEP_INPUT: 'ExecutionStepInputEvent',
  LOADED_INPUT: 'LoadedInputEvent',
  STEP_OUTPUT: 'ExecutionStepOutputEvent',
  HANDLED_OUTPUT: 'HandledOutputEvent',
  ASSET_MATERIALIZATION: 'MaterializationEvent',
  ASSET_MATERIALIZATION_PLANNED: 'AssetMaterializationPlannedEvent',
  ASSET_OBSERVATION: 'ObservationEvent',
  STEP_EXPECTATION_RESULT: 'StepExpectationResultEvent',
  STEP_UP_FOR_RETRY: 'ExecutionStepUpForRetryEvent',
  STEP_RESTARTED: 'ExecutionStepRestartEvent',
  ENGINE_EVENT: 'EngineEvent',
  LOG_MESSAGE: 'LogMessageEvent',
  LOGS_CAPTURED: 'LogsCapturedEvent',
} as const satisfies Record<EventType, string>;

/** The DagsterRunEvent member an event is; unknown event types (from a newer writer) show as engine events. */
export function resolveEventTypeName(event: Pick<EventRecord, 'eventType'>): string {
  return EVENT_TYPE_NAMES[event.eventType] ?? EVENT_TYPE_NAMES.ENGINE_EVENT;
}

/** The error an event's payload carries (`payload.error`, runs/error-info.ts: with its cause chain), if any. */
export function eventError(event: Pick<EventRecord, 'payload'>): ErrorInfo | null {
  return readErrorInfo(event.payload.error);
}

export const MessageEventInterface = builder.interfaceRef<EventRecord>('MessageEvent').implement({
  resolveType: (event) => resolveEventTypeName(event),
  fields: (t) => ({
    runId: t.exposeString('runId'),
    message: t.exposeString('message'),
    timestamp: t.string({
      description: 'Milliseconds since the epoch, as in Dagster.',
      resolve: (event) => String(event.createdAt.getTime()),
    }),
    level: t.field({ type: LogLevelEnum, resolve: (event) => event.level }),
    stepKey: t.string({ nullable: true, resolve: (event) => event.stepKey }),
    solidHandleID: t.string({ nullable: true, resolve: (event) => event.stepKey }),
    eventType: t.field({
      type: DagsterEventTypeEnum,
      nullable: true,
      resolve: (event) => (event.eventType === 'LOG_MESSAGE' ? null : event.eventType),
    }),
    cursor: t.string({
      description: 'NEW: the cursor of this event; pass it as afterCursor to read the events after it.',
      resolve: (event) => String(event.id),
    }),
  }),
});

export const StepEventInterface = builder.interfaceRef<EventRecord>('StepEvent').implement({
  resolveType: (event) => resolveEventTypeName(event),
  fields: (t) => ({
    stepKey: t.string({ nullable: true, resolve: (event) => event.stepKey }),
    solidHandleID: t.string({ nullable: true, resolve: (event) => event.stepKey }),
  }),
});

/** Events of the run itself. runs.ts adds the NEW fromStatus / toStatus fields. */
export const RunEventInterface = builder.interfaceRef<EventRecord>('RunEvent').implement({
  resolveType: (event) => resolveEventTypeName(event),
  fields: (t) => ({
    pipelineName: t.string({ resolve: (event, _args, ctx) => ctx.loader.jobName(event.runId) }),
  }),
});

export const ErrorEventInterface = builder.interfaceRef<EventRecord>('ErrorEvent').implement({
  resolveType: (event) => resolveEventTypeName(event),
  fields: (t) => ({
    error: t.field({ type: PythonError, nullable: true, resolve: (event) => eventError(event) }),
  }),
});

/** Events that show metadata (Dagster's DisplayableEvent): the payload's label, description and entries (graphql/metadata.ts). */
export const DisplayablePartInterface = builder.interfaceRef<EventRecord | DisplayablePart>('DisplayableEvent').implement({
  resolveType: (value) => ('payload' in value ? resolveEventTypeName(value) : value.typename),
  fields: (t) => ({
    label: t.string({ nullable: true, resolve: (value) => stringOf(displayed(value).label) }),
    description: t.string({ nullable: true, resolve: (value) => stringOf(displayed(value).description) }),
    metadataEntries: t.field({ type: [MetadataEntryInterface], resolve: (value) => metadataEntries(displayed(value).metadata) }),
  }),
});

/** A displayable part of an event (Dagster's TypeCheck, ExpectationResult), stored in its payload. */
export interface DisplayablePart {
  typename: 'TypeCheck' | 'ExpectationResult' | 'FailureMetadata' | 'ObjectStoreOperationResult';
  label?: unknown;
  description?: unknown;
  metadata?: unknown;
  success?: unknown;
}

/** The same interface, as the event types implementing it see it. */
export const DisplayableEventInterface = DisplayablePartInterface as unknown as typeof MessageEventInterface;

const displayed = (value: EventRecord | DisplayablePart): Record<string, unknown> => ('payload' in value ? value.payload : { ...value });
const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Events that open or close a span of a step's time (Dagster's MarkerEvent): the payload's marker names. */
export const MarkerEventInterface = builder.interfaceRef<EventRecord>('MarkerEvent').implement({
  resolveType: (event) => resolveEventTypeName(event),
  fields: (t) => ({
    markerStart: t.string({ nullable: true, resolve: (event) => payloadString(event, 'markerStart') }),
    markerEnd: t.string({ nullable: true, resolve: (event) => payloadString(event, 'markerEnd') }),
  }),
});

function payloadString(event: EventRecord, key: string): string | null {
  const value = event.payload[key];
  return typeof value === 'string' ? value : null;
}

const RUN_EVENT = [MessageEventInterface, RunEventInterface];
const RUN_ERROR_EVENT = [MessageEventInterface, RunEventInterface, ErrorEventInterface];
const STEP_EVENT = [MessageEventInterface, StepEventInterface];
const STEP_ERROR_EVENT = [MessageEventInterface, StepEventInterface, ErrorEventInterface];
const STEP_DISPLAYABLE_EVENT = [MessageEventInterface, StepEventInterface, DisplayableEventInterface];

const INTERFACES: Record<EventType, typeof RUN_EVENT> = {
  RUN_ENQUEUED: RUN_EVENT,
  RUN_DEQUEUED: RUN_EVENT,
  RUN_STARTING: RUN_EVENT,
  RUN_START: RUN_EVENT,
  RUN_SUCCESS: RUN_EVENT,
  RUN_FAILURE: RUN_ERROR_EVENT,
  RUN_CANCELING: RUN_EVENT,
  RUN_CANCELED: RUN_ERROR_EVENT,
  STEP_START: STEP_EVENT,
  STEP_SUCCESS: STEP_EVENT,
  STEP_FAILURE: STEP_ERROR_EVENT,
  STEP_SKIPPED: STEP_EVENT,
  STEP_INPUT: STEP_EVENT,
  LOADED_INPUT: STEP_DISPLAYABLE_EVENT,
  STEP_OUTPUT: STEP_DISPLAYABLE_EVENT,
  HANDLED_OUTPUT: STEP_DISPLAYABLE_EVENT,
  ASSET_MATERIALIZATION: STEP_DISPLAYABLE_EVENT,
  ASSET_MATERIALIZATION_PLANNED: RUN_EVENT,
  ASSET_OBSERVATION: STEP_DISPLAYABLE_EVENT,
  STEP_EXPECTATION_RESULT: STEP_EVENT,
  STEP_UP_FOR_RETRY: STEP_ERROR_EVENT,
  STEP_RESTARTED: STEP_EVENT,
  ENGINE_EVENT: [MessageEventInterface, DisplayableEventInterface, StepEventInterface, MarkerEventInterface, ErrorEventInterface],
  LOG_MESSAGE: [MessageEventInterface],
  LOGS_CAPTURED: [MessageEventInterface],
};

const eventObjectTypes = EVENT_TYPES.map((eventType) =>
  builder.objectRef<EventRecord>(EVENT_TYPE_NAMES[eventType]).implement({
    interfaces: INTERFACES[eventType],
    fields: () => ({}),
  }),
);

/** The object type of an event type, for domain files that add its own fields (builder.objectFields). */
export function eventObjectType(eventType: EventType): (typeof eventObjectTypes)[number] {
  return eventObjectTypes[EVENT_TYPES.indexOf(eventType)]!;
}

/** The object type of each event type, for the files that add its fields (event-fields.ts). */
export const EVENT_OBJECT_TYPES = new Map(EVENT_TYPES.map((eventType, index) => [eventType, eventObjectTypes[index]!]));

/** Members Tidepool never writes (dormant-events.ts): in the union for Dagster clients; resolveType never picks one. */
const dormantMembers: (typeof eventObjectTypes)[number][] = [];

/** Adds event types Tidepool never writes to DagsterRunEvent (called by dormant-events.ts before the schema is built). */
export function addDormantRunEventMembers(members: readonly (typeof eventObjectTypes)[number][]): void {
  dormantMembers.push(...members);
}

export const DagsterRunEventUnion = builder.unionType('DagsterRunEvent', {
  types: () => [...eventObjectTypes, ...dormantMembers],
  resolveType: (event) => resolveEventTypeName(event),
});

export interface EventConnectionShape {
  events: EventRecord[];
  cursor: number;
  hasMore: boolean;
}

export const EventConnectionType = builder.objectRef<EventConnectionShape>('EventConnection').implement({
  fields: (t) => ({
    events: t.field({ type: [DagsterRunEventUnion], resolve: (page) => page.events }),
    cursor: t.string({
      description: 'The cursor of the last event of the page (or the cursor asked for when it is empty).',
      resolve: (page) => String(page.cursor),
    }),
    hasMore: t.exposeBoolean('hasMore'),
  }),
});
