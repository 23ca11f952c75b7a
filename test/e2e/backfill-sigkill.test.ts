// A `tidepool daemon` killed with SIGKILL in the middle of submitting a backfill chunk: the chunk's
// transaction rolls back (none of its runs exists, none of its partitions took a run), and another daemon
// resumes the backfill from there; every partition gets exactly one run and the backfill completes.
//
// The kill lands mid-transaction by construction, not by timing: the test holds a row lock on one
// partition, so the daemon's chunk that includes it waits on that lock (seen in pg_stat_activity), and the
// daemon is killed while it waits.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { targetOfJob } from '../../src/backfills/backfill-target.js';
import { launchBackfill } from '../../src/backfills/launch-backfill.js';
import { requireBackfill } from '../../src/backfills/read-backfills.js';
import { startBackground, type Background } from '../../src/daemon/background.js';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { PARTITIONS } from '../fixtures/backfills/index.js';
import { childEnv, CLI } from '../support/cli.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/backfills/index.ts', import.meta.url));
const CHUNK = 10;
/** The partition the test locks: the daemon stops inside the chunk of ordinals 90–99. */
const LOCKED_ORDINAL = 95;

const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts `tidepool daemon` and resolves once it says it runs. */
function startDaemon(args: string[], env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'daemon', ...args], { env: childEnv(env) });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Tidepool daemon running')) resolve(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`tidepool daemon exited with ${code}:\n${output}`)));
  });
}

async function submitted(test: TestInstance, backfillId: string): Promise<{ partitions: number; runs: number; distinct: number }> {
  const [row] = await queryRows<{ partitions: number; runs: number; distinct: number }>(
    test.instance.database.db,
    sql`select (select count(*)::int from backfill_partitions where backfill_id = ${backfillId} and run_id is not null) as partitions,
               (select count(*)::int from runs where tags->>'dagster/backfill' = ${backfillId}) as runs,
               (select count(distinct tags->>'dagster/partition')::int from runs where tags->>'dagster/backfill' = ${backfillId}) as distinct`,
  );
  return row!;
}

async function daemonBackends(test: TestInstance): Promise<{ waiting: number; all: number }> {
  const [row] = await queryRows<{ waiting: number; all: number }>(
    test.instance.database.db,
    // Only a wait on the partitions' rows counts: under load another daemon statement may wait on a lock too.
    sql`select count(*) filter (where wait_event_type = 'Lock' and query like '%backfill_partitions%')::int as waiting, count(*)::int as all
          from pg_stat_activity where datname = current_database() and application_name = 'tidepool:daemon'`,
  );
  return row!;
}

it('a daemon killed mid-chunk leaves nothing of the chunk; another daemon resumes and every partition runs once', async () => {
  const test = await createTestInstance();
  cleanups.push(() => test.cleanup());
  const dir = await mkdtemp(join(tmpdir(), 'tidepool-backfill-sigkill-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'tidepool.yaml');
  await writeFile(configFile, `backfills:\n  submit_chunk_size: ${CHUNK}\n`);
  const env = { DATABASE_URL: test.testDatabase.url };
  const location = await loadDefinitions(FIXTURE);
  const { backfillId } = await launchBackfill(
    test.instance,
    location,
    { target: targetOfJob(location, 'partitioned_job'), partitions: { allPartitions: true } },
    'test',
  );

  // Hold partition 95's row so the daemon's chunk 90–99 blocks inside its transaction.
  const locker = new pg.Client({ connectionString: test.testDatabase.url });
  await locker.connect();
  cleanups.push(() => locker.end());
  await locker.query('begin');
  await locker.query('select 1 from backfill_partitions where backfill_id = $1 and ordinal = $2 for update', [backfillId, LOCKED_ORDINAL]);

  const first = await startDaemon(['--definitions', FIXTURE, '--config', configFile], env);
  await waitFor(async () => (await daemonBackends(test)).waiting === 1, {
    timeoutMs: 20_000,
    what: 'the daemon to wait on the locked partition',
  });
  expect(await submitted(test, backfillId)).toEqual({ partitions: 90, runs: 90, distinct: 90 });

  const exited = new Promise((resolve) => first.once('exit', resolve));
  first.kill('SIGKILL');
  await exited;
  // Let the orphaned backend go on: it finds its client gone and rolls the chunk back.
  await locker.query('rollback');
  await waitFor(async () => (await daemonBackends(test)).all === 0, { timeoutMs: 20_000, what: "the killed daemon's sessions to end" });
  expect(await submitted(test, backfillId)).toEqual({ partitions: 90, runs: 90, distinct: 90 });

  await startDaemon(['--definitions', FIXTURE, '--config', configFile], env);
  await waitFor(async () => (await submitted(test, backfillId)).partitions === PARTITIONS.length, {
    timeoutMs: 20_000,
    what: 'the second daemon to submit the rest',
  });
  expect(await submitted(test, backfillId)).toEqual({ partitions: 200, runs: 200, distinct: 200 });

  // A worker here runs the submitted runs; the second daemon sees them end and completes the backfill.
  const worker: Background = await startBackground(test.instance, location, {
    coordinator: false,
    monitor: false,
    worker: { pollIntervalMs: 200 },
  });
  cleanups.push(() => worker.stop());
  await waitFor(async () => (await requireBackfill(test.instance.database.db, backfillId)).status === 'COMPLETED', {
    timeoutMs: 40_000,
    what: 'the backfill to complete',
  });
  expect(await submitted(test, backfillId)).toEqual({ partitions: 200, runs: 200, distinct: 200 });
});
