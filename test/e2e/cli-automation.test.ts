// `tidepool schedule …` and `tidepool sensor …` as a person or a script runs them, on real Postgres: list
// with last and next ticks, start/stop audited as the CLI, previews that write nothing, the sensor cursor,
// and bad input refused with a sentence naming it. The CLI's clock is pinned with TIDEPOOL_CLOCK; ticks
// are made in-process by a scheduler pass with a clock at the same instant. Independent commands run side
// by side: each costs a node start.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/audit-log.js';
import { readInstigatorStates } from '../../src/automation/instigator-state.js';
import { runSchedulerPass } from '../../src/automation/scheduler.js';
import { readTicks } from '../../src/automation/ticks.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { runCli } from '../support/cli.js';
import { createTestInstance, manualClock, type TestInstance } from '../support/instance.js';

const GUIDE = fileURLToPath(new URL('../fixtures/automation/guide.ts', import.meta.url));
const NOW = '2026-03-07T10:01:05Z';

let test: TestInstance;
let location: LoadedDefinitions;
let env: Record<string, string>;

beforeAll(async () => {
  const clock = manualClock('2026-03-07T10:00:30Z');
  test = await createTestInstance({ clock });
  location = await loadDefinitions(GUIDE);
  // The guide's schedule runs by default: first sight at 10:00:30, then its 10:01 tick launches a run.
  const pass = { instance: test.instance, location, daemonId: 'test-daemon' };
  await runSchedulerPass(pass);
  clock.set(NOW);
  await runSchedulerPass(pass);
  // The CLI's clock: NOW, advancing a microsecond per real second (a clock setting must advance).
  env = { DATABASE_URL: test.testDatabase.url, TIDEPOOL_DEFINITIONS: GUIDE, TIDEPOOL_CLOCK: `${NOW}@${Date.now()}x0.000001` };
});
afterAll(async () => {
  await test?.cleanup();
});

const cli = (...args: string[]) => runCli(args, { env });
const auditEntries = async () => (await readAuditLog(test.instance.database.db, { limit: 100 })).entries;

