// Deleting a run removes it with its tags, events and (already released) claims. Only finished runs may
// be deleted: deleting a queued or running run would leave a worker or the queue acting on nothing.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { RunDeletionFailure, RunNotFoundError } from './errors.js';
import { isRunId } from './run-record.js';
import { TERMINAL_STATUSES } from './vocabulary.js';

export async function deleteRun(db: Db, runId: string): Promise<void> {
  if (!isRunId(runId)) throw new RunNotFoundError(runId);
  const [row] = await queryRows<{ status: string; deleted: boolean }>(
    db,
    sql`with target as (select id, status from runs where id = ${runId} for update),
             deleted as (
               delete from runs where id in (select id from target where status = any(${sql.param([...TERMINAL_STATUSES])}::text[]))
               returning id
             )
        select status, exists(select 1 from deleted) as deleted from target`,
  );
  if (!row) throw new RunNotFoundError(runId);
  if (!row.deleted) {
    throw new RunDeletionFailure(runId, `Run ${runId} is ${row.status}; only finished runs can be deleted (terminate it first).`);
  }
}
