// The dequeue pass when nothing can hold a run back (queue/dequeue.ts, startUnlimited): it takes no lock, so
// a pass holding the dequeue lock does not hold it up; as soon as a limit is configured, or a queued run has
// a pool, the pass waits for the lock again.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseInstanceConfig } from '../../src/config/index.js';
import { LOCKS, lockForTransaction } from '../../src/db/advisory-lock.js';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import type { Instance } from '../../src/instance/instance.js';
import { dequeueRuns } from '../../src/queue/dequeue.js';
import { ENGINE_FIXTURE, launch, statusOf } from '../support/engine.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

let test: TestInstance;
let location: LoadedDefinitions;
beforeAll(async () => {
  test = await createTestInstance();
  location = await loadDefinitions(ENGINE_FIXTURE);
});
afterAll(async () => {
  await test?.cleanup();
});

function withConfig(yaml: string): Instance {
  return { ...test.instance, config: parseInstanceConfig(yaml, null) };
}

/** Holds the dequeue lock in a transaction of its own until the returned release is called. */
async function holdDequeueLock(): Promise<() => Promise<void>> {
  let release = () => {};
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = test.instance.database.db.transaction(async (tx) => {
    await lockForTransaction(tx, [LOCKS.dequeue]);
    locked();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await isLocked;
  return async () => {
    release();
    await holding;
  };
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

it('starts runs without the dequeue lock only while no limit is configured and no queued run has a pool', async () => {
  const unlimited = withConfig('concurrency:\n  runs:\n    max_concurrent_runs: -1\n');
  const limited = withConfig('concurrency:\n  runs:\n    max_concurrent_runs: 100\n');
  const db = test.instance.database.db;
  const releaseLock = await holdDequeueLock();
  let held = true;
  try {
    // Unlimited, no pools: the pass does not wait for the lock.
    const first = await launch({ instance: unlimited, location }, 'quick_job');
    const free = track(dequeueRuns(db, unlimited.config));
    await waitFor(() => free.settled, { what: 'the unlimited pass to end while another pass holds the lock' });
    expect(free.error).toBeUndefined();
    expect(free.value?.started).toEqual([first]);

    // A run limit, or a queued run with a pool: the pass waits for the lock, and starts the runs once it is free.
    const queued = await launch({ instance: limited, location }, 'quick_job');
    const pooled = await launch({ instance: unlimited, location }, 'wait_job');
    const limitedPass = track(dequeueRuns(db, limited.config));
    const poolPass = track(dequeueRuns(db, unlimited.config));
    // Both are waiting for the lock: nothing moved while it is held.
    await waitFor(async () => (await lockWaiters()) >= 2, { what: 'both passes to wait for the lock' });
    expect([limitedPass.settled, poolPass.settled]).toEqual([false, false]);
    expect([await statusOf(unlimited, queued), await statusOf(unlimited, pooled)]).toEqual(['QUEUED', 'QUEUED']);
    held = false;
    await releaseLock();
    await waitFor(() => limitedPass.settled && poolPass.settled, { what: 'both passes to end' });
    expect([limitedPass.error, poolPass.error]).toEqual([undefined, undefined]);
    expect([...limitedPass.value!.started, ...poolPass.value!.started].sort()).toEqual([queued, pooled].sort());
  } finally {
    if (held) await releaseLock();
  }
});

/** Backends of this database waiting for a lock now. */
async function lockWaiters(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    test.instance.database.db,
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return row!.n;
}
