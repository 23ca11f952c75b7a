CREATE TABLE "tidepool"."captured_log_chunks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"stream" text NOT NULL,
	"byte_offset" bigint NOT NULL,
	"data" text NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tidepool"."code_locations" (
	"name" text PRIMARY KEY NOT NULL,
	"generation" bigint DEFAULT 0 NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tidepool"."job_snapshots" (
	"snapshot_id" text PRIMARY KEY NOT NULL,
	"job_name" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tidepool"."run_retries" (
	"failed_run_id" uuid PRIMARY KEY NOT NULL,
	"retry_run_id" uuid,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tidepool"."step_outputs" (
	"run_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"output_name" text DEFAULT 'result' NOT NULL,
	"value" jsonb,
	"is_undefined" boolean DEFAULT false NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "step_outputs_run_id_step_key_output_name_pk" PRIMARY KEY("run_id","step_key","output_name")
);
--> statement-breakpoint
ALTER TABLE "tidepool"."runs" ADD COLUMN "snapshot_id" text;--> statement-breakpoint
ALTER TABLE "tidepool"."captured_log_chunks" ADD CONSTRAINT "captured_log_chunks_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "tidepool"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tidepool"."run_retries" ADD CONSTRAINT "run_retries_failed_run_id_runs_id_fk" FOREIGN KEY ("failed_run_id") REFERENCES "tidepool"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tidepool"."step_outputs" ADD CONSTRAINT "step_outputs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "tidepool"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "captured_log_chunks_stream_offset_idx" ON "tidepool"."captured_log_chunks" USING btree ("run_id","file_key","stream","byte_offset");--> statement-breakpoint
CREATE INDEX "run_events_asset_events_idx" ON "tidepool"."run_events" USING btree ("event_type",("payload" -> 'assetKey'),"id") WHERE event_type in ('ASSET_MATERIALIZATION', 'ASSET_OBSERVATION');