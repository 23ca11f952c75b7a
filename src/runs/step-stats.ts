// Per-step and per-run statistics, derived from the event log as Dagster derives them
// (dagster/_core/execution/stats.py): a STEP_START opens an attempt and marks the step IN_PROGRESS; a
// STEP_SUCCESS / STEP_FAILURE / STEP_SKIPPED closes it and sets the step's status. Op retries: a
// STEP_UP_FOR_RETRY closes the attempt (the step stays IN_PROGRESS) and a STEP_RESTARTED opens the next one
// (the step's startTime stays its first start's), so `attempts` has one marker per try. An ENGINE_EVENT whose
// payload names a `markerStart` opens a named span of the step's time and one naming it as `markerEnd` closes
// it (Dagster's `markers`; the step's wait for a pool slot is one: execution/pool-wait-events.ts). Run times are the
// last RUN_ENQUEUED, RUN_STARTING, RUN_START and terminal event. Times are seconds since the epoch.
import { asc, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runEvents } from '../db/schema.js';
import type { EventType } from './vocabulary.js';

export const STEP_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILURE', 'SKIPPED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface StepAttempt {
  startTime: number | null;
  /** null while the attempt runs. */
  endTime: number | null;
}

export interface StepStats {
  runId: string;
  stepKey: string;
  status: StepStatus;
  startTime: number | null;
  endTime: number | null;
  /** One per STEP_START, in order; the last is open while the step runs. */
  attempts: StepAttempt[];
  /** Named spans of the step's time from engine events, in the order they opened; open ones have no end. */
  markers: StepAttempt[];
}

export interface RunStats {
  runId: string;
  stepsSucceeded: number;
  stepsFailed: number;
  /** ASSET_MATERIALIZATION and STEP_EXPECTATION_RESULT events of the run (execution/step-events.ts). */
  materializations: number;
  expectations: number;
  enqueuedTime: number | null;
  launchTime: number | null;
  startTime: number | null;
  endTime: number | null;
}

/** The part of an event that statistics read. */
export interface StatsEvent {
  eventType: string;
  stepKey: string | null;
  createdAt: Date;
  /** Read for ENGINE_EVENTs only: the marker they open or close. */
  payload?: { markerStart?: unknown; markerEnd?: unknown };
}

const STEP_END_STATUS: Partial<Record<EventType, StepStatus>> = {
  STEP_SUCCESS: 'SUCCESS',
  STEP_FAILURE: 'FAILURE',
  STEP_SKIPPED: 'SKIPPED',
};
const STEP_STATS_EVENTS: EventType[] = [
  'STEP_START',
  'STEP_RESTARTED',
  'STEP_UP_FOR_RETRY',
  'STEP_SUCCESS',
  'STEP_FAILURE',
  'STEP_SKIPPED',
  'ENGINE_EVENT',
];

const seconds = (date: Date): number => date.getTime() / 1000;

/** Step statistics from a run's events in cursor order; steps in the order they first appear. */
export function buildStepStats(runId: string, events: Iterable<StatsEvent>): StepStats[] {
  const bySteps = new Map<string, StepStats>();
  /** The open and closed markers of each step, by marker name. */
  const markersOf = new Map<string, Map<string, StepAttempt>>();
  for (const event of events) {
    if (!event.stepKey) continue;
    if (event.eventType === 'ENGINE_EVENT') {
      const { markerStart, markerEnd } = event.payload ?? {};
      const time = seconds(event.createdAt);
      const named = markersOf.get(event.stepKey) ?? new Map<string, StepAttempt>();
      markersOf.set(event.stepKey, named);
      if (typeof markerStart === 'string') named.set(markerStart, { startTime: time, endTime: null });
      if (typeof markerEnd === 'string') {
        const open = named.get(markerEnd);
        if (open) open.endTime = time;
        else named.set(markerEnd, { startTime: null, endTime: time });
      }
      continue;
    }
    const isStart = event.eventType === 'STEP_START';
    const isRestart = event.eventType === 'STEP_RESTARTED';
    const isUpForRetry = event.eventType === 'STEP_UP_FOR_RETRY';
    const endStatus = STEP_END_STATUS[event.eventType as EventType];
    if (!isStart && !isRestart && !isUpForRetry && !endStatus) continue;
    let stats = bySteps.get(event.stepKey);
    if (!stats) {
      stats = { runId, stepKey: event.stepKey, status: 'IN_PROGRESS', startTime: null, endTime: null, attempts: [], markers: [] };
      bySteps.set(event.stepKey, stats);
    }
    const time = seconds(event.createdAt);
    if (isStart) {
      stats.status = 'IN_PROGRESS';
      stats.startTime = time;
      stats.endTime = null;
      stats.attempts.push({ startTime: time, endTime: null });
    } else if (isRestart) {
      stats.status = 'IN_PROGRESS';
      stats.startTime ??= time;
      stats.endTime = null;
      stats.attempts.push({ startTime: time, endTime: null });
    } else if (isUpForRetry) {
      const open = stats.attempts.at(-1);
      if (open && open.endTime === null) open.endTime = time;
    } else {
      stats.status = endStatus!;
      stats.endTime = time;
      const open = stats.attempts.at(-1);
      if (open && open.endTime === null) open.endTime = time;
    }
  }
  for (const [stepKey, named] of markersOf) {
    const stats = bySteps.get(stepKey);
    // A step that waited for its pool but never started (the run was terminated meanwhile) has no stats.
    if (stats) stats.markers = [...named.values()];
  }
  return [...bySteps.values()];
}

