// Workers take STARTING runs. Invariant: a run is started (STARTED) by exactly one worker. The SELECT
// locks the rows it picks with FOR UPDATE SKIP LOCKED, so concurrent workers pick disjoint runs without
// waiting on each other, and the transition re-checks `status = 'STARTING'` under that lock, so a run
// that was canceled in the meantime is not started.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { getRuns, type RunRecord } from '../runs/run-record.js';
import { transitionRuns } from '../runs/transition.js';

/** Claims up to `limit` STARTING runs for the worker; returns them as STARTED (in claim order). */

export async function claimStartingRuns(db: Db, worker: { id: string; leaseSeconds: number }, limit: number): Promise<RunRecord[]> {
  if (limit <= 0) return [];
  return db.transaction(async (tx) => {
    const picked = await queryRows<{ id: string }>(
      tx,
      sql`select id from runs where status = 'STARTING' order by seq limit ${limit} for update skip locked`,
    );
    const started = await transitionRuns(
      tx,
      picked.map((row) => row.id),
      { from: ['STARTING'], to: 'STARTED', message: `Run started on worker ${worker.id}.`, worker, payload: { workerId: worker.id } },
    );
    return getRuns(
      tx,
      started.map((run) => run.runId),
    );
  });
}
