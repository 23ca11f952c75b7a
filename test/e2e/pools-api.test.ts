// Concurrency pools end to end: limits set through GraphQL, steps of several runs sharing pools, the
// pool-aware dequeue, run granularity and the default limit — with the parallelism actually observed.
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  ConcurrencyLimitDocument,
  ConcurrencyLimitsDocument,
  DeleteConcurrencyLimitDocument,
  RunLifecycleDocument,
  SetConcurrencyLimitDocument,
} from '../generated/graphql.js';
import { holds, releaseHeldSteps, type Hold } from '../fixtures/pool-jobs/index.js';
import { launch, startEngine, statusOf, waitForStatus, type EngineHarness } from '../support/engine.js';
import { execute, executeOk } from '../support/graphql-http.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/pool-jobs/index.ts', import.meta.url));

/** The most holds of `pool` that overlapped at any instant. */
function maxParallel(pool: string, within: Hold[] = holds): number {
  const mine = within.filter((h) => h.pool === pool);
  return Math.max(0, ...mine.map((h) => mine.filter((o) => o.start <= h.start && o.end > h.start).length));
}

let engine: EngineHarness | null = null;
let server: TestServer | null = null;
async function start(configYaml = ''): Promise<{ engine: EngineHarness; url: string }> {
  engine = await startEngine({ configYaml, definitions: FIXTURE });
  server = await startTestServer(engine.instance, engine.location);
  holds.length = 0;
  return { engine, url: server.url };
}
afterEach(async () => {
  await server?.server.stop();
  await engine?.cleanup();
  server = null;
  engine = null;
});
afterAll(() => {
  holds.length = 0;
});

const setLimit = (url: string, concurrencyKey: string, limit: number) =>
  executeOk(url, SetConcurrencyLimitDocument, { concurrencyKey, limit });

/** Releases whatever held steps wait now, again and again, until every run has ended. */
async function releaseUntilEnded(engine: EngineHarness, runIds: string[]): Promise<void> {
  await waitFor(
    async () => {
      releaseHeldSteps();
      const statuses = await Promise.all(runIds.map((id) => statusOf(engine.instance, id)));
      return statuses.every((s) => s === 'SUCCESS' || s === 'FAILURE' || s === 'CANCELED');
    },
    { timeoutMs: 60_000, what: `runs ${runIds.join(', ')} to end` },
  );
}

const config = (ms: number, ...ops: string[]) => ({ runConfigData: { ops: Object.fromEntries(ops.map((o) => [o, { config: { ms } }])) } });

