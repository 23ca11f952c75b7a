// The latest run of each partition of a job (Dagster's PartitionSet.partitionStatusesOrError and
// partitionRuns): runs of the job by their `dagster/partition` tag, newest per partition. Reads `runs`
// (owned by src/runs) for the partitions views, which have no table of their own.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { TAGS, type RunStatus } from '../runs/vocabulary.js';
import type { PartitionStatus } from './read-backfills.js';

/** One entry per key, in the keys' order; a key without runs has a null run. */
export async function latestRunsByPartition(db: Db, jobName: string, keys: readonly string[]): Promise<PartitionStatus[]> {
  const rows = await queryRows<{
    partition_key: string;
    id: string;
    status: RunStatus;
    start_time: string | null;
    end_time: string | null;
  }>(
    db,
    sql`select distinct on (t.value) t.value as partition_key, r.id, r.status, r.start_time, r.end_time
          from run_tags t join runs r on r.id = t.run_id
         where t.key = ${TAGS.partition} and t.value = any(${sql.param([...keys])}::text[]) and r.job_name = ${jobName}
         order by t.value, r.seq desc`,
  );
  const byKey = new Map(rows.map((row) => [row.partition_key, row]));
  return keys.map((partitionKey) => {
    const row = byKey.get(partitionKey);
    return {
      partitionKey,
      runId: row?.id ?? null,
      runStatus: row?.status ?? null,
      startTime: row?.start_time ? new Date(row.start_time) : null,
      endTime: row?.end_time ? new Date(row.end_time) : null,
    };
  });
}
