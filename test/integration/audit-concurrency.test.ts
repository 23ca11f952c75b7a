// "An audit entry commits with its change" under real concurrency. Four clients — each its own connection
// pool on one database, each a distinct actor — interleave pool limit changes, slot frees, terminations and
// deletions, on pools and runs some of them share. A share of their changes is made to roll back after the
// audit entry was written: under the actor "<client>-now" a trigger fails the transaction right after the
// insert into audit_log (before the rest of the change); under "<client>-at-commit" a deferred constraint
// trigger fails it at COMMIT, after everything ran. Afterwards the log must hold exactly one entry for each
// change that committed, under its actor and target, none for the rolled-back ones, and the rolled-back
// changes must have left no trace. The seed is in the test's name; AUDIT_CONCURRENCY_SEED replays one.
import { sql } from 'drizzle-orm';
import { test as base, expect } from 'vitest';
import type { Actor } from '../../src/audit/actor.js';
import { createToken, revokeToken } from '../../src/auth/tokens.js';
import { queryRows, type Database, type Db } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { requestSlot } from '../../src/pools/claim-slot.js';
import { RunFinishedError } from '../../src/pools/errors.js';
import { freeConcurrencySlots, freeConcurrencySlotsForRun } from '../../src/pools/free-slots.js';
import { deleteConcurrencyLimit, setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { deleteRun } from '../../src/runs/delete-run.js';
import { RunDeletionFailure, TerminateRunFailure } from '../../src/runs/errors.js';
import { terminateRun } from '../../src/runs/terminate.js';
import { configWithDefault, startedRun } from '../fixtures/pools/index.js';
import { createTestInstance } from '../support/instance.js';
import { Rng } from '../support/rng.js';

const CLIENTS = 4;
const OPERATIONS_PER_CLIENT = 60;
const SHARED_POOLS = ['shared_a', 'shared_b'];
const SEED = Number(process.env['AUDIT_CONCURRENCY_SEED'] ?? 1_412);
const CONFIG = configWithDefault(null);
const FAILS_NOW = '-now';
const FAILS_AT_COMMIT = '-at-commit';

interface Harness {
  db: Db;
  /** Another client on the same database: its own connection pool. */
  connect(): Database;
}

const test = base.extend<{ harness: Harness }>({
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const testInstance = await createTestInstance();
    const databases: Database[] = [];
    try {
      await use({
        db: testInstance.instance.database.db,
        connect() {
          const database = openPostgres({ url: testInstance.testDatabase.url, maxConnections: 2, applicationName: 'tidepool:audit-test' });
          databases.push(database);
          return database;
        },
      });
    } finally {
      await Promise.all(databases.map((database) => database.close()));
      await testInstance.cleanup();
    }
  },
});

/** Triggers that fail the transaction of a change made by a doomed actor, after its audit entry was inserted. */
async function installFailures(db: Db): Promise<void> {
  await db.execute(sql`create function test_fail_audited_change() returns trigger language plpgsql as $$
    begin raise exception 'test: the change by % fails after its audit entry', new.actor; end $$`);
  await db.execute(
    sql.raw(`create trigger test_fails_now after insert on audit_log for each row
    when (new.actor like '%${FAILS_NOW}') execute function test_fail_audited_change()`),
  );
  await db.execute(
    sql.raw(`create constraint trigger test_fails_at_commit after insert on audit_log
    deferrable initially deferred for each row
    when (new.actor like '%${FAILS_AT_COMMIT}') execute function test_fail_audited_change()`),
  );
}

interface Tally {
  /** "actor action target" of every change that committed and changed something. */
  expected: string[];
  committed: number;
  noChange: number;
  refused: number;
  rolledBack: number;
  /** Of those, how many failed at COMMIT (the rest right after their audit entry). */
  rolledBackAtCommit: number;
}

/** An error's message with those of its causes (drizzle wraps the driver's error). */
function messages(error: unknown): string {
  return error instanceof Error ? `${error.message} ${messages(error.cause)}` : String(error);
}

const entryKey = (actor: Actor, action: string, target: string) => `${actor} ${action} ${target}`;

