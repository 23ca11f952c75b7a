-- Tidepool's objects move into a schema of their own (src/db/own-schema.ts), so that Tidepool can share a
-- database with an application's tables. Migrations 0000-0005 name tables bare: on a new database they
-- run with search_path = tidepool and create everything here already, and this migration finds nothing
-- to move. A database made by an earlier version has them in public: move them, with their indexes,
-- constraints and identity sequences (ALTER TABLE … SET SCHEMA takes those along), and the one function.
-- (0000 and 0004 named the referenced tables of their foreign keys "public"."runs" and "public"."backfills";
-- those are bare names now, so that a new database's tables refer to each other here. Databases that ran
-- them before have the references already, and move with them.)
-- The migration history moved before this ran (carryOverHistory in src/db/migrate.ts: drizzle reads the
-- history before it runs any migration).
CREATE SCHEMA IF NOT EXISTS "tidepool";--> statement-breakpoint
DO $$
DECLARE
  table_name text;
BEGIN
  IF to_regclass('tidepool.runs') IS NOT NULL THEN
    RETURN;
  END IF;
  FOREACH table_name IN ARRAY ARRAY[
    'runs', 'run_tags', 'run_events', 'concurrency_limits', 'concurrency_claims', 'daemon_heartbeats',
    'workers', 'api_tokens', 'audit_log', 'instigator_states', 'instigator_ticks', 'instigator_run_keys',
    'backfills', 'backfill_partitions'
  ] LOOP
    EXECUTE format('ALTER TABLE public.%I SET SCHEMA tidepool', table_name);
  END LOOP;
  ALTER FUNCTION public.tidepool_queue_bucket(jsonb, text[], text[], text[], boolean) SET SCHEMA tidepool;
END
$$;
