// Bulk setup for the dequeue benchmarks: N queued runs in one statement instead of N launches. The
// runs are copies of one run launched the normal way (launchRuns), so every column, its tag rows and its
// RUN_ENQUEUED event look exactly like a launched run's; only the backfill tag value varies, and the
// queue bucket is computed by the same SQL (bucketExpression) that launchRuns uses.
import { sql } from 'drizzle-orm';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { launchRuns } from '../../src/queue/launch.js';
import { bucketExpression } from '../../src/queue/queue-buckets.js';
import { limitKeysOf } from '../../src/queue/run-limits.js';

export interface BlockedRuns {
  tagKey: string;
  /** Distinct tag values, i.e. blocked queue buckets (the same for every N). */
  values: number;
  count: number;
}

export async function insertQueuedRuns(instance: Instance, location: LoadedDefinitions, blocked: BlockedRuns): Promise<void> {
  const [template] = await launchRuns(instance, location, [
    {
      selector: { jobName: 'quick_job' },
      executionMetadata: { tags: [{ key: blocked.tagKey, value: 'bench-0' }] },
    },
  ]);
  if (!template?.ok) throw template?.error ?? new Error('The template run was not launched.');
  if (blocked.count <= 1) return;
  const limitKeys = limitKeysOf(instance.config.concurrency.runs.tagConcurrencyLimits);
  await instance.database.db.transaction(async (tx) => {
    // The copies reference rows that exist by construction; skipping the per-row foreign-key triggers
    // (200k checks at N=100k) is what makes this bulk load take seconds instead of tens of seconds.
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`
      with copies as (
        select gen_random_uuid() as id, t.job_name, t.repository_name, t.location_name, t.priority,
               t.tags || jsonb_build_object(${blocked.tagKey}::text, 'bench-' || (g.i % ${blocked.values})) as tags,
               t.run_config, t.step_keys_to_execute, t.asset_selection, t.all_pools, t.root_pools,
               t.has_unconstrained_root_nodes
        from runs t cross join generate_series(1, ${blocked.count - 1}) as g(i)
        where t.id = ${template.runId}
        order by g.i
      ), fresh as (
        insert into runs (id, job_name, repository_name, location_name, status, priority, tags, run_config,
                          step_keys_to_execute, asset_selection, all_pools, root_pools, has_unconstrained_root_nodes,
                          queue_bucket)
        select id, job_name, repository_name, location_name, 'QUEUED', priority, tags, run_config,
               step_keys_to_execute, asset_selection, all_pools, root_pools, has_unconstrained_root_nodes,
               ${bucketExpression(limitKeys)}
        from copies
        returning id, tags
      ), tag_rows as (
        insert into run_tags (run_id, key, value)
        select fresh.id, tag.key, tag.value from fresh cross join jsonb_each_text(fresh.tags) as tag
      )
      insert into run_events (run_id, event_type, run_status, level, message, payload)
      select fresh.id, e.event_type, e.run_status, e.level, e.message, e.payload
      from fresh cross join (select * from run_events where run_id = ${template.runId} and run_status = 'QUEUED') as e
    `);
  });
}

/** What autovacuum would have done by the time a real queue held this many runs. */
export async function vacuumAnalyze(instance: Instance): Promise<void> {
  for (const table of ['runs', 'run_tags', 'run_events']) {
    await instance.database.db.execute(sql.raw(`vacuum analyze ${table}`));
  }
}
