import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { appendEvent, type NewEvent } from '../../src/runs/append-event.js';
import { createRuns, type NewRun } from '../../src/runs/create-runs.js';
import { newRun as baseRun } from '../support/runs.js';
import { InvalidPipelineRunsFilterError } from '../../src/runs/errors.js';
import { countRuns, getRunRecords, instanceApi, listRunIds, listRuns, runTagKeys, runTags } from '../../src/runs/queries.js';
import { InvalidEventQueryError, parseEventCursor, readEvents } from '../../src/runs/read-events.js';
import type { RunsFilter } from '../../src/runs/runs-filter.js';
import { buildStepStats, loadRunStats, loadStepStats } from '../../src/runs/step-stats.js';
import { transitionRuns } from '../../src/runs/transition.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';

let ctx: TestInstance;
let db: Db;
beforeAll(async () => {
  ctx = await createTestInstance();
  db = ctx.instance.database.db;
});
afterAll(async () => {
  await ctx?.cleanup();
});

const newRun = (overrides: Partial<NewRun> = {}): NewRun => baseRun({ jobName: 'job_a', locationName: 'test_location', ...overrides });

/** Creates runs in creation order (the returned ids are oldest first). */
function launch(runs: NewRun[], firstStatus: 'QUEUED' | 'STARTING' = 'QUEUED'): Promise<string[]> {
  return db.transaction((tx) => createRuns(tx, runs, firstStatus));
}

/** Moves runs along a path of statuses, one transaction per step. */
async function moveTo(runIds: string[], path: RunStatus[]): Promise<void> {
  for (const to of path) {
    await db.transaction(async (tx) => {
      const moved = await transitionRuns(tx, runIds, {
        from: ['QUEUED', 'NOT_STARTED', 'STARTING', 'STARTED', 'CANCELING'],
        to,
        message: `to ${to}`,
      });
      expect(moved).toHaveLength(runIds.length);
    });
  }
}

async function setTimes(runId: string, times: { created?: number; updated?: number }): Promise<void> {
  if (times.created !== undefined)
    await db.execute(sql`update runs set created_at = to_timestamp(${times.created}::double precision) where id = ${runId}`);
  if (times.updated !== undefined)
    await db.execute(sql`update runs set updated_at = to_timestamp(${times.updated}::double precision) where id = ${runId}`);
}

/** A tag that marks the runs of one test, so tests sharing this file's database see only their own runs. */
function suite(): { tag: { key: string; value: string }; tags: Record<string, string> } {
  const value = randomUUID();
  return { tag: { key: 'suite', value }, tags: { suite: value } };
}

const newestFirst = (ids: string[]) => [...ids].reverse();

