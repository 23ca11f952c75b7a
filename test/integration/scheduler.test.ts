// Schedules and sensors ticked by the daemons' passes, with a clock the test moves: the guide's schedule
// that skips while its run is in progress, catch-up, failures, time zones, run keys, start/stop/reset.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { readAuditLog } from '../../src/audit/audit-log.js';
import { readInstigatorStates, resetInstigatorStatus, setInstigatorStatus } from '../../src/automation/instigator-state.js';
import { runSchedulerPass } from '../../src/automation/scheduler.js';
import { runSensorPass } from '../../src/automation/sensors.js';
import { purgeTicks, readTicks } from '../../src/automation/ticks.js';
import { getRun } from '../../src/runs/run-record.js';
import { startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { manualClock } from '../support/instance.js';

const GUIDE = fileURLToPath(new URL('../fixtures/automation/guide.ts', import.meta.url));

describe('the scheduler and the sensor daemon', () => {
  const clock = manualClock('2026-03-07T10:00:30Z');
  let engine: EngineHarness;
  let releaseDir: string;
  const pass = () => ({ instance: engine.instance, location: engine.location, daemonId: 'test-daemon' });

  beforeAll(async () => {
    releaseDir = mkdtempSync(join(tmpdir(), 'tidepool-release-'));
    process.env.TIDEPOOL_TEST_RELEASE_FILE = join(releaseDir, 'release');
    // The worker runs the guide's job; the daemons' passes are driven by the test, with its clock.
    engine = await startEngine({ definitions: GUIDE, clock, configYaml: 'schedules: {max_catchup_runs: 3}' });
  });
  afterAll(async () => {
    await engine?.cleanup();
    delete process.env.TIDEPOOL_TEST_RELEASE_FILE;
    rmSync(releaseDir, { recursive: true, force: true });
  });
  afterEach(() => {
    const release = process.env.TIDEPOOL_TEST_RELEASE_FILE!;
    if (existsSync(release)) rmSync(release);
  });

  const ticksOf = (name: string) => readTicks(engine.instance.database.db, name, { limit: 100 });

  it("runs the guide's schedule: skips while its run is in progress, launches again once it ended", async () => {
    await runSchedulerPass(pass()); // first sight: the schedule starts from now (10:00:30), nothing due
    expect(await ticksOf('guide_schedule')).toEqual([]);

    clock.set('2026-03-07T10:01:05Z');
    await runSchedulerPass(pass());
    const [first] = await ticksOf('guide_schedule');
    expect(first).toMatchObject({ status: 'SUCCESS', tickAt: new Date('2026-03-07T10:01:00Z') });
    expect(first!.runIds).toHaveLength(1);
    const run = (await getRun(engine.instance.database.db, first!.runIds[0]!))!;
    expect(run.tags).toMatchObject({
      'dagster/schedule_name': 'guide_schedule',
      'dagster/scheduled_execution_time': '2026-03-07T10:01:00.000Z',
      team: 'data',
    });
    await waitForStatus(engine.instance, run.id, ['STARTED']);

    // The run outlasts the minute: the next tick skips, saying why.
    clock.set('2026-03-07T10:02:01Z');
    await runSchedulerPass(pass());
    const [skipped] = await ticksOf('guide_schedule');
    expect(skipped).toMatchObject({ status: 'SKIPPED', runIds: [], tickAt: new Date('2026-03-07T10:02:00Z') });
    expect(skipped!.skipReason).toBe(`Run ${run.id} of guide_job is still in progress.`);

    writeFileSync(process.env.TIDEPOOL_TEST_RELEASE_FILE!, '');
    await waitForStatus(engine.instance, run.id, ['SUCCESS']);
    clock.set('2026-03-07T10:03:00Z');
    await runSchedulerPass(pass());
    const history = await ticksOf('guide_schedule');
    expect(history.map((tick) => tick.status)).toEqual(['SUCCESS', 'SKIPPED', 'SUCCESS']);
    expect(history[0]!.runIds).toHaveLength(1);
    expect(history[0]!.runIds[0]).not.toBe(run.id);

    // A pass at the same instant finds nothing more to do: each tick once.
    await runSchedulerPass(pass());
    expect(await ticksOf('guide_schedule')).toHaveLength(3);
  });

  it('catches up at most max_catchup_runs missed ticks, the newest, in order', async () => {
    writeFileSync(process.env.TIDEPOOL_TEST_RELEASE_FILE!, ''); // runs end at once: no skips
    const before = (await ticksOf('guide_schedule')).length;
    clock.set('2026-03-07T10:10:10Z'); // 10:04 … 10:10 missed: seven ticks, three kept
    await runSchedulerPass(pass());
    const history = await ticksOf('guide_schedule');
    expect(history).toHaveLength(before + 3);
    expect(history.slice(0, 3).map((tick) => tick.tickAt.toISOString())).toEqual([
      '2026-03-07T10:10:00.000Z',
      '2026-03-07T10:09:00.000Z',
      '2026-03-07T10:08:00.000Z',
    ]);
  });

  it('records a failed evaluation as a FAILURE tick with the error, and launches nothing', async () => {
    const db = engine.instance.database.db;
    const [broken] = engine.location.definitions.schedules.filter((def) => def.name === 'broken_schedule');
    await setInstigatorStatus(db, broken!, 'RUNNING', clock.now(), CLI_ACTOR);
    clock.set('2026-03-07T10:12:00Z');
    await runSchedulerPass(pass());
    const [failed] = await ticksOf('broken_schedule');
    expect(failed).toMatchObject({ status: 'FAILURE', runIds: [], tickAt: new Date('2026-03-07T10:12:00Z') });
    expect(failed!.error).toMatchObject({ className: 'Error', message: 'the schedule broke on purpose' });
    expect(failed!.error!.stack.length).toBeGreaterThan(0);

    // Stopped: no more ticks; the change is audited.
    await setInstigatorStatus(db, broken!, 'STOPPED', clock.now(), CLI_ACTOR);
    clock.set('2026-03-07T10:16:00Z');
    await runSchedulerPass(pass());
    expect(await ticksOf('broken_schedule')).toHaveLength(1);
    const { entries } = await readAuditLog(db, { limit: 10, target: 'schedule:broken_schedule' });
    expect(entries.map((entry) => entry.action)).toEqual(['schedule.stop', 'schedule.start']);

    // Reset returns it to its default (STOPPED); a start after being stopped does not catch up.
    expect((await resetInstigatorStatus(db, broken!, clock.now(), CLI_ACTOR)).status).toBe('STOPPED');
    await setInstigatorStatus(db, broken!, 'RUNNING', clock.now(), CLI_ACTOR);
    await runSchedulerPass(pass());
    expect(await ticksOf('broken_schedule')).toHaveLength(1);
  });

  it('ticks in the schedule time zone, across a daylight-saving change', async () => {
    const db = engine.instance.database.db;
    const paris = engine.location.definitions.getSchedule('paris_schedule')!;
    clock.set('2026-03-28T12:00:00Z');
    await setInstigatorStatus(db, paris, 'RUNNING', clock.now(), CLI_ACTOR);
    // 02:30 Paris time does not exist on 29 March 2026 (clocks jump 02:00 → 03:00): it runs at 03:30 CEST.
    for (const at of ['2026-03-29T12:00:00Z', '2026-03-30T12:00:00Z']) {
      clock.set(at);
      await runSchedulerPass(pass());
    }
    const ticks = (await ticksOf('paris_schedule')).reverse();
    expect(ticks.map((tick) => tick.tickAt.toISOString())).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    await setInstigatorStatus(db, paris, 'STOPPED', clock.now(), CLI_ACTOR);
  });

  it('launches each run key of a sensor once, keeps its cursor, and honours its interval', async () => {
    const db = engine.instance.database.db;
    const keyed = engine.location.definitions.getSensor('keyed_sensor')!;
    await setInstigatorStatus(db, keyed, 'RUNNING', clock.now(), CLI_ACTOR);
    await runSensorPass(pass());
    await runSensorPass(pass()); // within the 30 s interval: no second tick
    expect(await ticksOf('keyed_sensor')).toHaveLength(1);
    for (let step = 1; step <= 3; step++) {
      clock.set(new Date(clock.now().getTime() + 30_000));
      await runSensorPass(pass());
    }
    const ticks = (await ticksOf('keyed_sensor')).reverse();
    expect(ticks.map((tick) => tick.runKeys)).toEqual([['file-0', 'file-1'], ['file-2'], ['file-3'], ['file-4']]);
    expect(ticks.every((tick) => tick.status === 'SUCCESS')).toBe(true);
    const [state] = await readInstigatorStates(db, [keyed]);
    expect(state!.cursor).toBe('4');
    const runIds = ticks.flatMap((tick) => tick.runIds);
    expect(new Set(runIds).size).toBe(5);
    const runs = await Promise.all(runIds.map((id) => getRun(db, id)));
    expect(runs.map((run) => run!.tags['dagster/run_key'])).toEqual(['file-0', 'file-1', 'file-2', 'file-3', 'file-4']);
    expect(runs.every((run) => run!.tags['dagster/sensor_name'] === 'keyed_sensor')).toBe(true);
  });

  it('purges ended ticks past their retention per status, measured on the automation clock', async () => {
    const db = engine.instance.database.db;
    const before = await ticksOf('guide_schedule');
    const failures = (await ticksOf('broken_schedule')).length;
    const statuses = new Set(before.map((tick) => tick.status));
    expect(statuses).toEqual(new Set(['SUCCESS', 'SKIPPED']));
    // Ten days after the newest tick, with skipped ticks kept 7 days and successful ones 60: only the
    // skipped ones go (every successful tick is younger than 60 days).
    const tenDaysOn = new Date(before[0]!.tickAt.getTime() + 10 * 86_400_000);
    const deleted = await purgeTicks(db, 'SCHEDULE', { success: 60, skipped: 7, failure: -1 }, tenDaysOn);
    const after = await ticksOf('guide_schedule');
    expect(deleted).toBeGreaterThanOrEqual(before.filter((tick) => tick.status === 'SKIPPED').length);
    expect(after).toEqual(before.filter((tick) => tick.status !== 'SKIPPED'));
    expect(await ticksOf('broken_schedule')).toHaveLength(failures); // FAILURE kept forever (-1)
  });
});