/** Run statistics from a run's events in cursor order. */
export function buildRunStats(runId: string, events: Iterable<StatsEvent>): RunStats {
  const stats: RunStats = {
    runId,
    stepsSucceeded: 0,
    stepsFailed: 0,
    materializations: 0,
    expectations: 0,
    enqueuedTime: null,
    launchTime: null,
    startTime: null,
    endTime: null,
  };
  for (const event of events) {
    const time = seconds(event.createdAt);
    switch (event.eventType as EventType) {
      case 'STEP_SUCCESS':
        stats.stepsSucceeded += 1;
        break;
      case 'STEP_FAILURE':
        stats.stepsFailed += 1;
        break;
      case 'ASSET_MATERIALIZATION':
        stats.materializations += 1;
        break;
      case 'STEP_EXPECTATION_RESULT':
        stats.expectations += 1;
        break;
      case 'RUN_ENQUEUED':
        stats.enqueuedTime = time;
        break;
      case 'RUN_STARTING':
        stats.launchTime = time;
        break;
      case 'RUN_START':
        stats.startTime = time;
        break;
      case 'RUN_SUCCESS':
      case 'RUN_FAILURE':
      case 'RUN_CANCELED':
        stats.endTime = time;
        break;
      default:
        break;
    }
  }
  return stats;
}

const RUN_STATS_EVENTS: EventType[] = [
  'STEP_SUCCESS',
  'STEP_FAILURE',
  'ASSET_MATERIALIZATION',
  'STEP_EXPECTATION_RESULT',
  'RUN_ENQUEUED',
  'RUN_STARTING',
  'RUN_START',
  'RUN_SUCCESS',
  'RUN_FAILURE',
  'RUN_CANCELED',
];

/** The events of these types of several runs, grouped by run, each group in cursor order. */
async function eventsByRun(executor: Executor, runIds: readonly string[], types: EventType[]): Promise<Map<string, StatsEvent[]>> {
  const grouped = new Map<string, StatsEvent[]>(runIds.map((runId) => [runId, []]));
  if (runIds.length === 0) return grouped;
  // Of the engine events, only those opening or closing a marker, and of their payloads only the marker names.
  const rows = await executor
    .select({
      runId: runEvents.runId,
      eventType: runEvents.eventType,
      stepKey: runEvents.stepKey,
      createdAt: runEvents.createdAt,
      payload: sql<StatsEvent['payload'] | null>`case when ${runEvents.eventType} = 'ENGINE_EVENT'
        then jsonb_build_object('markerStart', ${runEvents.payload}->'markerStart', 'markerEnd', ${runEvents.payload}->'markerEnd') end`,
    })
    .from(runEvents)
    .where(
      sql`${runEvents.runId} = any(${sql.param([...runIds])}::uuid[]) and ${runEvents.eventType} = any(${sql.param(types)}::text[])
        and (${runEvents.eventType} <> 'ENGINE_EVENT' or jsonb_exists_any(${runEvents.payload}, array['markerStart', 'markerEnd']))`,
    )
    .orderBy(asc(runEvents.runId), asc(runEvents.id));
  for (const row of rows)
    grouped
      .get(row.runId)
      ?.push({ ...row, payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : (row.payload ?? undefined) });
  return grouped;
}

/** Step statistics of several runs at once (one query), by run id. Ids must be valid run ids. */
export async function loadStepStats(executor: Executor, runIds: readonly string[]): Promise<Map<string, StepStats[]>> {
  const events = await eventsByRun(executor, runIds, STEP_STATS_EVENTS);
  return new Map([...events].map(([runId, runEventsOfRun]) => [runId, buildStepStats(runId, runEventsOfRun)]));
}

/** Run statistics of several runs at once (one query), by run id. Ids must be valid run ids. */
export async function loadRunStats(executor: Executor, runIds: readonly string[]): Promise<Map<string, RunStats>> {
  const events = await eventsByRun(executor, runIds, RUN_STATS_EVENTS);
  return new Map([...events].map(([runId, runEventsOfRun]) => [runId, buildRunStats(runId, runEventsOfRun)]));
}
