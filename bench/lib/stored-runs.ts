// A run history for read benchmarks: N stored runs written in a few set-based statements instead of N
// launches. Every run is a copy of one run launched the normal way (launchRuns: same job, repository,
// location, config, pools), with its own status, tags, times and a few events; its queue bucket is
// computed by the same SQL function the engine uses (tidepool_queue_bucket).
//
// What the history looks like (deterministic in the run's number i, so every setup is the same):
//  - statuses: SUCCESS 80%, FAILURE 12%, CANCELED 5%, QUEUED 2%, STARTED 1%; with `ended: true` the
//    QUEUED and STARTED ones are SUCCESS instead (83%), for a history beside a running engine, whose
//    coordinator would dequeue the queued runs and whose monitor would fail the started ones;
//  - tags: team=team-0..19 (every run), env=prod/staging/dev (60/30/10%), customer=customer-0..4999
//    (every run: a rare value, 1 run in 5,000), dagster/schedule_name=schedule-0..199 (40% of runs),
//    dagster/backfill=bf-0..99 (3%);
//  - created one minute apart, oldest first (seq follows creation), started 5 s and ended 65 s later;
//  - events: RUN_ENQUEUED, then for runs past the queue RUN_START, then the terminal event.
// Large loads drop the secondary indexes of runs, run_tags and run_events first and rebuild them from
// their own definitions afterwards (a sorted build is much faster than a million random insertions),
// and skip the foreign-key triggers (the rows reference runs that exist by construction) and the run
// counters' triggers (the counts are rebuilt from the loaded runs at the end).
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../src/db/database.js';
import type { LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { launchRuns } from '../../src/queue/launch.js';
import { limitKeysOf } from '../../src/queue/run-limits.js';
import { now } from './clock.js';

export const HISTORY_SHAPE = {
  statuses: { SUCCESS: 0.8, FAILURE: 0.12, CANCELED: 0.05, QUEUED: 0.02, STARTED: 0.01 },
  teams: 20,
  customers: 5_000,
  schedules: 200,
  backfills: 100,
  envs: ['prod', 'staging', 'dev'],
} as const;

/** Above this many runs the secondary indexes are dropped during the load and rebuilt after it. */
const REBUILD_INDEXES_ABOVE = 50_000;
const TABLES = ['runs', 'run_tags', 'run_events'];

export interface StoredRunsSetup {
  count: number;
  insertMs: number;
  /** The insert's statements one by one (runs, run_tags, run_events). */
  stepsMs: Record<string, number>;
  indexMs: number;
  vacuumAnalyzeMs: number;
  rows: { runs: number; runTags: number; runEvents: number };
}

export async function insertStoredRuns(
  instance: Instance,
  location: LoadedDefinitions,
  count: number,
  options: { ended?: boolean } = {},
): Promise<StoredRunsSetup> {
  const { db } = instance.database;
  const [template] = await launchRuns(instance, location, [{ selector: { jobName: 'quick_job' } }]);
  if (!template?.ok) throw template?.error ?? new Error('The template run was not launched.');
  const limitKeys = limitKeysOf(instance.config.concurrency.runs.tagConcurrencyLimits);
  const rebuild = count > REBUILD_INDEXES_ABOVE;

  let indexMs = 0;
  const stepsMs: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const start = now();
    await fn();
    stepsMs[name] = Math.round(now() - start);
  };
  const insertStart = now();
  const indexes = await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    const dropped = rebuild ? await dropSecondaryIndexes(tx) : [];
    // h(i, salt): a well-spread non-negative integer of the run's number, the source of every choice.
    await step('runs', () =>
      tx.execute(sql`
      with g as (
        select i,
               abs(hashint4(i)) % 1000 as status_pick,
               abs(hashint4(i + 1 * ${count})) as h1, abs(hashint4(i + 2 * ${count})) as h2,
               abs(hashint4(i + 3 * ${count})) as h3, abs(hashint4(i + 4 * ${count})) as h4,
               abs(hashint4(i + 5 * ${count})) as h5,
               now() - make_interval(mins => ${count} - i) as created
        from generate_series(1, ${count}) as g(i)
      ), shaped as (
        select i, created,
               case when status_pick < 800 then 'SUCCESS' when status_pick < 920 then 'FAILURE' when status_pick < 970 then 'CANCELED'
                    when ${options.ended === true}::boolean then 'SUCCESS' when status_pick < 990 then 'QUEUED' else 'STARTED' end as status,
               jsonb_strip_nulls(jsonb_build_object(
                 'team', 'team-' || (h1 % ${HISTORY_SHAPE.teams}),
                 'env', case when h2 % 10 < 6 then 'prod' when h2 % 10 < 9 then 'staging' else 'dev' end,
                 'customer', 'customer-' || (h3 % ${HISTORY_SHAPE.customers}),
                 -- Whether a run has the tag and which value it has come from different digits of the hash.
                 'dagster/schedule_name', case when h4 % 10 < 4 then 'schedule-' || ((h4 / 10) % ${HISTORY_SHAPE.schedules}) end,
                 'dagster/backfill', case when h5 % 100 < 3 then 'bf-' || ((h5 / 100) % ${HISTORY_SHAPE.backfills}) end
               )) as tags
        from g
      )
      insert into runs (id, job_name, repository_name, location_name, status, priority, tags, run_config,
                        step_keys_to_execute, asset_selection, all_pools, root_pools, has_unconstrained_root_nodes,
                        queue_bucket, status_changed_at, start_time, end_time, created_at, updated_at)
      select gen_random_uuid(), t.job_name, t.repository_name, t.location_name, s.status, 0, s.tags, t.run_config,
             t.step_keys_to_execute, t.asset_selection, t.all_pools, t.root_pools, t.has_unconstrained_root_nodes,
             tidepool_queue_bucket(s.tags, ${sql.param(limitKeys)}::text[], t.root_pools, t.all_pools, t.has_unconstrained_root_nodes),
             s.created + case when s.status = 'QUEUED' then interval '0' when s.status = 'STARTED' then interval '5 seconds' else interval '65 seconds' end,
             case when s.status <> 'QUEUED' then s.created + interval '5 seconds' end,
             case when s.status in ('SUCCESS', 'FAILURE', 'CANCELED') then s.created + interval '65 seconds' end,
             s.created,
             s.created + case when s.status = 'QUEUED' then interval '0' when s.status = 'STARTED' then interval '5 seconds' else interval '65 seconds' end
      from shaped s cross join runs t
      where t.id = ${template.runId}
      order by s.i
    `),
    );
    // The foreign-key triggers are off, so the template's rows are deleted by hand, not by cascade.
    for (const table of ['run_events', 'run_tags'])
      await tx.execute(sql`delete from ${sql.identifier(table)} where run_id = ${template.runId}`);
    await tx.execute(sql`delete from runs where id = ${template.runId}`);
    await step('run_tags', () =>
      tx.execute(
        sql`insert into run_tags (run_id, key, value) select r.id, tag.key, tag.value from runs r cross join jsonb_each_text(r.tags) as tag`,
      ),
    );
    await step('run_events', () =>
      tx.execute(sql`
      insert into run_events (run_id, event_type, run_status, level, message, payload, created_at)
      select r.id, e.event_type, e.run_status, e.level, e.message, jsonb_build_object('toStatus', e.run_status), e.at
      from runs r cross join lateral (values
        (1, 'RUN_ENQUEUED', 'QUEUED', 'INFO', 'Run was added to the queue.', r.created_at),
        (2, 'RUN_START', 'STARTED', 'INFO', 'Run started on worker bench.', r.start_time),
        (3, case r.status when 'SUCCESS' then 'RUN_SUCCESS' when 'FAILURE' then 'RUN_FAILURE' else 'RUN_CANCELED' end,
            r.status, case r.status when 'FAILURE' then 'ERROR' else 'INFO' end, 'Run ended.', r.end_time)
      ) as e(n, event_type, run_status, level, message, at)
      where e.at is not null
      order by r.seq, e.n
    `),
    );
    // The triggers that keep the run counters were off with the rest: count the loaded runs once.
    await step('run_counts', () => tx.execute(sql`select tidepool_rebuild_run_counts()`));
    if (dropped.length > 0) {
      const indexStart = now();
      await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
      for (const definition of dropped) await tx.execute(sql.raw(definition));
      indexMs = now() - indexStart;
    }
    return dropped;
  });
  const insertMs = now() - insertStart - indexMs;
  void indexes;

  const vacuumStart = now();
  for (const table of [...TABLES, 'run_counts']) await db.execute(sql.raw(`vacuum analyze ${table}`));
  const vacuumAnalyzeMs = now() - vacuumStart;

  const [rows] = await queryRows<{ runs: number; run_tags: number; run_events: number }>(
    db,
    sql`select (select count(*) from runs)::int as runs, (select count(*) from run_tags)::int as run_tags,
               (select count(*) from run_events)::int as run_events`,
  );
  return {
    count,
    insertMs,
    stepsMs,
    indexMs,
    vacuumAnalyzeMs,
    rows: { runs: rows!.runs, runTags: rows!.run_tags, runEvents: rows!.run_events },
  };
}

/** Drops the indexes of the run tables that back no constraint; returns their CREATE statements. */
async function dropSecondaryIndexes(tx: Tx): Promise<string[]> {
  const indexes = await queryRows<{ name: string; definition: string }>(
    tx,
    sql`select i.indexname as name, i.indexdef as definition
        from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = any(${sql.param(TABLES)}::text[])
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const index of indexes) await tx.execute(sql.raw(`drop index "${index.name}"`));
  return indexes.map((index) => index.definition);
}
