export { ConfigError, SettingsError } from './errors.js';
export {
  DEFAULT_INSTANCE_CONFIG,
  POOL_GRANULARITIES,
  RUN_COORDINATOR_CLASSES,
  type ApiLimits,
  type InstanceConfig,
  type PoolGranularity,
  type RunCoordinatorClass,
  type TagConcurrencyLimit,
} from './instance-config.js';
export { loadConfigFile, loadInstanceConfig, parseConfigFile, parseInstanceConfig, type LoadedConfig } from './load.js';
export { formatConfigWarning, type ConfigWarning } from './config-warning.js';
export { instanceConfigToYaml } from './effective-yaml.js';
export { resolveSettings, type Settings, type SettingsFlags } from './settings.js';
export { acceleratedClock, systemClock, type Clock } from './clock.js';
