// Tidepool's tables and migration history in a schema of their own (src/db/own-schema.ts): a database
// shared with an application that has its own `runs` table and its own drizzle migrations, and databases
// made by the previous version (tables in public, history in drizzle.__drizzle_migrations) upgraded in
// place, on Postgres and on PGlite.
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { PGlite } from '@electric-sql/pglite';
import { resolveSettings, parseInstanceConfig } from '../../src/config/index.js';
import { startBackground } from '../../src/daemon/background.js';
import { queryRows } from '../../src/db/database.js';
import { migratePostgres, migrationState } from '../../src/db/migrate.js';
import { openDatabase, pgliteDataDir } from '../../src/db/open.js';
import { openPostgres } from '../../src/db/postgres.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { openInstance } from '../../src/instance/instance.js';
import { ConcurrencyLimitDocument, LaunchRunDocument, RunLifecycleDocument } from '../generated/graphql.js';
import { ENGINE_FIXTURE } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { startTestServer } from '../support/instance.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { PREVIOUS_VERSION_TABLES, TIDEPOOL_TABLES } from '../support/tidepool-tables.js';
import { waitFor } from '../support/wait.js';

/** The migrations of the version before the own schema, as it shipped (tables and history in public/drizzle). */
const PREVIOUS_MIGRATIONS = fileURLToPath(new URL('../fixtures/previous-version/drizzle', import.meta.url));

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function plainDatabase(): Promise<TestDatabase> {
  // No default search_path: only Tidepool's own connections look in its schema.
  const database = await createTestDatabase({ migrated: false, tidepoolSearchPath: false });
  cleanups.push(() => database.drop());
  return database;
}

/** A connection as an application (or the previous version) makes one: default search_path. */
async function plainClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'tidepool-test:app' });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

