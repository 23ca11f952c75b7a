// `tidepool instance concurrency …` against a real Postgres, as a script or a person would use it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let dir: string;
let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidepool-cli-pools-'));
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url };
});
afterAll(async () => {
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('tidepool instance concurrency', () => {
  it("sets, reads and deletes a pool limit (the guide's `concurrency set database 1`)", async () => {
    const set = await runCli(['instance', 'concurrency', 'set', 'database', '1'], { env, cwd: dir });
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Set the limit of pool database to 1.');

    const get = await runCli(['instance', 'concurrency', 'get', 'database', '--json'], { env, cwd: dir });
    expect(get.code).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ concurrencyKey: 'database', limit: 1, usingDefaultLimit: false, activeSlotCount: 0 });

    await runCli(['instance', 'concurrency', 'set', 'warehouse', '3'], { env, cwd: dir });
    const all = await runCli(['instance', 'concurrency', 'get', '--all', '--json'], { env, cwd: dir });
    expect((JSON.parse(all.stdout) as { concurrencyKey: string; limit: number }[]).map((p) => [p.concurrencyKey, p.limit])).toEqual([
      ['database', 1],
      ['warehouse', 3],
    ]);

    const deleted = await runCli(['instance', 'concurrency', 'delete', 'database'], { env, cwd: dir });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain('Deleted the limit of pool database.');
    const after = await runCli(['instance', 'concurrency', 'get', 'database', '--json'], { env, cwd: dir });
    expect(JSON.parse(after.stdout)).toMatchObject({ concurrencyKey: 'database', limit: null });
  });

  it('rejects bad input with a sentence naming it, and changes nothing', async () => {
    const tooBig = await runCli(['instance', 'concurrency', 'set', 'warehouse', '5000'], { env, cwd: dir });
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain('from 0 to 1000');
    const notInt = await runCli(['instance', 'concurrency', 'set', 'warehouse', 'many'], { env, cwd: dir });
    expect(notInt.code).toBe(2);
    expect(notInt.stderr).toContain("LIMIT must be an integer (got 'many')");
    const still = await runCli(['instance', 'concurrency', 'get', 'warehouse', '--json'], { env, cwd: dir });
    expect(JSON.parse(still.stdout)).toMatchObject({ limit: 3 });
    const noRun = await runCli(['instance', 'concurrency', 'free', '--run', '00000000-0000-4000-8000-000000000000'], { env, cwd: dir });
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('could not be found');
    const missing = await runCli(['instance', 'concurrency', 'free'], { env, cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--run <RUN_ID>' not specified");
  });
});
