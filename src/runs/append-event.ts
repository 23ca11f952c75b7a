// Appends events that change no status (step events, log messages, engine events).
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { notifyHintSql } from '../db/notifier.js';
import type { EventType, LogLevel } from './vocabulary.js';

export interface NewEvent {
  runId: string;
  eventType: EventType;
  stepKey?: string | null;
  level?: LogLevel;
  message?: string;
  payload?: Record<string, unknown>;
  /**
   * When it happened, if earlier than its transaction (a worker writes events in batches: see
   * src/execution/run-journal.ts); by default the transaction's start, as for status events.
   */
  occurredAt?: Date;
}

/** Postgres text cannot hold NUL characters; step code may log anything. */
function storable(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

function storablePayload(payload: Record<string, unknown> | undefined): string {
  return JSON.stringify(payload ?? {}, (_key, value: unknown) => (typeof value === 'string' ? storable(value) : value));
}

/**
 * Inserts the events, each with its wake-up hint, in one statement; returns their cursors. Ids are
 * assigned in the order given (the insert reads the rows in ordinality order), so a run's events keep
 * the order they were written in.
 */
export async function appendEvents(executor: Executor, events: readonly NewEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const column = <T>(pick: (event: NewEvent) => T) => sql.param(events.map(pick));
  const rows = await queryRows<{ id: string }>(
    executor,
    sql`with inserted as (
          insert into run_events (run_id, event_type, step_key, level, message, payload, created_at)
          select run_id, event_type, step_key, level, message, payload::jsonb, coalesce(occurred_at, now())
          from unnest(${column((e) => e.runId)}::uuid[], ${column((e) => e.eventType)}::text[], ${column((e) => e.stepKey ?? null)}::text[],
                      ${column((e) => e.level ?? 'INFO')}::text[], ${column((e) => storable(e.message ?? ''))}::text[],
                      ${column((e) => storablePayload(e.payload))}::text[], ${column((e) => e.occurredAt?.toISOString() ?? null)}::timestamptz[])
               with ordinality as t(run_id, event_type, step_key, level, message, payload, occurred_at, ord)
          order by ord
          returning id, run_id
        )
        select id, ${notifyHintSql('event', { runId: sql`run_id`, eventId: sql`id`, status: sql`null` })}
        from inserted order by id`,
  );
  return rows.map((row) => Number(row.id));
}

/** Inserts one event and its wake-up hint; returns the event's cursor. */
export async function appendEvent(executor: Executor, event: NewEvent): Promise<number> {
  const [id] = await appendEvents(executor, [event]);
  return id!;
}
