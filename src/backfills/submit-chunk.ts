// One step of the backfill daemon on one backfill, in one transaction.
//
// Invariant: a partition is submitted at most once per attempt. The backfill's row is locked
// (FOR UPDATE SKIP LOCKED: another daemon working on it is skipped, never waited for) before its pending
// partitions are read, and the chunk's runs are created and written into backfill_partitions.run_id in that
// same transaction; so two daemons never submit the same partition, and a daemon killed mid-chunk leaves
// nothing behind: its transaction rolls back and the next step submits the same chunk again.
//
// At most `backfills.submit_chunk_size` runs per transaction, so a large backfill is submitted progressively
// (each chunk commits on its own) and the daemon can take turns between backfills (backfill-pass.ts). Runs
// enter the queue like any other launch (insertPlannedRuns), so every queue limit applies to them.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/database.js';
import { backfillPartitions, backfills } from '../db/schema.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { insertPlannedRuns, planLaunches } from '../queue/launch.js';
import type { NewRun } from '../runs/create-runs.js';
import { toBackfillRecord, type BackfillRecord } from './backfill-record.js';
import { targetOfStored } from './backfill-target.js';
import { backfillRunParams } from './run-params.js';
import { settleBackfill } from './settle-backfill.js';
import { ACTIVE_BACKFILL_STATUSES } from './vocabulary.js';

/** Submits the backfill's next chunk, or ends it when nothing is left to submit; returns the runs submitted. */
export async function advanceBackfill(instance: Instance, location: LoadedDefinitions, backfillId: string): Promise<number> {
  return instance.database.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(backfills)
      .where(and(eq(backfills.id, backfillId), inArray(backfills.status, [...ACTIVE_BACKFILL_STATUSES])))
      .for('update', { skipLocked: true });
    if (row === undefined) return 0;
    const backfill = toBackfillRecord(row);
    // CANCELING: no new submissions; it ends once its runs have.
    if (backfill.status === 'CANCELING') {
      await settleBackfill(tx, backfill);
      return 0;
    }

    const pending = await tx
      .select({ ordinal: backfillPartitions.ordinal, partitionKey: backfillPartitions.partitionKey })
      .from(backfillPartitions)
      .where(and(eq(backfillPartitions.backfillId, backfillId), isNull(backfillPartitions.runId)))
      .orderBy(asc(backfillPartitions.ordinal))
      .limit(instance.config.backfills.submitChunkSize);
    if (pending.length === 0) {
      await settleBackfill(tx, backfill);
      return 0;
    }
    return submitChunk(tx, instance, location, backfill, pending);
  });
}

async function submitChunk(
  tx: Executor,
  instance: Instance,
  location: LoadedDefinitions,
  backfill: BackfillRecord,
  pending: { ordinal: number; partitionKey: string }[],
): Promise<number> {
  const planned = await planChunk(instance, location, backfill, pending);
  if (!planned.ok) return failBackfill(tx, backfill, planned.error);
  const created = await insertPlannedRuns(tx, instance, planned.runs);
  const assigned = await queryRows<{ ordinal: number }>(
    tx,
    sql`update backfill_partitions bp set run_id = v.run_id
          from unnest(${sql.param(pending.map((p) => p.ordinal))}::int[], ${sql.param(created.map((run) => run.id))}::uuid[]) as v(ordinal, run_id)
         where bp.backfill_id = ${backfill.id} and bp.ordinal = v.ordinal and bp.run_id is null
        returning bp.ordinal`,
  );
  // The row lock makes this impossible; if it ever happened, rolling back is the only safe answer.
  if (assigned.length !== pending.length) {
    throw new Error(`Backfill ${backfill.id}: ${assigned.length} of ${pending.length} partitions took their run; rolling the chunk back.`);
  }
  // Last served goes to the back of the turn order (backfill-pass.ts).
  await tx
    .update(backfills)
    .set({ updatedAt: sql`now()` })
    .where(eq(backfills.id, backfill.id));
  return created.length;
}

/** The chunk's runs, or the first reason one cannot be planned. */
async function planChunk(
  instance: Instance,
  location: LoadedDefinitions,
  backfill: BackfillRecord,
  pending: { partitionKey: string }[],
): Promise<{ ok: true; runs: NewRun[] } | { ok: false; error: Error }> {
  let target;
  try {
    // Resolved again for every chunk: the definitions may have changed since the launch.
    target = targetOfStored(location, backfill);
  } catch (error) {
    return { ok: false, error: error as Error };
  }
  const plans = await planLaunches(
    instance,
    location,
    pending.map((partition) => backfillRunParams(target, backfill, partition.partitionKey)),
  );
  const runs: NewRun[] = [];
  for (const plan of plans) {
    if (!plan.ok) return plan;
    runs.push(plan.run);
  }
  return { ok: true, runs };
}

/** A run of the backfill cannot be planned (its job or partitions changed): it fails with the reason. */
async function failBackfill(tx: Executor, backfill: BackfillRecord, error: Error): Promise<number> {
  await tx
    .update(backfills)
    .set({ status: 'FAILED', error: `${error.name}: ${error.message}`, endedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(backfills.id, backfill.id));
  return 0;
}
