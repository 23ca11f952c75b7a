import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { appendEvent, type NewEvent } from '../../src/runs/append-event.js';
import { createRuns, type NewRun } from '../../src/runs/create-runs.js';
import { newRun as baseRun } from '../support/runs.js';
import { transitionRuns } from '../../src/runs/transition.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import {
  LogsForRunDocument,
  PipelineRunDetailDocument,
  PipelineRunsListDocument,
  RunDetailDocument,
  RunIdsDocument,
  RunsListDocument,
  RunsPoolFlagsDocument,
  RunTagKeysDocument,
  RunTagsDocument,
  type RunsFilter,
} from '../generated/graphql.js';
import { execute, executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

let ctx: TestInstance;
let server: TestServer;
let db: Db;
beforeAll(async () => {
  ctx = await createTestInstance();
  server = await startTestServer(ctx.instance);
  db = ctx.instance.database.db;
});
afterAll(async () => {
  await server?.server.stop();
  await ctx?.cleanup();
});

const newRun = (overrides: Partial<NewRun> = {}): NewRun => baseRun({ jobName: 'api_job', locationName: 'api_location', ...overrides });

function launch(runs: NewRun[]): Promise<string[]> {
  return db.transaction((tx) => createRuns(tx, runs, 'QUEUED'));
}

async function moveTo(runIds: string[], path: RunStatus[]): Promise<void> {
  for (const to of path) {
    await db.transaction((tx) =>
      transitionRuns(tx, runIds, { from: ['QUEUED', 'STARTING', 'STARTED', 'CANCELING'], to, message: `Run moved to ${to}.` }),
    );
  }
}

/** A filter matching only the runs of one test (tests share this file's database). */
function suite(): { tags: Record<string, string>; filter: RunsFilter } {
  const value = randomUUID();
  return { tags: { suite: value }, filter: { tags: [{ key: 'suite', value }] } };
}

async function runsPage(filter: RunsFilter, cursor?: string, limit?: number) {
  const { runsOrError } = await executeOk(server.url, RunsListDocument, { filter, cursor, limit });
  if (runsOrError.__typename !== 'Runs') throw new Error(`Expected Runs, got ${JSON.stringify(runsOrError)}`);
  return runsOrError;
}

async function filterError(variables: { filter?: RunsFilter; cursor?: string; limit?: number }): Promise<string> {
  const { runsOrError } = await executeOk(server.url, RunsListDocument, variables);
  if (runsOrError.__typename !== 'InvalidPipelineRunsFilterError') throw new Error(`Expected an error, got ${runsOrError.__typename}`);
  return runsOrError.message;
}

describe('runsOrError', () => {
  it('lists matching runs newest first with Dagster fields, and counts them', async () => {
    const s = suite();
    const [older, newer, other] = await launch([
      newRun({ jobName: 'list_job', tags: { ...s.tags, team: 'red' } }),
      newRun({ jobName: 'list_job', tags: { ...s.tags, team: 'red' } }),
      newRun({ jobName: 'other_job', tags: { ...s.tags, team: 'blue' } }),
    ]);
    await moveTo([newer!], ['STARTING', 'STARTED', 'SUCCESS']);

    const all = await runsPage(s.filter);
    expect(all.count).toBe(3);
    expect(all.results.map((run) => run.runId)).toEqual([other, newer, older]);
    const [, finished, queued] = all.results;
    expect(queued).toMatchObject({
      id: older,
      runId: older,
      status: 'QUEUED',
      jobName: 'list_job',
      pipelineName: 'list_job',
      mode: 'default',
      startTime: null,
      endTime: null,
      canTerminate: true,
    });
    expect(queued!.tags).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'red' },
        { key: 'suite', value: s.tags.suite },
      ]),
    );
    expect(Math.abs(queued!.creationTime - Date.now() / 1000)).toBeLessThan(120);
    expect(finished).toMatchObject({ status: 'SUCCESS', canTerminate: false });
    expect(finished!.startTime).toEqual(expect.any(Number));
    expect(finished!.endTime!).toBeGreaterThanOrEqual(finished!.startTime!);
    expect(finished!.updateTime!).toBeGreaterThanOrEqual(finished!.creationTime);

    const filtered = await runsPage({ ...s.filter, jobName: 'list_job', statuses: ['QUEUED'] });
    expect(filtered.results.map((run) => run.runId)).toEqual([older]);
    expect(filtered.count).toBe(1);
    const byTag = await runsPage({ tags: [...s.filter.tags!, { key: 'team', value: 'red' }], pipelineName: 'list_job' });
    expect(byTag.results.map((run) => run.runId)).toEqual([newer, older]);
    const byIds = await runsPage({ runIds: [older!, other!] });
    expect(byIds.results.map((run) => run.runId)).toEqual([other, older]);
    const recent = await runsPage({ ...s.filter, createdAfter: Date.now() / 1000 - 600, updatedBefore: Date.now() / 1000 + 600 });
    expect(recent.count).toBe(3);
  });

  it('pages by cursor without gaps or duplicates, the count staying the total', async () => {
    const s = suite();
    const created = await launch(Array.from({ length: 7 }, () => newRun({ tags: s.tags })));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await runsPage(s.filter, cursor, 3);
      expect(page.count).toBe(7);
      if (page.results.length === 0) break;
      seen.push(...page.results.map((run) => run.runId));
      cursor = page.results.at(-1)!.runId;
    }
    expect(seen).toEqual([...created].reverse());
  });

  it('answers malformed filters with InvalidPipelineRunsFilterError, never a 500', async () => {
    expect(await filterError({ filter: { runIds: ['not-a-run-id'] } })).toMatch(/malformed run id "not-a-run-id"/);
    expect(await filterError({ filter: { jobName: 'a', pipelineName: 'b' } })).toMatch(/two different jobs/);
    expect(await filterError({ filter: { tags: [{ key: '', value: 'x' }] } })).toMatch(/empty key/);
    expect(await filterError({ filter: { createdBefore: 1e300 } })).toMatch(/createdBefore must be a finite number/);
    expect(await filterError({ limit: 0 })).toMatch(/limit must be an integer from 1 to 1000 \(got 0\)/);
    expect(await filterError({ limit: 5000 })).toMatch(/got 5000/);
    expect(await filterError({ cursor: 'page-2' })).toMatch(/cursor "page-2" is not a run id/);
    expect(await filterError({ cursor: randomUUID() })).toMatch(/is not a run/);
  });

  it('rejects an unknown status while coercing variables, before any resolver runs', async () => {
    const result = await execute(server.url, RunsListDocument, { filter: { statuses: ['RUNNING' as never] } });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toMatch(/"RUNNING"/);
    expect(result.data ?? null).toBeNull();
  });

  it('keeps the legacy alias pipelineRunsOrError with the same shape', async () => {
    const s = suite();
    const [runId] = await launch([newRun({ jobName: 'legacy_job', tags: s.tags })]);
    const { pipelineRunsOrError } = await executeOk(server.url, PipelineRunsListDocument, { filter: s.filter });
    expect(pipelineRunsOrError).toEqual({ __typename: 'Runs', results: [{ runId, pipelineName: 'legacy_job' }], count: 1 });
    const invalid = await executeOk(server.url, PipelineRunsListDocument, { filter: { runIds: ['x'] } });
    expect(invalid.pipelineRunsOrError.__typename).toBe('InvalidPipelineRunsFilterError');
  });

  it('reports which runs hold or wait for pool slots, for a whole list at once', async () => {
    const s = suite();
    const [holding, waiting, free] = await launch(Array.from({ length: 3 }, () => newRun({ tags: s.tags, allPools: ['db'] })));
    await db.execute(
      sql`insert into concurrency_claims (concurrency_key, run_id, step_key, claimed_at) values ('db', ${holding}, 'a', now())`,
    );
    await db.execute(sql`insert into concurrency_claims (concurrency_key, run_id, step_key) values ('db', ${waiting}, 'b')`);
    const { runsOrError } = await executeOk(server.url, RunsPoolFlagsDocument, { filter: s.filter });
    if (runsOrError.__typename !== 'Runs') throw new Error(runsOrError.__typename);
    expect(runsOrError.results.map((run) => [run.runId, run.hasConcurrencyKeySlots])).toEqual([
      [free, false],
      [waiting, true],
      [holding, true],
    ]);
    expect(
      runsOrError.results.every((run) => run.stats.__typename === 'RunStatsSnapshot' && typeof run.stats.enqueuedTime === 'number'),
    ).toBe(true);
  });
});

