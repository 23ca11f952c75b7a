// The launch request of one backfill run: the backfill's job (or asset subset of `__ASSET_JOB`), its run
// config, its tags plus `dagster/backfill` and `dagster/partition` (Dagster's tags, which queue limits such
// as a per-backfill applyLimitPerUniqueValue count).
import type { ExecutionParams } from '../runs/plan-run.js';
import { TAGS } from '../runs/vocabulary.js';

export function backfillRunParams(
  target: { jobName: string; assetSelection: readonly string[] | null },
  backfill: { id: string; tags: Record<string, string>; runConfig: unknown },
  partitionKey: string,
): ExecutionParams {
  const tags = { ...backfill.tags, [TAGS.backfill]: backfill.id, [TAGS.partition]: partitionKey };
  return {
    selector: { jobName: target.jobName, assetSelection: target.assetSelection?.map((key) => ({ path: [key] })) ?? null },
    executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    runConfigData: backfill.runConfig,
  };
}
