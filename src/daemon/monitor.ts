// The run monitor daemon: sweeps for stuck runs and dead workers (see monitor-sweep.ts).
import type { Instance } from '../instance/instance.js';
import { DAEMON_TYPES } from './daemon-types.js';
import { DaemonLoop } from './loop.js';
import { sweepRuns } from './monitor-sweep.js';

/** Sweeps often enough to catch an expired lease within about half a lease, at most every 5 s. */
export function monitorIntervalMs(instance: Instance): number {
  return Math.min(5_000, Math.max(250, (instance.config.runMonitoring.workerLeaseSeconds * 1000) / 2));
}

export function createMonitor(instance: Instance): DaemonLoop {
  return new DaemonLoop({
    db: instance.database.db,
    daemonType: DAEMON_TYPES.monitoring,
    intervalMs: monitorIntervalMs(instance),
    tick: async () => {
      await sweepRuns(instance.database.db, instance.config);
    },
  });
}
