// Adds tags to an existing run, in the caller's transaction: the `runs.tags` document and its `run_tags` rows
// change together (they mirror each other exactly), a key already present takes the new value. Used for the
// tags Dagster writes on a run after it ended (`dagster/will_retry`, `dagster/auto_retry_run_id`, by the run
// retry decision in src/queue/run-retries.ts).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';

export async function addRunTags(executor: Executor, runId: string, tags: Readonly<Record<string, string>>): Promise<void> {
  const entries = Object.entries(tags);
  if (entries.length === 0) return;
  await executor.execute(sql`update runs set tags = tags || ${JSON.stringify(tags)}::jsonb, updated_at = now() where id = ${runId}`);
  await executor.execute(
    sql`insert into run_tags (run_id, key, value)
        select ${runId}::uuid, key, value
        from unnest(${sql.param(entries.map(([key]) => key))}::text[], ${sql.param(entries.map(([, value]) => value))}::text[]) as t(key, value)
        on conflict (run_id, key) do update set value = excluded.value`,
  );
}
