import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let dir: string;
let fresh: TestDatabase;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidepool-cli-'));
  fresh = await createTestDatabase({ migrated: false });
});
afterAll(async () => {
  await fresh?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('tidepool migrate and instance info', () => {
  it('shows pending migrations, migrates, then shows the database up to date', async () => {
    const env = { DATABASE_URL: fresh.url, TIDEPOOL_HOME: dir };
    const before = await runCli(['instance', 'info', '--json'], { env, cwd: dir });
    expect(before.stderr).toBe('');
    expect(before.code).toBe(0);
    const beforeInfo = JSON.parse(before.stdout);
    expect(beforeInfo.database).toEqual({ kind: 'postgres', location: fresh.url });
    expect(beforeInfo.migrations.appliedCount).toBe(0);
    expect(beforeInfo.migrations.pending.length).toBeGreaterThan(0);

    const migrated = await runCli(['migrate'], { env, cwd: dir });
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/is at migration \S+/);

    const after = await runCli(['instance', 'info'], { env, cwd: dir });
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Database:    Postgres at');
    expect(after.stdout).toMatch(/Migrations: {2}(\d+) of \1 applied\n/);
    expect(after.stdout).toContain('max_concurrent_runs: 10');
  });

  it('reads ./tidepool.yaml from the working directory', async () => {
    const cwd = await mkdtemp(join(dir, 'cwd-'));
    await writeFile(join(cwd, 'tidepool.yaml'), 'concurrency:\n  runs:\n    max_concurrent_runs: 3\n');
    const result = await runCli(['instance', 'info', '--json'], { env: { DATABASE_URL: fresh.url }, cwd });
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout);
    expect(info.configFile).toBe(join(cwd, 'tidepool.yaml'));
    expect(info.config.concurrency.runs.maxConcurrentRuns).toBe(3);
  });
});

describe('bad input stops the command with one clear sentence', () => {
  it('a bad config file stops serve before it starts, naming file, key and rule', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'concurrency:\n  runs:\n    max_concurrent_runs: -5\n');
    const result = await runCli(['serve', '--port', '0', '--config', file], { env: { DATABASE_URL: fresh.url }, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toContain('concurrency.runs.max_concurrent_runs');
  });

  it('an unknown option names the option and shows the usage', async () => {
    const result = await runCli(['serve', '--prot', '80'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'--prot'");
    expect(result.stderr).toContain('Usage: tidepool serve');
  });

  it('a bad port names the flag', async () => {
    const result = await runCli(['serve', '--port', 'eighty'], { env: { DATABASE_URL: fresh.url }, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port');
  });

  it('an unknown command lists the commands', async () => {
    const result = await runCli(['frobnicate'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
    expect(result.stderr).toMatch(/^ {2}serve \[options\]/m);
  });
});

describe('tidepool job launch', () => {
  const fixture = new URL('../fixtures/engine/index.ts', import.meta.url).pathname;

  it('launches a run into the queue with tags and prints its id', async () => {
    const env = { DATABASE_URL: fresh.url };
    const result = await runCli(
      ['job', 'launch', 'quick_job', '--definitions', fixture, '--tag', 'team=data', '--tag', 'dagster/priority=3', '--json'],
      { env, cwd: dir },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const launched = JSON.parse(result.stdout) as { runId: string; status: string };
    expect(launched.status).toBe('QUEUED');
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    const { rows } = await client.query('select status, priority, tags from runs where id = $1', [launched.runId]);
    await client.end();
    expect(rows[0]).toMatchObject({ status: 'QUEUED', priority: 3, tags: { team: 'data', 'dagster/priority': '3' } });
  });

  it('launches once per idempotency key: a repeated launch prints the run the key made', async () => {
    const env = { DATABASE_URL: fresh.url };
    const key = `cli-${Date.now()}`;
    const launch = () =>
      runCli(['job', 'launch', 'quick_job', '--definitions', fixture, '--tag', `tidepool/idempotency_key=${key}`, '--json'], {
        env,
        cwd: dir,
      });
    const first = await launch();
    const again = await launch();
    expect([first.code, again.code, first.stderr, again.stderr]).toEqual([0, 0, '', '']);
    const firstRun = JSON.parse(first.stdout) as { runId: string };
    expect((JSON.parse(again.stdout) as { runId: string }).runId).toBe(firstRun.runId);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as runs from runs where idempotency_key = $1', [key]);
    await client.end();
    expect(rows[0]).toEqual({ runs: 1 });
  });

  it('names the problem: an unknown job, a malformed --tag, a missing JOB', async () => {
    const env = { DATABASE_URL: fresh.url };
    const unknown = await runCli(['job', 'launch', 'nope', '--definitions', fixture], { env, cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Could not find a job named "nope"');
    const badTag = await runCli(['job', 'launch', 'quick_job', '--definitions', fixture, '--tag', 'novalue'], { env, cwd: dir });
    expect(badTag.code).toBe(2);
    expect(badTag.stderr).toContain("--tag must be KEY=VALUE (got 'novalue')");
    const missing = await runCli(['job', 'launch', '--definitions', fixture], { env, cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'JOB'");
  });
});