describe("the guide's pools (op granularity)", () => {
  it('limit 1 on foo, bar and barbar serializes those steps across runs, and the API shows holders and waiters', async () => {
    const { engine, url } = await start();
    for (const pool of ['foo', 'bar', 'barbar']) expect((await setLimit(url, pool, 1)).setConcurrencyLimit).toBe(true);
    // Every step waits until released: the blockers are read while the pools are held, whatever the load.
    const held = { config: { held: true } };
    const runConfig = { ops: { my_asset: held, 'my_graph_asset.my_op': held, 'my_graph_asset.my_downstream_op': held } };
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) runs.push(await launch(engine, '__ASSET_JOB', { runConfigData: runConfig }));

    // While one run holds the pools, another waits for them: QUEUED (its root pools foo and bar are full,
    // so the dequeue holds it back) or STARTED with a step waiting for a slot. Either way the API says so.
    const blocked = await waitFor(
      async () => {
        for (const runId of runs) {
          const data = await executeOk(url, RunLifecycleDocument, { runId });
          if (data.runOrError.__typename !== 'Run') continue;
          const pools = data.runOrError.queueBlockers.filter((b) => b.kind === 'POOL_LIMIT');
          if (pools.length > 0) return pools;
        }
        return undefined;
      },
      { what: 'a run held back by a pool' },
    );
    for (const blocker of blocked) {
      expect(['foo', 'bar', 'barbar']).toContain(blocker.key);
      expect(blocker).toMatchObject({ limit: 1, inUse: expect.any(Number) });
      expect(blocker.runIds.length).toBeLessThanOrEqual(1);
    }
    const foo = (await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'foo' })).instance.concurrencyLimit;
    expect(foo).toMatchObject({ limit: 1, slotCount: 1, usingDefaultLimit: false });
    expect(foo.activeSlotCount).toBeLessThanOrEqual(1);

    await releaseUntilEnded(engine, runs);
    for (const runId of runs) expect(await statusOf(engine.instance, runId)).toBe('SUCCESS');
    for (const pool of ['foo', 'bar', 'barbar']) {
      expect(holds.filter((h) => h.pool === pool)).toHaveLength(3);
      expect(maxParallel(pool)).toBe(1);
    }
    const after = await executeOk(url, ConcurrencyLimitsDocument);
    expect(after.instance.concurrencyLimits.map((p) => [p.concurrencyKey, p.limit, p.activeSlotCount, p.pendingStepCount])).toEqual([
      ['bar', 1, 0, 0],
      ['barbar', 1, 0, 0],
      ['foo', 1, 0, 0],
    ]);
  });

  it('limit 0 keeps a run whose root pool is full QUEUED with a POOL_LIMIT blocker; raising the limit starts it at once', async () => {
    const { engine, url } = await start();
    await setLimit(url, 'database', 0);
    const runId = await launch(engine, 'slow_job');
    const queued = await waitFor(async () => {
      const data = await executeOk(url, RunLifecycleDocument, { runId });
      return data.runOrError.__typename === 'Run' && data.runOrError.queueBlockers.length > 0 ? data.runOrError : undefined;
    });
    expect(queued.status).toBe('QUEUED');
    expect(queued.queueBlockers).toEqual([expect.objectContaining({ kind: 'POOL_LIMIT', key: 'database', limit: 0 })]);
    await setLimit(url, 'database', 1);
    expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
  });

  it('lowering a limit revokes no held slot; no new claim until usage is below the new limit', async () => {
    const { engine, url } = await start();
    await setLimit(url, 'database', 2);
    const [a, b] = [await launch(engine, 'slow_job', config(600, 'slow')), await launch(engine, 'slow_job', config(600, 'slow'))];
    await waitFor(
      async () =>
        (await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'database' })).instance.concurrencyLimit.activeSlotCount === 2,
      {
        what: 'two holders',
      },
    );
    await setLimit(url, 'database', 1);
    const c = await launch(engine, 'slow_job', config(50, 'slow'));
    const info = (await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'database' })).instance.concurrencyLimit;
    expect(info).toMatchObject({ limit: 1, activeSlotCount: 2 });
    for (const runId of [a, b, c]) expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'], 20_000)).toBe('SUCCESS');
    const third = holds.find((h) => h.runId === c)!;
    expect(third.start).toBeGreaterThanOrEqual(Math.max(...holds.filter((h) => h.runId !== c).map((h) => h.end)) - 1);
  });

  it('rejects limits out of bounds with a typed error and changes nothing', async () => {
    const { url } = await start();
    await setLimit(url, 'database', 3);
    for (const limit of [-1, 1001]) {
      const result = await execute(url, SetConcurrencyLimitDocument, { concurrencyKey: 'database', limit });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_CONCURRENCY_LIMIT', argument: 'limit' } });
      expect(result.errors?.[0]?.message).toContain('from 0 to 1000');
    }
    const badKey = await execute(url, SetConcurrencyLimitDocument, { concurrencyKey: ' spaced ', limit: 1 });
    expect(badKey.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_CONCURRENCY_KEY' } });
    expect((await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'database' })).instance.concurrencyLimit.limit).toBe(3);
    expect((await executeOk(url, DeleteConcurrencyLimitDocument, { concurrencyKey: 'database' })).deleteConcurrencyLimit).toBe(true);
    expect((await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'database' })).instance.concurrencyLimit.limit).toBeNull();
  });
});

