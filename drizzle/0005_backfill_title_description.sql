ALTER TABLE "backfills" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "backfills" ADD COLUMN "description" text;