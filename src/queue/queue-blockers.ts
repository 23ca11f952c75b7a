// "Why is my run queued?" (SPEC §7): everything that holds a queued run now, each with its limit, the
// count in use, the runs holding it and a sentence. The dequeue is eager (it runs on every launch, run
// end and limit change), so a queued run with no blocker is one the next pass — milliseconds away —
// will start.
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Executor } from '../db/database.js';
import { DAEMON_TYPES } from '../daemon/daemon-types.js';
import { daemonStatuses } from '../daemon/heartbeats.js';
import type { RunRecord } from '../runs/run-record.js';
import { loadRunLimits } from './dequeue.js';
import type { QueueBlocker, RunLimits } from './run-limits.js';

/** What one request needs to explain many runs: read once, reused for every run it lists. */
export interface QueueSnapshot {
  limits: RunLimits;
  coordinatorHealthy: boolean;
}

export async function queueSnapshot(executor: Executor, config: InstanceConfig): Promise<QueueSnapshot> {
  const [limits, [coordinator]] = await Promise.all([
    loadRunLimits(executor, config),
    daemonStatuses(executor, [DAEMON_TYPES.queuedRunCoordinator], [DAEMON_TYPES.queuedRunCoordinator]),
  ]);
  return { limits, coordinatorHealthy: coordinator?.healthy === true };
}

export function queueBlockers(run: RunRecord, snapshot: QueueSnapshot): QueueBlocker[] {
  if (run.status !== 'QUEUED') return [];
  const blockers = snapshot.limits.blockers(run.tags);
  if (!snapshot.coordinatorHealthy) {
    blockers.unshift({
      kind: 'COORDINATOR_DOWN',
      key: null,
      value: null,
      limit: null,
      inUse: null,
      runIds: [],
      message:
        'No run coordinator has sent a heartbeat recently, so nothing is being dequeued: start `tidepool serve` or `tidepool daemon`.',
    });
  }
  return blockers;
}

/** 1-based place of a queued run among queued runs in dequeue order (priority, then creation). */
export async function queuePosition(executor: Executor, run: RunRecord): Promise<number | null> {
  if (run.status !== 'QUEUED') return null;
  const [row] = await queryRows<{ ahead: number }>(
    executor,
    sql`select count(*)::int as ahead from runs
        where status = 'QUEUED'
          and (priority > ${run.priority} or (priority = ${run.priority} and seq < ${run.seq}))`,
  );
  return (row?.ahead ?? 0) + 1;
}
