// Each rule of the run coordinator (SPEC §3), one dequeue pass at a time, on a real Postgres.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parseInstanceConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { releaseSlot, requestSlot } from '../../src/pools/claim-slot.js';
import { deleteConcurrencyLimit, setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { dequeueRuns } from '../../src/queue/dequeue.js';
import { lockRun } from '../../src/runs/run-record.js';
import { terminateRun } from '../../src/runs/terminate.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { ENGINE_FIXTURE, launch, statusOf } from '../support/engine.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';

let test: TestInstance;
let location: LoadedDefinitions;
beforeAll(async () => {
  test = await createTestInstance();
  location = await loadDefinitions(ENGINE_FIXTURE);
});
afterAll(async () => {
  await test?.cleanup();
});
afterEach(async () => {
  // Each test starts from an empty queue.
  await test.instance.database.db.execute(sql`delete from runs`);
});

/** The shared database, seen through an instance config given as YAML. */
function withConfig(yaml: string): Instance {
  return { ...test.instance, config: parseInstanceConfig(yaml, null) };
}

async function launchTagged(instance: Instance, tags: Record<string, string> = {}): Promise<string> {
  return launch({ instance, location }, 'quick_job', { tags });
}

async function dequeue(instance: Instance): Promise<string[]> {
  return (await dequeueRuns(instance.database.db, instance.config)).started;
}

async function finish(runIds: string[]): Promise<void> {
  const db = test.instance.database.db;
  await db.transaction(async (tx) => {
    await transitionRuns(tx, runIds, { from: ['STARTING'], to: 'STARTED', message: 'test' });
    await transitionRuns(tx, runIds, { from: ['STARTED'], to: 'SUCCESS', message: 'test' });
  });
}

const limits = (runs: string, extra = '') => `concurrency:\n  runs:\n${runs}${extra}`;

describe('max_concurrent_runs', () => {
  it('starts at most the limit, and more as runs end', async () => {
    const instance = withConfig(limits('    max_concurrent_runs: 2\n'));
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await launchTagged(instance));
    expect(await dequeue(instance)).toEqual(ids.slice(0, 2));
    expect(await dequeue(instance)).toEqual([]);
    await finish([ids[0]!]);
    expect(await dequeue(instance)).toEqual([ids[2]]);
    expect(await statusOf(instance, ids[4]!)).toBe('QUEUED');
  });

  it('0 pauses the queue; -1 is unlimited', async () => {
    const paused = withConfig(limits('    max_concurrent_runs: 0\n'));
    const ids = [await launchTagged(paused), await launchTagged(paused), await launchTagged(paused)];
    expect(await dequeue(paused)).toEqual([]);
    const unlimited = withConfig(limits('    max_concurrent_runs: -1\n'));
    expect((await dequeue(unlimited)).sort()).toEqual([...ids].sort());
  });

  it('counts runs that bypassed the queue, starting nothing until the count drops below the limit', async () => {
    const direct = withConfig('run_coordinator:\n  class: DefaultRunCoordinator\n');
    const bypass = [await launchTagged(direct), await launchTagged(direct), await launchTagged(direct)];
    expect(await statusOf(direct, bypass[0]!)).toBe('STARTING');
    const queued = withConfig(limits('    max_concurrent_runs: 2\n'));
    const waiting = await launchTagged(queued);
    expect(await dequeue(queued)).toEqual([]);
    await finish([bypass[0]!]);
    expect(await dequeue(queued)).toEqual([]); // still 2 in progress
    await finish([bypass[1]!]);
    expect(await dequeue(queued)).toEqual([waiting]);
  });
});

