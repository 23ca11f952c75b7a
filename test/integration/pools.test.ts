// The pools engine (op granularity, SPEC §4) on a real Postgres: claims, grants in priority order, limit
// changes, the config default, frees, terminal runs, the step gate across processes, and the invariant
// "never more holders than the limit" under real concurrency (several connections racing). Every test gets
// a database of its own; "processes" are separate connection pools with their own LISTEN connection.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { test as base, describe, expect } from 'vitest';
import type { InstanceConfig } from '../../src/config/index.js';
import { queryRows, type Database, type Db } from '../../src/db/database.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { Notifier } from '../../src/db/notifier.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import type { Instance } from '../../src/instance/instance.js';
import { grantWaiting, releaseSlot, requestSlot } from '../../src/pools/claim-slot.js';
import { grantWaitingClaims } from '../../src/pools/grant-slots.js';
import { lockPool } from '../../src/pools/pool-lock.js';
import { InvalidConcurrencyLimitError, InvalidPoolKeyError, RunFinishedError } from '../../src/pools/errors.js';
import { freeConcurrencySlots, freeConcurrencySlotsForRun } from '../../src/pools/free-slots.js';
import { allConcurrencyKeyInfos, concurrencyKeyInfo } from '../../src/pools/pool-info.js';
import { deleteConcurrencyLimit, setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { poolUsage, runsYetToClaimByRootPool } from '../../src/pools/pool-usage.js';
import { createSlotGate, type SlotGate } from '../../src/pools/slot-gate.js';
import { RunNotFoundError } from '../../src/runs/errors.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { configWithDefault, maxOverlap, startedRun, step, type Interval } from '../fixtures/pools/index.js';
import { createTestInstance } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const NO_DEFAULT = configWithDefault(null);

interface Pools {
  instance: Instance;
  db: Db;
  /** Another "process" on the same database: its own connection pool. */
  connect(maxConnections?: number): Database;
  /** A started notifier (its own LISTEN connection) for a database. */
  listen(database: Database): Promise<Notifier>;
}

const test = base.extend<{ pools: Pools }>({
  // eslint-disable-next-line no-empty-pattern
  pools: async ({}, use) => {
    const testInstance = await createTestInstance();
    const databases: Database[] = [];
    const notifiers: Notifier[] = [];
    try {
      await use({
        instance: testInstance.instance,
        db: testInstance.instance.database.db,
        connect(maxConnections = 4) {
          const database = openPostgres({ url: testInstance.testDatabase.url, maxConnections, applicationName: 'tidepool:pools-test' });
          databases.push(database);
          return database;
        },
        async listen(database) {
          const notifier = new Notifier(database);
          await notifier.start();
          notifiers.push(notifier);
          return notifier;
        },
      });
    } finally {
      for (const notifier of notifiers) await notifier.stop();
      await Promise.all(databases.map((database) => database.close()));
      await testInstance.cleanup();
    }
  },
});

const claim = (key: string, runId: string, stepKey: string, priority = 0) => ({ key, runId, stepKey, priority });

async function claimsOf(db: Db, key: string) {
  return queryRows<{ run_id: string; step_key: string; held: boolean; priority: number }>(
    db,
    sql`select run_id, step_key, claimed_at is not null as held, priority from concurrency_claims
        where concurrency_key = ${key} order by seq`,
  );
}

async function heldSteps(db: Db, key: string): Promise<string[]> {
  return (await claimsOf(db, key))
    .filter((c) => c.held)
    .map((c) => c.step_key)
    .sort();
}

async function limitRows(db: Db) {
  return queryRows<{ concurrency_key: string; limit: number; using_default: boolean }>(
    db,
    sql`select concurrency_key, "limit", using_default from concurrency_limits order by concurrency_key`,
  );
}

/** Backends of this database waiting for a lock now. */
async function lockWaiters(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return row!.n;
}

/** A promise's outcome, observable without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('claims and grants', () => {
  test('limit 1 serializes claims across runs: the second waits until the first releases', async ({ pools }) => {
    const [a, b] = [pools.connect().db, pools.connect().db];
    const runA = await startedRun(pools.db);
    const runB = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'db', 1, 'test');

    expect(await requestSlot(a, NO_DEFAULT, claim('db', runA, 'load'))).toMatchObject({ granted: true });
    expect(await requestSlot(b, NO_DEFAULT, claim('db', runB, 'load'))).toMatchObject({ granted: false });
    // Idempotent: asking again changes nothing.
    expect(await requestSlot(b, NO_DEFAULT, claim('db', runB, 'load'))).toMatchObject({ granted: false });
    expect(await requestSlot(a, NO_DEFAULT, claim('db', runA, 'load'))).toMatchObject({ granted: true });
    expect(await grantWaiting(b, NO_DEFAULT, 'db')).toEqual([]);
    expect(await claimsOf(pools.db, 'db')).toMatchObject([
      { run_id: runA, held: true },
      { run_id: runB, held: false },
    ]);

    const released = await releaseSlot(a, NO_DEFAULT, { key: 'db', runId: runA, stepKey: 'load' });
    expect(released).toEqual({ released: true, granted: [{ runId: runB, stepKey: 'load', priority: 0 }] });
    expect(await claimsOf(pools.db, 'db')).toMatchObject([{ run_id: runB, held: true }]);
    expect(await releaseSlot(a, NO_DEFAULT, { key: 'db', runId: runA, stepKey: 'load' })).toEqual({ released: false, granted: [] });
  });

  for (const { limitFrom, config, explicit } of [
    { limitFrom: 'an explicit limit', config: NO_DEFAULT, explicit: true },
    { limitFrom: 'a default limit the racers create lazily', config: configWithDefault(2), explicit: false },
  ]) {
    test(`racing requests on separate connections never grant more than ${limitFrom}`, async ({ pools }) => {
      const connections = Array.from({ length: 6 }, () => pools.connect(2).db);
      const runs: string[] = [];
      while (runs.length < connections.length) runs.push(await startedRun(pools.db));
      if (explicit) await setConcurrencyLimit(pools.db, config, 'race', 2, 'test');
      for (let round = 0; round < 10; round++) {
        const results = await Promise.all(connections.map((db, i) => requestSlot(db, config, claim('race', runs[i]!, `step_${round}`))));
        expect(results.filter((r) => r.granted)).toHaveLength(2);
        // Release everything of this round, racing too; whatever is granted meanwhile stays within the limit.
        await Promise.all(connections.map((db, i) => releaseSlot(db, config, { key: 'race', runId: runs[i]!, stepKey: `step_${round}` })));
        expect(await claimsOf(pools.db, 'race')).toEqual([]);
      }
      expect(await limitRows(pools.db)).toEqual([{ concurrency_key: 'race', limit: 2, using_default: !explicit }]);
    });
  }

  test('serves waiters by priority, highest first, ties in request order', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'p', 1, 'test');
    await requestSlot(pools.db, NO_DEFAULT, claim('p', run, 'holder'));
    for (const [stepKey, priority] of [
      ['b', 0],
      ['c', 5],
      ['d', 5],
      ['e', -1],
      ['f', 0],
      ['g', 7],
    ] as const) {
      expect(await requestSlot(pools.db, NO_DEFAULT, claim('p', run, stepKey, priority))).toMatchObject({ granted: false });
    }
    const order: string[] = [];
    let current = 'holder';
    for (;;) {
      const { granted } = await releaseSlot(pools.db, NO_DEFAULT, { key: 'p', runId: run, stepKey: current });
      if (granted.length === 0) break;
      expect(granted).toHaveLength(1);
      current = granted[0]!.stepKey;
      order.push(current);
    }
    expect(order).toEqual(['g', 'c', 'd', 'b', 'f', 'e']);
  });

  test('pools without a limit grant at once but record the claim as an active slot', async ({ pools }) => {
    const run = await startedRun(pools.db);
    for (const stepKey of ['a', 'b', 'c']) {
      expect(await requestSlot(pools.db, NO_DEFAULT, claim('free', run, stepKey))).toMatchObject({ granted: true });
    }
    const info = await concurrencyKeyInfo(pools.db, NO_DEFAULT, 'free');
    expect(info).toMatchObject({ slotCount: null, limit: null, usingDefaultLimit: false, activeSlotCount: 3, pendingStepCount: 0 });
    expect(await limitRows(pools.db)).toEqual([]);
  });

  test('limit 0 grants nothing until it is raised', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'zero', 0, 'test');
    expect(await requestSlot(pools.db, NO_DEFAULT, claim('zero', run, 'a'))).toMatchObject({ granted: false });
    expect(await grantWaiting(pools.db, NO_DEFAULT, 'zero')).toEqual([]);
    expect(await concurrencyKeyInfo(pools.db, NO_DEFAULT, 'zero')).toMatchObject({
      slotCount: 0,
      activeSlotCount: 0,
      pendingStepCount: 1,
      pendingStepRunIds: [run],
      claimedSlots: [],
    });
    expect((await setConcurrencyLimit(pools.db, NO_DEFAULT, 'zero', 1, 'test')).granted).toEqual([
      { runId: run, stepKey: 'a', priority: 0 },
    ]);
  });

  test('a step of a finished or unknown run cannot claim a slot', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await transitionRuns(pools.db, [run], { from: ['STARTED'], to: 'SUCCESS', message: 'test: done' });
    await expect(requestSlot(pools.db, NO_DEFAULT, claim('p', run, 'late'))).rejects.toBeInstanceOf(RunFinishedError);
    await expect(requestSlot(pools.db, NO_DEFAULT, claim('p', '00000000-0000-4000-8000-000000000000', 'x'))).rejects.toBeInstanceOf(
      RunNotFoundError,
    );
    await expect(requestSlot(pools.db, NO_DEFAULT, claim('p', 'not-a-run', 'x'))).rejects.toBeInstanceOf(RunNotFoundError);
    expect(await claimsOf(pools.db, 'p')).toEqual([]);
  });
});

describe('limits', () => {
  test('lowering a limit revokes no held slot and grants nothing until usage is below it', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'low', 3, 'test');
    for (const stepKey of ['a', 'b', 'c']) await requestSlot(pools.db, NO_DEFAULT, claim('low', run, stepKey));
    await requestSlot(pools.db, NO_DEFAULT, claim('low', run, 'waiter'));

    expect((await setConcurrencyLimit(pools.db, NO_DEFAULT, 'low', 1, 'test')).granted).toEqual([]);
    expect(await heldSteps(pools.db, 'low')).toEqual(['a', 'b', 'c']);
    expect((await releaseSlot(pools.db, NO_DEFAULT, { key: 'low', runId: run, stepKey: 'a' })).granted).toEqual([]);
    expect((await releaseSlot(pools.db, NO_DEFAULT, { key: 'low', runId: run, stepKey: 'b' })).granted).toEqual([]);
    expect(await grantWaiting(pools.db, NO_DEFAULT, 'low')).toEqual([]);
    expect((await releaseSlot(pools.db, NO_DEFAULT, { key: 'low', runId: run, stepKey: 'c' })).granted).toMatchObject([
      { stepKey: 'waiter' },
    ]);
  });

  test('raising a limit hands the new slots to waiters in the same transaction', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'up', 1, 'test');
    await requestSlot(pools.db, NO_DEFAULT, claim('up', run, 'holder'));
    await requestSlot(pools.db, NO_DEFAULT, claim('up', run, 'w1', 1));
    await requestSlot(pools.db, NO_DEFAULT, claim('up', run, 'w2', 3));
    await requestSlot(pools.db, NO_DEFAULT, claim('up', run, 'w3', 2));

    const { granted } = await setConcurrencyLimit(pools.db, NO_DEFAULT, 'up', 3, 'test');
    expect(granted.map((c) => c.stepKey)).toEqual(['w2', 'w3']);
    expect(await heldSteps(pools.db, 'up')).toEqual(['holder', 'w2', 'w3']);
    // now() is the transaction's start: the grants carry the very timestamp of the limit change.
    const [same] = await queryRows<{ same: boolean }>(
      pools.db,
      sql`select bool_and(c.claimed_at = l.updated_at) as same from concurrency_claims c
          join concurrency_limits l using (concurrency_key) where c.step_key in ('w2', 'w3')`,
    );
    expect(same?.same).toBe(true);
  });

  test('deleting a limit makes the pool unlimited, or default-limited when a default is set', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'gone', 1, 'test');
    for (const stepKey of ['a', 'b', 'c']) await requestSlot(pools.db, NO_DEFAULT, claim('gone', run, stepKey));
    expect(await deleteConcurrencyLimit(pools.db, NO_DEFAULT, 'gone', 'test')).toBe(true);
    expect(await heldSteps(pools.db, 'gone')).toEqual(['a', 'b', 'c']);
    expect(await concurrencyKeyInfo(pools.db, NO_DEFAULT, 'gone')).toMatchObject({ limit: null, usingDefaultLimit: false });
    expect(await deleteConcurrencyLimit(pools.db, NO_DEFAULT, 'gone', 'test')).toBe(false);

    const withDefault = configWithDefault(2);
    await setConcurrencyLimit(pools.db, withDefault, 'dflt', 1, 'test');
    for (const stepKey of ['a', 'b', 'c']) await requestSlot(pools.db, withDefault, claim('dflt', run, stepKey));
    expect(await heldSteps(pools.db, 'dflt')).toEqual(['a']);
    expect(await deleteConcurrencyLimit(pools.db, withDefault, 'dflt', 'test')).toBe(true);
    expect(await heldSteps(pools.db, 'dflt')).toEqual(['a', 'b']);
    expect(await concurrencyKeyInfo(pools.db, withDefault, 'dflt')).toMatchObject({ limit: 2, slotCount: 2, usingDefaultLimit: true });
    expect((await limitRows(pools.db)).find((r) => r.concurrency_key === 'dflt')).toEqual({
      concurrency_key: 'dflt',
      limit: 2,
      using_default: true,
    });
    // Deleting a pool that has no limit changes nothing, and creates no row.
    expect(await deleteConcurrencyLimit(pools.db, withDefault, 'never_seen', 'test')).toBe(false);
    expect((await limitRows(pools.db)).map((r) => r.concurrency_key)).toEqual(['dflt']);
  });

  test('the default limit is created lazily and follows later changes of the default', async ({ pools }) => {
    const one = configWithDefault(1);
    const run = await startedRun(pools.db);
    expect(await allConcurrencyKeyInfos(pools.db, one)).toEqual([]);

    expect(await requestSlot(pools.db, one, claim('lazy', run, 'a'))).toMatchObject({ granted: true });
    expect(await requestSlot(pools.db, one, claim('lazy', run, 'b'))).toMatchObject({ granted: false });
    expect(await requestSlot(pools.db, one, claim('lazy', run, 'c'))).toMatchObject({ granted: false });
    expect(await limitRows(pools.db)).toEqual([{ concurrency_key: 'lazy', limit: 1, using_default: true }]);
    expect(await concurrencyKeyInfo(pools.db, one, 'lazy')).toMatchObject({
      slotCount: 1,
      usingDefaultLimit: true,
      activeSlotCount: 1,
      pendingStepCount: 2,
    });

    // The default is raised (a restart with a new config): the pool follows it.
    const two = configWithDefault(2);
    expect(await concurrencyKeyInfo(pools.db, two, 'lazy')).toMatchObject({ slotCount: 2, usingDefaultLimit: true });
    expect((await grantWaiting(pools.db, two, 'lazy')).map((c) => c.stepKey)).toEqual(['b']);
    // The default is removed: the pool still follows it, so it is unlimited.
    expect(await concurrencyKeyInfo(pools.db, NO_DEFAULT, 'lazy')).toMatchObject({ slotCount: null, limit: null, usingDefaultLimit: true });
    expect((await grantWaiting(pools.db, NO_DEFAULT, 'lazy')).map((c) => c.stepKey)).toEqual(['c']);
  });

  test('explicit limits do not follow the default', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, configWithDefault(1), 'explicit', 2, 'test');
    for (const stepKey of ['a', 'b', 'c']) await requestSlot(pools.db, configWithDefault(1), claim('explicit', run, stepKey));
    const five = configWithDefault(5);
    expect(await concurrencyKeyInfo(pools.db, five, 'explicit')).toMatchObject({ slotCount: 2, usingDefaultLimit: false });
    expect(await grantWaiting(pools.db, five, 'explicit')).toEqual([]);
    expect(await heldSteps(pools.db, 'explicit')).toEqual(['a', 'b']);
    expect(await limitRows(pools.db)).toEqual([{ concurrency_key: 'explicit', limit: 2, using_default: false }]);
  });

  test('a limit set for a pool that has no row waits for grants in flight, then counts them', async ({ pools }) => {
    const [one, two] = [pools.connect(), pools.connect()];
    const run = await startedRun(pools.db);
    // An unlimited pool (no row): a grant in flight in another process has granted a waiting step.
    await requestSlot(pools.db, NO_DEFAULT, claim('late', run, 'held'));
    await queryRows(pools.db, sql`insert into concurrency_claims (concurrency_key, run_id, step_key) values ('late', ${run}, 'w')`);
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let grantedInTx = false;
    const grant = one.db.transaction(async (tx) => {
      await lockPool(tx, NO_DEFAULT, 'late');
      const granted = await grantWaitingClaims(tx, NO_DEFAULT, 'late');
      grantedInTx = true;
      await committed;
      return granted;
    });
    try {
      await waitFor(() => grantedInTx, { what: 'the grant to run (not yet committed)' });
      const set = track(setConcurrencyLimit(two.db, NO_DEFAULT, 'late', 1, 'test'));
      await waitFor(async () => (await lockWaiters(pools.db)) === 1, { what: 'the limit change to wait for the pool lock' });
      expect(set.settled).toBe(false);
      commit();
      expect((await grant).granted.map((c) => c.stepKey)).toEqual(['w']);
      await waitFor(() => set.settled, { what: 'the limit change' });
      // It counted the grant it waited for: two held, limit 1, so nothing more is granted.
      expect(set.value).toEqual({ granted: [] });
    } finally {
      commit();
      await grant.catch(() => undefined);
    }
    expect(await heldSteps(pools.db, 'late')).toEqual(['held', 'w']);
    expect(await requestSlot(pools.db, NO_DEFAULT, claim('late', run, 'next'))).toMatchObject({ granted: false });
  });

  test('out-of-range limits and bad keys are typed errors that change nothing', async ({ pools }) => {
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'kept', 4, 'test');
    const before = await limitRows(pools.db);
    for (const limit of [-1, 1001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number]) {
      const error = await setConcurrencyLimit(pools.db, NO_DEFAULT, 'kept', limit, 'test').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidConcurrencyLimitError);
      expect((error as Error).message).toMatch(/^A concurrency limit must be an integer from 0 to 1000 \(got .+\)\.$/);
    }
    for (const key of ['', ' padded', 'padded ', 'bad\nkey', 'x'.repeat(256), 7 as unknown as string]) {
      const error = await setConcurrencyLimit(pools.db, NO_DEFAULT, key, 1, 'test').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidPoolKeyError);
      expect((error as Error).message).toMatch(/^The concurrency key is invalid: .+\.$/);
      await expect(deleteConcurrencyLimit(pools.db, NO_DEFAULT, key, 'test')).rejects.toBeInstanceOf(InvalidPoolKeyError);
    }
    expect(await limitRows(pools.db)).toEqual(before);
    // The bounds themselves are fine.
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'x'.repeat(255), 1000, 'test');
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'kept', 0, 'test');
    expect(await concurrencyKeyInfo(pools.db, NO_DEFAULT, 'kept')).toMatchObject({ limit: 0 });
  });
});

describe('freeing slots', () => {
  test('frees by hand are audited as engine events on the run', async ({ pools }) => {
    const runA = await startedRun(pools.db);
    const runB = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'p1', 1, 'test');
    await requestSlot(pools.db, NO_DEFAULT, claim('p1', runA, 'one'));
    await requestSlot(pools.db, NO_DEFAULT, claim('p1', runA, 'two'));
    await requestSlot(pools.db, NO_DEFAULT, claim('p2', runA, 'three'));
    await requestSlot(pools.db, NO_DEFAULT, claim('p1', runB, 'other'));

    expect(await freeConcurrencySlots(pools.db, runA, 'one', 'test')).toEqual([{ concurrencyKey: 'p1', stepKey: 'one', held: true }]);
    // Nobody granted yet: the free only deleted and hinted; a waiter (woken by the hint) grants.
    expect(await heldSteps(pools.db, 'p1')).toEqual([]);
    expect((await grantWaiting(pools.db, NO_DEFAULT, 'p1')).map((c) => c.stepKey)).toEqual(['two']);

    expect(await freeConcurrencySlotsForRun(pools.db, runA, 'test')).toEqual([
      { concurrencyKey: 'p1', stepKey: 'two', held: true },
      { concurrencyKey: 'p2', stepKey: 'three', held: true },
    ]);
    expect(await freeConcurrencySlotsForRun(pools.db, runA, 'test')).toEqual([]);
    expect((await grantWaiting(pools.db, NO_DEFAULT, 'p1')).map((c) => c.runId)).toEqual([runB]);

    const events = await queryRows<{ step_key: string | null; message: string; payload: unknown }>(
      pools.db,
      sql`select step_key, message, payload from run_events where run_id = ${runA} and event_type = 'ENGINE_EVENT' order by id`,
    );
    expect(events).toEqual([
      {
        step_key: 'one',
        message: 'Concurrency slots were freed by token test: step "one" in pool "p1" (held a slot).',
        payload: { freedConcurrencySlots: [{ concurrencyKey: 'p1', stepKey: 'one', held: true }] },
      },
      {
        step_key: null,
        message:
          'Concurrency slots were freed by token test: step "two" in pool "p1" (held a slot), step "three" in pool "p2" (held a slot).',
        payload: {
          freedConcurrencySlots: [
            { concurrencyKey: 'p1', stepKey: 'two', held: true },
            { concurrencyKey: 'p2', stepKey: 'three', held: true },
          ],
        },
      },
    ]);
    // Bystander: run B's claim and events are untouched by the frees of run A.
    expect(await claimsOf(pools.db, 'p1')).toMatchObject([{ run_id: runB, step_key: 'other', held: true }]);
    await expect(freeConcurrencySlotsForRun(pools.db, '00000000-0000-4000-8000-000000000000', 'test')).rejects.toBeInstanceOf(
      RunNotFoundError,
    );
    await expect(freeConcurrencySlots(pools.db, 'nope', 'x', 'test')).rejects.toBeInstanceOf(RunNotFoundError);
  });

  test('a run reaching a terminal status releases its claims; a waiter of another run is then granted', async ({ pools }) => {
    const runA = await startedRun(pools.db);
    const runB = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'term', 1, 'test');
    await requestSlot(pools.db, NO_DEFAULT, claim('term', runA, 'held'));
    await requestSlot(pools.db, NO_DEFAULT, claim('term', runA, 'waiting'));
    await requestSlot(pools.db, NO_DEFAULT, claim('term', runB, 'next'));

    await transitionRuns(pools.db, [runA], { from: ['STARTED'], to: 'FAILURE', message: 'test: failed' });
    expect(await claimsOf(pools.db, 'term')).toMatchObject([{ run_id: runB, step_key: 'next', held: false }]);
    expect(await grantWaiting(pools.db, NO_DEFAULT, 'term')).toEqual([{ runId: runB, stepKey: 'next', priority: 0 }]);
  });
});

describe('reading pools', () => {
  test('ConcurrencyKeyInfo lists pools with a limit or a claim, sorted, with every claim', async ({ pools }) => {
    const runA = await startedRun(pools.db);
    const runB = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'b_limited', 1, 'test');
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'c_idle', 3, 'test');
    await requestSlot(pools.db, NO_DEFAULT, claim('b_limited', runA, 's1'));
    await requestSlot(pools.db, NO_DEFAULT, claim('b_limited', runB, 's2', 4));
    await requestSlot(pools.db, NO_DEFAULT, claim('a_unlimited', runB, 's3'));

    const infos = await allConcurrencyKeyInfos(pools.db, NO_DEFAULT);
    expect(infos.map((i) => i.concurrencyKey)).toEqual(['a_unlimited', 'b_limited', 'c_idle']);
    const limited = infos[1]!;
    expect(limited).toMatchObject({
      concurrencyKey: 'b_limited',
      slotCount: 1,
      limit: 1,
      usingDefaultLimit: false,
      claimedSlots: [{ runId: runA, stepKey: 's1' }],
      activeSlotCount: 1,
      activeRunIds: [runA],
      pendingStepCount: 1,
      pendingStepRunIds: [runB],
      assignedStepCount: 1,
      assignedStepRunIds: [runA],
    });
    expect(limited.pendingSteps).toMatchObject([
      { runId: runA, stepKey: 's1', priority: 0 },
      { runId: runB, stepKey: 's2', priority: 4, assignedTimestamp: null },
    ]);
    expect(limited.pendingSteps[0]!.assignedTimestamp).toBeInstanceOf(Date);
    expect(Math.abs(limited.pendingSteps[1]!.enqueuedTimestamp.getTime() - Date.now())).toBeLessThan(60_000);
    expect(infos[2]).toMatchObject({ concurrencyKey: 'c_idle', limit: 3, claimedSlots: [], pendingSteps: [], activeSlotCount: 0 });
    expect(await concurrencyKeyInfo(pools.db, NO_DEFAULT, 'b_limited')).toEqual(limited);
    expect(await concurrencyKeyInfo(pools.db, configWithDefault(2), 'unknown')).toMatchObject({
      concurrencyKey: 'unknown',
      slotCount: 2,
      usingDefaultLimit: true,
      pendingSteps: [],
    });
  });

  test('poolUsage and runsYetToClaimByRootPool give the dequeue its numbers in one query each', async ({ pools }) => {
    const run = await startedRun(pools.db);
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'u', 1, 'test');
    await requestSlot(pools.db, NO_DEFAULT, claim('u', run, 'a'));
    await requestSlot(pools.db, NO_DEFAULT, claim('u', run, 'b'));
    const usage = await poolUsage(pools.db, configWithDefault(3), ['u', 'none', 'u']);
    expect(Object.fromEntries(usage)).toEqual({ u: { limit: 1, held: 1, waiting: 1 }, none: { limit: 3, held: 0, waiting: 0 } });
    expect(await poolUsage(pools.db, NO_DEFAULT, [])).toEqual(new Map());

    // A STARTING or STARTED run counts in each root pool none of its steps has asked in yet; a QUEUED one does not.
    await startedRun(pools.db, {}, { rootPools: ['u'], status: 'QUEUED' });
    expect(await runsYetToClaimByRootPool(pools.db)).toEqual(new Map());
    const started = await startedRun(pools.db, {}, { rootPools: ['u', 'v'] });
    await startedRun(pools.db, {}, { rootPools: ['u'], status: 'STARTING' });
    expect(Object.fromEntries(await runsYetToClaimByRootPool(pools.db))).toEqual({ u: 2, v: 1 });
    // Its claim counts for it from then on, held or waiting, and after its release nothing does.
    await requestSlot(pools.db, NO_DEFAULT, claim('u', started, 'root'));
    expect(Object.fromEntries(await runsYetToClaimByRootPool(pools.db))).toEqual({ u: 1, v: 1 });
  });
});

describe('the step gate', () => {
  test('two processes: a step waits for the other process to release, and an aborted waiter leaves no claim', async ({ pools }) => {
    const [one, two] = [pools.connect(), pools.connect()];
    // A long poll: the hints alone must drive the waits.
    const gate1 = createSlotGate({ db: one.db, config: NO_DEFAULT, notifier: await pools.listen(one), pollMs: 60_000 });
    const gate2 = createSlotGate({ db: two.db, config: NO_DEFAULT, notifier: await pools.listen(two), pollMs: 60_000 });
    const runA = { runId: await startedRun(pools.db), tags: {} };
    const runB = { runId: await startedRun(pools.db), tags: { 'dagster/priority': '3' } };
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'gated', 1, 'test');
    const never = new AbortController().signal;

    // Steps without a pool pass straight through, recording nothing.
    await (
      await gate1(step('plain', null), never, runA)
    )();
    const releaseA = await gate1(step('a', 'gated'), never, runA);
    const b = track(gate2(step('b', 'gated', { 'dagster/priority': '4' }), never, runB));
    await waitFor(async () => (await claimsOf(pools.db, 'gated')).length === 2, { what: 'b to wait' });
    // The claim's priority is the run's plus the step's.
    expect(await claimsOf(pools.db, 'gated')).toMatchObject([
      { step_key: 'a', held: true },
      { step_key: 'b', held: false, priority: 7 },
    ]);
    expect(b.settled).toBe(false);

    await releaseA();
    await waitFor(() => b.settled, { what: 'b to be granted' });
    expect(b.error).toBeUndefined();
    expect(await claimsOf(pools.db, 'gated')).toMatchObject([{ step_key: 'b', held: true }]);

    // A waiter aborted: its claim is deleted before the gate rejects with the signal's reason.
    const controller = new AbortController();
    const c = track(gate1(step('c', 'gated'), controller.signal, runA));
    await waitFor(async () => (await claimsOf(pools.db, 'gated')).length === 2, { what: 'c to wait' });
    const reason = new Error('run terminated');
    controller.abort(reason);
    await waitFor(() => c.settled, { what: 'c to be rejected' });
    expect(c.error).toBe(reason);
    expect(await claimsOf(pools.db, 'gated')).toMatchObject([{ step_key: 'b', held: true }]);

    await b.value!();
    expect(await claimsOf(pools.db, 'gated')).toEqual([]);
  });

  test('a waiter named in the grant hint runs without reading its claim: its process can reach no connection', async ({ pools }) => {
    const [one, two] = [pools.connect(), pools.connect(1)];
    const gate1 = createSlotGate({ db: one.db, config: NO_DEFAULT, notifier: await pools.listen(one), pollMs: 60_000 });
    const gate2 = createSlotGate({ db: two.db, config: NO_DEFAULT, notifier: await pools.listen(two), pollMs: 60_000 });
    const run = { runId: await startedRun(pools.db), tags: {} };
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'hinted', 1, 'test');
    const never = new AbortController().signal;
    const releaseA = await gate1(step('a', 'hinted'), never, run);
    const b = track(gate2(step('b', 'hinted'), never, run));
    await waitFor(async () => (await claimsOf(pools.db, 'hinted')).length === 2, { what: 'b to wait' });

    // The second process's only connection is taken until b runs: only the hint can let b through.
    let letGo = () => {};
    const busy = two.db.transaction(() => new Promise<void>((resolve) => (letGo = resolve)));
    try {
      await releaseA();
      await waitFor(() => b.settled, { what: 'b to be let through by the hint' });
    } finally {
      letGo();
      await busy;
    }
    expect(b.error).toBeUndefined();
    expect(await claimsOf(pools.db, 'hinted')).toMatchObject([{ step_key: 'b', held: true }]);
    await b.value!();
  });

  test("a waiter grants the slot itself when the holder's run ends, which only deletes claims and hints", async ({ pools }) => {
    const [one, two] = [pools.connect(), pools.connect()];
    const gate = createSlotGate({ db: two.db, config: NO_DEFAULT, notifier: await pools.listen(two), pollMs: 60_000 });
    const holder = await startedRun(pools.db);
    const waiter = { runId: await startedRun(pools.db), tags: {} };
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'ends', 1, 'test');
    await requestSlot(one.db, NO_DEFAULT, claim('ends', holder, 'h'));
    const w = track(gate(step('w', 'ends'), new AbortController().signal, waiter));
    await waitFor(async () => (await claimsOf(pools.db, 'ends')).length === 2, { what: 'w to wait' });

    await transitionRuns(one.db, [holder], { from: ['STARTED'], to: 'CANCELED', message: 'test: canceled' });
    await waitFor(() => w.settled, { what: 'w to be granted' });
    expect(w.error).toBeUndefined();
    expect(await claimsOf(pools.db, 'ends')).toMatchObject([{ run_id: waiter.runId, held: true }]);
  });

  test('without hints the fallback poll serves waiters, and a claim freed by hand is asked for again', async ({ pools }) => {
    const other = pools.connect();
    // A notifier never started: no hint ever arrives.
    const gate = createSlotGate({ db: pools.db, config: NO_DEFAULT, notifier: new Notifier(other), pollMs: 50 });
    const holder = await startedRun(pools.db);
    const run = { runId: await startedRun(pools.db), tags: {} };
    await setConcurrencyLimit(pools.db, NO_DEFAULT, 'polled', 1, 'test');
    await requestSlot(other.db, NO_DEFAULT, claim('polled', holder, 'h'));
    const w = track(gate(step('w', 'polled'), new AbortController().signal, run));
    await waitFor(async () => (await claimsOf(pools.db, 'polled')).length === 2, { what: 'w to wait' });

    // Freed by hand while waiting: the gate requests again (at the back of the line) and keeps waiting.
    await freeConcurrencySlots(other.db, run.runId, 'w', 'test');
    await waitFor(async () => (await claimsOf(pools.db, 'polled')).some((c) => c.step_key === 'w'), { what: 'w to ask again' });
    expect(w.settled).toBe(false);

    await releaseSlot(other.db, NO_DEFAULT, { key: 'polled', runId: holder, stepKey: 'h' });
    await waitFor(() => w.settled, { what: 'w to be granted by the poll' });
    expect(w.error).toBeUndefined();
    await w.value!();
    await w.value!(); // releasing twice is harmless
    expect(await claimsOf(pools.db, 'polled')).toEqual([]);
  });

  test('gates in 8 processes hammering a pool of limit 2 and one of limit 1 never exceed the limits', async ({ pools }) => {
    const PROCESSES = 8;
    const LOOPS_PER_PROCESS = 3;
    const ITERATIONS = 6;
    const limits: Record<string, number> = { hammer2: 2, hammer1: 1 };
    for (const [key, limit] of Object.entries(limits)) await setConcurrencyLimit(pools.db, NO_DEFAULT, key, limit, 'test');
    const gates: SlotGate[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      const database = pools.connect(3);
      gates.push(createSlotGate({ db: database.db, config: NO_DEFAULT, notifier: await pools.listen(database) }));
    }
    const runs: { runId: string; tags: Record<string, string> }[] = [];
    for (let i = 0; i < PROCESSES; i++) runs.push({ runId: await startedRun(pools.db), tags: { 'dagster/priority': String(i % 3) } });
    const held: Record<string, Interval[]> = { hammer2: [], hammer1: [] };
    // One signal shared by every waiting step, as a run's steps share the run's: no listener pile-up.
    const never = new AbortController().signal;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);

    const loop = async (p: number, l: number) => {
      for (let i = 0; i < ITERATIONS; i++) {
        const key = (p + l + i) % 3 === 0 ? 'hammer1' : 'hammer2';
        const release = await gates[p]!(step(`s${l}_${i}`, key, { 'dagster/priority': String(i % 2) }), never, runs[p]!);
        const start = performance.now();
        // The "work": a few milliseconds, so that holders overlap and waiters pile up.
        await new Promise((resolve) => setTimeout(resolve, 1 + ((p * 7 + i * 3) % 4)));
        held[key]!.push({ start, end: performance.now() });
        await release();
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: PROCESSES * LOOPS_PER_PROCESS }, (_, n) => loop(n % PROCESSES, Math.floor(n / PROCESSES))));
    const elapsed = Math.round(performance.now() - started);
    process.off('warning', onWarning);
    expect(warnings).not.toContain('MaxListenersExceededWarning');

    for (const [key, limit] of Object.entries(limits)) {
      const observed = maxOverlap(held[key]!);
      console.log(
        `[pools] ${key}: limit ${limit}, ${held[key]!.length} holds, max concurrent holders observed ${observed} (${elapsed} ms)`,
      );
      expect(observed).toBeLessThanOrEqual(limit);
      expect(observed).toBeGreaterThanOrEqual(1);
    }
    expect(held.hammer1!.length + held.hammer2!.length).toBe(PROCESSES * LOOPS_PER_PROCESS * ITERATIONS);
    expect(await queryRows(pools.db, sql`select 1 from concurrency_claims`)).toEqual([]);
  });
});

describe('on PGlite', () => {
  test('claims, limits, the gate and pool info work on the embedded database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidepool-pools-pglite-'));
    const database = await openPglite(dir);
    const notifier = new Notifier(database);
    try {
      await migrateDatabase(database, null);
      await notifier.start();
      const { db } = database;
      const config: InstanceConfig = configWithDefault(1);
      const gate = createSlotGate({ db, config, notifier, pollMs: 60_000 });
      const runA = { runId: await startedRun(db), tags: {} };
      const runB = { runId: await startedRun(db), tags: {} };
      const never = new AbortController().signal;

      const releaseA = await gate(step('a', 'lite'), never, runA);
      const b = track(gate(step('b', 'lite'), never, runB));
      await waitFor(async () => (await concurrencyKeyInfo(db, config, 'lite')).pendingStepCount === 1, { what: 'b to wait' });
      expect(await concurrencyKeyInfo(db, config, 'lite')).toMatchObject({
        slotCount: 1,
        usingDefaultLimit: true,
        activeRunIds: [runA.runId],
      });
      await releaseA();
      await waitFor(() => b.settled, { what: 'b to be granted' });
      expect(b.error).toBeUndefined();

      expect((await setConcurrencyLimit(db, config, 'lite', 0, 'test')).granted).toEqual([]);
      await b.value!();
      expect(await requestSlot(db, config, claim('lite', runA.runId, 'c'))).toMatchObject({ granted: false });
      expect(await deleteConcurrencyLimit(db, config, 'lite', 'test')).toBe(true);
      expect(await heldSteps(db, 'lite')).toEqual(['c']);
      expect(await freeConcurrencySlotsForRun(db, runA.runId, 'test')).toEqual([{ concurrencyKey: 'lite', stepKey: 'c', held: true }]);
      expect(Object.fromEntries(await poolUsage(db, config, ['lite']))).toEqual({ lite: { limit: 1, held: 0, waiting: 0 } });
      // Without a default, a pool without a row is unlimited (the shared pool lock path).
      expect(await requestSlot(db, NO_DEFAULT, claim('open', runB.runId, 'x'))).toMatchObject({ granted: true });
      expect(await concurrencyKeyInfo(db, NO_DEFAULT, 'open')).toMatchObject({ limit: null, activeSlotCount: 1 });
    } finally {
      await notifier.stop();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
