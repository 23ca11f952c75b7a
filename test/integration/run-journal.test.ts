// The worker's group commit (src/execution/run-journal.ts) on a real Postgres: what is queued in one turn
// is one transaction, a run's order is kept, one run's bad write fails that run only, endings fall back
// to their next transition, and events keep the time they were written, not the time they committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import { RunJournal } from '../../src/execution/run-journal.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { transitionRuns, type Transition } from '../../src/runs/transition.js';
import { eventsOf, statusOf } from '../support/engine.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';
import { newRun } from '../support/runs.js';
import { waitFor } from '../support/wait.js';

let test: TestInstance;
beforeAll(async () => {
  test = await createTestInstance({ configYaml: 'run_coordinator:\n  class: DefaultRunCoordinator\n' });
});
afterAll(async () => {
  await test?.cleanup();
});

const db = () => test.instance.database.db;

/** Runs in STARTED, as a worker holds them. */
async function startedRuns(count: number): Promise<string[]> {
  return db().transaction(async (tx) => {
    const ids = await createRuns(
      tx,
      Array.from({ length: count }, () => newRun()),
      'STARTING',
    );
    await transitionRuns(tx, ids, { from: ['STARTING'], to: 'STARTED', message: 'test', worker: { id: 'journal-test', leaseSeconds: 60 } });
    return ids;
  });
}

const SUCCEED: Transition = { from: ['STARTED'], to: 'SUCCESS', message: 'done' };

async function transactionsOf(runIds: string[], eventTypes: string[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db(),
    sql`select count(distinct tx_id)::int as n from run_events
        where run_id = any(${sql.param(runIds)}::uuid[]) and event_type = any(${sql.param(eventTypes)}::text[])`,
  );
  return row!.n;
}

