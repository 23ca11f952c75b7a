// Tidepool's own `metrics` section (Dagster has none): whether the process keeps Prometheus metrics and
// serves them at /metrics (src/metrics, src/server/metrics-route.ts). On by default: recording costs less
// than 3% of throughput (bench/metrics), and an operator who cannot see the queue cannot run it.
import type { Mapping } from './config-node.js';

export interface MetricsSettings {
  metrics: { enabled: boolean };
}

export const METRICS_SECTION = 'metrics';

export const DEFAULT_METRICS_SETTINGS: MetricsSettings = { metrics: { enabled: true } };

export function readMetricsSettings(top: Mapping): MetricsSettings {
  const metrics = top.section(METRICS_SECTION, ['enabled']);
  return { metrics: { enabled: metrics.get('enabled')?.bool() ?? DEFAULT_METRICS_SETTINGS.metrics.enabled } };
}

/** The section as the effective config shows it. */
export function metricsSettingsToYaml(settings: MetricsSettings): Record<string, unknown> {
  return { [METRICS_SECTION]: { enabled: settings.metrics.enabled } };
}