describe('RunsFilter', () => {
  let s: ReturnType<typeof suite>;
  let ids: Record<'a1' | 'a2' | 'b1' | 'b2' | 'c1', string>;

  beforeAll(async () => {
    s = suite();
    const [a1, a2, b1, b2, c1] = await launch([
      newRun({ jobName: 'filter_a', tags: { ...s.tags, team: 'red', env: 'prod' } }),
      newRun({ jobName: 'filter_a', tags: { ...s.tags, team: 'blue', env: 'prod' }, allPools: ['db'] }),
      newRun({ jobName: 'filter_b', tags: { ...s.tags, team: 'red', env: 'dev' } }),
      newRun({ jobName: 'filter_b', tags: { ...s.tags, team: 'red' } }),
      newRun({ jobName: 'filter_c', tags: { ...s.tags } }),
    ]);
    ids = { a1: a1!, a2: a2!, b1: b1!, b2: b2!, c1: c1! };
    await moveTo([ids.a2, ids.b1], ['STARTING', 'STARTED']);
    await moveTo([ids.b1], ['SUCCESS']);
    await moveTo([ids.c1], ['CANCELING', 'CANCELED']);
    await setTimes(ids.a1, { created: 1_000, updated: 5_000 });
    await setTimes(ids.a2, { created: 2_000, updated: 4_000 });
    await setTimes(ids.b1, { created: 3_000, updated: 3_000 });
    await setTimes(ids.b2, { created: 4_000, updated: 2_000 });
    await setTimes(ids.c1, { created: 5_000, updated: 1_000 });
  });

  const ofSuite = (filter: RunsFilter): RunsFilter => ({ ...filter, tags: [s.tag, ...(filter.tags ?? [])] });
  const idsOf = async (filter: RunsFilter) => (await listRuns(db, ofSuite(filter))).map((run) => run.id);

  it('with no other field returns every run, newest first', async () => {
    expect(await idsOf({})).toEqual(newestFirst([ids.a1, ids.a2, ids.b1, ids.b2, ids.c1]));
  });

  it('filters by run ids', async () => {
    expect(await idsOf({ runIds: [ids.b2, ids.a1] })).toEqual([ids.b2, ids.a1]);
    expect(await idsOf({ runIds: [randomUUID()] })).toEqual([]);
  });

  it('filters by job name, under either name', async () => {
    expect(await idsOf({ jobName: 'filter_a' })).toEqual([ids.a2, ids.a1]);
    expect(await idsOf({ pipelineName: 'filter_b' })).toEqual([ids.b2, ids.b1]);
    expect(await idsOf({ jobName: 'filter_b', pipelineName: 'filter_b' })).toEqual([ids.b2, ids.b1]);
    expect(await idsOf({ jobName: 'no_such_job' })).toEqual([]);
  });

  it('filters by statuses (any of them)', async () => {
    expect(await idsOf({ statuses: ['QUEUED'] })).toEqual([ids.b2, ids.a1]);
    expect(await idsOf({ statuses: ['STARTED', 'SUCCESS'] })).toEqual([ids.b1, ids.a2]);
    expect(await idsOf({ statuses: ['CANCELED', 'FAILURE'] })).toEqual([ids.c1]);
    expect(await idsOf({ statuses: ['MANAGED'] })).toEqual([]);
  });

  it('filters by tags (every one of them), hidden pool tags included', async () => {
    expect(await idsOf({ tags: [{ key: 'team', value: 'red' }] })).toEqual([ids.b2, ids.b1, ids.a1]);
    expect(
      await idsOf({
        tags: [
          { key: 'team', value: 'red' },
          { key: 'env', value: 'prod' },
        ],
      }),
    ).toEqual([ids.a1]);
    expect(
      await idsOf({
        tags: [
          { key: 'team', value: 'red' },
          { key: 'team', value: 'blue' },
        ],
      }),
    ).toEqual([]);
    expect(await idsOf({ tags: [{ key: '.dagster/pool/db', value: 'true' }] })).toEqual([ids.a2]);
  });

  it('filters by creation and update time (seconds, strict bounds)', async () => {
    expect(await idsOf({ createdAfter: 2_000 })).toEqual([ids.c1, ids.b2, ids.b1]);
    expect(await idsOf({ createdBefore: 2_000 })).toEqual([ids.a1]);
    expect(await idsOf({ createdAfter: 1_999.5, createdBefore: 2_000.5 })).toEqual([ids.a2]);
    expect(await idsOf({ updatedAfter: 4_000 })).toEqual([ids.a1]);
    expect(await idsOf({ updatedBefore: 2_500 })).toEqual([ids.c1, ids.b2]);
  });

  it('combines fields with AND', async () => {
    expect(await idsOf({ jobName: 'filter_b', statuses: ['QUEUED'], tags: [{ key: 'team', value: 'red' }] })).toEqual([ids.b2]);
    expect(await idsOf({ jobName: 'filter_a', createdAfter: 1_500, statuses: ['STARTED'] })).toEqual([ids.a2]);
    expect(await idsOf({ runIds: [ids.a1, ids.b1], statuses: ['SUCCESS'] })).toEqual([ids.b1]);
    expect(await idsOf({ jobName: 'filter_a', updatedBefore: 4_500, updatedAfter: 3_500 })).toEqual([ids.a2]);
  });

  it('treats absent, null and empty fields as no filter, as Dagster does', async () => {
    const all = await idsOf({});
    expect(await idsOf({ runIds: [], statuses: [], jobName: null, pipelineName: '', createdAfter: null })).toEqual(all);
  });

  it('counts exactly the matching runs', async () => {
    expect(await countRuns(db, ofSuite({}))).toBe(5);
    expect(await countRuns(db, ofSuite({ tags: [{ key: 'team', value: 'red' }] }))).toBe(3);
    expect(await countRuns(db, ofSuite({ statuses: ['QUEUED', 'CANCELED'] }))).toBe(3);
    expect(await countRuns(db, ofSuite({ jobName: 'nope' }))).toBe(0);
  });

  it('lists ids like listRuns', async () => {
    expect(await listRunIds(db, ofSuite({ jobName: 'filter_a' }))).toEqual([ids.a2, ids.a1]);
  });
});

