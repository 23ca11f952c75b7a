// An instance is one deployment: the instance config plus one database. Every process (API server,
// daemon, worker, CLI command) opens one and closes it when done.
import { formatConfigWarning, loadConfigFile, type Clock, type InstanceConfig, type Settings } from '../config/index.js';
import { apiConnections } from '../db/api-pool.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { logger } from '../log/index.js';
import { enableMetrics } from '../metrics/instruments.js';
import { releaseRunClaims } from '../pools/release-run-claims.js';
import { installRunEndStep } from '../runs/transition.js';

export interface Instance {
  readonly settings: Settings;
  readonly config: InstanceConfig;
  readonly database: Database;
  /** Now, for schedules, sensors and partitions (settings.clock unless the opener injects one). */
  readonly clock: Clock;
  close(): Promise<void>;
}

export interface OpenInstanceOptions {
  /** Apply pending migrations first (servers, daemons and workers do; read-only commands don't). */
  migrate: boolean;
  maxConnections?: number;
  applicationName?: string;
  /** A one-shot command: on PGlite, other openers wait a few seconds for it instead of refusing at once. */
  brief?: boolean;
  /**
   * An already-loaded config (tests, embedding); otherwise settings.configFile is read, and the database it
   * names is used unless DATABASE_URL names one.
   */
  config?: InstanceConfig;
  clock?: Clock;
}

export async function openInstance(settings: Settings, options: OpenInstanceOptions): Promise<Instance> {
  // Composition: a run that ends releases its pool claims in the ending transaction (runs/transition.ts
  // runs the step; pools/ owns it).
  installRunEndStep(releaseRunClaims);
  // Config first: a bad config must stop startup before anything touches the database.
  const loaded = options.config
    ? { config: options.config, database: null, warnings: [] }
    : await loadConfigFile(settings.configFile, settings.env);
  const { config } = loaded;
  // Dagster keys that Tidepool accepts but does differently: one line each, in the process that loaded them.
  for (const warning of loaded.warnings) {
    logger().warn({ configFile: warning.file, configKey: warning.key }, formatConfigWarning(warning));
  }
  // Before the database opens, so that its Postgres pools are reported from their first connection. A
  // one-shot command serves no /metrics, so it records none: its collectors would be pure start-up cost.
  if (config.metrics.enabled && !options.brief) enableMetrics();
  const database = await openDatabase({
    // DATABASE_URL wins over the file's storage block: flag, then variable, then file, as for every setting.
    databaseUrl: settings.databaseUrl ?? loaded.database?.url ?? null,
    home: settings.home,
    migrate: options.migrate,
    maxConnections: options.maxConnections,
    applicationName: options.applicationName,
    brief: options.brief,
    api: apiConnections(config.api),
  });
  return { settings, config, database, clock: options.clock ?? settings.clock, close: () => database.close() };
}