describe('default_limit', () => {
  it('applies lazily to pools first seen in a launched run, marked usingDefaultLimit; an explicit limit replaces it', async () => {
    const { engine, url } = await start('concurrency:\n  pools:\n    default_limit: 1\n');
    const runIds = [await launch(engine, '__ASSET_JOB'), await launch(engine, '__ASSET_JOB')];
    const pools = (await executeOk(url, ConcurrencyLimitsDocument)).instance.concurrencyLimits;
    expect(pools.map((p) => [p.concurrencyKey, p.limit, p.usingDefaultLimit])).toEqual([
      ['bar', 1, true],
      ['barbar', 1, true],
      ['foo', 1, true],
    ]);
    for (const runId of runIds) expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'], 20_000)).toBe('SUCCESS');
    expect(maxParallel('foo')).toBe(1);
    await setLimit(url, 'foo', 4);
    const foo = (await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'foo' })).instance.concurrencyLimit;
    expect(foo).toMatchObject({ limit: 4, usingDefaultLimit: false });
    await executeOk(url, DeleteConcurrencyLimitDocument, { concurrencyKey: 'foo' });
    const back = (await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'foo' })).instance.concurrencyLimit;
    expect(back).toMatchObject({ limit: 1, usingDefaultLimit: true });
  });
});

describe('run granularity', () => {
  it('a run starts only when every pool it uses has a free slot and holds one slot of each until it ends', async () => {
    const { engine, url } = await start('concurrency:\n  pools:\n    granularity: run\n');
    await setLimit(url, 'p1', 1);
    await setLimit(url, 'p2', 2);
    const runIds = [];
    // Each step waits until released, so the blockers are read while the holder still holds p1.
    const held = { runConfigData: { ops: { first: { config: { held: true } }, second: { config: { held: true } } } } };
    for (let i = 0; i < 3; i++) runIds.push(await launch(engine, 'two_pools_job', held));
    const holding = await waitFor(async () => {
      const p1 = (await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'p1' })).instance.concurrencyLimit;
      return p1.activeSlotCount === 1 ? p1 : undefined;
    });
    expect(holding.claimedSlots).toEqual([{ runId: holding.activeRunIds[0], stepKey: '__run__' }]);
    const statuses = await Promise.all(runIds.map((id) => statusOf(engine.instance, id)));
    expect(statuses.filter((s) => s === 'QUEUED')).toHaveLength(2);
    const queued = runIds[statuses.indexOf('QUEUED')]!;
    const blocked = await executeOk(url, RunLifecycleDocument, { runId: queued });
    if (blocked.runOrError.__typename !== 'Run') throw new Error('no run');
    expect(blocked.runOrError.queueBlockers).toEqual([
      expect.objectContaining({ kind: 'POOL_LIMIT', key: 'p1', limit: 1, inUse: 1, runIds: holding.activeRunIds }),
    ]);

    await releaseUntilEnded(engine, runIds);
    for (const runId of runIds) expect(await statusOf(engine.instance, runId)).toBe('SUCCESS');
    // Whole runs never overlapped (p1 has limit 1), and steps claimed nothing of their own.
    const spans = runIds.map((id) => {
      const mine = holds.filter((h) => h.runId === id);
      return { start: Math.min(...mine.map((h) => h.start)), end: Math.max(...mine.map((h) => h.end)) };
    });
    for (const a of spans) for (const b of spans) if (a !== b) expect(a.end <= b.start || b.end <= a.start).toBe(true);
    const p2 = (await executeOk(url, ConcurrencyLimitDocument, { concurrencyKey: 'p2' })).instance.concurrencyLimit;
    expect(p2).toMatchObject({ activeSlotCount: 0, pendingStepCount: 0 });
  });
});
