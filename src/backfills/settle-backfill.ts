// Ending a backfill once its runs have: a REQUESTED backfill with every partition submitted and every run
// finished becomes COMPLETED (all succeeded) or FAILED (one did not, or its run was deleted); a CANCELING
// one with no run left unfinished becomes CANCELED. Runs in the caller's transaction, which holds the
// backfill's row lock, so the status read and the status written are the same.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { queryRows } from '../db/database.js';
import { TERMINAL_STATUSES } from '../runs/vocabulary.js';
import type { BackfillRecord } from './backfill-record.js';
import type { BulkActionStatus } from './vocabulary.js';

interface BackfillProgress {
  /** Partitions not submitted yet. */
  pending: number;
  /** Partitions whose run has not finished. */
  unfinished: number;
  /** Partitions whose run finished without success (or was deleted). */
  unsuccessful: number;
}

async function backfillProgress(executor: Executor, backfillId: string): Promise<BackfillProgress> {
  const [row] = await queryRows<{ pending: number; unfinished: number; unsuccessful: number }>(
    executor,
    sql`select count(*) filter (where bp.run_id is null)::int as pending,
               count(*) filter (where r.status is not null and r.status <> all(${sql.param([...TERMINAL_STATUSES])}::text[]))::int as unfinished,
               count(*) filter (where bp.run_id is not null and (r.status is null or r.status in ('FAILURE', 'CANCELED')))::int as unsuccessful
          from backfill_partitions bp left join runs r on r.id = bp.run_id
         where bp.backfill_id = ${backfillId}`,
  );
  return row!;
}

/** The status `backfill` ends in now, or null while it has work left. */
function settledStatus(backfill: BackfillRecord, progress: BackfillProgress): BulkActionStatus | null {
  if (backfill.status === 'CANCELING') return progress.unfinished === 0 ? 'CANCELED' : null;
  if (backfill.status !== 'REQUESTED' || progress.pending > 0 || progress.unfinished > 0) return null;
  return progress.unsuccessful > 0 ? 'FAILED' : 'COMPLETED';
}

/** Ends the locked `backfill` if its runs allow; returns its status afterwards. */
export async function settleBackfill(executor: Executor, backfill: BackfillRecord): Promise<BulkActionStatus> {
  const status = settledStatus(backfill, await backfillProgress(executor, backfill.id));
  if (status === null) return backfill.status;
  await executor.execute(sql`update backfills set status = ${status}, ended_at = now(), updated_at = now() where id = ${backfill.id}`);
  return status;
}
