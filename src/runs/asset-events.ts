// An asset's events across runs (Dagster's Asset.assetMaterializations / assetObservations), newest first,
// and the materializations of runs (Run.assetMaterializations), read from run_events: the engine writes
// ASSET_MATERIALIZATION and ASSET_OBSERVATION with `payload.assetKey` (its path) and `payload.partition`.
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runEvents } from '../db/schema.js';
import { eventColumns, InvalidEventQueryError, type EventRecord } from './read-events.js';
import { isRunId } from './run-record.js';

export const DEFAULT_ASSET_EVENTS_LIMIT = 1000;
export const MAX_ASSET_EVENTS_LIMIT = 10_000;

export type AssetEventType = 'ASSET_MATERIALIZATION' | 'ASSET_OBSERVATION';

/** Dagster's filters of Asset.assetMaterializations / assetObservations. */
export interface AssetEventsFilter {
  /** Only events of these partitions. */
  partitions?: readonly string[] | null;
  /** Only events of the N partitions most recently recorded for the asset (Dagster's partitionInLast). */
  partitionInLast?: number | null;
  /** Milliseconds since the epoch, as a string (Dagster's shape). */
  beforeTimestampMillis?: string | null;
  afterTimestampMillis?: string | null;
  limit?: number | null;
}

/** Bad arguments of an asset's event query: an InvalidEventQueryError, so the API answers BAD_USER_INPUT. */
export class InvalidAssetEventsQueryError extends InvalidEventQueryError {}

function millis(value: string | null | undefined, argument: string): Date | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number))
    throw new InvalidAssetEventsQueryError(`${argument} must be a number of milliseconds, got ${JSON.stringify(value)}.`);
  return new Date(number);
}

function pageSize(limit: number | null | undefined): number {
  if (limit === null || limit === undefined) return DEFAULT_ASSET_EVENTS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ASSET_EVENTS_LIMIT)
    throw new InvalidAssetEventsQueryError(`limit must be an integer from 1 to ${MAX_ASSET_EVENTS_LIMIT}, got ${limit}.`);
  return limit;
}

/** The asset's events of that type, newest first, filtered as Dagster filters them. */
export async function readAssetEvents(
  executor: Executor,
  assetPath: readonly string[],
  eventType: AssetEventType,
  filter: AssetEventsFilter = {},
): Promise<EventRecord[]> {
  const limit = pageSize(filter.limit);
  const before = millis(filter.beforeTimestampMillis, 'beforeTimestampMillis');
  const after = millis(filter.afterTimestampMillis, 'afterTimestampMillis');
  if (
    filter.partitionInLast !== null &&
    filter.partitionInLast !== undefined &&
    (!Number.isInteger(filter.partitionInLast) || filter.partitionInLast < 1)
  )
    throw new InvalidAssetEventsQueryError(`partitionInLast must be a positive integer, got ${filter.partitionInLast}.`);
  const ofAsset = and(eq(runEvents.eventType, eventType), sql`${runEvents.payload} -> 'assetKey' = ${JSON.stringify(assetPath)}::jsonb`)!;
  const conditions: SQL[] = [ofAsset];
  if (before) conditions.push(lt(runEvents.createdAt, before));
  if (after) conditions.push(gt(runEvents.createdAt, after));
  if (filter.partitions) conditions.push(inArray(sql`${runEvents.payload} ->> 'partition'`, [...filter.partitions]));
  if (filter.partitionInLast) {
    const recent = executor
      .select({ partition: sql`${runEvents.payload} ->> 'partition'`.as('partition') })
      .from(runEvents)
      .where(and(ofAsset, sql`${runEvents.payload} ->> 'partition' is not null`))
      .groupBy(sql`${runEvents.payload} ->> 'partition'`)
      .orderBy(desc(sql`max(${runEvents.id})`))
      .limit(filter.partitionInLast);
    conditions.push(inArray(sql`${runEvents.payload} ->> 'partition'`, recent));
  }
  return (await executor
    .select(eventColumns)
    .from(runEvents)
    .where(and(...conditions))
    .orderBy(desc(runEvents.id))
    .limit(limit)) as EventRecord[];
}

/** Each run's ASSET_MATERIALIZATION events, oldest first, by run id (one query for all the runs). */
export async function runsMaterializations(executor: Executor, runIds: readonly string[]): Promise<Map<string, EventRecord[]>> {
  const ids = runIds.filter(isRunId);
  const byRun = new Map<string, EventRecord[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byRun;
  const rows = (await executor
    .select(eventColumns)
    .from(runEvents)
    .where(and(inArray(runEvents.runId, ids), eq(runEvents.eventType, 'ASSET_MATERIALIZATION')))
    .orderBy(asc(runEvents.id))) as EventRecord[];
  for (const row of rows) byRun.get(row.runId)?.push(row);
  return byRun;
}
