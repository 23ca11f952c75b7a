// A step's events of some types (its materializations, its expectation results), oldest first: what
// Dagster's RunStepStats.materializations / expectationResults list. Bounded: a step logging more than
// MAX_STEP_DATA_EVENTS of them shows its first ones.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runEvents } from '../db/schema.js';
import { eventColumns, type EventRecord } from './read-events.js';
import { isRunId } from './run-record.js';
import type { EventType } from './vocabulary.js';

export const MAX_STEP_DATA_EVENTS = 1000;

export async function stepEventsOfTypes(executor: Executor, runId: string, stepKey: string, types: EventType[]): Promise<EventRecord[]> {
  if (!isRunId(runId)) return [];
  return (await executor
    .select(eventColumns)
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), eq(runEvents.stepKey, stepKey), inArray(runEvents.eventType, types)))
    .orderBy(asc(runEvents.id))
    .limit(MAX_STEP_DATA_EVENTS)) as EventRecord[];
}
