// Each audited change on a real Postgres: one entry naming the actor, the target and what changed, and run
// events that say who terminated a run or freed its slots. Changes that change nothing record nothing.
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { readAuditLog, type AuditEntry } from '../../src/audit/audit-log.js';
import { queryRows, type Db } from '../../src/db/database.js';
import { requestSlot } from '../../src/pools/claim-slot.js';
import { freeConcurrencySlots, freeConcurrencySlotsForRun } from '../../src/pools/free-slots.js';
import { deleteConcurrencyLimit, setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { deleteRun } from '../../src/runs/delete-run.js';
import { TerminateRunFailure } from '../../src/runs/errors.js';
import { terminateRun } from '../../src/runs/terminate.js';
import { configWithDefault, startedRun } from '../fixtures/pools/index.js';
import { testWithDb } from '../support/db-test.js';

const NO_DEFAULT = configWithDefault(null);

const test = testWithDb;

async function entries(db: Db): Promise<Omit<AuditEntry, 'id' | 'at'>[]> {
  const { entries } = await readAuditLog(db, { limit: 100 });
  return entries.reverse().map(({ actor, action, target, before, after }) => ({ actor, action, target, before, after }));
}

async function messages(db: Db, runId: string): Promise<string[]> {
  const rows = await queryRows<{ message: string }>(db, sql`select message from run_events where run_id = ${runId} order by id`);
  return rows.map((row) => row.message);
}

describe('audited changes', () => {
  test('limits set and deleted record the row before and after', async ({ db }) => {
    await setConcurrencyLimit(db, NO_DEFAULT, 'db', 2, 'alice');
    await setConcurrencyLimit(db, NO_DEFAULT, 'db', 5, 'bob');
    expect(await deleteConcurrencyLimit(db, configWithDefault(3), 'db', CLI_ACTOR)).toBe(true);
    expect(await deleteConcurrencyLimit(db, NO_DEFAULT, 'db', 'alice')).toBe(true);
    expect(await deleteConcurrencyLimit(db, NO_DEFAULT, 'db', 'alice')).toBe(false);
    expect(await entries(db)).toEqual([
      { actor: 'alice', action: 'concurrency_limit.set', target: 'pool:db', before: null, after: { limit: 2, usingDefault: false } },
      {
        actor: 'bob',
        action: 'concurrency_limit.set',
        target: 'pool:db',
        before: { limit: 2, usingDefault: false },
        after: { limit: 5, usingDefault: false },
      },
      {
        actor: 'cli',
        action: 'concurrency_limit.delete',
        target: 'pool:db',
        before: { limit: 5, usingDefault: false },
        after: { limit: 3, usingDefault: true },
      },
      { actor: 'alice', action: 'concurrency_limit.delete', target: 'pool:db', before: { limit: 3, usingDefault: true }, after: null },
    ]);
  });

  test('a rejected limit records nothing', async ({ db }) => {
    await expect(setConcurrencyLimit(db, NO_DEFAULT, 'db', -1, 'alice')).rejects.toThrow();
    await expect(setConcurrencyLimit(db, NO_DEFAULT, '', 1, 'alice')).rejects.toThrow();
    expect(await entries(db)).toEqual([]);
  });

  test('frees record the freed claims and name the actor in the run event', async ({ db }) => {
    const runId = await startedRun(db);
    await setConcurrencyLimit(db, NO_DEFAULT, 'p', 1, 'setup');
    await requestSlot(db, NO_DEFAULT, { key: 'p', runId, stepKey: 'a', priority: 0 });
    await requestSlot(db, NO_DEFAULT, { key: 'p', runId, stepKey: 'b', priority: 0 });
    expect(await freeConcurrencySlots(db, runId, 'b', 'ops-bot')).toHaveLength(1);
    expect(await freeConcurrencySlotsForRun(db, runId, 'open')).toHaveLength(1);
    expect(await freeConcurrencySlotsForRun(db, runId, 'open')).toEqual([]);
    expect((await entries(db)).slice(1)).toEqual([
      {
        actor: 'ops-bot',
        action: 'concurrency_slots.free',
        target: `run:${runId}`,
        before: null,
        after: { stepKey: 'b', freed: [{ concurrencyKey: 'p', stepKey: 'b', held: false }] },
      },
      {
        actor: 'open',
        action: 'concurrency_slots.free',
        target: `run:${runId}`,
        before: null,
        after: { stepKey: null, freed: [{ concurrencyKey: 'p', stepKey: 'a', held: true }] },
      },
    ]);
    const freedBy = (await messages(db, runId)).filter((message) => message.startsWith('Concurrency slots were freed'));
    expect(freedBy).toEqual([
      'Concurrency slots were freed by token ops-bot: step "b" in pool "p" (was waiting).',
      'Concurrency slots were freed by open: step "a" in pool "p" (held a slot).',
    ]);
  });

  test('terminations record status and policy; their events name the actor', async ({ db }) => {
    const queued = await startedRun(db, {}, { status: 'QUEUED' });
    const started = await startedRun(db);
    expect(await terminateRun(db, queued, 'SAFE_TERMINATE', CLI_ACTOR)).toBe('CANCELED');
    expect(await terminateRun(db, started, 'SAFE_TERMINATE', 'ci')).toBe('CANCELING');
    await expect(terminateRun(db, started, 'SAFE_TERMINATE', 'ci')).rejects.toBeInstanceOf(TerminateRunFailure);
    expect(await terminateRun(db, started, 'MARK_AS_CANCELED_IMMEDIATELY', 'open')).toBe('CANCELED');
    expect(await entries(db)).toEqual([
      {
        actor: 'cli',
        action: 'run.terminate',
        target: `run:${queued}`,
        before: { status: 'QUEUED' },
        after: { status: 'CANCELED', policy: 'SAFE_TERMINATE' },
      },
      {
        actor: 'ci',
        action: 'run.terminate',
        target: `run:${started}`,
        before: { status: 'STARTED' },
        after: { status: 'CANCELING', policy: 'SAFE_TERMINATE' },
      },
      {
        actor: 'open',
        action: 'run.terminate',
        target: `run:${started}`,
        before: { status: 'CANCELING' },
        after: { status: 'CANCELED', policy: 'MARK_AS_CANCELED_IMMEDIATELY' },
      },
    ]);
    expect((await messages(db, queued)).slice(-2)).toEqual([
      'Termination requested (SAFE_TERMINATE) by cli.',
      'Run was canceled before it started executing.',
    ]);
    expect((await messages(db, started)).slice(-2)).toEqual([
      'Termination requested (SAFE_TERMINATE) by token ci.',
      'Run was marked as canceled immediately by open; any steps still running are being stopped.',
    ]);
  });

  test('deleting a run records its job and final status; a refused deletion records nothing', async ({ db }) => {
    const runId = await startedRun(db);
    await expect(deleteRun(db, runId, 'admin')).rejects.toThrow(/only finished runs/);
    await terminateRun(db, runId, 'MARK_AS_CANCELED_IMMEDIATELY', 'admin');
    await deleteRun(db, runId, 'admin');
    expect((await entries(db)).map((e) => [e.action, e.before])).toEqual([
      ['run.terminate', { status: 'STARTED' }],
      ['run.delete', { status: 'CANCELED', jobName: 'pool_job' }],
    ]);
  });
});
