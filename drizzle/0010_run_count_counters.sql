CREATE TABLE "tidepool"."run_count_deltas" (
	"job_name" text NOT NULL,
	"tags" jsonb NOT NULL,
	"from_status" text,
	"to_status" text
);
--> statement-breakpoint
CREATE TABLE "tidepool"."run_counts" (
	"tag_key" text NOT NULL,
	"tag_value" text NOT NULL,
	"job_name" text NOT NULL,
	"status" text NOT NULL,
	"root" boolean NOT NULL,
	"runs" bigint NOT NULL,
	CONSTRAINT "run_counts_tag_key_tag_value_job_name_status_root_pk" PRIMARY KEY("tag_key","tag_value","job_name","status","root")
);
--> statement-breakpoint
CREATE INDEX "run_counts_empty_idx" ON "tidepool"."run_counts" USING btree ("tag_key") WHERE runs = 0;--> statement-breakpoint
-- Whether a run is a root run: not launched by a backfill (the runs feed's ROOTS view, excludeSubruns).
CREATE FUNCTION "tidepool"."tidepool_run_is_root"(run_tags jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT NOT ($1 ? 'dagster/backfill')
$$;
--> statement-breakpoint
-- The count buckets a run is in (see src/runs/run-count-counters.ts): the bucket of every run ('' tag) and
-- one per tag, each with the run's job, status and whether it is a root run. One definition, used by the
-- roll-up and the rebuild alike.
CREATE FUNCTION "tidepool"."tidepool_run_count_buckets"(run_job_name text, run_status text, run_tags jsonb)
RETURNS TABLE (tag_key text, tag_value text, job_name text, status text, root boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT b.key, b.value, $1, $2, "tidepool"."tidepool_run_is_root"($3)
  FROM (SELECT '' AS key, '' AS value UNION ALL SELECT key, value FROM jsonb_each_text($3) WHERE key <> '') AS b
$$;
--> statement-breakpoint
-- Appends one change of a row of runs to run_count_deltas: one row whatever the run's tags (the roll-up
-- spreads it over the buckets), two when the job or tags changed (the run leaves its old buckets and
-- enters the new ones).
CREATE FUNCTION "tidepool"."tidepool_count_run_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "tidepool"."run_count_deltas" (job_name, tags, from_status, to_status) VALUES (NEW.job_name, NEW.tags, NULL, NEW.status);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "tidepool"."run_count_deltas" (job_name, tags, from_status, to_status) VALUES (OLD.job_name, OLD.tags, OLD.status, NULL);
  ELSIF OLD.job_name = NEW.job_name AND OLD.tags = NEW.tags THEN
    INSERT INTO "tidepool"."run_count_deltas" (job_name, tags, from_status, to_status) VALUES (NEW.job_name, NEW.tags, OLD.status, NEW.status);
  ELSE
    INSERT INTO "tidepool"."run_count_deltas" (job_name, tags, from_status, to_status) VALUES (OLD.job_name, OLD.tags, OLD.status, NULL), (NEW.job_name, NEW.tags, NULL, NEW.status);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recomputes every count from runs (the backfill below; after a bulk load that bypassed the triggers).
CREATE FUNCTION "tidepool"."tidepool_rebuild_run_counts"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "tidepool"."run_count_deltas";
  DELETE FROM "tidepool"."run_counts";
  INSERT INTO "tidepool"."run_counts" (tag_key, tag_value, job_name, status, root, runs)
  SELECT b.tag_key, b.tag_value, b.job_name, b.status, b.root, count(*)
  FROM "tidepool"."runs" AS r CROSS JOIN LATERAL "tidepool"."tidepool_run_count_buckets"(r.job_name, r.status, r.tags) AS b
  GROUP BY b.tag_key, b.tag_value, b.job_name, b.status, b.root;
$$;
--> statement-breakpoint
-- AFTER, so that a row an insert skips (on conflict do nothing) is not counted; the update trigger fires only
-- for changes of what a bucket is made of (not leases, queue buckets or times).
CREATE TRIGGER "runs_count_insert" AFTER INSERT ON "tidepool"."runs"
  FOR EACH ROW EXECUTE FUNCTION "tidepool"."tidepool_count_run_change"();
--> statement-breakpoint
CREATE TRIGGER "runs_count_update" AFTER UPDATE ON "tidepool"."runs" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.tags IS DISTINCT FROM NEW.tags OR OLD.job_name IS DISTINCT FROM NEW.job_name)
  EXECUTE FUNCTION "tidepool"."tidepool_count_run_change"();
--> statement-breakpoint
CREATE TRIGGER "runs_count_delete" AFTER DELETE ON "tidepool"."runs"
  FOR EACH ROW EXECUTE FUNCTION "tidepool"."tidepool_count_run_change"();
--> statement-breakpoint
CREATE FUNCTION "tidepool"."tidepool_clear_run_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "tidepool"."run_count_deltas";
  DELETE FROM "tidepool"."run_counts";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "runs_count_truncate" AFTER TRUNCATE ON "tidepool"."runs"
  FOR EACH STATEMENT EXECUTE FUNCTION "tidepool"."tidepool_clear_run_counts"();
--> statement-breakpoint
-- The runs already stored (an upgraded database). The migration's transaction holds the triggers' lock on
-- runs from their creation on, so no run changes between the triggers and this count.
SELECT "tidepool"."tidepool_rebuild_run_counts"();