/** One client's workload: its own runs (some shared pools), and runs only its doomed actors ever touch. */
async function runClient(db: Db, index: number, rng: Rng, tally: Tally): Promise<{ doomedRun: string; doomedClaims: number }> {
  const actor = `client${index}`;
  const doomedRun = await startedRun(db);
  let doomedClaims = 0;
  let runs: string[] = [];
  const tokens: string[] = [];
  const revoked = new Set<string>();
  let step = 0;
  const claim = async (runId: string) => {
    const stepKey = `s${step++}`;
    await requestSlot(db, CONFIG, { key: rng.pick(SHARED_POOLS), runId, stepKey, priority: 0 });
    return stepKey;
  };

  for (let op = 0; op < OPERATIONS_PER_CLIENT; op++) {
    if (runs.length < 2) runs.push(await startedRun(db));
    const doom = rng.chance(0.25) ? rng.pick([FAILS_NOW, FAILS_AT_COMMIT]) : null;
    if (doom) {
      // Rolled back: a limit of a pool nobody else touches, a free or termination of a run nobody else touches.
      const kind = rng.pick(['set', 'free', 'terminate', 'token']);
      const attempt =
        kind === 'token'
          ? createToken(db, { name: `doomed_${index}_${op}`, role: 'viewer', expiresAt: null }, actor + doom)
          : kind === 'set'
            ? setConcurrencyLimit(db, CONFIG, `doomed_${index}`, rng.int(0, 5), actor + doom)
            : kind === 'free'
              ? claim(doomedRun).then((stepKey) => {
                  doomedClaims++;
                  return freeConcurrencySlots(db, doomedRun, stepKey, actor + doom);
                })
              : terminateRun(db, doomedRun, rng.pick(['SAFE_TERMINATE', 'MARK_AS_CANCELED_IMMEDIATELY']), actor + doom);
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(messages(error)).toContain(`the change by ${actor + doom} fails after its audit entry`);
      tally.rolledBack++;
      if (doom === FAILS_AT_COMMIT) tally.rolledBackAtCommit++;
      continue;
    }
    const runId = rng.pick(runs);
    const kind = rng.pick(['set', 'set', 'delete', 'free', 'free-run', 'terminate', 'terminate', 'delete-run', 'token']);
    const pool = rng.pick(SHARED_POOLS);
    let changed: string | null = null;
    let refused = false;
    switch (kind) {
      case 'token': {
        // Create one, or revoke one of this client's (a second revocation changes nothing).
        if (tokens.length === 0 || rng.chance(0.5)) {
          const name = `${actor}_t${op}`;
          await createToken(db, { name, role: 'viewer', expiresAt: null }, actor);
          tokens.push(name);
          changed = entryKey(actor, 'token.create', `token:${name}`);
        } else {
          const name = rng.pick(tokens);
          if ((await revokeToken(db, name, actor)) && !revoked.has(name)) {
            revoked.add(name);
            changed = entryKey(actor, 'token.revoke', `token:${name}`);
          }
        }
        break;
      }
      case 'set':
        await setConcurrencyLimit(db, CONFIG, pool, rng.int(0, 3), actor);
        changed = entryKey(actor, 'concurrency_limit.set', `pool:${pool}`);
        break;
      case 'delete':
        if (await deleteConcurrencyLimit(db, CONFIG, pool, actor)) changed = entryKey(actor, 'concurrency_limit.delete', `pool:${pool}`);
        break;
      case 'free':
      case 'free-run': {
        const stepKey = await claim(runId).catch((error: unknown) => {
          if (error instanceof RunFinishedError) return null; // a run terminated by now takes no claims
          throw error;
        });
        const freed =
          kind === 'free' && stepKey !== null
            ? await freeConcurrencySlots(db, runId, stepKey, actor)
            : await freeConcurrencySlotsForRun(db, runId, actor);
        if (freed.length > 0) changed = entryKey(actor, 'concurrency_slots.free', `run:${runId}`);
        break;
      }
      case 'terminate': {
        const policy = rng.pick(['SAFE_TERMINATE', 'MARK_AS_CANCELED_IMMEDIATELY'] as const);
        const outcome = await terminateRun(db, runId, policy, actor).catch((error: unknown) => {
          if (error instanceof TerminateRunFailure) return null;
          throw error;
        });
        if (outcome === null) refused = true;
        else changed = entryKey(actor, 'run.terminate', `run:${runId}`);
        break;
      }
      case 'delete-run': {
        const deleted = await deleteRun(db, runId, actor).then(
          () => true,
          (error: unknown) => {
            if (error instanceof RunDeletionFailure) return false;
            throw error;
          },
        );
        if (deleted) {
          changed = entryKey(actor, 'run.delete', `run:${runId}`);
          runs = runs.filter((id) => id !== runId);
        } else refused = true;
        break;
      }
    }
    if (changed) {
      tally.expected.push(changed);
      tally.committed++;
    } else if (refused) tally.refused++;
    else tally.noChange++;
  }
  return { doomedRun, doomedClaims };
}

