CREATE TABLE "concurrency_claims" (
	"seq" bigserial NOT NULL,
	"concurrency_key" text NOT NULL,
	"run_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	CONSTRAINT "concurrency_claims_concurrency_key_run_id_step_key_pk" PRIMARY KEY("concurrency_key","run_id","step_key"),
	CONSTRAINT "concurrency_claims_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "concurrency_limits" (
	"concurrency_key" text PRIMARY KEY NOT NULL,
	"limit" integer NOT NULL,
	"using_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daemon_heartbeats" (
	"daemon_type" text NOT NULL,
	"daemon_id" text NOT NULL,
	"interval_seconds" integer NOT NULL,
	"last_heartbeat" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "daemon_heartbeats_daemon_type_daemon_id_pk" PRIMARY KEY("daemon_type","daemon_id")
);
--> statement-breakpoint
CREATE TABLE "run_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"run_status" text,
	"step_key" text,
	"level" text DEFAULT 'INFO' NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_tags" (
	"run_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "run_tags_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "runs_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_name" text NOT NULL,
	"repository_name" text NOT NULL,
	"location_name" text NOT NULL,
	"status" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"step_keys_to_execute" jsonb,
	"asset_selection" jsonb,
	"all_pools" text[] DEFAULT '{}'::text[] NOT NULL,
	"root_pools" text[] DEFAULT '{}'::text[] NOT NULL,
	"has_unconstrained_root_nodes" boolean DEFAULT true NOT NULL,
	"queue_bucket" text,
	"worker_id" text,
	"lease_expires_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"start_time" timestamp with time zone,
	"end_time" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "runs_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_heartbeat" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "concurrency_claims" ADD CONSTRAINT "concurrency_claims_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_tags" ADD CONSTRAINT "run_tags_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concurrency_claims_waiting_idx" ON "concurrency_claims" USING btree ("concurrency_key","priority" DESC NULLS LAST,"seq") WHERE claimed_at is null;--> statement-breakpoint
CREATE INDEX "concurrency_claims_run_idx" ON "concurrency_claims" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "run_events_run_id_idx" ON "run_events" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "run_events_status_changes_idx" ON "run_events" USING btree ("id") WHERE run_status is not null;--> statement-breakpoint
CREATE INDEX "run_tags_key_value_idx" ON "run_tags" USING btree ("key","value","run_id");--> statement-breakpoint
CREATE INDEX "runs_status_seq_idx" ON "runs" USING btree ("status","seq");--> statement-breakpoint
CREATE INDEX "runs_job_name_seq_idx" ON "runs" USING btree ("job_name","seq");--> statement-breakpoint
CREATE INDEX "runs_created_at_idx" ON "runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "runs_updated_at_idx" ON "runs" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "runs_queued_bucket_order_idx" ON "runs" USING btree ("queue_bucket","priority" DESC NULLS LAST,"seq") WHERE status = 'QUEUED';--> statement-breakpoint
CREATE INDEX "runs_queued_order_idx" ON "runs" USING btree ("priority" DESC NULLS LAST,"seq") WHERE status = 'QUEUED';--> statement-breakpoint
CREATE INDEX "runs_in_progress_idx" ON "runs" USING btree ("status") WHERE status in ('STARTING', 'STARTED', 'CANCELING');