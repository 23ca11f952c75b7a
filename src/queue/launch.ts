// Launching: plan every requested run, then create all the valid ones in one transaction. With the
// queued run coordinator runs enter QUEUED, in their queue bucket, and the coordinators are woken by the
// RUN_ENQUEUED hint; with DefaultRunCoordinator they skip the queue and go straight to STARTING.
import { sql } from 'drizzle-orm';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { ensureDefaultLimitRows } from '../pools/pool-limits.js';
import { createRuns } from '../runs/create-runs.js';
import { planRun, type ExecutionParams } from '../runs/plan-run.js';
import { bucketExpression } from './queue-buckets.js';
import { limitKeysOf } from './run-limits.js';

export type LaunchResult = { ok: true; runId: string } | { ok: false; error: Error };

export async function launchRuns(
  instance: Instance,
  location: LoadedDefinitions,
  requests: ExecutionParams[],
): Promise<LaunchResult[]> {
  const planned = requests.map((params) => {
    try {
      return { ok: true as const, run: planRun(location, params) };
    } catch (error) {
      return { ok: false as const, error: error as Error };
    }
  });
  const valid = planned.flatMap((p) => (p.ok ? [p.run] : []));
  const queued = instance.config.runCoordinator.class === 'QueuedRunCoordinator';
  const limitKeys = limitKeysOf(instance.config.concurrency.runs.tagConcurrencyLimits);
  // Nothing valid: answer with the errors without touching the database.
  const ids = valid.length === 0 ? [] : await instance.database.db.transaction(async (tx) => {
    const created = await createRuns(tx, valid, queued ? 'QUEUED' : 'STARTING');
    // concurrency.pools.default_limit applies to pools first seen in a run.
    await ensureDefaultLimitRows(tx, instance.config, [...new Set(valid.flatMap((run) => run.allPools))]);
    if (queued && created.length > 0) {
      await tx.execute(sql`update runs set queue_bucket = ${bucketExpression(limitKeys)} where id = any(${sql.param(created)}::uuid[])`);
    }
    return created;
  });
  let next = 0;
  return planned.map((p) => (p.ok ? { ok: true, runId: ids[next++]! } : { ok: false, error: p.error }));
}