describe('tag concurrency limits', () => {
  it('key only: all values of the key share one count', async () => {
    const instance = withConfig(limits('    max_concurrent_runs: -1\n    tag_concurrency_limits:\n      - { key: group, limit: 2 }\n'));
    const a1 = await launchTagged(instance, { group: 'a' });
    const b1 = await launchTagged(instance, { group: 'b' });
    const a2 = await launchTagged(instance, { group: 'a' });
    const free = await launchTagged(instance);
    expect((await dequeue(instance)).sort()).toEqual([a1, b1, free].sort());
    expect(await statusOf(instance, a2)).toBe('QUEUED');
  });

  it('key=value: only that pair is limited', async () => {
    const instance = withConfig(
      limits('    max_concurrent_runs: -1\n    tag_concurrency_limits:\n      - { key: db, value: redshift, limit: 1 }\n'),
    );
    const r1 = await launchTagged(instance, { db: 'redshift' });
    const r2 = await launchTagged(instance, { db: 'redshift' });
    const p1 = await launchTagged(instance, { db: 'postgres' });
    const p2 = await launchTagged(instance, { db: 'postgres' });
    expect((await dequeue(instance)).sort()).toEqual([r1, p1, p2].sort());
    await finish([r1]);
    expect(await dequeue(instance)).toEqual([r2]);
  });

  it('applyLimitPerUniqueValue: each value has its own count', async () => {
    const instance = withConfig(
      limits(
        '    max_concurrent_runs: -1\n    tag_concurrency_limits:\n      - key: dagster/backfill\n        value: { applyLimitPerUniqueValue: true }\n        limit: 1\n',
      ),
    );
    const x1 = await launchTagged(instance, { 'dagster/backfill': 'x' });
    const x2 = await launchTagged(instance, { 'dagster/backfill': 'x' });
    const y1 = await launchTagged(instance, { 'dagster/backfill': 'y' });
    const z1 = await launchTagged(instance, { 'dagster/backfill': 'z' });
    expect((await dequeue(instance)).sort()).toEqual([x1, y1, z1].sort());
    expect(await statusOf(instance, x2)).toBe('QUEUED');
  });

  it('limit 0 blocks every matching run and nothing else', async () => {
    const instance = withConfig(limits('    max_concurrent_runs: -1\n    tag_concurrency_limits:\n      - { key: frozen, limit: 0 }\n'));
    const frozen = await launchTagged(instance, { frozen: 'yes' });
    const other = await launchTagged(instance);
    expect(await dequeue(instance)).toEqual([other]);
    expect(await statusOf(instance, frozen)).toBe('QUEUED');
  });

  it('a run counts once toward every limit it matches (overlapping limits)', async () => {
    const instance = withConfig(
      limits(
        '    max_concurrent_runs: -1\n    tag_concurrency_limits:\n      - { key: group, limit: 1 }\n      - { key: db, value: redshift, limit: 1 }\n',
      ),
    );
    const both = await launchTagged(instance, { group: 'a', db: 'redshift' });
    const groupOnly = await launchTagged(instance, { group: 'b' });
    const dbOnly = await launchTagged(instance, { db: 'redshift' });
    const free = await launchTagged(instance, { db: 'postgres' });
    expect((await dequeue(instance)).sort()).toEqual([both, free].sort());
    await finish([both]);
    // Both limits freed at once: the older of the two blocked runs and the other both fit.
    expect((await dequeue(instance)).sort()).toEqual([groupOnly, dbOnly].sort());
  });

  it('counts runs admitted earlier in the same pass', async () => {
    const instance = withConfig(limits('    max_concurrent_runs: -1\n    tag_concurrency_limits:\n      - { key: group, limit: 2 }\n'));
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await launchTagged(instance, { group: i % 2 ? 'a' : 'b' }));
    expect(await dequeue(instance)).toEqual(ids.slice(0, 2));
  });

  it('re-buckets queued runs when the limit keys change (a config change)', async () => {
    const before = withConfig('');
    const a1 = await launchTagged(before, { group: 'a' });
    const a2 = await launchTagged(before, { group: 'a' });
    const after = withConfig(limits('    max_concurrent_runs: -1\n    tag_concurrency_limits:\n      - { key: group, limit: 1 }\n'));
    expect(await dequeue(after)).toEqual([a1]);
    expect(await statusOf(after, a2)).toBe('QUEUED');
    const [bucket] = await queryRows<{ queue_bucket: string }>(
      test.instance.database.db,
      sql`select queue_bucket from runs where id = ${a2}`,
    );
    expect(JSON.parse(bucket!.queue_bucket)).toMatchObject({ limitKeys: ['group'], tags: { group: 'a' } });
  });
});

describe('order', () => {
  it('starts higher dagster/priority first, then older runs; negatives last; non-integers count as 0', async () => {
    const instance = withConfig(limits('    max_concurrent_runs: 1\n'));
    const low = await launchTagged(instance, { 'dagster/priority': '-3' });
    const zeroOld = await launchTagged(instance);
    const high = await launchTagged(instance, { 'dagster/priority': '5' });
    const junk = await launchTagged(instance, { 'dagster/priority': 'high' });
    const mid = await launchTagged(instance, { 'dagster/priority': '2' });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [next] = await dequeue(instance);
      order.push(next!);
      await finish([next!]);
    }
    expect(order).toEqual([high, mid, zeroOld, junk, low]);
  });

  it('skips a blocked run instead of waiting for it: later runs that fit still start', async () => {
    const instance = withConfig(
      limits('    max_concurrent_runs: 10\n    tag_concurrency_limits:\n      - { key: group, value: a, limit: 1 }\n'),
    );
    const holder = await launchTagged(instance, { group: 'a' });
    expect(await dequeue(instance)).toEqual([holder]);
    const blocked = await launchTagged(instance, { group: 'a', 'dagster/priority': '10' });
    const later = await launchTagged(instance, { group: 'b' });
    expect(await dequeue(instance)).toEqual([later]);
    expect(await statusOf(instance, blocked)).toBe('QUEUED');
  });
});

