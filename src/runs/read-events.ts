// Reads a run's event log in cursor order. The cursor is the global event id (run_events.id): a page
// holds the events after `afterCursor` up to a settled id `upTo` (src/subscriptions/settled-events.ts: every
// event below it that will ever commit is visible), and its cursor is the id of its last event, so pages
// never overlap and, read one after the other, skip nothing — even an event whose transaction drew its id
// before a later one's and committed after it.
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runEvents } from '../db/schema.js';
import { isRunId } from './run-record.js';
import type { EventType, LogLevel, RunStatus } from './vocabulary.js';

/** One stored event, as the API reads it. */
export interface EventRecord {
  /** The event's global cursor. */
  id: number;
  runId: string;
  eventType: EventType;
  /** The status the run entered with this event; null when it changed no status. */
  runStatus: RunStatus | null;
  stepKey: string | null;
  level: LogLevel;
  message: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** The columns of an EventRecord, for other readers: `executor.select(eventColumns).from(runEvents)`. */
export const eventColumns = {
  id: runEvents.id,
  runId: runEvents.runId,
  eventType: runEvents.eventType,
  runStatus: runEvents.runStatus,
  stepKey: runEvents.stepKey,
  level: runEvents.level,
  message: runEvents.message,
  payload: runEvents.payload,
  createdAt: runEvents.createdAt,
};

export const DEFAULT_EVENTS_LIMIT = 1000;
export const MAX_EVENTS_LIMIT = 10_000;

/** A bad event cursor or page size. */
export class InvalidEventQueryError extends Error {
  override readonly name = 'InvalidEventQueryError';
}

/** Parses an API cursor ("123"); null, undefined and "" mean "from the first event". */
export function parseEventCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const value = /^\d{1,16}$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new InvalidEventQueryError(
      `The event cursor ${JSON.stringify(cursor)} is not valid: cursors are the non-negative integers that earlier pages returned.`,
    );
  }
  return value;
}

export interface EventsPage {
  events: EventRecord[];
  /** The id of the last event returned, else the cursor asked for (0 when none): pass it as afterCursor. */
  cursor: number;
  /** True when more events follow the page now. */
  hasMore: boolean;
}

export interface ReadEventsOptions {
  afterCursor?: number | null;
  /** 1..MAX_EVENTS_LIMIT; default DEFAULT_EVENTS_LIMIT. */
  limit?: number | null;
  /**
   * The settled id the page stops at (settledEventIdNow); null when none could be had: the page is then
   * empty and says more may follow, so the pager asks again from the same cursor.
   */
  upTo: number | null;
}

/** The run's events after the cursor, oldest first. An unknown run simply has no events. */
export async function readEvents(executor: Executor, runId: string, options: ReadEventsOptions): Promise<EventsPage> {
  const afterCursor = options.afterCursor ?? 0;
  if (!Number.isSafeInteger(afterCursor) || afterCursor < 0) {
    throw new InvalidEventQueryError(`The event cursor ${afterCursor} is not valid: cursors are non-negative integers.`);
  }
  const limit = options.limit ?? DEFAULT_EVENTS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_LIMIT) {
    throw new InvalidEventQueryError(`The limit of events must be an integer from 1 to ${MAX_EVENTS_LIMIT} (got ${limit}).`);
  }
  if (!isRunId(runId)) return { events: [], cursor: afterCursor, hasMore: false };
  if (options.upTo === null) return { events: [], cursor: afterCursor, hasMore: true };
  // One row more than asked tells whether more follow, without a second query.
  const rows = (await executor
    .select(eventColumns)
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.id, afterCursor), lte(runEvents.id, options.upTo)))
    .orderBy(asc(runEvents.id))
    .limit(limit + 1)) as EventRecord[];
  const hasMore = rows.length > limit;
  const events = hasMore ? rows.slice(0, limit) : rows;
  return { events, cursor: events.at(-1)?.id ?? afterCursor, hasMore };
}
