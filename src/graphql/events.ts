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

export const LogLevelEnum = builder.enumType('LogLevel', { values: LOG_LEVELS });

/** Dagster's event types; log messages have no event type (eventType is null), as in Dagster. */
export const DagsterEventTypeEnum = builder.enumType('DagsterEventType', {
  values: EVENT_TYPES.filter((type) => type !== 'LOG_MESSAGE'),
});

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
  ENGINE_EVENT: 'EngineEvent',
  LOG_MESSAGE: 'LogMessageEvent',
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

const RUN_EVENT = [MessageEventInterface, RunEventInterface];
const RUN_ERROR_EVENT = [MessageEventInterface, RunEventInterface, ErrorEventInterface];
const STEP_EVENT = [MessageEventInterface, StepEventInterface];
const STEP_ERROR_EVENT = [MessageEventInterface, StepEventInterface, ErrorEventInterface];

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
  ENGINE_EVENT: STEP_ERROR_EVENT,
  LOG_MESSAGE: [MessageEventInterface],
};

const eventObjectTypes = EVENT_TYPES.map((eventType) =>
  builder.objectRef<EventRecord>(EVENT_TYPE_NAMES[eventType]).implement({
    interfaces: INTERFACES[eventType],
    fields: () => ({}),
  }),
);

export const DagsterRunEventUnion = builder.unionType('DagsterRunEvent', {
  types: eventObjectTypes,
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
