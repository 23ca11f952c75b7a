// Test instances: a real Postgres database of their own, a config given as YAML, a running server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInstanceConfig, resolveSettings, type Clock } from '../../src/config/index.js';
import type { LocationSource } from '../../src/definitions/index.js';
import { openInstance, type Instance } from '../../src/instance/instance.js';
import { buildServer, type TidepoolServer } from '../../src/server/build-server.js';
import type { Health } from '../../src/server/health.js';
import type { SubscriptionHub } from '../../src/subscriptions/hub.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export interface TestInstance {
  instance: Instance;
  testDatabase: TestDatabase;
  cleanup(): Promise<void>;
}

/** A clock a test moves by hand (schedules, sensors and partitions read `instance.clock`). */
export interface ManualClock extends Clock {
  set(at: Date | string): void;
}

export function manualClock(start: Date | string): ManualClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set(at) {
      now = new Date(at);
    },
  };
}

export async function createTestInstance(options: { configYaml?: string; clock?: Clock } = {}): Promise<TestInstance> {
  const testDatabase = await createTestDatabase();
  const home = await mkdtemp(join(tmpdir(), 'tidepool-test-'));
  const settings = resolveSettings({}, { DATABASE_URL: testDatabase.url, TIDEPOOL_HOME: home }, home);
  const config = parseInstanceConfig(options.configYaml ?? '', null);
  const instance = await openInstance(settings, { migrate: false, config, clock: options.clock, applicationName: 'tidepool:test' });
  return {
    instance,
    testDatabase,
    async cleanup() {
      await instance.close();
      await testDatabase.drop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export interface TestServer {
  url: string;
  wsUrl: string;
  server: TidepoolServer;
  /** The hub feeding the server's subscriptions (the server's own unless one was given). */
  hub: SubscriptionHub;
}

export interface TestServerOptions {
  /** A hub to use (e.g. fed by an engine's notifier); otherwise the server makes its own. */
  hub?: SubscriptionHub;
  /** `tidepool serve --read-only`. */
  readOnly?: boolean;
  /** The built console to serve at / (the package's console/dist by default). */
  consoleDir?: string;
  /** Health checks answered at /healthz and /readyz. */
  health?: Health;
}

export async function startTestServer(
  instance: Instance,
  location: LocationSource | null = null,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const server = buildServer({ instance, location, port: 0, host: '127.0.0.1', ...options });
  const { url } = await server.start();
  return { url, wsUrl: url.replace(/^http/, 'ws'), server, hub: server.hub };
}
