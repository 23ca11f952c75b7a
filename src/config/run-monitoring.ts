// `run_monitoring`: Dagster's keys, Tidepool's worker lease, and the Dagster keys its monitor does differently.
import type { Mapping } from './config-node.js';
import { RUN_MONITORING_DAGSTER_ONLY } from './dagster-only-keys.js';
import { DEFAULT_INSTANCE_CONFIG as DEFAULTS, type InstanceConfig } from './instance-config.js';

export function readRunMonitoring(top: Mapping): InstanceConfig['runMonitoring'] {
  const monitoring = top.section(
    'run_monitoring',
    ['enabled', 'start_timeout_seconds', 'cancel_timeout_seconds', 'worker_lease_seconds', 'free_slots_after_run_end_seconds'],
    RUN_MONITORING_DAGSTER_ONLY,
  );
  const timeout = (key: string, fallback: number) => monitoring.get(key)?.int(1) ?? fallback;
  // Checked but not kept: Tidepool frees a run's slots in the transaction that ends the run (SPEC §4), so
  // "free them at most this many seconds after the run ended" holds for every value, 0 included (which in
  // Dagster means never). Keeping the number would suggest a knob that changes nothing.
  monitoring.get('free_slots_after_run_end_seconds')?.int(0);
  return {
    enabled: monitoring.get('enabled')?.bool() ?? DEFAULTS.runMonitoring.enabled,
    startTimeoutSeconds: timeout('start_timeout_seconds', DEFAULTS.runMonitoring.startTimeoutSeconds),
    cancelTimeoutSeconds: timeout('cancel_timeout_seconds', DEFAULTS.runMonitoring.cancelTimeoutSeconds),
    workerLeaseSeconds: timeout('worker_lease_seconds', DEFAULTS.runMonitoring.workerLeaseSeconds),
  };
}
