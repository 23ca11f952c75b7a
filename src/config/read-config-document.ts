// The whole config document: the InstanceConfig, the database the file names, and Dagster's keys that
// Tidepool accepts with a warning (dagster-only-keys.ts).
import type { ConfigNode } from './config-node.js';
import { TOP_LEVEL_DAGSTER_ONLY } from './dagster-only-keys.js';
import type { InstanceConfig } from './instance-config.js';
import { INSTANCE_CONFIG_SECTIONS, readInstanceConfig } from './read-instance-config.js';
import { readStorage, STORAGE_SECTIONS, type ConfigDatabase } from './storage-config.js';

export interface ConfigDocument {
  config: InstanceConfig;
  /** The database the file names (Dagster's storage blocks), or null. */
  database: ConfigDatabase | null;
}

export function readConfigDocument(root: ConfigNode): ConfigDocument {
  const top = root.mapping([...INSTANCE_CONFIG_SECTIONS, ...STORAGE_SECTIONS], TOP_LEVEL_DAGSTER_ONLY);
  return { config: readInstanceConfig(top), database: readStorage(top) };
}
