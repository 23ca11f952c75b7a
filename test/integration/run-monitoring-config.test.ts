// dagster.yaml's run_monitoring as Tidepool honours it: `enabled: false` turns off the start and cancel
// timeouts (as in Dagster), but a worker whose lease expired still has its runs ended; and the slots of a run
// that ended are free at once, so `free_slots_after_run_end_seconds` (any value) is always met.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { sweepRuns } from '../../src/daemon/monitor-sweep.js';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { requestSlot } from '../../src/pools/claim-slot.js';
import { setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { ENGINE_FIXTURE, eventsOf, launch, statusOf } from '../support/engine.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';

// What a Dagster user with run monitoring switched off has; DefaultRunCoordinator so launched runs are STARTING.
const CONFIG = [
  'run_coordinator: {class: DefaultRunCoordinator}',
  'run_monitoring:',
  '  enabled: false',
  '  start_timeout_seconds: 60',
  '  cancel_timeout_seconds: 30',
  '  free_slots_after_run_end_seconds: 300',
].join('\n');

let test: TestInstance;
let location: LoadedDefinitions;
beforeAll(async () => {
  test = await createTestInstance({ configYaml: CONFIG });
  location = await loadDefinitions(ENGINE_FIXTURE);
});
afterAll(async () => {
  await test?.cleanup();
});

const db = () => test.instance.database.db;
const age = (runId: string, column: 'status_changed_at' | 'lease_expires_at', seconds: number) =>
  db().execute(sql`update runs set ${sql.identifier(column)} = now() - make_interval(secs => ${seconds}) where id = ${runId}`);
const claimsOf = async (runId: string) =>
  (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from concurrency_claims where run_id = ${runId}`))[0]!.n;

describe('run_monitoring.enabled: false', () => {
  it('leaves runs in STARTING and CANCELING past their timeouts, as Dagster does with monitoring off', async () => {
    expect(test.instance.config.runMonitoring.enabled).toBe(false);
    const starting = await launch({ instance: test.instance, location }, 'quick_job');
    const canceling = await launch({ instance: test.instance, location }, 'quick_job');
    await db().transaction((tx) => transitionRuns(tx, [canceling], { from: ['STARTING'], to: 'CANCELING', message: 'test' }));
    await age(starting, 'status_changed_at', 600);
    await age(canceling, 'status_changed_at', 600);

    expect(await sweepRuns(db(), test.instance.config)).toMatchObject({ startTimeouts: 0, cancelTimeouts: 0 });
    expect(await statusOf(test.instance, starting)).toBe('STARTING');
    expect(await statusOf(test.instance, canceling)).toBe('CANCELING');

    // The same runs under the same config with monitoring on: both ended by the same sweep.
    const enabled = { ...test.instance.config, runMonitoring: { ...test.instance.config.runMonitoring, enabled: true } };
    expect(await sweepRuns(db(), enabled)).toMatchObject({ startTimeouts: 1, cancelTimeouts: 1 });
    expect(await statusOf(test.instance, starting)).toBe('FAILURE');
    expect(await statusOf(test.instance, canceling)).toBe('CANCELED');
  });

  it('still ends the runs of a worker whose lease expired, and their slots are free at once for the next step', async () => {
    await setConcurrencyLimit(db(), test.instance.config, 'warehouse', 1, CLI_ACTOR);
    const held = await launch({ instance: test.instance, location }, 'quick_job');
    const next = await launch({ instance: test.instance, location }, 'quick_job');
    for (const runId of [held, next]) {
      await db().transaction((tx) =>
        transitionRuns(tx, [runId], {
          from: ['STARTING'],
          to: 'STARTED',
          message: 'test',
          worker: { id: 'worker-gone', leaseSeconds: 30 },
        }),
      );
    }
    const slot = (runId: string) => ({ key: 'warehouse', runId, stepKey: 'load', priority: 0 });
    expect(await requestSlot(db(), test.instance.config, slot(held))).toMatchObject({ granted: true });
    expect(await requestSlot(db(), test.instance.config, slot(next))).toMatchObject({ granted: false });

    await age(held, 'lease_expires_at', 5);
    expect(await sweepRuns(db(), test.instance.config)).toMatchObject({ expiredLeases: 1 });
    expect(await statusOf(test.instance, held)).toBe('FAILURE');
    const why = (await eventsOf(test.instance, held)).find((event) => event.eventType === 'ENGINE_EVENT')?.message;
    expect(why).toContain('Worker worker-gone stopped renewing its lease');
    // Freed in the transaction that ended the run: no wait of free_slots_after_run_end_seconds (300 here).
    expect(await claimsOf(held)).toBe(0);
    expect(await requestSlot(db(), test.instance.config, slot(next))).toMatchObject({ granted: true });
  });
});