describe('tidepool schedule', () => {
  it('lists schedules and sensors with status, cron, last and next tick; previews in the time zone without writing', async () => {
    const [list, preview, guidePreview, sensors] = await Promise.all([
      cli('schedule', 'list'),
      cli('schedule', 'preview', 'paris_schedule', '--ticks', '2'),
      cli('schedule', 'preview', 'guide_schedule', '--json'),
      cli('sensor', 'list', '--json'),
    ]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual([
      'broken_schedule  STOPPED  */2 * * * * (UTC)  last: -  next: -',
      'guide_schedule  RUNNING  * * * * * (UTC)  last: SUCCESS 2026-03-07T10:01:00Z  next: 2026-03-07 10:02:00 UTC',
      'paris_schedule  STOPPED  30 2 * * * (Europe/Paris)  last: -  next: -',
    ]);
    expect(JSON.parse(sensors.stdout)).toEqual([
      { name: 'keyed_sensor', status: 'STOPPED', minimumIntervalSeconds: 30, cursor: null, nextTick: null },
    ]);

    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('Next ticks of paris_schedule (30 2 * * *, Europe/Paris):');
    expect(preview.stdout).toContain('2026-03-08 02:30:00 GMT+1  (2026-03-08T01:30:00Z)');
    expect(preview.stdout).toContain('2026-03-09 02:30:00 GMT+1  (2026-03-09T01:30:00Z)');
    expect(preview.stdout).toContain('It requests 1 run(s):\n    run key -; tags dagster/schedule_name=paris_schedule; config {}');

    // The guide's run of 10:01 is still QUEUED: evaluating it now skips, and says why.
    const dry = JSON.parse(guidePreview.stdout) as { ticks: string[]; evaluation: { skipReason: string; runRequests: unknown[] } };
    expect(dry.ticks).toHaveLength(5);
    expect(dry.evaluation.runRequests).toEqual([]);
    expect(dry.evaluation.skipReason).toMatch(/^Run .* of guide_job is still in progress\.$/);
    expect(await readTicks(test.instance.database.db, 'guide_schedule', { limit: 10 })).toHaveLength(1);
    expect(await readTicks(test.instance.database.db, 'paris_schedule', { limit: 10 })).toHaveLength(0);
  });

  it('starts and stops a schedule, audited as the CLI; bad input names the argument and writes nothing', async () => {
    const start = await cli('schedule', 'start', 'broken_schedule');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Started schedule broken_schedule');
    const def = location.definitions.getSchedule('broken_schedule')!;
    expect((await readInstigatorStates(test.instance.database.db, [def]))[0]!.status).toBe('RUNNING');
    const stop = await cli('schedule', 'stop', 'broken_schedule', '--json');
    expect(JSON.parse(stop.stdout)).toEqual({ name: 'broken_schedule', status: 'STOPPED' });
    expect((await auditEntries()).slice(0, 2).map((entry) => [entry.action, entry.actor, entry.target])).toEqual([
      ['schedule.stop', 'cli', 'schedule:broken_schedule'],
      ['schedule.start', 'cli', 'schedule:broken_schedule'],
    ]);

    const before = (await auditEntries()).length;
    const [unknown, badTicks, noDefinitions] = await Promise.all([
      cli('schedule', 'start', 'nope'),
      cli('schedule', 'preview', 'guide_schedule', '--ticks', '0'),
      runCli(['schedule', 'list'], { env: { DATABASE_URL: env.DATABASE_URL! } }),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "There is no schedule named 'nope' in the definitions (schedules: guide_schedule, broken_schedule, paris_schedule).",
    );
    expect(badTicks.code).toBe(2);
    expect(badTicks.stderr).toContain("--ticks must be a whole number from 1 to 100 (got '0').");
    expect(noDefinitions.code).toBe(2);
    expect(noDefinitions.stderr).toContain('--definitions is required');
    expect((await auditEntries()).length).toBe(before);
  });
});

describe('tidepool sensor', () => {
  it('starts a sensor, previews from a cursor without writing, shows, sets and clears its cursor, and stops it', async () => {
    const start = await cli('sensor', 'start', 'keyed_sensor');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Started sensor keyed_sensor: it is evaluated every 30 s.');

    const [preview, set] = await Promise.all([
      cli('sensor', 'preview', 'keyed_sensor', '--cursor', '5'),
      cli('sensor', 'cursor', 'keyed_sensor', '--set', '10'),
    ]);
    expect(preview.stdout).toContain('Evaluated keyed_sensor from cursor 5 (nothing was written):');
    expect(preview.stdout).toContain('It requests 2 run(s):');
    expect(preview.stdout).toContain('run key file-5;');
    expect(preview.stdout).toContain('run key file-6;');
    expect(preview.stdout).toContain('Its cursor would become 6.');
    expect(set.stdout.trim()).toBe('Set the cursor of keyed_sensor to 10.');

    const [list, cleared, both] = await Promise.all([
      cli('sensor', 'list'),
      cli('sensor', 'cursor', 'keyed_sensor', '--clear', '--json'),
      cli('sensor', 'cursor', 'keyed_sensor', '--set', '3', '--clear'),
    ]);
    // Never ticked: due at once (the list ran beside the clear, so either cursor).
    expect(list.stdout.trim()).toMatch(
      /^keyed_sensor {2}RUNNING {2}every 30 s {2}last: - {2}next: 2026-03-07T10:01:05Z {2}cursor: (10|-)$/,
    );
    expect(JSON.parse(cleared.stdout)).toEqual({ name: 'keyed_sensor', cursor: null });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give either --set VALUE or --clear, not both.');
    const stop = await cli('sensor', 'stop', 'keyed_sensor');
    expect(stop.stdout).toContain('Stopped sensor keyed_sensor.');
    const actions = (await auditEntries())
      .filter((entry) => entry.target === 'sensor:keyed_sensor')
      .map((entry) => [entry.action, entry.actor]);
    expect(actions).toEqual([
      ['sensor.stop', 'cli'],
      ['sensor.set_cursor', 'cli'],
      ['sensor.set_cursor', 'cli'],
      ['sensor.start', 'cli'],
    ]);
    expect(await readTicks(test.instance.database.db, 'keyed_sensor', { limit: 10 })).toEqual([]);
  });
});
