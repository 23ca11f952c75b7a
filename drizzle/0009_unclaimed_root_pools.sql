ALTER TABLE "tidepool"."runs" ADD COLUMN "unclaimed_root_pools" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Runs not yet started have asked for nothing; runs already started at upgrade keep the old accounting
-- (their root steps' claims, if any, count instead).
UPDATE "tidepool"."runs" SET "unclaimed_root_pools" = "root_pools" WHERE "status" IN ('QUEUED', 'STARTING');
