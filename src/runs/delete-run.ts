// Deleting a run removes it with its tags, events and (already released) claims. Only finished runs may
// be deleted: deleting a queued or running run would leave a worker or the queue acting on nothing. The
// deletion and its audit entry (the run's job and final status) commit together.
import { sql } from 'drizzle-orm';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import { queryRows, type Db } from '../db/database.js';
import { RunDeletionFailure, RunNotFoundError } from './errors.js';
import { isRunId } from './run-record.js';
import { TERMINAL_STATUSES } from './vocabulary.js';

export async function deleteRun(db: Db, runId: string, actor: Actor): Promise<void> {
  if (!isRunId(runId)) throw new RunNotFoundError(runId);
  await db.transaction(async (tx) => {
    const [row] = await queryRows<{ status: string; job_name: string; deleted: boolean }>(
      tx,
      sql`with target as (select id, status, job_name from runs where id = ${runId} for update),
               deleted as (
                 delete from runs where id in (select id from target where status = any(${sql.param([...TERMINAL_STATUSES])}::text[]))
                 returning id
               )
          select status, job_name, exists(select 1 from deleted) as deleted from target`,
    );
    if (!row) throw new RunNotFoundError(runId);
    if (!row.deleted) {
      throw new RunDeletionFailure(runId, `Run ${runId} is ${row.status}; only finished runs can be deleted (terminate it first).`);
    }
    await recordAudit(tx, { actor, action: 'run.delete', target: `run:${runId}`, before: { status: row.status, jobName: row.job_name } });
  });
}
