ALTER TABLE "tidepool"."runs" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_idempotency_key_idx" ON "tidepool"."runs" USING btree ("idempotency_key");