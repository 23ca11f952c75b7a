DROP INDEX "runs_queued_order_idx";--> statement-breakpoint
DROP INDEX "concurrency_claims_waiting_idx";--> statement-breakpoint
DROP INDEX "runs_queued_bucket_order_idx";--> statement-breakpoint
CREATE INDEX "concurrency_claims_waiting_idx" ON "concurrency_claims" USING btree ("concurrency_key","priority" DESC NULLS FIRST,"seq") WHERE claimed_at is null;--> statement-breakpoint
CREATE INDEX "runs_queued_bucket_order_idx" ON "runs" USING btree ("queue_bucket","priority" DESC NULLS FIRST,"seq") WHERE status = 'QUEUED';