describe('runIdsOrError', () => {
  it('returns the ids runsOrError would, with the same errors', async () => {
    const s = suite();
    const created = await launch(Array.from({ length: 4 }, () => newRun({ tags: s.tags })));
    const first = await executeOk(server.url, RunIdsDocument, { filter: s.filter, limit: 3 });
    expect(first.runIdsOrError).toEqual({ __typename: 'RunIds', results: [...created].reverse().slice(0, 3) });
    const rest = await executeOk(server.url, RunIdsDocument, { filter: s.filter, cursor: created[1], limit: 3 });
    expect(rest.runIdsOrError).toEqual({ __typename: 'RunIds', results: [created[0]] });
    const invalid = await executeOk(server.url, RunIdsDocument, { filter: { runIds: ['nope'] } });
    expect(invalid.runIdsOrError).toEqual({
      __typename: 'InvalidPipelineRunsFilterError',
      message: expect.stringMatching(/malformed run id/),
    });
  });
});

/** A run with a realistic log: queued, started, two steps (one failed, one skipped), then failed. */
async function realisticRun(): Promise<string> {
  const [runId] = await launch([
    newRun({
      jobName: 'etl',
      tags: { owner: 'data' },
      runConfig: { ops: { extract: { config: { rows: 3 } } } },
      stepKeysToExecute: ['extract', 'load'],
      assetSelection: ['extract'],
      allPools: ['warehouse'],
      rootPools: ['warehouse'],
      hasUnconstrainedRootNodes: false,
    }),
  ]);
  const event = (e: Omit<NewEvent, 'runId'>) => db.transaction((tx) => appendEvent(tx, { runId: runId!, ...e }));
  await moveTo([runId!], ['STARTING', 'STARTED']);
  await event({ eventType: 'STEP_START', stepKey: 'extract', message: 'Started execution of step "extract".' });
  await event({ eventType: 'LOG_MESSAGE', stepKey: 'extract', level: 'WARNING', message: 'slow source' });
  await event({
    eventType: 'STEP_FAILURE',
    stepKey: 'extract',
    level: 'ERROR',
    message: 'Execution of step "extract" failed.',
    payload: { error: { message: 'connection refused', className: 'Error', stack: ['at extract'] } },
  });
  await event({ eventType: 'STEP_SKIPPED', stepKey: 'load', message: 'Skipped step "load".' });
  await moveTo([runId!], ['FAILURE']);
  return runId!;
}

