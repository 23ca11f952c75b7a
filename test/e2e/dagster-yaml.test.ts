// A Dagster user's instance config, and nothing else: `tidepool serve` finds $DAGSTER_HOME/dagster.yaml, takes
// its database from the storage block (credentials from the environment), honours its limits, prints one
// warning per key it does differently, and works on that database. A `tidepool.yml` beside a CLI command does
// the same for the command.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceOverviewDocument, SetConcurrencyLimitDocument } from '../generated/graphql.js';
import { executeOk } from '../support/graphql-http.js';
import { runCli, startServe, type ServeProcess } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let dir: string;
let database: TestDatabase;
let serve: ServeProcess | null = null;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidepool-dagster-yaml-'));
  database = await createTestDatabase();
});
afterAll(async () => {
  await serve?.stop();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A pool's limit as stored in the test database, read past Tidepool. */
async function storedLimit(pool: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ limit: number }>('select "limit" from concurrency_limits where concurrency_key = $1', [pool]);
    return rows[0]?.limit ?? null;
  } finally {
    await client.end();
  }
}

describe('a dagster.yaml in DAGSTER_HOME', () => {
  it('is the whole configuration of `tidepool serve`: database, limits and warnings', { timeout: 120_000 }, async () => {
    const url = new URL(database.url);
    const dagsterHome = join(dir, 'dagster_home');
    await mkdir(dagsterHome);
    await writeFile(
      join(dagsterHome, 'dagster.yaml'),
      [
        'storage:',
        '  postgres:',
        '    postgres_db:',
        '      username: {env: DAGSTER_PG_USERNAME}',
        // The test server may trust connections (no password): an empty literal then, as the variable must be set.
        `      password: ${url.password === '' ? '""' : '{env: DAGSTER_PG_PASSWORD}'}`,
        '      hostname: {env: DAGSTER_PG_HOST}',
        '      db_name: {env: DAGSTER_PG_DB}',
        '      port: {env: DAGSTER_PG_PORT}',
        'run_coordinator:',
        '  module: dagster.core.run_coordinator',
        '  class: QueuedRunCoordinator',
        '  config:',
        '    max_concurrent_runs: 7',
        '    dequeue_interval_seconds: 5',
        'run_monitoring: {enabled: true, poll_interval_seconds: 60, free_slots_after_run_end_seconds: 300}',
        'telemetry: {enabled: false}',
        '',
      ].join('\n'),
    );
    const env = {
      DAGSTER_HOME: dagsterHome,
      TIDEPOOL_HOME: join(dir, 'home'),
      DAGSTER_PG_USERNAME: decodeURIComponent(url.username),
      DAGSTER_PG_PASSWORD: decodeURIComponent(url.password),
      DAGSTER_PG_HOST: url.hostname,
      DAGSTER_PG_DB: database.name,
      DAGSTER_PG_PORT: url.port || '5432',
    };
    serve = await startServe([], { env, cwd: dir });

    const output = serve.output();
    expect(output).toContain(`Postgres at`);
    expect(output).toContain(database.name);
    for (const key of ['run_coordinator.config.dequeue_interval_seconds', 'run_monitoring.poll_interval_seconds', 'telemetry']) {
      expect(output.split('\n').filter((line) => line.includes(`dagster.yaml at ${key}:`))).toHaveLength(1);
    }
    // No embedded database was made: the file named a server.
    await expect(stat(join(dir, 'home', 'db'))).rejects.toThrow(/ENOENT/);

    const overview = await executeOk(serve.url, InstanceOverviewDocument);
    expect(overview.instance.runQueueConfig?.maxConcurrentRuns).toBe(7);
    await executeOk(serve.url, SetConcurrencyLimitDocument, { concurrencyKey: 'warehouse', limit: 4 });
    expect(await storedLimit('warehouse')).toBe(4);
  });
});

describe('a tidepool.yml in the working directory', () => {
  it("gives a CLI command its database (the server's, set above)", { timeout: 60_000 }, async () => {
    const cwd = join(dir, 'project');
    await mkdir(cwd);
    await writeFile(join(cwd, 'tidepool.yml'), 'storage:\n  postgres:\n    postgres_url: {env: WAREHOUSE_DB_URL}\n');
    const result = await runCli(['instance', 'concurrency', 'get', 'warehouse', '--json'], {
      env: { WAREHOUSE_DB_URL: database.url, TIDEPOOL_HOME: join(dir, 'cli-home') },
      cwd,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ concurrencyKey: 'warehouse', limit: 4 });
  });
});
