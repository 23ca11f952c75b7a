// Resuming a FAILED or CANCELED backfill (Dagster's resumePartitionBackfill): in one audited transaction,
// every partition whose run failed, was canceled or was deleted goes back to pending (run_id null) and the
// backfill to REQUESTED, for the daemon to submit those partitions again. Succeeded partitions keep their
// run, and so do unfinished ones (a partition never has two unfinished runs).
import { sql } from 'drizzle-orm';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import { queryRows, type Db } from '../db/database.js';
import { lockBackfill } from './backfill-record.js';
import { BackfillNotFoundError, BackfillStatusError } from './errors.js';
import { RESUMABLE_BACKFILL_STATUSES } from './vocabulary.js';

export async function resumeBackfill(db: Db, backfillId: string, actor: Actor): Promise<{ partitionsReset: number }> {
  return db.transaction(async (tx) => {
    const backfill = await lockBackfill(tx, backfillId);
    if (backfill === null) throw new BackfillNotFoundError(backfillId);
    if (!(RESUMABLE_BACKFILL_STATUSES as readonly string[]).includes(backfill.status)) {
      throw new BackfillStatusError(
        backfillId,
        `Backfill ${backfillId} is ${backfill.status}; only a FAILED or CANCELED backfill can be resumed.`,
      );
    }
    const reset = await queryRows<{ ordinal: number }>(
      tx,
      sql`update backfill_partitions bp set run_id = null
           where bp.backfill_id = ${backfillId} and bp.run_id is not null
             and not exists (select 1 from runs r where r.id = bp.run_id and r.status not in ('FAILURE', 'CANCELED'))
          returning bp.ordinal`,
    );
    await tx.execute(
      sql`update backfills set status = 'REQUESTED', error = null, ended_at = null, updated_at = now() where id = ${backfillId}`,
    );
    await recordAudit(tx, {
      actor,
      action: 'backfill.resume',
      target: `backfill:${backfillId}`,
      before: { status: backfill.status },
      after: { status: 'REQUESTED', partitionsReset: reset.length },
    });
    return { partitionsReset: reset.length };
  });
}
