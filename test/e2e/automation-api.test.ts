// Schedules and sensors over real HTTP: the lists and lookups (with typed errors for unknown names), the
// start/stop/reset/cursor mutations (audited, writing nothing for an unknown name), tick history after the
// daemons' passes have ticked (driven by the test with a clock it moves), future ticks and dry runs.
// No worker runs: launched runs stay QUEUED, which the guide's schedule counts as in progress.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { readAuditLog } from '../../src/audit/audit-log.js';
import { createToken } from '../../src/auth/tokens.js';
import { runSchedulerPass } from '../../src/automation/scheduler.js';
import { runSensorPass } from '../../src/automation/sensors.js';
import { readTicks } from '../../src/automation/ticks.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { createTestInstance, manualClock, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

const GUIDE = fileURLToPath(new URL('../fixtures/automation/guide.ts', import.meta.url));

const clock = manualClock('2026-03-07T10:00:30Z');
let test: TestInstance;
let location: LoadedDefinitions;
let server: TestServer;
let repository: { repositoryName: string; repositoryLocationName: string };

beforeAll(async () => {
  test = await createTestInstance({ clock });
  location = await loadDefinitions(GUIDE);
  server = await startTestServer(test.instance, location);
  repository = { repositoryName: location.definitions.repositoryName, repositoryLocationName: location.locationName };
});
afterAll(async () => {
  await server?.server.stop();
  await test?.cleanup();
});