test(`concurrent audited changes: one entry per committed change, none for rolled-back ones (seed ${SEED})`, async ({ harness }) => {
  await installFailures(harness.db);
  const clients = Array.from({ length: CLIENTS }, () => harness.connect());
  const tallies = clients.map((): Tally => ({ expected: [], committed: 0, noChange: 0, refused: 0, rolledBack: 0, rolledBackAtCommit: 0 }));
  const doomed = await Promise.all(clients.map((client, i) => runClient(client.db, i, new Rng(SEED + i), tallies[i]!)));

  const rows = await queryRows<{ actor: string; action: string; target: string }>(
    harness.db,
    sql`select actor, action, target from audit_log order by id`,
  );
  const expected = tallies.flatMap((tally) => tally.expected).sort();
  expect(rows.map((row) => entryKey(row.actor, row.action, row.target)).sort()).toEqual(expected);
  expect(rows.filter((row) => row.actor.endsWith(FAILS_NOW) || row.actor.endsWith(FAILS_AT_COMMIT))).toEqual([]);

  // The rolled-back changes left nothing behind: no token, no limit row, no terminated run, no freed claim.
  expect(await queryRows(harness.db, sql`select name from api_tokens where name like 'doomed%'`)).toEqual([]);
  for (let i = 0; i < CLIENTS; i++) {
    const [state] = await queryRows<{ limits: number; status: string; claims: number; events: number }>(
      harness.db,
      sql`select (select count(*)::int from concurrency_limits where concurrency_key = ${`doomed_${i}`}) as limits,
                 (select status from runs where id = ${doomed[i]!.doomedRun}) as status,
                 (select count(*)::int from concurrency_claims where run_id = ${doomed[i]!.doomedRun}) as claims,
                 (select count(*)::int from run_events where run_id = ${doomed[i]!.doomedRun}
                    and (message like 'Termination requested%' or message like 'Concurrency slots were freed%')) as events`,
    );
    expect(state).toEqual({ limits: 0, status: 'STARTED', claims: doomed[i]!.doomedClaims, events: 0 });
  }

  const total = (field: Exclude<keyof Tally, 'expected'>) => tallies.reduce((sum, tally) => sum + tally[field], 0);
  // The observed counts, for the record (and to show each kind of outcome happened).
  console.log(
    `audit concurrency (seed ${SEED}): ${CLIENTS} clients x ${OPERATIONS_PER_CLIENT} operations; ` +
      `${total('committed')} committed changes = ${rows.length} audit entries; ${total('rolledBack')} rolled back (${total('rolledBackAtCommit')} of them at COMMIT; 0 entries); ` +
      `${total('noChange')} changed nothing and ${total('refused')} were refused (0 entries); by action: ` +
      JSON.stringify(
        Object.fromEntries([...new Set(rows.map((r) => r.action))].sort().map((a) => [a, rows.filter((r) => r.action === a).length])),
      ),
  );
  for (const field of ['committed', 'noChange', 'refused', 'rolledBack', 'rolledBackAtCommit'] as const)
    expect(total(field)).toBeGreaterThan(0);
  expect(new Set(rows.map((row) => row.action)).size).toBe(7);
}, 120_000);