describe('malformed filters', () => {
  const cases: [string, RunsFilter, RegExp][] = [
    ['a run id that is no UUID', { runIds: ['not-a-uuid'] }, /malformed run id "not-a-uuid"/],
    ['too many run ids', { runIds: Array.from({ length: 101 }, () => randomUUID()) }, /101 run ids; at most 100/],
    ['an unknown status', { statuses: ['RUNNING'] }, /unknown status "RUNNING"/],
    ['an empty tag key', { tags: [{ key: '', value: 'x' }] }, /tag with an empty key/],
    ['too many tags', { tags: Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }, /101 tags; at most 100/],
    ['a NaN time', { createdBefore: Number.NaN }, /createdBefore must be a finite number/],
    ['an infinite time', { updatedAfter: Number.POSITIVE_INFINITY }, /updatedAfter must be a finite number/],
    ['a time past year 9999', { createdAfter: 1e15 }, /createdAfter must be a finite number/],
    ['two different job names', { jobName: 'a', pipelineName: 'b' }, /two different jobs/],
  ];
  for (const [what, filter, message] of cases) {
    it(`rejects ${what}`, async () => {
      const error = await listRuns(db, filter).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidPipelineRunsFilterError);
      expect((error as Error).message).toMatch(message);
      await expect(countRuns(db, filter)).rejects.toBeInstanceOf(InvalidPipelineRunsFilterError);
    });
  }
});

describe('paging', () => {
  it('walks every run newest first, page after page, without gaps or duplicates', async () => {
    const s = suite();
    const created = await launch(Array.from({ length: 23 }, (_, i) => newRun({ tags: { ...s.tags, n: String(i) } })));
    const filter = { tags: [s.tag] };
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const runs = await listRuns(db, filter, { cursor, limit: 5 });
      if (runs.length === 0) break;
      expect(runs.length).toBeLessThanOrEqual(5);
      seen.push(...runs.map((run) => run.id));
      cursor = runs.at(-1)!.id;
    }
    expect(seen).toEqual(newestFirst(created));
    expect(new Set(seen).size).toBe(23);
    // The count ignores cursor and limit.
    expect(await countRuns(db, filter)).toBe(23);
  });

  it('pages a status filter, skipping runs of other statuses', async () => {
    const s = suite();
    const created = await launch(Array.from({ length: 12 }, () => newRun({ tags: s.tags })));
    const started = created.filter((_, i) => i % 3 === 0);
    await moveTo(started, ['STARTING', 'STARTED']);
    const filter: RunsFilter = { tags: [s.tag], statuses: ['STARTED'] };
    const first = await listRunIds(db, filter, { limit: 3 });
    const second = await listRunIds(db, filter, { cursor: first.at(-1)!, limit: 3 });
    expect([...first, ...second]).toEqual(newestFirst(started));
    expect(await listRunIds(db, filter, { cursor: second.at(-1)!, limit: 3 })).toEqual([]);
  });

  it('bounds the limit to 1..1000 instead of clipping it', async () => {
    for (const limit of [0, -1, 1001, 2.5]) {
      const error = await listRuns(db, {}, { limit }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidPipelineRunsFilterError);
      expect((error as Error).message).toMatch(/limit must be an integer from 1 to 1000/);
    }
    expect(await listRuns(db, {}, { limit: 1 })).toHaveLength(1);
    expect((await listRuns(db, {}, { limit: 1000 })).length).toBeGreaterThan(1);
  });

  it('rejects a cursor that is not a run', async () => {
    await expect(listRuns(db, {}, { cursor: 'abc' })).rejects.toThrow(/cursor "abc" is not a run id/);
    const unknown = randomUUID();
    await expect(listRuns(db, {}, { cursor: unknown })).rejects.toThrow(new RegExp(`cursor ${unknown} is not a run`));
    await expect(listRunIds(db, {}, { cursor: unknown })).rejects.toBeInstanceOf(InvalidPipelineRunsFilterError);
  });
});

