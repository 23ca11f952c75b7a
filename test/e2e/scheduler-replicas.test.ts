// Three `tidepool serve` processes tick the same schedules and sensors on one Postgres, on a shared
// accelerated clock (TIDEPOOL_CLOCK: a simulated minute per real half second), and one of them is killed
// with SIGKILL while it holds ticks. Every scheduled tick must end exactly once with exactly one run, and
// every sensor run key launch exactly once.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { SCHEDULE_NAMES, SENSOR_NAMES } from '../fixtures/automation/replicas.js';
import { startServe, type ServeProcess } from '../support/cli.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const DEFINITIONS = fileURLToPath(new URL('../fixtures/automation/replicas.ts', import.meta.url));
const START = Date.parse('2026-05-01T00:00:00Z');
const SPEED = 120;
const MINUTES = 20;
const END = START + MINUTES * 60_000;

let test: TestInstance;
let dir: string;
const processes: ServeProcess[] = [];
let victim: ChildProcess | null = null;

beforeAll(async () => {
  test = await createTestInstance();
  dir = mkdtempSync(join(tmpdir(), 'tidepool-replicas-'));
  // A short lease, so a dead daemon's ticks are taken over within seconds; catch-up wide enough for the
  // ticks that fall due while the processes start.
  writeFileSync(
    join(dir, 'tidepool.yaml'),
    'schedules: {max_catchup_runs: 100, tick_lease_seconds: 6}\nsensors: {tick_lease_seconds: 6}\n',
  );
}, 30_000);

afterAll(async () => {
  victim?.kill('SIGKILL');
  await Promise.all(processes.map((serve) => serve.stop()));
  await test?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const db = () => test.instance.database.db;

it('launches every tick and every run key exactly once across three serve processes, one killed mid-tick', async () => {
  // The schedules start at START, on every process's clock.
  await db().execute(
    sql`insert into instigator_states (name, instigator_type, status, last_tick_at)
        select unnest(${sql.param(SCHEDULE_NAMES)}::text[]), 'SCHEDULE', 'RUNNING', ${new Date(START)}::timestamptz`,
  );
  const env = {
    DATABASE_URL: test.testDatabase.url,
    TIDEPOOL_HOME: dir,
    TIDEPOOL_CLOCK: `${new Date(START).toISOString()}@${Date.now()}x${SPEED}`,
  };
  const args = ['--config', join(dir, 'tidepool.yaml'), '--definitions', DEFINITIONS];
  processes.push(...(await Promise.all([startServe(args, { env }), startServe(args, { env })])));
  // The third starts last, so that it is killed within its evaluation bound (90% of the lease) of claiming.
  const slow = await startServe(args, { env: { ...env, TIDEPOOL_TEST_SLOW_EVALUATION: '1' }, onSpawn: (child) => (victim = child) });

  // Kill the slow daemon once it holds a tick it is evaluating.
  const held = await waitFor(
    async () => {
      const rows = await queryRows<{ id: string; instigator_name: string }>(
        db(),
        sql`select id, instigator_name from instigator_ticks where status = 'STARTED' and claimed_by like ${`%:${slow.child.pid}:%`}`,
      );
      return rows.length > 0 ? rows : undefined;
    },
    { timeoutMs: 20_000, what: 'the slow daemon to hold a tick' },
  );
  slow.child.kill('SIGKILL');
  victim = null;

  // Wait until the simulated clock is past END and every tick up to END has ended.
  await waitFor(
    async () => {
      const [row] = await queryRows<{ ended: number; started: number; held: number }>(
        db(),
        sql`select count(*) filter (where status <> 'STARTED' and instigator_type = 'SCHEDULE' and tick_at <= ${new Date(END)}::timestamptz)::int as ended,
                   count(*) filter (where status = 'STARTED' and instigator_type = 'SCHEDULE' and tick_at <= ${new Date(END)}::timestamptz)::int as started,
                   count(*) filter (where status = 'STARTED' and id = any(${sql.param(held.map((tick) => tick.id))}::bigint[]))::int as held
            from instigator_ticks`,
      );
      return row!.ended === SCHEDULE_NAMES.length * MINUTES && row!.started === 0 && row!.held === 0;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: "every scheduled tick up to the end, and the killed daemon's ticks, to have ended" },
  );

  // Schedules: one SUCCESS tick per (schedule, minute), each with one run carrying its scheduled time.
  const ticks = await queryRows<{ instigator_name: string; tick_at: Date; status: string; run_ids: string[]; error: string | null }>(
    db(),
    sql`select instigator_name, tick_at, status, run_ids, error from instigator_ticks
        where instigator_type = 'SCHEDULE' and tick_at <= ${new Date(END)}::timestamptz`,
  );
  expect(ticks.filter((tick) => tick.status !== 'SUCCESS' || tick.run_ids.length !== 1)).toEqual([]);
  for (const name of SCHEDULE_NAMES) {
    const minutes = ticks.filter((tick) => tick.instigator_name === name).map((tick) => new Date(tick.tick_at).getTime());
    expect(new Set(minutes).size).toBe(MINUTES);
    expect(Math.min(...minutes)).toBe(START + 60_000);
    expect(Math.max(...minutes)).toBe(END);
  }
  const scheduledRuns = await queryRows<{ schedule: string; at: string; runs: number }>(
    db(),
    sql`select s.value as schedule, t.value as at, count(*)::int as runs
        from run_tags s join run_tags t on t.run_id = s.run_id and t.key = 'dagster/scheduled_execution_time'
        where s.key = 'dagster/schedule_name' and t.value <= ${new Date(END).toISOString()}
        group by 1, 2`,
  );
  expect(scheduledRuns).toHaveLength(SCHEDULE_NAMES.length * MINUTES);
  expect(Math.max(...scheduledRuns.map((row) => row.runs))).toBe(1);

  // The ticks the killed daemon held were taken over and ended by another.
  const takenOver = await queryRows<{ status: string; claimed_by: string }>(
    db(),
    sql`select status, claimed_by from instigator_ticks where id = any(${sql.param(held.map((row) => row.id))}::bigint[])`,
  );
  expect(takenOver.every((tick) => tick.status !== 'STARTED' && !tick.claimed_by.includes(`:${slow.child.pid}:`))).toBe(true);

  // Sensors: every run key once, none skipped, each key's run is the one the ledger names.
  for (const name of SENSOR_NAMES) {
    const keys = await queryRows<{ value: string; runs: number }>(
      db(),
      sql`select k.value, count(*)::int as runs from run_tags s join run_tags k on k.run_id = s.run_id and k.key = 'dagster/run_key'
          where s.key = 'dagster/sensor_name' and s.value = ${name} group by 1`,
    );
    expect(keys.length).toBeGreaterThan(2);
    expect(Math.max(...keys.map((key) => key.runs))).toBe(1);
    const positions = keys.map((key) => Number(key.value.replace('key-', ''))).sort((a, b) => a - b);
    expect(positions).toEqual(positions.map((_, index) => index));
    const [ledger] = await queryRows<{ count: number }>(
      db(),
      sql`select count(*)::int as count from instigator_run_keys where instigator_name = ${name}`,
    );
    expect(ledger!.count).toBe(keys.length);
  }
}, 120_000);