interface Answer {
  data?: Record<string, any> | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** The data of an answer without errors. */
async function ok(query: string, variables: Record<string, unknown> = {}) {
  const answer = await gql(query, variables);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!;
}

const pass = () => ({ instance: test.instance, location, daemonId: 'test-daemon' });
const schedule = (scheduleName: string) => ({ ...repository, scheduleName });
const sensor = (sensorName: string) => ({ ...repository, sensorName });
const auditCount = async () => (await readAuditLog(test.instance.database.db, { limit: 1000 })).entries.length;

const STATE = 'id selectorId name instigationType status runningCount hasStartPermission hasStopPermission';

describe('schedules and sensors over GraphQL', () => {
  it('lists the repository’s schedules and sensors with their states, on the repository and on their job', async () => {
    const data = await ok(
      `query ($repo: RepositorySelector!) {
        schedulesOrError(repositorySelector: $repo) { __typename ... on Schedules { results { id name cronSchedule executionTimezone pipelineName mode defaultStatus canReset scheduleState { ${STATE} } } } }
        sensorsOrError(repositorySelector: $repo) { __typename ... on Sensors { results { id jobOriginId name minIntervalSeconds sensorType defaultStatus canReset targets { pipelineName mode } metadata { assetKeys { path } } sensorState { ${STATE} } } } }
        running: schedulesOrError(repositorySelector: $repo, scheduleStatus: RUNNING) { ... on Schedules { results { name } } }
        stopped: sensorsOrError(repositorySelector: $repo, sensorStatus: STOPPED) { ... on Sensors { results { name } } }
        repositoriesOrError { ... on RepositoryConnection { nodes { schedules { name } sensors { name } jobs { name schedules { name } sensors { name } } } } }
      }`,
      { repo: repository },
    );
    const schedules = data.schedulesOrError.results;
    expect(schedules.map((s: { name: string }) => s.name)).toEqual(['broken_schedule', 'guide_schedule', 'paris_schedule']);
    const guide = schedules[1];
    expect(guide).toMatchObject({
      cronSchedule: '* * * * *',
      executionTimezone: null,
      pipelineName: 'guide_job',
      mode: 'default',
      defaultStatus: 'RUNNING',
      canReset: false,
      scheduleState: { name: 'guide_schedule', instigationType: 'SCHEDULE', status: 'RUNNING', runningCount: 1, hasStartPermission: true },
    });
    expect(guide.scheduleState.id).toBe(guide.id);
    expect(schedules[2].executionTimezone).toBe('Europe/Paris');
    expect(data.sensorsOrError.results).toEqual([
      expect.objectContaining({
        name: 'keyed_sensor',
        minIntervalSeconds: 30,
        sensorType: 'STANDARD',
        defaultStatus: 'STOPPED',
        targets: [{ pipelineName: 'guide_job', mode: 'default' }],
        metadata: { assetKeys: null },
        sensorState: expect.objectContaining({ instigationType: 'SENSOR', status: 'STOPPED', runningCount: 0 }),
      }),
    ]);
    expect(data.running.results).toEqual([{ name: 'guide_schedule' }]);
    expect(data.stopped.results).toEqual([{ name: 'keyed_sensor' }]);
    const [repo] = data.repositoriesOrError.nodes;
    expect(repo.schedules).toHaveLength(3);
    expect(repo.jobs.find((job: { name: string }) => job.name === 'guide_job')).toMatchObject({
      schedules: [{ name: 'broken_schedule' }, { name: 'guide_schedule' }, { name: 'paris_schedule' }],
      sensors: [{ name: 'keyed_sensor' }],
    });
  });

  it('answers unknown names and repositories with typed errors', async () => {
    const data = await ok(
      `query ($repo: RepositorySelector!, $otherRepo: RepositorySelector!, $schedule: ScheduleSelector!, $sensor: SensorSelector!) {
        scheduleOrError(scheduleSelector: $schedule) { __typename ... on ScheduleNotFoundError { scheduleName message } }
        sensorOrError(sensorSelector: $sensor) { __typename ... on SensorNotFoundError { sensorName } }
        schedulesOrError(repositorySelector: $otherRepo) { __typename ... on RepositoryNotFoundError { repositoryName repositoryLocationName } }
        sensorsOrError(repositorySelector: $otherRepo) { __typename }
        instigationStateOrError(instigationSelector: { repositoryName: "${repository.repositoryName}", repositoryLocationName: "${repository.repositoryLocationName}", name: "nope" }) {
          __typename ... on InstigationStateNotFoundError { name }
        }
        known: scheduleOrError(scheduleSelector: { repositoryName: "${repository.repositoryName}", repositoryLocationName: "${repository.repositoryLocationName}", scheduleName: "paris_schedule" }) { __typename }
        alsoKnown: sensorsOrError(repositorySelector: $repo) { __typename }
      }`,
      {
        repo: repository,
        otherRepo: { repositoryName: 'other', repositoryLocationName: 'elsewhere' },
        schedule: schedule('nope'),
        sensor: sensor('keyed_sensor_typo'),
      },
    );
    expect(data.scheduleOrError).toMatchObject({ __typename: 'ScheduleNotFoundError', scheduleName: 'nope' });
    expect(data.sensorOrError).toEqual({ __typename: 'SensorNotFoundError', sensorName: 'keyed_sensor_typo' });
    expect(data.schedulesOrError).toEqual({
      __typename: 'RepositoryNotFoundError',
      repositoryName: 'other',
      repositoryLocationName: 'elsewhere',
    });
    expect(data.sensorsOrError.__typename).toBe('RepositoryNotFoundError');
    expect(data.instigationStateOrError).toEqual({ __typename: 'InstigationStateNotFoundError', name: 'nope' });
    expect(data.known.__typename).toBe('Schedule');
    expect(data.alsoKnown.__typename).toBe('Sensors');
  });

  it('starts, stops and resets a schedule, audited with the caller; an unknown name writes nothing', async () => {
    const before = await auditCount();
    const STATE_RESULT = `__typename ... on ScheduleStateResult { scheduleState { id name status } } ... on ScheduleNotFoundError { scheduleName } ... on PythonError { className }`;
    const started = await ok(`mutation ($s: ScheduleSelector!) { startSchedule(scheduleSelector: $s) { ${STATE_RESULT} } }`, {
      s: schedule('broken_schedule'),
    });
    expect(started.startSchedule.scheduleState).toMatchObject({ name: 'broken_schedule', status: 'RUNNING' });
    const id = started.startSchedule.scheduleState.id;
    expect(
      (
        await ok(`query ($s: ScheduleSelector!) { scheduleOrError(scheduleSelector: $s) { ... on Schedule { canReset } } }`, {
          s: schedule('broken_schedule'),
        })
      ).scheduleOrError.canReset,
    ).toBe(true);

    const stopped = await ok(`mutation ($id: String) { stopRunningSchedule(id: $id) { ${STATE_RESULT} } }`, { id });
    expect(stopped.stopRunningSchedule.scheduleState.status).toBe('STOPPED');
    const reset = await ok(`mutation ($s: ScheduleSelector!) { resetSchedule(scheduleSelector: $s) { ${STATE_RESULT} } }`, {
      s: schedule('broken_schedule'),
    });
    expect(reset.resetSchedule.scheduleState.status).toBe('STOPPED'); // its default
    const { entries } = await readAuditLog(test.instance.database.db, { limit: 3, target: 'schedule:broken_schedule' });
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
      ['schedule.reset', 'open'],
      ['schedule.stop', 'open'],
      ['schedule.start', 'open'],
    ]);

    const countAfter = await auditCount();
    const unknown = await ok(
      `mutation ($s: ScheduleSelector!) {
        startSchedule(scheduleSelector: $s) { ${STATE_RESULT} }
        resetSchedule(scheduleSelector: $s) { ${STATE_RESULT} }
        stopRunningSchedule(scheduleOriginId: "no:such:schedule") { ${STATE_RESULT} }
      }`,
      { s: schedule('nope') },
    );
    expect(unknown.startSchedule).toEqual({ __typename: 'ScheduleNotFoundError', scheduleName: 'nope' });
    expect(unknown.resetSchedule).toEqual({ __typename: 'ScheduleNotFoundError', scheduleName: 'nope' });
    expect(unknown.stopRunningSchedule).toEqual({ __typename: 'ScheduleNotFoundError', scheduleName: 'no:such:schedule' });
    const noId = await gql('mutation { stopRunningSchedule { __typename } }');
    expect(noId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(await auditCount()).toBe(countAfter);
    expect(countAfter).toBe(before + 3);
  });

  it('shows the tick history after the scheduler ticked: statuses, skip reasons, errors, runs, paging and filters', async () => {
    await ok(`mutation ($s: ScheduleSelector!) { startSchedule(scheduleSelector: $s) { __typename } }`, { s: schedule('broken_schedule') });
    await runSchedulerPass(pass()); // first sight of guide_schedule: it starts from now
    clock.set('2026-03-07T10:01:05Z');
    await runSchedulerPass(pass()); // guide: SUCCESS at 10:01
    clock.set('2026-03-07T10:02:01Z');
    await runSchedulerPass(pass()); // guide: SKIPPED at 10:02 (its run is QUEUED); broken: FAILURE at 10:02

    const TICK =
      'id tickId status timestamp endTimestamp skipReason runIds runKeys originRunIds logKey instigationType requestedAssetMaterializationCount error { message className stack } runs { runId status tags { key value } }';
    const data = await ok(
      `query ($guide: InstigationSelector!, $broken: InstigationSelector!) {
        guide: instigationStateOrError(instigationSelector: $guide) {
          ... on InstigationState {
            all: ticks(limit: 10) { ${TICK} }
            page: ticks(limit: 1) { tickId }
            skipped: ticks(limit: 10, statuses: [SKIPPED]) { status }
            old: ticks(limit: 10, beforeTimestamp: ${Date.parse('2026-03-07T10:01:30Z') / 1000}) { status }
            recent: ticks(limit: 10, dayRange: 1) { status }
            runsCount
            runs(limit: 10) { runId status }
            typeSpecificData { __typename ... on ScheduleData { cronSchedule } }
            nextTick { timestamp }
          }
        }
        broken: instigationStateOrError(instigationSelector: $broken) { ... on InstigationState { ticks(limit: 10) { status error { className message } } } }
      }`,
      {
        guide: { ...repository, name: 'guide_schedule' },
        broken: { ...repository, name: 'broken_schedule' },
      },
    );
    const guide = data.guide;
    expect(guide.all.map((tick: { status: string }) => tick.status)).toEqual(['SKIPPED', 'SUCCESS']);
    const [skipped, success] = guide.all;
    expect(success).toMatchObject({
      timestamp: Date.parse('2026-03-07T10:01:00Z') / 1000,
      runKeys: [],
      originRunIds: [],
      logKey: null,
      instigationType: 'SCHEDULE',
      error: null,
      skipReason: null,
    });
    expect(success.runIds).toHaveLength(1);
    expect(success.endTimestamp).toEqual(expect.any(Number));
    expect(success.runs).toEqual([expect.objectContaining({ runId: success.runIds[0], status: 'QUEUED' })]);
    expect(success.runs[0].tags).toEqual(expect.arrayContaining([{ key: 'dagster/schedule_name', value: 'guide_schedule' }]));
    expect(skipped.skipReason).toBe(`Run ${success.runIds[0]} of guide_job is still in progress.`);
    expect(skipped.tickId).toBe(skipped.id);
    expect(guide.page).toEqual([{ tickId: skipped.tickId }]);
    expect(guide.skipped).toEqual([{ status: 'SKIPPED' }]);
    expect(guide.old).toEqual([{ status: 'SUCCESS' }]);
    expect(guide.recent).toHaveLength(2);
    expect(guide.runsCount).toBe(1);
    expect(guide.runs).toEqual([{ runId: success.runIds[0], status: 'QUEUED' }]);
    expect(guide.typeSpecificData).toEqual({ __typename: 'ScheduleData', cronSchedule: '* * * * *' });
    expect(guide.nextTick.timestamp).toBe(Date.parse('2026-03-07T10:03:00Z') / 1000);
    expect(data.broken.ticks).toEqual([{ status: 'FAILURE', error: { className: 'Error', message: 'the schedule broke on purpose' } }]);

    // The next page after the first tick, one tick by id, and bad paging arguments.
    const paged = await ok(
      `query ($guide: InstigationSelector!, $cursor: String, $tickId: BigInt!) {
        instigationStateOrError(instigationSelector: $guide) { ... on InstigationState { ticks(limit: 5, cursor: $cursor) { tickId } tick(tickId: $tickId) { status } } }
      }`,
      { guide: { ...repository, name: 'guide_schedule' }, cursor: skipped.tickId, tickId: success.tickId },
    );
    expect(paged.instigationStateOrError).toEqual({ ticks: [{ tickId: success.tickId }], tick: { status: 'SUCCESS' } });
    const bad = await gql(
      `query ($guide: InstigationSelector!) {
        instigationStateOrError(instigationSelector: $guide) { ... on InstigationState { ticks(limit: 0) { tickId } } }
      }`,
      { guide: { ...repository, name: 'guide_schedule' } },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'limit' });
    const missing = await gql(
      `query ($guide: InstigationSelector!) {
        instigationStateOrError(instigationSelector: $guide) { ... on InstigationState { tick(tickId: "999999") { status } } }
      }`,
      { guide: { ...repository, name: 'guide_schedule' } },
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'TICK_NOT_FOUND', argument: 'tickId' });
    await ok(`mutation ($s: ScheduleSelector!) { resetSchedule(scheduleSelector: $s) { __typename } }`, { s: schedule('broken_schedule') });
  });

  it('starts a sensor, shows its ticks, cursor and last run key, sets its cursor, stops and resets it', async () => {
    const started = await ok(
      `mutation ($s: SensorSelector!) { startSensor(sensorSelector: $s) { __typename ... on Sensor { jobOriginId sensorState { status } } } }`,
      {
        s: sensor('keyed_sensor'),
      },
    );
    expect(started.startSensor).toMatchObject({ __typename: 'Sensor', sensorState: { status: 'RUNNING' } });
    await runSensorPass(pass());

    const SENSOR = `name canReset nextTick { timestamp evaluationResult { cursor runRequests { runKey jobName } } }
      sensorState { status typeSpecificData { __typename ... on SensorData { lastTickTimestamp lastRunKey lastCursor } } ticks(limit: 10) { status runKeys cursor } }`;
    const data = await ok(`query ($s: SensorSelector!) { sensorOrError(sensorSelector: $s) { ... on Sensor { ${SENSOR} } } }`, {
      s: sensor('keyed_sensor'),
    });
    const now = clock.now().getTime() / 1000;
    expect(data.sensorOrError).toEqual({
      name: 'keyed_sensor',
      canReset: true,
      // Due again 30 s after its tick; evaluating it now would go on from the stored cursor, writing nothing.
      nextTick: {
        timestamp: now + 30,
        evaluationResult: {
          cursor: '2',
          runRequests: [
            { runKey: 'file-1', jobName: 'guide_job' },
            { runKey: 'file-2', jobName: 'guide_job' },
          ],
        },
      },
      sensorState: {
        status: 'RUNNING',
        typeSpecificData: { __typename: 'SensorData', lastTickTimestamp: now, lastRunKey: 'file-1', lastCursor: '1' },
        ticks: [{ status: 'SUCCESS', runKeys: ['file-0', 'file-1'], cursor: '1' }],
      },
    });
    expect(await readTicks(test.instance.database.db, 'keyed_sensor', { limit: 10 })).toHaveLength(1);

    const SENSOR_RESULT =
      '__typename ... on Sensor { sensorState { status typeSpecificData { ... on SensorData { lastCursor } } } } ... on SensorNotFoundError { sensorName }';
    const cursor = await ok(`mutation ($s: SensorSelector!) { setSensorCursor(sensorSelector: $s, cursor: "41") { ${SENSOR_RESULT} } }`, {
      s: sensor('keyed_sensor'),
    });
    expect(cursor.setSensorCursor.sensorState.typeSpecificData.lastCursor).toBe('41');

    const stopped = await ok(
      `mutation ($id: String) { stopSensor(jobOriginId: $id) { __typename ... on StopSensorMutationResult { instigationState { status } } } }`,
      { id: started.startSensor.jobOriginId },
    );
    expect(stopped.stopSensor).toEqual({ __typename: 'StopSensorMutationResult', instigationState: { status: 'STOPPED' } });
    const reset = await ok(`mutation ($s: SensorSelector!) { resetSensor(sensorSelector: $s) { ${SENSOR_RESULT} } }`, {
      s: sensor('keyed_sensor'),
    });
    expect(reset.resetSensor.sensorState).toEqual({ status: 'STOPPED', typeSpecificData: { lastCursor: '41' } });
    const { entries } = await readAuditLog(test.instance.database.db, { limit: 4, target: 'sensor:keyed_sensor' });
    expect(entries.map((entry) => entry.action)).toEqual(['sensor.reset', 'sensor.stop', 'sensor.set_cursor', 'sensor.start']);

    const unknown = await ok(
      `mutation ($s: SensorSelector!) {
        startSensor(sensorSelector: $s) { ${SENSOR_RESULT} }
        setSensorCursor(sensorSelector: $s, cursor: "1") { ${SENSOR_RESULT} }
        stopSensor(id: "no-such-sensor") { __typename ... on PythonError { className } }
      }`,
      { s: sensor('nope') },
    );
    expect(unknown).toEqual({
      startSensor: { __typename: 'SensorNotFoundError', sensorName: 'nope' },
      setSensorCursor: { __typename: 'SensorNotFoundError', sensorName: 'nope' },
      // Dagster's union has no SensorNotFoundError member: a PythonError naming the error's class.
      stopSensor: { __typename: 'PythonError', className: 'SensorNotFoundError' },
    });
  });

  it('lists future ticks in the schedule’s time zone and dry-runs schedules and sensors without writing', async () => {
    const data = await ok(
      `query ($paris: ScheduleSelector!) {
        scheduleOrError(scheduleSelector: $paris) {
          ... on Schedule {
            futureTicks(limit: 2, cursor: ${Date.parse('2026-03-28T00:00:00Z') / 1000}) { cursor results { timestamp } }
            bounded: futureTicks(cursor: ${Date.parse('2026-03-28T00:00:00Z') / 1000}, until: ${Date.parse('2026-03-30T12:00:00Z') / 1000}) { results { timestamp } }
            potentialTickTimestamps(startTimestamp: ${Date.parse('2026-03-28T01:30:00Z') / 1000}, lowerLimit: 1, upperLimit: 2)
            futureTick(tickTimestamp: ${Date.parse('2026-03-29T00:30:00Z') / 1000}) { timestamp evaluationResult { runRequests { runKey tags { key value } runConfigYaml } skipReason error { message } } }
          }
        }
      }`,
      { paris: schedule('paris_schedule') },
    );
    const ticks = data.scheduleOrError.futureTicks.results.map((tick: { timestamp: number }) =>
      new Date(tick.timestamp * 1000).toISOString(),
    );
    // 02:30 in Paris: 01:30Z in winter; on 29 March 02:30 does not exist and the tick runs at 03:30 CEST (01:30Z).
    expect(ticks).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z']);
    expect(data.scheduleOrError.futureTicks.cursor).toBe(Date.parse('2026-03-29T01:30:00Z') / 1000 + 1);
    expect(data.scheduleOrError.bounded.results).toHaveLength(3);
    expect(data.scheduleOrError.potentialTickTimestamps.map((seconds: number) => new Date(seconds * 1000).toISOString())).toEqual([
      '2026-03-27T01:30:00.000Z',
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
    expect(data.scheduleOrError.futureTick.evaluationResult).toEqual({
      runRequests: [{ runKey: null, tags: [{ key: 'dagster/schedule_name', value: 'paris_schedule' }], runConfigYaml: '{}\n' }],
      skipReason: null,
      error: null,
    });

    const ticksBefore = (await readTicks(test.instance.database.db, 'guide_schedule', { limit: 100 })).length;
    const dry = await ok(
      `mutation ($guide: ScheduleSelector!, $broken: ScheduleSelector!, $sensor: SensorSelector!) {
        guide: scheduleDryRun(selectorData: $guide, timestamp: ${Date.parse('2026-03-07T11:00:00Z') / 1000}) {
          __typename ... on DryRunInstigationTick { timestamp evaluationResult { skipReason runRequests { runKey } } }
        }
        broken: scheduleDryRun(selectorData: $broken) { ... on DryRunInstigationTick { evaluationResult { error { className message } } } }
        sensor: sensorDryRun(selectorData: $sensor, cursor: "7") { ... on DryRunInstigationTick { evaluationResult { cursor runRequests { runKey } } } }
        unknown: sensorDryRun(selectorData: { repositoryName: "x", repositoryLocationName: "y", sensorName: "keyed_sensor" }) { __typename }
      }`,
      { guide: schedule('guide_schedule'), broken: schedule('broken_schedule'), sensor: sensor('keyed_sensor') },
    );
    expect(dry.guide.timestamp).toBe(Date.parse('2026-03-07T11:00:00Z') / 1000);
    expect(dry.guide.evaluationResult.skipReason).toMatch(/of guide_job is still in progress\.$/);
    expect(dry.broken.evaluationResult.error).toEqual({ className: 'Error', message: 'the schedule broke on purpose' });
    expect(dry.sensor.evaluationResult).toEqual({ cursor: '8', runRequests: [{ runKey: 'file-7' }, { runKey: 'file-8' }] });
    expect(dry.unknown.__typename).toBe('SensorNotFoundError');
    // Nothing written: no tick, and the sensor's stored cursor is still the one set before.
    expect(await readTicks(test.instance.database.db, 'guide_schedule', { limit: 100 })).toHaveLength(ticksBefore);
    const state = await ok(
      `query ($s: SensorSelector!) { sensorOrError(sensorSelector: $s) { ... on Sensor { sensorState { typeSpecificData { ... on SensorData { lastCursor } } } } } }`,
      {
        s: sensor('keyed_sensor'),
      },
    );
    expect(state.sensorOrError.sensorState.typeSpecificData.lastCursor).toBe('41');
  });

  it('lists every state of the repository by its id', async () => {
    const { repositoriesOrError } = await ok('{ repositoriesOrError { ... on RepositoryConnection { nodes { id sensors { id } } } } }');
    const data = await ok(
      `query ($id: String!, $selector: InstigationSelector!, $sensorId: String) {
        instigationStatesOrError(repositoryID: $id) { ... on InstigationStates { results { name status instigationType } } }
        other: instigationStatesOrError(repositoryID: "nope") { ... on InstigationStates { results { name } } }
        byId: instigationStateOrError(instigationSelector: $selector, id: $sensorId) { ... on InstigationState { name } }
      }`,
      {
        id: repositoriesOrError.nodes[0].id,
        selector: { ...repository, name: 'guide_schedule' },
        sensorId: repositoriesOrError.nodes[0].sensors[0].id,
      },
    );
    // The id, when given, names the state (Dagster's way to tell apart instigators of one name).
    expect(data.byId).toEqual({ name: 'keyed_sensor' });
    expect(data.instigationStatesOrError.results).toEqual([
      { name: 'broken_schedule', status: 'STOPPED', instigationType: 'SCHEDULE' },
      { name: 'guide_schedule', status: 'RUNNING', instigationType: 'SCHEDULE' },
      { name: 'paris_schedule', status: 'STOPPED', instigationType: 'SCHEDULE' },
      { name: 'keyed_sensor', status: 'STOPPED', instigationType: 'SENSOR' },
    ]);
    expect(data.other.results).toEqual([]);
  });
});