describe('the run journal', () => {
  it("writes what is queued in one turn in one transaction, keeping each run's order", async () => {
    const runIds = await startedRuns(20);
    const journal = new RunJournal(db());
    const ended = runIds.map((runId) => {
      journal.write(runId, { eventType: 'STEP_START', stepKey: 'a', message: 'start' });
      journal.write(runId, { eventType: 'LOG_MESSAGE', stepKey: 'a', message: `log of ${runId}` });
      journal.write(runId, { eventType: 'STEP_SUCCESS', stepKey: 'a', message: 'success' });
      return journal.end(runId, [SUCCEED]);
    });
    const moved = await Promise.all(ended);
    expect(moved.map((run) => run?.runId)).toEqual(runIds);
    expect(await transactionsOf(runIds, ['STEP_START', 'LOG_MESSAGE', 'STEP_SUCCESS', 'RUN_SUCCESS'])).toBe(1);
    for (const runId of runIds) {
      expect(await statusOf(test.instance, runId)).toBe('SUCCESS');
      const types = (await eventsOf(test.instance, runId)).map((event) => event.eventType);
      expect(types.slice(-4)).toEqual(['STEP_START', 'LOG_MESSAGE', 'STEP_SUCCESS', 'RUN_SUCCESS']);
    }
  });

  it('writes what is queued while a flush is in flight in the next one, not one transaction per run', async () => {
    const runIds = await startedRuns(30);
    const journal = new RunJournal(db());
    // One run a turn: the first flush takes one, the ones queued while it is in flight share the next.
    const ended: Promise<unknown>[] = [];
    for (const runId of runIds) {
      journal.write(runId, { eventType: 'STEP_SUCCESS', stepKey: 'a', message: 'success' });
      ended.push(journal.end(runId, [SUCCEED]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(ended);
    const transactions = await transactionsOf(runIds, ['STEP_SUCCESS', 'RUN_SUCCESS']);
    expect(transactions).toBeLessThan(runIds.length);
  });

  it("fails only the run whose write Postgres rejects; the others' commit", async () => {
    const runIds = await startedRuns(3);
    const missing = '00000000-0000-4000-8000-000000000000'; // no such run: its event breaks the foreign key
    const journal = new RunJournal(db());
    for (const runId of [...runIds, missing]) journal.write(runId, { eventType: 'STEP_START', stepKey: 'a', message: 'start' });
    const ends = [...runIds, missing].map((runId) => journal.end(runId, [SUCCEED]));
    const settled = await Promise.allSettled(ends);
    expect(settled.slice(0, 3).map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(settled[3]).toMatchObject({ status: 'rejected', reason: { cause: { message: expect.stringMatching(/foreign key/) } } });
    for (const runId of runIds) expect(await statusOf(test.instance, runId)).toBe('SUCCESS');
    // Once failed, the run's later writes are refused.
    journal.write(missing, { eventType: 'LOG_MESSAGE', message: 'after the failure' });
    await expect(journal.end(missing, [SUCCEED])).rejects.toMatchObject({ cause: { message: expect.stringMatching(/foreign key/) } });
  });

  it('writes nothing a run queued while its failing batch was in flight (no event out of order)', async () => {
    const [runId] = await startedRuns(1);
    const journal = new RunJournal(db());
    journal.write(runId!, { eventType: 'LOG_MESSAGE', message: 'unstorable', occurredAt: new Date(Number.NaN) });
    await new Promise((resolve) => setImmediate(resolve)); // the flush has taken that batch and is writing it
    journal.write(runId!, { eventType: 'LOG_MESSAGE', message: 'queued meanwhile' });
    await expect(journal.end(runId!, [SUCCEED])).rejects.toBeInstanceOf(RangeError);
    expect(await statusOf(test.instance, runId!)).toBe('STARTED');
    expect((await eventsOf(test.instance, runId!)).map((event) => event.message)).not.toContain('queued meanwhile');
    journal.forget(runId!);
  });

  it('ends a run with the first transition whose from-status holds, and reports none when none does', async () => {
    const [canceling, done] = await startedRuns(2);
    await db().transaction((tx) => transitionRuns(tx, [canceling!], { from: ['STARTED'], to: 'CANCELING', message: 'terminate' }));
    await db().transaction((tx) => transitionRuns(tx, [done!], SUCCEED));
    const journal = new RunJournal(db());
    const endings: Transition[] = [SUCCEED, { from: ['CANCELING'], to: 'CANCELED', message: 'canceled' }];
    const [first, second] = await Promise.all([journal.end(canceling!, endings), journal.end(done!, endings)]);
    expect(first).toMatchObject({ runId: canceling, fromStatus: 'CANCELING' });
    expect(second).toBeNull();
    expect(await statusOf(test.instance, canceling!)).toBe('CANCELED');
    expect(await statusOf(test.instance, done!)).toBe('SUCCESS');
  });

  it("writes and ends the other runs while one run's row is locked elsewhere; that run follows once it is free", async () => {
    const [lockedRun, other] = await startedRuns(2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: (pid: number) => void;
    const holderPid = new Promise<number>((resolve) => (locked = resolve));
    const holder = db().transaction(async (tx) => {
      await tx.execute(sql`select id from runs where id = ${lockedRun} for update`);
      const [row] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
      locked(row!.pid);
      await held;
    });
    const pid = await holderPid;
    const journal = new RunJournal(db());
    for (const runId of [lockedRun!, other!]) journal.write(runId, { eventType: 'STEP_SUCCESS', stepKey: 'a', message: 'success' });
    const lockedEnd = journal.end(lockedRun!, [SUCCEED]);
    const otherEnd = journal.end(other!, [SUCCEED]);
    // State, not time: the other run's ending either commits, or some session ends up waiting for the
    // holder's lock (what the batch did before it skipped locked rows).
    let stop = false;
    const blocked = waitFor(
      async () => {
        if (stop) return 'stopped';
        const [row] = await queryRows<{ n: number }>(
          db(),
          sql`select count(*)::int as n from pg_locks where not granted and ${pid} = any(pg_blocking_pids(pid))`,
        );
        return row!.n > 0 ? 'blocked' : undefined;
      },
      { timeoutMs: 60_000, what: 'a session blocked by the holder' },
    );
    const first = await Promise.race([otherEnd.then(() => 'other ended'), blocked]);
    stop = true;
    expect(first).toBe('other ended');
    expect(await statusOf(test.instance, other!)).toBe('SUCCESS');
    expect(await statusOf(test.instance, lockedRun!)).toBe('STARTED');
    release();
    await holder;
    expect(await lockedEnd).toMatchObject({ runId: lockedRun, toStatus: 'SUCCESS' });
    expect((await eventsOf(test.instance, lockedRun!)).map((event) => event.eventType).slice(-2)).toEqual(['STEP_SUCCESS', 'RUN_SUCCESS']);
    await blocked;
  });

  it('stamps an event with the time it was written, not the time its batch committed', async () => {
    const [runId] = await startedRuns(1);
    const journal = new RunJournal(db());
    // Hold the run's row: the journal cannot write its event until this transaction ends.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db().transaction(async (tx) => {
      await tx.execute(sql`select id from runs where id = ${runId} for update`);
      locked();
      await held;
    });
    await isLocked;
    const writtenAt = Date.now();
    journal.write(runId!, { eventType: 'LOG_MESSAGE', message: 'stamped' });
    const ended = journal.end(runId!, [SUCCEED]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await holder;
    await ended;
    const event = (await eventsOf(test.instance, runId!)).find((e) => e.message === 'stamped')!;
    const [row] = await queryRows<{ committed_ms: number }>(db(), sql`select extract(epoch from now()) * 1000 as committed_ms`);
    expect(Math.abs(event.createdAt.getTime() - writtenAt)).toBeLessThan(100);
    expect(Number(row!.committed_ms) - writtenAt).toBeGreaterThanOrEqual(290);
  });
});
