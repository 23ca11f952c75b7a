// An instance is one deployment: the instance config plus one database. Every process (API server,
// daemon, worker, CLI command) opens one and closes it when done.
import { loadInstanceConfig, type InstanceConfig, type Settings } from '../config/index.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';

export interface Instance {
  readonly settings: Settings;
  readonly config: InstanceConfig;
  readonly database: Database;
  close(): Promise<void>;
}

export interface OpenInstanceOptions {
  /** Apply pending migrations first (servers, daemons and workers do; read-only commands don't). */
  migrate: boolean;
  maxConnections?: number;
  applicationName?: string;
  /** An already-loaded config (tests, embedding); otherwise settings.configFile is read. */
  config?: InstanceConfig;
}

export async function openInstance(settings: Settings, options: OpenInstanceOptions): Promise<Instance> {
  // Config first: a bad config must stop startup before anything touches the database.
  const config = options.config ?? (await loadInstanceConfig(settings.configFile));
  const database = await openDatabase({
    databaseUrl: settings.databaseUrl,
    home: settings.home,
    migrate: options.migrate,
    maxConnections: options.maxConnections,
    applicationName: options.applicationName,
    api: {
      readConnections: config.api.databaseConnections,
      // Mutations are short and rate-limited; half the read connections is plenty to keep them off reads.
      writeConnections: Math.max(2, Math.ceil(config.api.databaseConnections / 2)),
      statementTimeoutMs: config.api.statementTimeoutSeconds * 1000,
    },
  });
  return { settings, config, database, close: () => database.close() };
}