describe('schedules and sensors with access control on', () => {
  it("refuses a viewer's changes (writing nothing) and reports its permissions; an editor's go through", async () => {
    const tokens = await createTestInstance({ configYaml: 'auth: {mode: tokens}' });
    const tokensServer = await startTestServer(tokens.instance, location);
    try {
      const db = tokens.instance.database.db;
      const viewer = (await createToken(db, { name: 'viewer', role: 'viewer', expiresAt: null }, CLI_ACTOR)).secret;
      const editor = (await createToken(db, { name: 'editor', role: 'editor', expiresAt: null }, CLI_ACTOR)).secret;
      const as = async (secret: string, query: string) => {
        const response = await fetch(tokensServer.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
          body: JSON.stringify({ query, variables: { s: sensor('keyed_sensor') } }),
        });
        return ((await response.json()) as Answer).data!;
      };
      const CHANGE = `mutation ($s: SensorSelector!) { startSensor(sensorSelector: $s) { __typename ... on Sensor { sensorState { status } } } }`;
      const PERMISSIONS = `query ($s: SensorSelector!) { sensorOrError(sensorSelector: $s) { ... on Sensor { sensorState { status hasStartPermission hasStopPermission } } } }`;
      const auditBefore = (await readAuditLog(db, { limit: 1000 })).entries.length;

      expect((await as(viewer, CHANGE)).startSensor).toEqual({ __typename: 'UnauthorizedError' });
      expect((await as(viewer, PERMISSIONS)).sensorOrError.sensorState).toEqual({
        status: 'STOPPED',
        hasStartPermission: false,
        hasStopPermission: false,
      });
      expect((await readAuditLog(db, { limit: 1000 })).entries.length).toBe(auditBefore);

      expect((await as(editor, PERMISSIONS)).sensorOrError.sensorState).toMatchObject({
        hasStartPermission: true,
        hasStopPermission: true,
      });
      expect((await as(editor, CHANGE)).startSensor).toEqual({ __typename: 'Sensor', sensorState: { status: 'RUNNING' } });
      const [entry] = (await readAuditLog(db, { limit: 1, target: 'sensor:keyed_sensor' })).entries;
      expect(entry).toMatchObject({ action: 'sensor.start', actor: 'editor' });
    } finally {
      await tokensServer.server.stop();
      await tokens.cleanup();
    }
  });
});

describe('a schedule of a partitioned job', () => {
  it('shows its partition set; an unpartitioned job’s schedule has none', async () => {
    const partitioned = await loadDefinitions(fileURLToPath(new URL('../fixtures/automation/partitioned-schedule.ts', import.meta.url)));
    const partitionedServer = await startTestServer(test.instance, partitioned);
    try {
      const response = await fetch(partitionedServer.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ repositoriesOrError { ... on RepositoryConnection { nodes { schedules { name partitionSet { name pipelineName } } } } } }',
        }),
      });
      const { data } = (await response.json()) as Answer;
      expect(data!.repositoriesOrError.nodes[0].schedules).toEqual([
        { name: 'daily_schedule', partitionSet: { name: 'daily_job_partition_set', pipelineName: 'daily_job' } },
      ]);
    } finally {
      await partitionedServer.server.stop();
    }
    const guide = await ok(
      `query ($s: ScheduleSelector!) { scheduleOrError(scheduleSelector: $s) { ... on Schedule { partitionSet { name } } } }`,
      {
        s: schedule('guide_schedule'),
      },
    );
    expect(guide.scheduleOrError.partitionSet).toBeNull();
  });
});
