// The instance config of schedules, sensors, backfills and tick retention, under Dagster's keys where
// Dagster has them (`schedules.max_catchup_runs`, `retention.<schedule|sensor>.purge_after_days`).
import type { ConfigNode, Mapping } from './config-node.js';
import { BACKFILLS_DAGSTER_ONLY, DAEMON_THREADS_DAGSTER_ONLY } from './dagster-only-keys.js';
import { DEFAULT_INSTANCE_CONFIG as DEFAULTS, type AutomationSettings, type TickRetention } from './instance-config.js';

export const AUTOMATION_SECTIONS = ['schedules', 'sensors', 'backfills', 'retention'] as const;

export function readAutomationSettings(top: Mapping): AutomationSettings {
  const schedules = top.section('schedules', ['max_catchup_runs', 'tick_lease_seconds'], DAEMON_THREADS_DAGSTER_ONLY);
  const sensors = top.section('sensors', ['tick_lease_seconds'], DAEMON_THREADS_DAGSTER_ONLY);
  const backfills = top.section('backfills', ['submit_chunk_size'], BACKFILLS_DAGSTER_ONLY);
  const retention = top.section('retention', ['schedule', 'sensor']);
  return {
    schedules: {
      maxCatchupRuns: schedules.get('max_catchup_runs')?.int(1, 10_000) ?? DEFAULTS.schedules.maxCatchupRuns,
      tickLeaseSeconds: schedules.get('tick_lease_seconds')?.int(1) ?? DEFAULTS.schedules.tickLeaseSeconds,
    },
    sensors: { tickLeaseSeconds: sensors.get('tick_lease_seconds')?.int(1) ?? DEFAULTS.sensors.tickLeaseSeconds },
    backfills: { submitChunkSize: backfills.get('submit_chunk_size')?.int(1, 10_000) ?? DEFAULTS.backfills.submitChunkSize },
    retention: {
      schedule: readRetention(retention.section('schedule', ['purge_after_days']).get('purge_after_days'), DEFAULTS.retention.schedule),
      sensor: readRetention(retention.section('sensor', ['purge_after_days']).get('purge_after_days'), DEFAULTS.retention.sensor),
    },
  };
}

/** `purge_after_days`: one number of days for every tick, or one per status; -1 keeps ticks forever. */
function readRetention(node: ConfigNode | undefined, fallback: TickRetention): TickRetention {
  if (node === undefined) return fallback;
  if (typeof node.value === 'number' || node.isEnvReference) {
    const days = node.int(-1);
    return { success: days, skipped: days, failure: days };
  }
  const byStatus = node.mapping(['success', 'skipped', 'failure']);
  const days = (key: keyof TickRetention) => byStatus.get(key)?.int(-1) ?? fallback[key];
  return { success: days('success'), skipped: days('skipped'), failure: days('failure') };
}
