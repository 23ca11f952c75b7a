// Freeing slots by hand (Dagster's freeConcurrencySlotsForRun / freeConcurrencySlots): deletes a run's
// claims, held or waiting, or those of one of its steps. One transaction: the run row is locked first (so
// this never interleaves with the run's own transitions), the claims are deleted, the run gets an
// ENGINE_EVENT saying what was freed and by whom, one audit entry, and each pool gets a hint so its waiters
// are served. A step still waiting whose claim was freed asks again (slot-gate.ts), at the back of the line.
// Freeing nothing changes nothing: no event, no audit entry.
import { sql } from 'drizzle-orm';
import { describeActor, type Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import { queryRows, type Db } from '../db/database.js';
import { notify } from '../db/notifier.js';
import { appendEvent } from '../runs/append-event.js';
import { RunNotFoundError } from '../runs/errors.js';
import { lockRun } from '../runs/run-record.js';

export interface FreedClaim {
  concurrencyKey: string;
  stepKey: string;
  /** True when the claim held a slot; false when the step was still waiting. */
  held: boolean;
}

/** Frees every slot and waiting claim of the run. */
export function freeConcurrencySlotsForRun(db: Db, runId: string, actor: Actor): Promise<FreedClaim[]> {
  return freeConcurrencySlots(db, runId, null, actor);
}

/** Frees the slots and waiting claims of one step of the run, or of the whole run without `stepKey`. */
export async function freeConcurrencySlots(db: Db, runId: string, stepKey: string | null, actor: Actor): Promise<FreedClaim[]> {
  return db.transaction(async (tx) => {
    if (!(await lockRun(tx, runId))) throw new RunNotFoundError(runId);
    const rows = await queryRows<{ concurrency_key: string; step_key: string; held: boolean }>(
      tx,
      sql`with freed as (
            delete from concurrency_claims
            where run_id = ${runId} and (${stepKey}::text is null or step_key = ${stepKey}::text)
            returning concurrency_key, step_key, claimed_at is not null as held
          )
          select * from freed order by concurrency_key collate "C", step_key collate "C"`,
    );
    const freed = rows.map((row) => ({ concurrencyKey: row.concurrency_key, stepKey: row.step_key, held: row.held }));
    if (freed.length === 0) return freed;
    await recordAudit(tx, { actor, action: 'concurrency_slots.free', target: `run:${runId}`, after: { stepKey, freed } });
    await appendEvent(tx, {
      runId,
      eventType: 'ENGINE_EVENT',
      stepKey,
      message: `Concurrency slots were freed by ${describeActor(actor)}: ${freed
        .map((claim) => `step "${claim.stepKey}" in pool "${claim.concurrencyKey}" (${claim.held ? 'held a slot' : 'was waiting'})`)
        .join(', ')}.`,
      payload: { freedConcurrencySlots: freed },
    });
    for (const key of new Set(freed.map((claim) => claim.concurrencyKey))) await notify(tx, { topic: 'pool', key });
    return freed;
  });
}
