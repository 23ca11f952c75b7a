// A stored run, as the engine and the API read it.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';
import type { RunStatus } from './vocabulary.js';

export type RunRecord = Omit<typeof runs.$inferSelect, 'status'> & { status: RunStatus };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Run ids are UUIDs; anything else can name no run (and must not reach Postgres as a uuid cast). */
export function isRunId(value: string): boolean {
  return UUID.test(value);
}

export async function getRun(executor: Executor, runId: string): Promise<RunRecord | null> {
  if (!isRunId(runId)) return null;
  const [row] = await executor.select().from(runs).where(eq(runs.id, runId));
  return (row as RunRecord | undefined) ?? null;
}

/** Reads a run and locks its row until the transaction ends, so its status cannot change meanwhile. */
export async function lockRun(executor: Executor, runId: string): Promise<RunRecord | null> {
  if (!isRunId(runId)) return null;
  const [row] = await executor.select().from(runs).where(eq(runs.id, runId)).for('update');
  return (row as RunRecord | undefined) ?? null;
}
