// One pass of the backfill daemon: every active backfill, least recently served first, gets one step
// (a chunk submitted, or its end recorded). Backfills take turns chunk by chunk, so a 10,000-partition
// backfill does not hold back one launched after it; several daemons share the work through the row locks
// of submit-chunk.ts.
import { asc, inArray } from 'drizzle-orm';
import { backfills } from '../db/schema.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { advanceBackfill } from './submit-chunk.js';
import { ACTIVE_BACKFILL_STATUSES } from './vocabulary.js';

/** Returns how many runs the pass submitted (0: nothing is left to submit right now). */
export async function backfillPass(instance: Instance, location: LoadedDefinitions): Promise<number> {
  const active = await instance.database.db
    .select({ id: backfills.id })
    .from(backfills)
    .where(inArray(backfills.status, [...ACTIVE_BACKFILL_STATUSES]))
    .orderBy(asc(backfills.updatedAt), asc(backfills.id));
  let submitted = 0;
  for (const { id } of active) submitted += await advanceBackfill(instance, location, id);
  return submitted;
}
