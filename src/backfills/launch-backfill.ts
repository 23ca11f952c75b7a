// Launching a backfill: check everything a run of it needs, then write the backfill and all its partitions
// (in submission order) in one transaction, REQUESTED, with its audit entry. No run is created here: the
// backfill daemon submits them a chunk at a time (submit-chunk.ts), so a launch of 10,000 partitions is one
// small write and a bad request writes nothing.
import { randomInt } from 'node:crypto';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { backfillPartitions, backfills } from '../db/schema.js';
import { InvalidSubsetError, PartitionRangeError, type LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { planLaunches } from '../queue/launch.js';
import { InvalidTagsError } from '../runs/errors.js';
import { checkTags } from '../runs/tags.js';
import { TAGS } from '../runs/vocabulary.js';
import type { BackfillTarget } from './backfill-target.js';
import { backfillRunParams } from './run-params.js';

/** Which partitions: a list, a range (both ends included), or all of them (at the instance clock's now). */
export type PartitionSelection =
  { partitionNames: readonly string[] } | { range: { start: string; end: string } } | { allPartitions: true };

export interface LaunchBackfillRequest {
  target: BackfillTarget;
  partitions: PartitionSelection;
  tags?: readonly { key: string; value: string }[];
  title?: string | null;
  description?: string | null;
}

// Rows per INSERT of partitions: four parameters each, well under Postgres's 65,535 per statement.
const PARTITION_INSERT_BATCH = 5_000;

/** Dagster's backfill ids: eight random lowercase letters. */
function newBackfillId(): string {
  return Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('');
}

/** The selected keys in partition order (a list keeps its order, duplicates dropped); every key must exist. */
function selectedKeys(target: BackfillTarget, selection: PartitionSelection, now: Date): string[] {
  const def = target.partitionsDef;
  if ('range' in selection) {
    try {
      return [...def.getPartitionKeysInRange(selection.range.start, selection.range.end, now)];
    } catch (error) {
      if (error instanceof PartitionRangeError) throw new InvalidSubsetError(error.message, target.job, error.keys);
      throw error;
    }
  }
  if ('allPartitions' in selection) return [...def.getPartitionKeys(now)];
  const keys = [...new Set(selection.partitionNames)];
  const unknown = keys.filter((key) => !def.hasPartitionKey(key, now));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).map((key) => JSON.stringify(key));
    throw new InvalidSubsetError(
      `${unknown.length} partition key(s) are not in the partition set ${target.partitionSetName}: ${shown.join(', ')}${unknown.length > 10 ? ', …' : ''}.`,
      target.job,
      unknown,
    );
  }
  return keys;
}

/** The backfill's own tags: valid run tags, without the two Tidepool sets on each of its runs. */
function backfillTags(tags: readonly { key: string; value: string }[]): Record<string, string> {
  const checked = checkTags(tags);
  for (const key of [TAGS.backfill, TAGS.partition]) {
    if (Object.hasOwn(checked, key)) throw new InvalidTagsError(`Tag key ${key} is set by the backfill on each of its runs.`, key);
  }
  // One key would make every partition's run the same run: a backfill's own launch is not idempotent by tag.
  if (Object.hasOwn(checked, TAGS.idempotencyKey)) {
    throw new InvalidTagsError(
      `Tag key ${TAGS.idempotencyKey} names the launch of one run; a backfill launches many.`,
      TAGS.idempotencyKey,
    );
  }
  return checked;
}

export async function launchBackfill(
  instance: Instance,
  location: LoadedDefinitions,
  request: LaunchBackfillRequest,
  actor: Actor,
  db: Db = instance.database.db,
): Promise<{ backfillId: string; numPartitions: number }> {
  const now = instance.clock.now();
  const keys = selectedKeys(request.target, request.partitions, now);
  if (keys.length === 0)
    throw new InvalidSubsetError(`The backfill selects no partitions of ${request.target.partitionSetName}.`, request.target.job);
  const tags = backfillTags(request.tags ?? []);
  const id = newBackfillId();
  // Plan one of its runs now: an error any run would hit (run config, tags) refuses the launch, not the daemon.
  const [probe] = await planLaunches(instance, location, [backfillRunParams(request.target, { id, tags, runConfig: {} }, keys[0]!)]);
  if (!probe!.ok) throw probe!.error;

  await db.transaction(async (tx) => {
    await tx.insert(backfills).values({
      id,
      status: 'REQUESTED',
      jobName: request.target.jobName,
      assetSelection: request.target.assetSelection,
      partitionSetName: request.target.partitionSetName,
      tags,
      runConfig: {},
      numPartitions: keys.length,
      title: request.title ?? null,
      description: request.description ?? null,
    });
    for (let start = 0; start < keys.length; start += PARTITION_INSERT_BATCH) {
      const batch = keys.slice(start, start + PARTITION_INSERT_BATCH);
      await tx.insert(backfillPartitions).values(batch.map((partitionKey, i) => ({ backfillId: id, ordinal: start + i, partitionKey })));
    }
    await recordAudit(tx, {
      actor,
      action: 'backfill.launch',
      target: `backfill:${id}`,
      after: {
        status: 'REQUESTED',
        jobName: request.target.jobName,
        assetSelection: request.target.assetSelection,
        numPartitions: keys.length,
        tags,
      },
    });
  });
  return { backfillId: id, numPartitions: keys.length };
}