describe('runOrError', () => {
  it('returns the run with its details, step stats, run stats and event log', async () => {
    const runId = await realisticRun();
    const { runOrError } = await executeOk(server.url, RunDetailDocument, { runId });
    if (runOrError.__typename !== 'Run') throw new Error(runOrError.__typename);
    expect(runOrError).toMatchObject({
      runId,
      status: 'FAILURE',
      runStatus: 'FAILURE',
      jobName: 'etl',
      repositoryName: '__repository__',
      locationName: 'api_location',
      runConfigYaml: 'ops:\n  extract:\n    config:\n      rows: 3\n',
      stepKeysToExecute: ['extract', 'load'],
      assetSelection: [{ path: ['extract'] }],
      rootConcurrencyKeys: ['warehouse'],
      allPools: ['warehouse'],
      hasConcurrencyKeySlots: false,
      hasUnconstrainedRootNodes: false,
      canTerminate: false,
    });
    expect(runOrError.tags).toEqual(
      expect.arrayContaining([
        { key: 'owner', value: 'data' },
        { key: '.dagster/pool/warehouse', value: 'true' },
      ]),
    );

    const events = runOrError.eventConnection.events;
    const at = (type: string) => {
      const found = events.find((e) => 'eventType' in e && e.eventType === type);
      return Number((found as { timestamp: string }).timestamp) / 1000;
    };
    expect(runOrError.stepStats).toEqual([
      {
        runId,
        stepKey: 'extract',
        status: 'FAILURE',
        startTime: at('STEP_START'),
        endTime: at('STEP_FAILURE'),
        attempts: [{ startTime: at('STEP_START'), endTime: at('STEP_FAILURE') }],
      },
      { runId, stepKey: 'load', status: 'SKIPPED', startTime: null, endTime: at('STEP_SKIPPED'), attempts: [] },
    ]);
    expect(runOrError.stats).toEqual({
      __typename: 'RunStatsSnapshot',
      id: `stats-${runId}`,
      runId,
      stepsSucceeded: 0,
      stepsFailed: 1,
      materializations: 0,
      expectations: 0,
      enqueuedTime: at('RUN_ENQUEUED'),
      launchTime: at('RUN_STARTING'),
      startTime: at('RUN_START'),
      endTime: at('RUN_FAILURE'),
    });
    expect(runOrError.startTime).toBeCloseTo(at('RUN_START'), 2);
    expect(runOrError.endTime).toBeCloseTo(at('RUN_FAILURE'), 2);

    expect(runOrError.eventConnection.hasMore).toBe(false);
    expect(events.map((e) => e.__typename)).toEqual([
      'RunEnqueuedEvent',
      'RunStartingEvent',
      'RunStartEvent',
      'ExecutionStepStartEvent',
      'LogMessageEvent',
      'ExecutionStepFailureEvent',
      'ExecutionStepSkippedEvent',
      'RunFailureEvent',
    ]);
    expect(runOrError.eventConnection.cursor).toBe((events.at(-1) as { cursor: string }).cursor);
  });

  it('answers an unknown run, or an id that is no UUID, with RunNotFoundError', async () => {
    const unknown = randomUUID();
    const { runOrError } = await executeOk(server.url, RunDetailDocument, { runId: unknown });
    expect(runOrError).toEqual({ __typename: 'RunNotFoundError', runId: unknown, message: `Run ${unknown} could not be found.` });
    const malformed = await executeOk(server.url, RunDetailDocument, { runId: "'; drop table runs; --" });
    expect(malformed.runOrError).toMatchObject({ __typename: 'RunNotFoundError', runId: "'; drop table runs; --" });
  });

  it('keeps the legacy alias pipelineRunOrError', async () => {
    const [runId] = await launch([newRun({ jobName: 'legacy_one' })]);
    const found = await executeOk(server.url, PipelineRunDetailDocument, { runId: runId! });
    expect(found.pipelineRunOrError).toEqual({ __typename: 'Run', runId, status: 'QUEUED', pipelineName: 'legacy_one' });
    const missing = await executeOk(server.url, PipelineRunDetailDocument, { runId: 'nope' });
    expect(missing.pipelineRunOrError).toMatchObject({ __typename: 'RunNotFoundError', runId: 'nope' });
  });

  it('pages Run.eventConnection and rejects a malformed cursor with an error', async () => {
    const runId = await realisticRun();
    const first = await executeOk(server.url, RunDetailDocument, { runId, limit: 5 });
    if (first.runOrError.__typename !== 'Run') throw new Error(first.runOrError.__typename);
    expect(first.runOrError.eventConnection.events).toHaveLength(5);
    expect(first.runOrError.eventConnection.hasMore).toBe(true);
    const second = await executeOk(server.url, RunDetailDocument, {
      runId,
      limit: 5,
      afterCursor: first.runOrError.eventConnection.cursor,
    });
    if (second.runOrError.__typename !== 'Run') throw new Error(second.runOrError.__typename);
    expect(second.runOrError.eventConnection.events).toHaveLength(3);
    expect(second.runOrError.eventConnection.hasMore).toBe(false);

    const bad = await execute(server.url, RunDetailDocument, { runId, afterCursor: 'oops' });
    expect(bad.errors?.map((error) => error.message)).toEqual([expect.stringMatching(/event cursor "oops" is not valid/)]);
    // The code of InvalidEventQueryError where the result has no member for it, as for subscriptions.
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('runTagKeysOrError and runTagsOrError', () => {
  it('list tag keys without hidden ones, and values by key with a prefix and a limit', async () => {
    const key = `region_${randomUUID().slice(0, 8)}`;
    await launch([
      newRun({ tags: { [key]: 'eu-west' }, allPools: ['hidden_pool'] }),
      newRun({ tags: { [key]: 'eu-north' } }),
      newRun({ tags: { [key]: 'us-east' } }),
    ]);
    const { runTagKeysOrError } = await executeOk(server.url, RunTagKeysDocument);
    if (runTagKeysOrError?.__typename !== 'RunTagKeys') throw new Error(`runTagKeysOrError: ${runTagKeysOrError?.__typename}`);
    expect(runTagKeysOrError.keys).toContain(key);
    expect(runTagKeysOrError.keys.some((k) => k.startsWith('.dagster/'))).toBe(false);

    const tags = await executeOk(server.url, RunTagsDocument, { tagKeys: [key] });
    expect(tags.runTagsOrError).toEqual({ __typename: 'RunTags', tags: [{ key, values: ['eu-north', 'eu-west', 'us-east'] }] });
    const eu = await executeOk(server.url, RunTagsDocument, { tagKeys: [key], valuePrefix: 'eu-', limit: 1 });
    expect(eu.runTagsOrError).toEqual({ __typename: 'RunTags', tags: [{ key, values: ['eu-north'] }] });
    const bad = await executeOk(server.url, RunTagsDocument, { tagKeys: [key], limit: 100_000 });
    expect(bad.runTagsOrError).toEqual({
      __typename: 'PythonError',
      className: 'InvalidPipelineRunsFilterError',
      message: expect.stringMatching(/from 1 to 1000/),
    });
  });
});

describe('logsForRun', () => {
  it('pages events by cursor, each event typed as in Dagster', async () => {
    const runId = await realisticRun();
    const pages = [];
    let afterCursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const { logsForRun } = await executeOk(server.url, LogsForRunDocument, { runId, afterCursor, limit: 3 });
      if (logsForRun.__typename !== 'EventConnection') throw new Error(logsForRun.__typename);
      pages.push(logsForRun);
      afterCursor = logsForRun.cursor;
      if (!logsForRun.hasMore) break;
    }
    expect(pages.map((page) => page.events.length)).toEqual([3, 3, 2]);
    expect(pages.map((page) => page.hasMore)).toEqual([true, true, false]);
    const events = pages.flatMap((page) => page.events) as Array<Record<string, unknown>>;
    const cursors = events.map((e) => Number(e.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(8);
    expect(pages.map((page) => page.cursor)).toEqual(pages.map((page) => page.events.at(-1)!.cursor));

    expect(events[0]).toMatchObject({
      __typename: 'RunEnqueuedEvent',
      runId,
      eventType: 'RUN_ENQUEUED',
      level: 'INFO',
      stepKey: null,
      pipelineName: 'etl',
      fromStatus: 'NOT_STARTED',
      toStatus: 'QUEUED',
    });
    expect(Math.abs(Number(events[0]!.timestamp) - Date.now())).toBeLessThan(120_000);
    expect(events[4]).toMatchObject({
      __typename: 'LogMessageEvent',
      eventType: null,
      level: 'WARNING',
      message: 'slow source',
      stepKey: 'extract',
    });
    expect(events[5]).toMatchObject({
      __typename: 'ExecutionStepFailureEvent',
      eventType: 'STEP_FAILURE',
      stepKey: 'extract',
      solidHandleID: 'extract',
      error: { message: 'connection refused', className: 'Error' },
    });
    expect(events[7]).toMatchObject({ __typename: 'RunFailureEvent', fromStatus: 'STARTED', toStatus: 'FAILURE', error: null });

    const end = await executeOk(server.url, LogsForRunDocument, { runId, afterCursor });
    expect(end.logsForRun).toEqual({ __typename: 'EventConnection', cursor: afterCursor, hasMore: false, events: [] });
  });

  it('answers an unknown run with RunNotFoundError and a bad cursor or limit with a PythonError', async () => {
    const unknown = randomUUID();
    const missing = await executeOk(server.url, LogsForRunDocument, { runId: unknown });
    expect(missing.logsForRun).toMatchObject({ __typename: 'RunNotFoundError', runId: unknown });
    const malformed = await executeOk(server.url, LogsForRunDocument, { runId: 'not-a-uuid' });
    expect(malformed.logsForRun).toMatchObject({ __typename: 'RunNotFoundError', runId: 'not-a-uuid' });

    const [runId] = await launch([newRun()]);
    const badCursor = await executeOk(server.url, LogsForRunDocument, { runId: runId!, afterCursor: 'yesterday' });
    expect(badCursor.logsForRun).toEqual({
      __typename: 'PythonError',
      className: 'InvalidEventQueryError',
      message: expect.stringMatching(/cursor "yesterday" is not valid/),
    });
    const badLimit = await executeOk(server.url, LogsForRunDocument, { runId: runId!, limit: 0 });
    expect(badLimit.logsForRun).toMatchObject({ __typename: 'PythonError', message: expect.stringMatching(/from 1 to 10000/) });
  });
});
