// Appends one event that changes no status (step events, log messages, engine events).
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { CHANNEL } from '../db/notifier.js';
import type { EventType, LogLevel } from './vocabulary.js';

export interface NewEvent {
  runId: string;
  eventType: EventType;
  stepKey?: string | null;
  level?: LogLevel;
  message?: string;
  payload?: Record<string, unknown>;
}

/** Postgres text cannot hold NUL characters; step code may log anything. */
function storable(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

/** Inserts the event and its wake-up hint in one statement; returns the event's cursor. */
export async function appendEvent(executor: Executor, event: NewEvent): Promise<number> {
  const [row] = await queryRows<{ id: string }>(
    executor,
    sql`with inserted as (
          insert into run_events (run_id, event_type, step_key, level, message, payload)
          values (${event.runId}, ${event.eventType}, ${event.stepKey ?? null}, ${event.level ?? 'INFO'},
                  ${storable(event.message ?? '')}, ${JSON.stringify(event.payload ?? {}, (_key, value: unknown) => (typeof value === 'string' ? storable(value) : value))}::jsonb)
          returning id, run_id
        )
        select id, pg_notify(${CHANNEL}, json_build_object('topic', 'event', 'runId', run_id, 'eventId', id, 'status', null)::text)
        from inserted`,
  );
  return Number(row!.id);
}
