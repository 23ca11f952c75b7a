// Launching: read every requested run's config (text is parsed off the main thread), plan every run,
// then create all the valid ones in one transaction. With the queued run coordinator runs enter QUEUED,
// in their queue bucket, and the coordinators are woken by the RUN_ENQUEUED hint; with
// DefaultRunCoordinator they skip the queue and go straight to STARTING.
import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/database.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { ensureDefaultLimitRows } from '../pools/pool-limits.js';
import { createRuns, type NewRun } from '../runs/create-runs.js';
import { getRuns, type RunRecord } from '../runs/run-record.js';
import { planRun, type ExecutionParams } from '../runs/plan-run.js';
import { readRunConfig } from '../runs/run-config-input.js';
import { bucketExpression } from './queue-buckets.js';
import { limitKeysOf } from './run-limits.js';

/** A launched run comes back as stored when its launch committed (so callers need not read it again). */
export type LaunchResult = { ok: true; runId: string; run: RunRecord } | { ok: false; error: Error };

export interface LaunchOptions {
  /** Who launches (the API's client), so that clients take turns at parsing run config text. */
  client?: string;
  /**
   * The handle the launch transaction runs on: the API passes its own (`database.api`, whose mutations take
   * the write lane), so that launches from clients never queue for the engine's connections.
   * Default: the engine's handle, for the CLI and the SDK.
   */
  database?: Db;
}

export type PlannedLaunch = { ok: true; run: NewRun } | { ok: false; error: Error };

/** Reads every request's config and plans its run; writes nothing. */
export async function planLaunches(
  instance: Instance,
  location: LoadedDefinitions,
  requests: ExecutionParams[],
  client = '',
): Promise<PlannedLaunch[]> {
  const readings = await Promise.all(requests.map((params) => readRunConfig(params.runConfigData, instance.config.api, client)));
  const now = instance.clock.now();
  return requests.map((params, index) => {
    try {
      return { ok: true as const, run: planRun(location, params, readings[index]!, now) };
    } catch (error) {
      return { ok: false as const, error: error as Error };
    }
  });
}

/**
 * Creates planned runs in the caller's transaction, as QUEUED in their queue bucket (or STARTING when the
 * queue is off), so that schedules, sensors and backfills commit their runs with their own bookkeeping.
 */
export async function insertPlannedRuns(tx: Executor, instance: Instance, planned: NewRun[]): Promise<RunRecord[]> {
  if (planned.length === 0) return [];
  const queued = instance.config.runCoordinator.class === 'QueuedRunCoordinator';
  const ids = await createRuns(tx, planned, queued ? 'QUEUED' : 'STARTING');
  // concurrency.pools.default_limit applies to pools first seen in a run.
  await ensureDefaultLimitRows(tx, instance.config, [...new Set(planned.flatMap((run) => run.allPools))]);
  if (queued) {
    const limitKeys = limitKeysOf(instance.config.concurrency.runs.tagConcurrencyLimits);
    await tx.execute(sql`update runs set queue_bucket = ${bucketExpression(limitKeys)} where id = any(${sql.param(ids)}::uuid[])`);
  }
  return getRuns(tx, ids);
}

export async function launchRuns(
  instance: Instance,
  location: LoadedDefinitions,
  requests: ExecutionParams[],
  options: LaunchOptions = {},
): Promise<LaunchResult[]> {
  const planned = await planLaunches(instance, location, requests, options.client);
  const valid = planned.flatMap((p) => (p.ok ? [p.run] : []));
  // Nothing valid: answer with the errors without touching the database.
  const created =
    valid.length === 0 ? [] : await (options.database ?? instance.database.db).transaction((tx) => insertPlannedRuns(tx, instance, valid));
  let next = 0;
  return planned.map((p) => {
    if (!p.ok) return { ok: false, error: p.error };
    const run = created[next++]!;
    return { ok: true, runId: run.id, run };
  });
}
