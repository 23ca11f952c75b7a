// The queue's state for the metrics (metrics/database-gauges.ts), read in one go: pools and their slots,
// tag limits and their runs in progress, queued runs, runs by status. Each statement is the cheap form of
// its question (see pools/pool-counts.ts and runs/run-counts.ts); the tag limits are counted from the runs
// in progress exactly as the dequeue pass counts them (loadRunLimits), so the two always agree.
import type { InstanceConfig } from '../config/index.js';
import type { Db } from '../db/database.js';
import type { DatabaseState } from '../metrics/database-gauges.js';
import { poolCounts } from '../pools/pool-counts.js';
import { estimatedRunCounts, unfinishedRunCounts } from '../runs/run-counts.js';
import { loadRunLimits } from './dequeue.js';

export async function readQueueState(db: Db, config: InstanceConfig): Promise<DatabaseState> {
  const noTagLimits = config.concurrency.runs.tagConcurrencyLimits.length === 0;
  const [pools, limits, unfinished, estimated] = await Promise.all([
    poolCounts(db, config),
    noTagLimits ? null : loadRunLimits(db, config),
    unfinishedRunCounts(db),
    estimatedRunCounts(db),
  ]);
  return {
    pools,
    tagLimits: limits?.tagLimitUsage() ?? [],
    queuedRuns: unfinished.byStatus.QUEUED ?? 0,
    oldestQueuedSeconds: unfinished.oldestQueuedSeconds,
    unfinishedRuns: unfinished.byStatus,
    estimatedRuns: estimated,
  };
}