async function tablesIn(client: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = $1 order by 1`,
    [schema],
  );
  return rows.map((row) => row.name);
}

/** An application's own drizzle migrations folder: `steps` SQL files, each a journal entry. */
async function appMigrations(steps: string[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'tidepool-app-migrations-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  await mkdir(join(folder, 'meta'));
  // Timestamps newer than every one of Tidepool's: drizzle's migrator skips migrations older than the
  // newest row of its history, so one shared history table would have hidden Tidepool's.
  const entries = steps.map((_, idx) => ({ idx, version: '7', when: 1_900_000_000_000 + idx, tag: `000${idx}_app`, breakpoints: true }));
  await Promise.all(steps.map((text, idx) => writeFile(join(folder, `000${idx}_app.sql`), text)));
  await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }));
  return folder;
}

/** Serves Tidepool (migrating first) on `url` with the engine fixture, as `tidepool serve` does. */
async function serveTidepool(url: string) {
  const home = await mkdtemp(join(tmpdir(), 'tidepool-own-schema-'));
  const settings = resolveSettings({}, { DATABASE_URL: url, TIDEPOOL_HOME: home }, home);
  const instance = await openInstance(settings, { migrate: true, config: parseInstanceConfig('', null), applicationName: 'tidepool:test' });
  const location = await loadDefinitions(ENGINE_FIXTURE);
  const background = await startBackground(instance, location, { coordinator: true, monitor: true, worker: { pollIntervalMs: 500 } });
  const server = await startTestServer(instance, location);
  let stopped: Promise<void> | null = null;
  // Once only: a test stops it before its last checks, the file's cleanup stops it if the test failed.
  const stop = () =>
    (stopped ??= (async () => {
      await server.server.stop();
      await background.stop();
      await instance.close();
      await rm(home, { recursive: true, force: true });
    })());
  cleanups.push(stop);
  return { instance, url: server.url, stop };
}

async function launchToSuccess(serverUrl: string, jobName: string): Promise<string> {
  const launched = await executeOk(serverUrl, LaunchRunDocument, { executionParams: { selector: { jobName } } });
  if (launched.launchRun.__typename !== 'LaunchRunSuccess') throw new Error(`launch failed: ${JSON.stringify(launched.launchRun)}`);
  const { runId } = launched.launchRun.run;
  await waitFor(
    async () => {
      const data = await executeOk(serverUrl, RunLifecycleDocument, { runId });
      return data.runOrError.__typename === 'Run' && data.runOrError.status === 'SUCCESS' ? true : undefined;
    },
    { timeoutMs: 20_000, what: `run ${runId} to succeed` },
  );
  return runId;
}

describe("Tidepool's own schema", () => {
  it("shares a database with an application's own runs table and drizzle migrations", { timeout: 60_000 }, async () => {
    const database = await plainDatabase();
    const app = await plainClient(database.url);
    const appDb = drizzlePg(app);

    // The application migrates first, with drizzle's defaults, and writes a row to its own `runs`.
    const appFirst = await appMigrations(['CREATE TABLE "runs" ("id" serial PRIMARY KEY, "title" text NOT NULL);']);
    await migratePg(appDb, { migrationsFolder: appFirst });
    await app.query(`insert into runs (title) values ('the application''s run')`);

    const tidepool = await serveTidepool(database.url);
    const runId = await launchToSuccess(tidepool.url, 'quick_job');

    // The application adds a migration later: its history holds its own rows only, so it is applied.
    const appSecond = await appMigrations([
      'CREATE TABLE "runs" ("id" serial PRIMARY KEY, "title" text NOT NULL);',
      'ALTER TABLE "runs" ADD COLUMN "notes" text;',
    ]);
    await migratePg(appDb, { migrationsFolder: appSecond });
    // And Tidepool's migrator, run again, finds nothing to do and leaves the application's history alone.
    await migratePostgres(database.url);

    expect(await tablesIn(app, 'public')).toEqual(['runs']);
    expect(await tablesIn(app, 'tidepool')).toEqual(['__drizzle_migrations', ...TIDEPOOL_TABLES]);
    const { rows: appHistory } = await app.query<{ created_at: string }>('select created_at from drizzle.__drizzle_migrations order by id');
    expect(appHistory.map((row) => Number(row.created_at))).toEqual([1_900_000_000_000, 1_900_000_000_001]);
    const state = await migrationState(tidepool.instance.database);
    expect(state.pending).toEqual([]);
    expect(state.appliedCount).toBe(state.available.length);

    // Neither sees the other's tables by bare name.
    const { rows: appRuns } = await app.query('select title, notes from runs');
    expect(appRuns).toEqual([{ title: "the application's run", notes: null }]);
    const { rows: appSees } = await app.query(`select to_regclass('run_events') as events`);
    expect(appSees).toEqual([{ events: null }]);
    const tidepoolRuns = await queryRows<{ id: string }>(tidepool.instance.database.db, sql`select id from runs`);
    expect(tidepoolRuns).toEqual([{ id: runId }]);
    await tidepool.stop();
  });

  it("keeps startup options given in the URL and puts Tidepool's search_path after them", async () => {
    const database = await plainDatabase();
    await migratePostgres(database.url);
    const url = new URL(database.url);
    // A URL's `options` replace pg's config option of the same name: they must be merged, not lost.
    url.searchParams.set('options', '-c statement_timeout=4321 -c search_path=public');
    const opened = openPostgres({ url: url.toString() });
    try {
      const [settings] = await queryRows<{ timeout: string; path: string; runs: number }>(
        opened.db,
        sql`select current_setting('statement_timeout') as timeout, current_setting('search_path') as path, (select count(*)::int from runs) as runs`,
      );
      expect(settings).toEqual({ timeout: '4321ms', path: 'tidepool', runs: 0 });
    } finally {
      await opened.close();
    }
  });

  it(
    'upgrades a Postgres database made by the previous version, keeping its data and the history beside it',
    { timeout: 60_000 },
    async () => {
      const database = await plainDatabase();
      const old = await plainClient(database.url);
      // The previous version's migrator: drizzle's default history table, tables in public.
      await migratePg(drizzlePg(old), { migrationsFolder: PREVIOUS_MIGRATIONS });
      expect(await tablesIn(old, 'public')).toEqual(PREVIOUS_VERSION_TABLES);
      // Data the previous version wrote: a finished run with a tag and an event, a pool limit; and an
      // application's history row sharing drizzle's table (the setup the own schema exists to fix).
      const oldRunId = '0190c5f0-0000-7000-8000-000000000001';
      await old.query(
        `insert into runs (id, job_name, repository_name, location_name, status, tags) values ($1, 'quick_job', '__repository__', 'engine', 'SUCCESS', '{"team": "data"}')`,
        [oldRunId],
      );
      await old.query(`insert into run_tags (run_id, key, value) values ($1, 'team', 'data')`, [oldRunId]);
      await old.query(`insert into run_events (run_id, event_type, run_status) values ($1, 'RUN_SUCCESS', 'SUCCESS')`, [oldRunId]);
      await old.query(`insert into concurrency_limits (concurrency_key, "limit") values ('foo', 3)`);
      await old.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('an application''s', 1900000000000)`);
      const { rows: oldHistory } = await old.query<{ hash: string }>(
        'select hash from drizzle.__drizzle_migrations where hash not like $1 order by id',
        ['an application%'],
      );

      const tidepool = await serveTidepool(database.url);

      expect(await tablesIn(old, 'public')).toEqual([]);
      expect(await tablesIn(old, 'tidepool')).toEqual(['__drizzle_migrations', ...TIDEPOOL_TABLES]);
      // The previous migrations' rows moved as they were, then the later ones (0006 on) were recorded; the
      // application's row stayed.
      const { rows: history } = await old.query<{ hash: string }>('select hash from tidepool.__drizzle_migrations order by id');
      expect(history.slice(0, oldHistory.length)).toEqual(oldHistory);
      const journal = (await import('../../drizzle/meta/_journal.json', { with: { type: 'json' } })).default;
      expect(history).toHaveLength(journal.entries.length);
      const { rows: left } = await old.query<{ hash: string }>('select hash from drizzle.__drizzle_migrations');
      expect(left).toEqual([{ hash: "an application's" }]);

      const kept = await executeOk(tidepool.url, RunLifecycleDocument, { runId: oldRunId });
      expect(kept.runOrError).toMatchObject({ __typename: 'Run', status: 'SUCCESS' });
      const limit = await executeOk(tidepool.url, ConcurrencyLimitDocument, { concurrencyKey: 'foo' });
      expect(limit.instance.concurrencyLimit.slotCount).toBe(3);

      // The moved function, identity sequence and foreign keys work: a new run goes through.
      const runId = await launchToSuccess(tidepool.url, 'quick_job');
      const seqs = await queryRows<{ id: string; seq: number }>(
        tidepool.instance.database.db,
        sql`select id, seq::int from runs order by seq`,
      );
      expect(seqs.map((row) => row.id)).toEqual([oldRunId, runId]);
      await tidepool.stop();
    },
  );

  it('upgrades an embedded PGlite folder made by the previous version', { timeout: 90_000 }, async () => {
    const home = await mkdtemp(join(tmpdir(), 'tidepool-own-schema-pglite-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const dataDir = pgliteDataDir(home);
    await mkdir(dataDir, { recursive: true });
    const previous = await PGlite.create({ dataDir });
    await migratePglite(drizzlePglite(previous), { migrationsFolder: PREVIOUS_MIGRATIONS });
    await previous.query(`insert into concurrency_limits (concurrency_key, "limit") values ('foo', 3)`);
    await previous.close();

    const database = await openDatabase({ databaseUrl: null, home, migrate: true });
    try {
      const state = await migrationState(database);
      expect(state.pending).toEqual([]);
      const limits = await queryRows<{ key: string; limit: number }>(
        database.db,
        sql`select concurrency_key as key, "limit" from concurrency_limits`,
      );
      expect(limits).toEqual([{ key: 'foo', limit: 3 }]);
      const schemas = await queryRows<{ schema: string; tables: number }>(
        database.db,
        sql`select table_schema as schema, count(*)::int as tables from information_schema.tables
            where table_schema in ('public', 'drizzle', 'tidepool') group by 1 order by 1`,
      );
      // Nothing left in public, and drizzle's history table (Tidepool's rows only) gone with its schema.
      expect(schemas).toEqual([{ schema: 'tidepool', tables: TIDEPOOL_TABLES.length + 1 }]);
      const [drizzleSchema] = await queryRows<{ present: boolean }>(
        database.db,
        sql`select to_regnamespace('drizzle') is not null as present`,
      );
      expect(drizzleSchema!.present).toBe(false);
    } finally {
      await database.close();
    }
  });
});