describe('tag keys and values', () => {
  it('lists distinct keys without the hidden .dagster/ ones, and values by key', async () => {
    const key = `color_${randomUUID().slice(0, 8)}`;
    await launch([
      newRun({ tags: { [key]: 'red' }, allPools: ['tags_pool'] }),
      newRun({ tags: { [key]: 'blue' } }),
      newRun({ tags: { [key]: 'red', [`${key}_size`]: 'big' } }),
      newRun({ tags: { [key]: 'rose' } }),
    ]);
    const keys = await runTagKeys(db);
    expect(keys).toEqual(expect.arrayContaining([key, `${key}_size`]));
    expect(keys.filter((k) => k.startsWith('.dagster/'))).toEqual([]);
    expect(keys).toEqual([...new Set(keys)]);

    expect(await runTags(db, { tagKeys: [key, `${key}_size`] })).toEqual([
      { key, values: ['blue', 'red', 'rose'] },
      { key: `${key}_size`, values: ['big'] },
    ]);
    expect(await runTags(db, { tagKeys: [key], valuePrefix: 'r' })).toEqual([{ key, values: ['red', 'rose'] }]);
    expect(await runTags(db, { tagKeys: [key], valuePrefix: 'zz' })).toEqual([]);
    expect(await runTags(db, { tagKeys: [key], limit: 2 })).toEqual([{ key, values: ['blue', 'red'] }]);
    // Hidden keys only when asked for by name.
    expect(await runTags(db, { tagKeys: ['.dagster/pool/tags_pool'] })).toEqual([{ key: '.dagster/pool/tags_pool', values: ['true'] }]);
    const all = await runTags(db);
    expect(all.find((entry) => entry.key === key)?.values).toEqual(['blue', 'red', 'rose']);
    expect(all.some((entry) => entry.key.startsWith('.dagster/'))).toBe(false);
    expect(await runTags(db, { tagKeys: [] })).toEqual([]);
  });

  it('bounds the limit of tag values', async () => {
    await expect(runTags(db, { limit: 0 })).rejects.toBeInstanceOf(InvalidPipelineRunsFilterError);
    await expect(runTags(db, { limit: 1001 })).rejects.toThrow(/from 1 to 1000/);
  });
});

describe('getRunRecords (InstanceApi)', () => {
  it('filters by job, statuses and tags, newest first, up to the limit', async () => {
    const s = suite();
    const job = `records_${randomUUID().slice(0, 8)}`;
    const [r1, r2, r3] = await launch([
      newRun({ jobName: job, tags: { ...s.tags, kind: 'x' } }),
      newRun({ jobName: job, tags: { ...s.tags, kind: 'y' } }),
      newRun({ jobName: job, tags: { ...s.tags, kind: 'x' } }),
    ]);
    await moveTo([r3!], ['STARTING']);
    const records = await getRunRecords(db, { jobName: job });
    expect(records.map((r) => r.runId)).toEqual([r3, r2, r1]);
    expect(records[0]).toEqual({ runId: r3, jobName: job, status: 'STARTING', tags: { ...s.tags, kind: 'x' } });
    expect((await getRunRecords(db, { jobName: job, statuses: ['QUEUED'], tags: { kind: 'x' } })).map((r) => r.runId)).toEqual([r1]);
    expect((await instanceApi(db).getRunRecords({ jobName: job, limit: 2 })).map((r) => r.runId)).toEqual([r3, r2]);
    await expect(getRunRecords(db, { statuses: ['BOGUS'] })).rejects.toBeInstanceOf(InvalidPipelineRunsFilterError);
  });
});

