// A backfill as stored, read whole (the row) by every backfill operation.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { backfills } from '../db/schema.js';
import type { BulkActionStatus } from './vocabulary.js';

export type BackfillRecord = Omit<typeof backfills.$inferSelect, 'status' | 'tags'> & {
  status: BulkActionStatus;
  tags: Record<string, string>;
};

export function toBackfillRecord(row: typeof backfills.$inferSelect): BackfillRecord {
  return { ...row, status: row.status as BulkActionStatus, tags: row.tags as Record<string, string> };
}

export async function getBackfill(executor: Executor, backfillId: string): Promise<BackfillRecord | null> {
  const [row] = await executor.select().from(backfills).where(eq(backfills.id, backfillId));
  return row ? toBackfillRecord(row) : null;
}

/** The backfill's row, locked until the caller's transaction ends (waits for a daemon's chunk to commit). */
export async function lockBackfill(executor: Executor, backfillId: string): Promise<BackfillRecord | null> {
  const [row] = await executor.select().from(backfills).where(eq(backfills.id, backfillId)).for('update');
  return row ? toBackfillRecord(row) : null;
}
