// The run monitor daemon: sweeps for stuck runs and dead workers (see monitor-sweep.ts), and rolls up the
// run count deltas (runs/run-count-counters.ts) so that counts read few pending rows.
import type { Instance } from '../instance/instance.js';
import { logger } from '../log/index.js';
import { recording } from '../metrics/instruments.js';
import { rollUpRunCounts } from '../runs/run-count-counters.js';
import { DAEMON_TYPES } from './daemon-types.js';
import { DaemonLoop } from './loop.js';
import { sweepRuns } from './monitor-sweep.js';

/** Sweeps often enough to catch an expired lease within about half a lease, at most every 5 s. */
export function monitorIntervalMs(instance: Instance): number {
  return Math.min(5_000, Math.max(250, (instance.config.runMonitoring.workerLeaseSeconds * 1000) / 2));
}

export function createMonitor(instance: Instance): DaemonLoop {
  const log = logger().child({ daemon: DAEMON_TYPES.monitoring });
  return new DaemonLoop({
    db: instance.database.db,
    daemonType: DAEMON_TYPES.monitoring,
    intervalMs: monitorIntervalMs(instance),
    tick: async () => {
      const result = await sweepRuns(instance.database.db, instance.config);
      await rollUpRunCounts(instance.database.db);
      for (const { runId, action, status, workerId } of result?.ended ?? []) {
        log.warn({ runId, action, status, workerId }, 'the monitor ended a run nobody would end');
      }
      // Counted after the sweep's transaction committed: only runs that really ended.
      const metrics = recording();
      if (!result || !metrics) return;
      metrics.monitorActions.inc({ action: 'start_timeout' }, result.startTimeouts);
      metrics.monitorActions.inc({ action: 'cancel_timeout' }, result.cancelTimeouts);
      metrics.monitorActions.inc({ action: 'lease_expired' }, result.expiredLeases);
      metrics.leaseExpiries.inc(result.expiredLeases);
    },
  });
}