/** A run that went through a realistic life: queued, started, four steps (one retried), failed. */
async function realisticRun(): Promise<{ runId: string; otherRunId: string }> {
  const [runId, otherRunId] = await launch([newRun({ jobName: 'etl' }), newRun({ jobName: 'etl' })]);
  const event = (e: Omit<NewEvent, 'runId'>) => db.transaction((tx) => appendEvent(tx, { runId: runId!, ...e }));
  await moveTo([runId!], ['STARTING', 'STARTED']);
  await event({ eventType: 'STEP_START', stepKey: 'extract', message: 'Started execution of step "extract".' });
  await event({ eventType: 'LOG_MESSAGE', stepKey: 'extract', level: 'DEBUG', message: 'fetching' });
  await db.transaction((tx) => appendEvent(tx, { runId: otherRunId!, eventType: 'LOG_MESSAGE', message: 'another run' }));
  await event({ eventType: 'STEP_SUCCESS', stepKey: 'extract', message: 'Finished execution of step "extract".' });
  await event({ eventType: 'STEP_START', stepKey: 'transform', message: 'Started execution of step "transform".' });
  await event({
    eventType: 'STEP_FAILURE',
    stepKey: 'transform',
    level: 'ERROR',
    message: 'Execution of step "transform" failed.',
    payload: { error: { message: 'boom', className: 'TypeError', stack: ['at transform'] } },
  });
  await event({ eventType: 'STEP_START', stepKey: 'transform', message: 'Retrying step "transform".' });
  await event({ eventType: 'STEP_SUCCESS', stepKey: 'transform', message: 'Finished execution of step "transform".' });
  await event({ eventType: 'STEP_SKIPPED', stepKey: 'notify', message: 'Skipped step "notify".' });
  // load waited for its pool slot: the wait's marker opens and closes (execution/pool-wait-events.ts).
  await event({ eventType: 'ENGINE_EVENT', stepKey: 'load', message: 'blocked', payload: { pool: 'db', markerStart: 'pool_wait' } });
  await event({ eventType: 'ENGINE_EVENT', stepKey: 'load', message: 'claimed', payload: { pool: 'db', markerEnd: 'pool_wait' } });
  await event({ eventType: 'STEP_START', stepKey: 'load', message: 'Started execution of step "load".' });
  await event({ eventType: 'ENGINE_EVENT', message: 'Worker lease lost.', level: 'WARNING' });
  await moveTo([runId!], ['FAILURE']);
  return { runId: runId!, otherRunId: otherRunId! };
}

/** A bound above every id: these tests write no events concurrently, so everything is settled. */
const EVERY_ID = Number.MAX_SAFE_INTEGER;

describe('readEvents', () => {
  it('pages through a run in cursor order, without gaps, duplicates or other runs', async () => {
    const { runId } = await realisticRun();
    const all = await readEvents(db, runId, { limit: 10_000, upTo: EVERY_ID });
    expect(all.hasMore).toBe(false);
    expect(all.events.map((e) => e.eventType)).toEqual([
      'RUN_ENQUEUED',
      'RUN_STARTING',
      'RUN_START',
      'STEP_START',
      'LOG_MESSAGE',
      'STEP_SUCCESS',
      'STEP_START',
      'STEP_FAILURE',
      'STEP_START',
      'STEP_SUCCESS',
      'STEP_SKIPPED',
      'ENGINE_EVENT',
      'ENGINE_EVENT',
      'STEP_START',
      'ENGINE_EVENT',
      'RUN_FAILURE',
    ]);
    expect(all.events.every((e) => e.runId === runId)).toBe(true);
    expect(all.cursor).toBe(all.events.at(-1)!.id);
    expect(all.events[0]).toMatchObject({ runStatus: 'QUEUED', level: 'INFO', stepKey: null, payload: { toStatus: 'QUEUED' } });
    expect(all.events[0]!.createdAt).toBeInstanceOf(Date);

    const paged: number[] = [];
    let cursor: number | null = null;
    const hasMoreFlags: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const page = await readEvents(db, runId, { afterCursor: cursor, limit: 4, upTo: EVERY_ID });
      paged.push(...page.events.map((e) => e.id));
      hasMoreFlags.push(page.hasMore);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(paged).toEqual(all.events.map((e) => e.id));
    expect(hasMoreFlags).toEqual([true, true, true, false]); // 16 events, 4 a page
    // Past the end: no events, the cursor stays where it was.
    expect(await readEvents(db, runId, { afterCursor: cursor, upTo: EVERY_ID })).toEqual({ events: [], cursor, hasMore: false });
    // A page stops at the settled id it is given; with none, it is empty and says more may follow.
    const bounded = await readEvents(db, runId, { upTo: all.events[2]!.id });
    expect(bounded).toEqual({ events: all.events.slice(0, 3), cursor: all.events[2]!.id, hasMore: false });
    expect(await readEvents(db, runId, { afterCursor: 7, upTo: null })).toEqual({ events: [], cursor: 7, hasMore: true });
  });

  it('has no events for unknown or malformed run ids, and rejects bad cursors and limits', async () => {
    expect(await readEvents(db, randomUUID(), { upTo: EVERY_ID })).toEqual({ events: [], cursor: 0, hasMore: false });
    expect(await readEvents(db, 'nope', { upTo: EVERY_ID })).toEqual({ events: [], cursor: 0, hasMore: false });
    await expect(readEvents(db, randomUUID(), { limit: 0, upTo: EVERY_ID })).rejects.toBeInstanceOf(InvalidEventQueryError);
    await expect(readEvents(db, randomUUID(), { limit: 10_001, upTo: EVERY_ID })).rejects.toBeInstanceOf(InvalidEventQueryError);
    await expect(readEvents(db, randomUUID(), { afterCursor: -1, upTo: EVERY_ID })).rejects.toBeInstanceOf(InvalidEventQueryError);
    expect(parseEventCursor('42')).toBe(42);
    expect(parseEventCursor('')).toBeNull();
    expect(parseEventCursor(undefined)).toBeNull();
    for (const bad of ['-1', 'abc', '1.5', '99999999999999999']) expect(() => parseEventCursor(bad)).toThrow(InvalidEventQueryError);
  });
});

