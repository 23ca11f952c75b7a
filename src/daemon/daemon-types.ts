// The daemon loops whose liveness `instance.daemonHealth` reports (Dagster's daemon type names).
import type { InstanceConfig } from '../config/index.js';

export const DAEMON_TYPES = {
  queuedRunCoordinator: 'QUEUED_RUN_COORDINATOR',
  monitoring: 'MONITORING',
  scheduler: 'SCHEDULER',
  sensor: 'SENSOR',
  backfill: 'BACKFILL',
  /** Run retries (src/daemon/run-retry-daemon.ts): Dagster runs them in its event log consumer daemon. */
  runRetries: 'EVENT_LOG_CONSUMER',
} as const;
export type DaemonType = (typeof DAEMON_TYPES)[keyof typeof DAEMON_TYPES];

/**
 * A heartbeat older than its interval plus this tolerance marks the daemon unhealthy. The tolerance
 * absorbs a slow loop iteration or a brief database hiccup without flapping.
 */
export const HEARTBEAT_TOLERANCE_SECONDS = 10;

/** The daemons this instance's config needs running. */
export function requiredDaemons(config: InstanceConfig): DaemonType[] {
  // As in Dagster, the scheduler, sensor and backfill daemons are always required: a definition may turn
  // a schedule or sensor on by default, and a backfill can be launched at any time.
  const required: DaemonType[] = [DAEMON_TYPES.monitoring, DAEMON_TYPES.scheduler, DAEMON_TYPES.sensor, DAEMON_TYPES.backfill];
  if (config.runCoordinator.class === 'QueuedRunCoordinator') required.unshift(DAEMON_TYPES.queuedRunCoordinator);
  if (config.runRetries.enabled) required.push(DAEMON_TYPES.runRetries);
  return required;
}
