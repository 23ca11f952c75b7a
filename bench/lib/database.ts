// A database per benchmark, copied from the migrated template the tests use (a file copy, ~50 ms), and
// Tidepool instances opened on it. Each Instance has its own pg pool, as separate processes would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInstanceConfig, resolveSettings, type Clock } from '../../src/config/index.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { openInstance, type Instance } from '../../src/instance/instance.js';
import { createTestDatabase, ensureTemplate, type TestDatabase } from '../../test/support/postgres.js';

/** The engine test definitions: `quick_job` is one op without a pool. */
export const ENGINE_FIXTURE = fileURLToPath(new URL('../../test/fixtures/engine/index.ts', import.meta.url));

export interface BenchDatabase {
  name: string;
  url: string;
  /** Opens an instance on this database with the given instance config YAML; closed by `drop`. */
  openInstance(configYaml: string, applicationName: string, options?: { maxConnections?: number; clock?: Clock }): Promise<Instance>;
  /** Closes every instance opened on it, then drops the database. */
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  await ensureTemplate();
  const database: TestDatabase = await createTestDatabase();
  // resolveSettings looks for ./tidepool.yaml in its cwd; an empty folder of our own keeps that out.
  const home = await mkdtemp(join(tmpdir(), 'tidepool-bench-'));
  const instances: Instance[] = [];
  return {
    name: database.name,
    url: database.url,
    async openInstance(configYaml, applicationName, options = {}) {
      const settings = resolveSettings({}, { DATABASE_URL: database.url, TIDEPOOL_HOME: home }, home);
      const config = parseInstanceConfig(configYaml, null);
      const instance = await openInstance(settings, { migrate: false, config, applicationName, ...options });
      instances.push(instance);
      return instance;
    },
    async drop() {
      for (const instance of instances.splice(0)) await instance.close().catch(() => undefined);
      await database.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

let engineLocation: Promise<LoadedDefinitions> | null = null;

export function loadEngineFixture(): Promise<LoadedDefinitions> {
  engineLocation ??= loadDefinitions(ENGINE_FIXTURE);
  return engineLocation;
}
