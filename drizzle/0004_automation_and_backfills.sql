CREATE TABLE "backfill_partitions" (
	"backfill_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"partition_key" text NOT NULL,
	"run_id" uuid,
	CONSTRAINT "backfill_partitions_backfill_id_ordinal_pk" PRIMARY KEY("backfill_id","ordinal")
);
--> statement-breakpoint
CREATE TABLE "backfills" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"job_name" text NOT NULL,
	"asset_selection" text[],
	"partition_set_name" text NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"num_partitions" integer NOT NULL,
	"error" text,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instigator_run_keys" (
	"instigator_name" text NOT NULL,
	"run_key" text NOT NULL,
	"run_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instigator_run_keys_instigator_name_run_key_pk" PRIMARY KEY("instigator_name","run_key")
);
--> statement-breakpoint
CREATE TABLE "instigator_states" (
	"name" text PRIMARY KEY NOT NULL,
	"instigator_type" text NOT NULL,
	"status" text NOT NULL,
	"cursor" text,
	"last_tick_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instigator_ticks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instigator_name" text NOT NULL,
	"instigator_type" text NOT NULL,
	"tick_key" text NOT NULL,
	"status" text NOT NULL,
	"tick_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"claimed_by" text NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"run_ids" text[] DEFAULT '{}' NOT NULL,
	"run_keys" text[] DEFAULT '{}' NOT NULL,
	"skip_reason" text,
	"error" text,
	"cursor" text
);
--> statement-breakpoint
ALTER TABLE "backfill_partitions" ADD CONSTRAINT "backfill_partitions_backfill_id_backfills_id_fk" FOREIGN KEY ("backfill_id") REFERENCES "backfills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "backfill_partitions_key_idx" ON "backfill_partitions" USING btree ("backfill_id","partition_key");--> statement-breakpoint
CREATE INDEX "backfill_partitions_pending_idx" ON "backfill_partitions" USING btree ("backfill_id","ordinal") WHERE run_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "instigator_ticks_key_idx" ON "instigator_ticks" USING btree ("instigator_name","tick_key");--> statement-breakpoint
CREATE INDEX "instigator_ticks_history_idx" ON "instigator_ticks" USING btree ("instigator_name","id");--> statement-breakpoint
CREATE INDEX "instigator_ticks_started_idx" ON "instigator_ticks" USING btree ("lease_until") WHERE status = 'STARTED';