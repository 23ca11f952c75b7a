// Canceling a backfill: it goes CANCELING (one transaction, audited), so the daemon submits nothing more;
// then its unfinished runs are terminated (runs/terminate.ts, a batch per transaction, each run audited),
// and the backfill becomes CANCELED once none is left running (now, or by the daemon when the last one ends).
//
// The runs are read after the CANCELING commit, and the daemon submits only under the row lock of a
// REQUESTED backfill, so the list includes every run a chunk committed. Canceling a CANCELING backfill again
// terminates whatever is still cancelable (e.g. after the canceling process died midway).
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { safeTerminateRuns } from '../runs/terminate.js';
import { CANCELABLE_STATUSES } from '../runs/vocabulary.js';
import { lockBackfill } from './backfill-record.js';
import { BackfillNotFoundError, BackfillStatusError } from './errors.js';
import { settleBackfill } from './settle-backfill.js';
import type { BulkActionStatus } from './vocabulary.js';

// Runs terminated per transaction: a backfill may have thousands queued, and one transaction each would
// take seconds per thousand.
const TERMINATE_BATCH = 500;

export async function cancelBackfill(db: Db, backfillId: string, actor: Actor): Promise<BulkActionStatus> {
  await db.transaction(async (tx) => {
    const backfill = await lockBackfill(tx, backfillId);
    if (backfill === null) throw new BackfillNotFoundError(backfillId);
    if (backfill.status === 'CANCELING') return;
    if (backfill.status !== 'REQUESTED') {
      throw new BackfillStatusError(
        backfillId,
        `Backfill ${backfillId} is ${backfill.status}; only a backfill in progress can be canceled.`,
      );
    }
    await tx.execute(sql`update backfills set status = 'CANCELING', updated_at = now() where id = ${backfillId}`);
    await recordAudit(tx, {
      actor,
      action: 'backfill.cancel',
      target: `backfill:${backfillId}`,
      before: { status: backfill.status },
      after: { status: 'CANCELING' },
    });
  });
  const runIds = await cancelableRunIds(db, backfillId);
  for (let start = 0; start < runIds.length; start += TERMINATE_BATCH) {
    await safeTerminateRuns(db, runIds.slice(start, start + TERMINATE_BATCH), actor);
  }
  return db.transaction(async (tx) => settleBackfill(tx, (await lockBackfill(tx, backfillId))!));
}

async function cancelableRunIds(db: Db, backfillId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from backfill_partitions bp join runs r on r.id = bp.run_id
         where bp.backfill_id = ${backfillId} and r.status = any(${sql.param([...CANCELABLE_STATUSES])}::text[])
         order by bp.ordinal`,
  );
  return rows.map((row) => row.id);
}
