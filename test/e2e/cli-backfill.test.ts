// `tidepool backfill …` as a person or a script uses it, against `tidepool serve` (which runs the backfill
// daemon) on a real Postgres: launch --wait to the end with plain progress lines (no terminal here), a
// FAILED backfill's exit code, list, status, resume and cancel, and bad arguments named in the message.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, type ServeProcess } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/backfills/index.ts', import.meta.url));

let dir: string;
let database: TestDatabase;
let env: Record<string, string>;
let serve: ServeProcess;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidepool-cli-backfill-'));
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url };
  serve = await startServe(['--definitions', FIXTURE], { env, cwd: dir });
});
afterAll(async () => {
  await serve?.stop();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(['backfill', ...args], { env, cwd: dir });

// Each call starts a process (about 2 s here), so the cases are few and each checks much.
describe('tidepool backfill', () => {
  it('launch --wait follows a backfill to COMPLETED with plain progress lines; status shows it', async () => {
    const launched = await cli([
      'launch',
      'partitioned_job',
      '--definitions',
      FIXTURE,
      '--from',
      'p010',
      '--to',
      'p014',
      '--tags',
      'team=data',
      '--title',
      'Ten to fourteen',
      '--wait',
    ]);
    expect(launched.stderr).toBe('');
    expect(launched.code).toBe(0);
    const id = /Launched backfill ([a-z]{8}) of 5 partitions/.exec(launched.stdout)![1]!;
    expect(launched.stdout).toContain('COMPLETED: 5 done, 0 failed, 0 in progress of 5');
    expect(launched.stdout).toContain(`Backfill ${id} COMPLETED.`);

    const status = await cli(['status', id]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${id}  COMPLETED  partitioned_job, 5 partitions "Ten to fourteen"`);
    expect(status.stdout).toContain('5 done, 0 failed, 0 in progress, 0 not submitted');
  });

  it('exits non-zero when the backfill FAILED, and resume runs the failed partition again', async () => {
    const failed = await cli(['launch', 'flaky_job', '--definitions', FIXTURE, '--all', '--wait', '--json']);
    expect(failed.code).toBe(1);
    const result = JSON.parse(failed.stdout) as { backfillId: string; status: string; numPartitions: number };
    expect(result).toMatchObject({ status: 'FAILED', numPartitions: 3 });
    expect(failed.stderr).toContain(`backfill ${result.backfillId} ended FAILED`);

    const resumed = await cli(['resume', result.backfillId]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('1 partitions will run again');
  });

  it('names the bad argument (exit 2) and launches nothing', async () => {
    const noEnd = await cli(['launch', 'partitioned_job', '--definitions', FIXTURE, '--from', 'p001']);
    expect(noEnd.code).toBe(2);
    expect(noEnd.stderr).toContain('--to is required with --from');
    const unknown = await cli(['launch', 'partitioned_job', '--definitions', FIXTURE, '--partitions', 'p001,nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not in the partition set partitioned_job_partition_set: "nope"');
  });
});