describe('step and run statistics', () => {
  it('follow the event log: attempts, statuses and times of each step; run times and counts', async () => {
    const { runId, otherRunId } = await realisticRun();
    const { events } = await readEvents(db, runId, { upTo: EVERY_ID });
    const time = (type: string, stepKey: string | null = null, nth = 0) =>
      events.filter((e) => e.eventType === type && (stepKey === null || e.stepKey === stepKey))[nth]!.createdAt.getTime() / 1000;

    const stepStats = (await loadStepStats(db, [runId, otherRunId])).get(runId)!;
    expect(stepStats).toEqual([
      {
        runId,
        stepKey: 'extract',
        status: 'SUCCESS',
        startTime: time('STEP_START', 'extract'),
        endTime: time('STEP_SUCCESS', 'extract'),
        attempts: [{ startTime: time('STEP_START', 'extract'), endTime: time('STEP_SUCCESS', 'extract') }],
        markers: [],
      },
      {
        runId,
        stepKey: 'transform',
        status: 'SUCCESS',
        startTime: time('STEP_START', 'transform', 1),
        endTime: time('STEP_SUCCESS', 'transform'),
        attempts: [
          { startTime: time('STEP_START', 'transform', 0), endTime: time('STEP_FAILURE', 'transform') },
          { startTime: time('STEP_START', 'transform', 1), endTime: time('STEP_SUCCESS', 'transform') },
        ],
        markers: [],
      },
      { runId, stepKey: 'notify', status: 'SKIPPED', startTime: null, endTime: time('STEP_SKIPPED', 'notify'), attempts: [], markers: [] },
      {
        runId,
        stepKey: 'load',
        status: 'IN_PROGRESS',
        startTime: time('STEP_START', 'load'),
        endTime: null,
        attempts: [{ startTime: time('STEP_START', 'load'), endTime: null }],
        markers: [{ startTime: time('ENGINE_EVENT', 'load', 0), endTime: time('ENGINE_EVENT', 'load', 1) }],
      },
    ]);
    expect((await loadStepStats(db, [otherRunId])).get(otherRunId)).toEqual([]);

    const runStats = await loadRunStats(db, [runId, otherRunId]);
    expect(runStats.get(runId)).toEqual({
      runId,
      stepsSucceeded: 2,
      stepsFailed: 1,
      materializations: 0,
      expectations: 0,
      enqueuedTime: time('RUN_ENQUEUED'),
      launchTime: time('RUN_STARTING'),
      startTime: time('RUN_START'),
      endTime: time('RUN_FAILURE'),
    });
    expect(runStats.get(otherRunId)).toMatchObject({ stepsSucceeded: 0, startTime: null, endTime: null, enqueuedTime: expect.any(Number) });
  });

  it('ignore events that are not step events or have no step key, and engine events that open or close no marker', () => {
    const at = (s: number) => new Date(s * 1000);
    expect(
      buildStepStats('r', [
        { eventType: 'LOG_MESSAGE', stepKey: 'a', createdAt: at(1) },
        { eventType: 'STEP_SUCCESS', stepKey: null, createdAt: at(2) },
        { eventType: 'STEP_FAILURE', stepKey: 'b', createdAt: at(3) },
        { eventType: 'ENGINE_EVENT', stepKey: 'b', createdAt: at(4), payload: {} },
      ]),
    ).toEqual([{ runId: 'r', stepKey: 'b', status: 'FAILURE', startTime: null, endTime: 3, attempts: [], markers: [] }]);
  });
});