describe('races', () => {
  it('a queued run canceled while a dequeue pass runs is never started', async () => {
    const instance = withConfig(limits('    max_concurrent_runs: -1\n'));
    const victim = await launchTagged(instance);
    const other = await launchTagged(instance);
    const db = instance.database.db;
    let releaseTerminate!: () => void;
    const held = new Promise<void>((resolve) => (releaseTerminate = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // A transaction holds the victim's row (as terminateRun does) while the dequeue runs, then cancels it.
    const canceling = db.transaction(async (tx) => {
      await lockRun(tx, victim);
      locked();
      await held;
      await transitionRuns(tx, [victim], { from: ['QUEUED'], to: 'CANCELING', message: 'test' });
      await transitionRuns(tx, [victim], { from: ['CANCELING'], to: 'CANCELED', message: 'test' });
    });
    await lockTaken;
    const dequeuing = dequeue(instance);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the pass reach the victim's row lock
    releaseTerminate();
    await canceling;
    expect(await dequeuing).toEqual([other]);
    expect(await statusOf(instance, victim)).toBe('CANCELED');
  });

  it('terminating a queued run cancels it at once', async () => {
    const instance = withConfig(limits('    max_concurrent_runs: 0\n'));
    const runId = await launchTagged(instance);
    expect(await terminateRun(instance.database.db, runId, 'SAFE_TERMINATE', 'test')).toBe('CANCELED');
    const statuses = await queryRows<{ run_status: string }>(
      instance.database.db,
      sql`select run_status from run_events where run_id = ${runId} and run_status is not null order by id`,
    );
    expect(statuses.map((s) => s.run_status)).toEqual(['QUEUED', 'CANCELING', 'CANCELED']);
  });
});

describe('pools at dequeue (op granularity, block_op_concurrency_limited_runs)', () => {
  const yaml = 'run_coordinator:\n  class: QueuedRunCoordinator\n  config:\n    block_op_concurrency_limited_runs:\n      enabled: true\n';
  afterEach(async () => {
    await deleteConcurrencyLimit(test.instance.database.db, test.instance.config, 'waitpool', CLI_ACTOR);
  });

  it('counts a started run whose root step has not asked for its slot yet, and stops counting it once it has', async () => {
    const instance = withConfig(yaml);
    const db = instance.database.db;
    await setConcurrencyLimit(db, instance.config, 'waitpool', 1, CLI_ACTOR);
    // wait_job's only root step is in waitpool.
    const first = await launch({ instance, location }, 'wait_job');
    expect(await dequeue(instance)).toEqual([first]);
    await transitionRuns(db, [first], { from: ['STARTING'], to: 'STARTED', message: 'test' });
    const second = await launch({ instance, location }, 'wait_job');
    // Started, no claim yet: its step is about to take waitpool's only slot.
    expect(await dequeue(instance)).toEqual([]);
    const claim = { key: 'waitpool', runId: first, stepKey: 'wait' };
    expect(await requestSlot(db, instance.config, { ...claim, priority: 0 })).toMatchObject({ granted: true });
    expect(await dequeue(instance)).toEqual([]);
    // Its step is done with the pool: the run, still running, no longer counts there.
    await releaseSlot(db, instance.config, claim);
    expect(await dequeue(instance)).toEqual([second]);
  });
});

describe('DefaultRunCoordinator', () => {
  it('launches runs straight to STARTING, skipping QUEUED', async () => {
    const instance = withConfig('run_coordinator:\n  class: DefaultRunCoordinator\n');
    const runId = await launchTagged(instance);
    expect(await statusOf(instance, runId)).toBe('STARTING');
    const statuses = await queryRows<{ event_type: string }>(
      instance.database.db,
      sql`select event_type from run_events where run_id = ${runId} order by id`,
    );
    expect(statuses.map((s) => s.event_type)).toEqual(['RUN_STARTING']);
  });
});
