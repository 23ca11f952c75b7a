// Run monitoring: start and cancel timeouts, expired worker leases, and replicas taking turns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sweepRuns } from '../../src/daemon/monitor-sweep.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { ENGINE_FIXTURE, eventsOf, launch, statusOf } from '../support/engine.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';

const CONFIG =
  'run_coordinator:\n  class: DefaultRunCoordinator\nrun_monitoring:\n  start_timeout_seconds: 60\n  cancel_timeout_seconds: 30\n';

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

describe('the run monitor', () => {
  it('fails a run stuck in STARTING past start_timeout_seconds, and only then', async () => {
    const fresh = await launch({ instance: test.instance, location }, 'quick_job');
    const stuck = await launch({ instance: test.instance, location }, 'quick_job');
    await age(stuck, 'status_changed_at', 61);
    const result = await sweepRuns(db(), test.instance.config);
    expect(result).toMatchObject({ startTimeouts: 1 });
    expect(await statusOf(test.instance, stuck)).toBe('FAILURE');
    expect(await statusOf(test.instance, fresh)).toBe('STARTING');
    const events = await eventsOf(test.instance, stuck);
    expect(events.find((e) => e.eventType === 'ENGINE_EVENT')?.message).toContain('more than 60s in STARTING');
  });

  it('cancels a run stuck in CANCELING past cancel_timeout_seconds', async () => {
    const runId = await launch({ instance: test.instance, location }, 'quick_job');
    await db().transaction((tx) => transitionRuns(tx, [runId], { from: ['STARTING'], to: 'CANCELING', message: 'test' }));
    await age(runId, 'status_changed_at', 31);
    expect(await sweepRuns(db(), test.instance.config)).toMatchObject({ cancelTimeouts: 1 });
    expect(await statusOf(test.instance, runId)).toBe('CANCELED');
    expect(
      (await eventsOf(test.instance, runId)).some((e) => e.eventType === 'ENGINE_EVENT' && e.message.includes('cancel_timeout_seconds')),
    ).toBe(true);
  });

  it('fails a started run whose worker lease expired, naming the worker', async () => {
    const runId = await launch({ instance: test.instance, location }, 'quick_job');
    await db().transaction((tx) =>
      transitionRuns(tx, [runId], { from: ['STARTING'], to: 'STARTED', message: 'test', worker: { id: 'worker-gone', leaseSeconds: 30 } }),
    );
    expect(await sweepRuns(db(), test.instance.config)).toMatchObject({ expiredLeases: 0 });
    await age(runId, 'lease_expires_at', 5);
    expect(await sweepRuns(db(), test.instance.config)).toMatchObject({ expiredLeases: 1 });
    expect(await statusOf(test.instance, runId)).toBe('FAILURE');
    const message = (await eventsOf(test.instance, runId)).find((e) => e.eventType === 'ENGINE_EVENT')?.message;
    expect(message).toContain('Worker worker-gone stopped renewing its lease');
  });

  it('lets one replica sweep at a time and never ends a run twice', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await launch({ instance: test.instance, location }, 'quick_job'));
    for (const id of ids) await age(id, 'status_changed_at', 120);
    const results = await Promise.all(Array.from({ length: 4 }, () => sweepRuns(db(), test.instance.config)));
    const swept = results.filter((r) => r !== null).reduce((sum, r) => sum + r.startTimeouts, 0);
    expect(swept).toBe(5);
    for (const id of ids) {
      const failures = (await eventsOf(test.instance, id)).filter((e) => e.eventType === 'RUN_FAILURE');
      expect(failures).toHaveLength(1);
    }
  });
});
