// The run lifecycle end to end on a real Postgres: launch → queue → coordinator → worker → steps →
// terminal status, with every transition recorded as an event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRun } from '../../src/runs/delete-run.js';
import { RunDeletionFailure, RunNotFoundError, TerminateRunFailure } from '../../src/runs/errors.js';
import { terminateRun } from '../../src/runs/terminate.js';
import { eventsOf, launch, startEngine, statusOf, waitForStatus, type EngineHarness } from '../support/engine.js';
import { waitFor } from '../support/wait.js';

let engine: EngineHarness;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.cleanup();
});

describe('executing runs', () => {
  it("runs the guide's assets in dependency order, passing outputs, and records every transition", async () => {
    const runId = await launch(engine, '__ASSET_JOB');
    expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const events = await eventsOf(engine.instance, runId);
    const runEvents = events.filter((e) => e.runStatus !== null).map((e) => `${e.eventType}:${e.runStatus}`);
    expect(runEvents).toEqual(['RUN_ENQUEUED:QUEUED', 'RUN_STARTING:STARTING', 'RUN_START:STARTED', 'RUN_SUCCESS:SUCCESS']);
    const steps = events.filter((e) => e.stepKey).map((e) => `${e.eventType}:${e.stepKey}`);
    for (const key of ['my_asset', 'my_graph_asset.my_op', 'my_graph_asset.my_downstream_op']) {
      expect(steps).toContain(`STEP_START:${key}`);
      expect(steps).toContain(`STEP_SUCCESS:${key}`);
    }
    expect(steps.indexOf('STEP_SUCCESS:my_graph_asset.my_op')).toBeLessThan(steps.indexOf('STEP_START:my_graph_asset.my_downstream_op'));
    const log = events.find((e) => e.eventType === 'LOG_MESSAGE' && e.stepKey === 'my_graph_asset.my_downstream_op');
    expect(log?.message).toBe('got 1');
    // Cursors strictly increase and statuses change only with their event.
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('fails a step that throws, skips what depends on it, still runs independent steps, and fails the run', async () => {
    const runId = await launch(engine, 'failing_job');
    expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('FAILURE');
    const events = await eventsOf(engine.instance, runId);
    const byStep = (type: string) =>
      events
        .filter((e) => e.eventType === type)
        .map((e) => e.stepKey)
        .sort();
    expect(byStep('STEP_SUCCESS')).toEqual(['one', 'sibling']);
    expect(byStep('STEP_FAILURE')).toEqual(['boom']);
    expect(byStep('STEP_SKIPPED')).toEqual(['after']);
    const failure = events.find((e) => e.eventType === 'STEP_FAILURE')!;
    expect(failure.payload).toMatchObject({ error: { message: 'boom failed on purpose', className: 'Error' } });
  });

  it('stores log text Postgres cannot hold (NUL) by replacing the character, and the run succeeds', async () => {
    const runId = await launch(engine, 'nul_job');
    expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const log = (await eventsOf(engine.instance, runId)).find((e) => e.eventType === 'LOG_MESSAGE');
    expect(log?.message).toBe('before\uFFFDafter');
  });

  it('runs only the selected steps of a step subset', async () => {
    const runId = await launch(engine, '__ASSET_JOB', { stepKeys: ['my_asset'] });
    expect(await waitForStatus(engine.instance, runId, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const started = (await eventsOf(engine.instance, runId)).filter((e) => e.eventType === 'STEP_START').map((e) => e.stepKey);
    expect(started).toEqual(['my_asset']);
  });
});

describe('terminating runs', () => {
  it('stops the steps of a started run through its AbortSignal and ends it CANCELED', async () => {
    const runId = await launch(engine, 'wait_job');
    await waitFor(async () => (await eventsOf(engine.instance, runId)).some((e) => e.eventType === 'STEP_START'), {
      what: 'the wait step to start',
    });
    expect(await terminateRun(engine.instance.database.db, runId, 'SAFE_TERMINATE', 'test')).toBe('CANCELING');
    expect(await waitForStatus(engine.instance, runId, ['CANCELED', 'FAILURE', 'SUCCESS'])).toBe('CANCELED');
    const events = await eventsOf(engine.instance, runId);
    expect(events.filter((e) => e.runStatus).map((e) => e.runStatus)).toEqual(['QUEUED', 'STARTING', 'STARTED', 'CANCELING', 'CANCELED']);
    expect(events.find((e) => e.eventType === 'STEP_FAILURE')).toMatchObject({ stepKey: 'wait', payload: { canceled: true } });
    expect(events.filter((e) => e.stepKey === 'after_wait').map((e) => e.eventType)).toEqual(['STEP_SKIPPED']);
  });

  it('MARK_AS_CANCELED_IMMEDIATELY ends a started run at once and its worker stops the steps', async () => {
    const runId = await launch(engine, 'wait_job');
    await waitFor(async () => (await eventsOf(engine.instance, runId)).some((e) => e.eventType === 'STEP_START'));
    expect(await terminateRun(engine.instance.database.db, runId, 'MARK_AS_CANCELED_IMMEDIATELY', 'test')).toBe('CANCELED');
    expect(await statusOf(engine.instance, runId)).toBe('CANCELED');
    await waitFor(async () => (await eventsOf(engine.instance, runId)).some((e) => e.eventType === 'STEP_FAILURE'), {
      what: 'the step to be stopped',
    });
    await waitFor(() => engine.background.worker!.load === 0, { what: 'the worker to let go of the run' });
    expect(await statusOf(engine.instance, runId)).toBe('CANCELED');
  });

  it('refuses to terminate a finished run or an unknown one', async () => {
    const runId = await launch(engine, 'quick_job');
    await waitForStatus(engine.instance, runId, ['SUCCESS']);
    await expect(terminateRun(engine.instance.database.db, runId, 'SAFE_TERMINATE', 'test')).rejects.toBeInstanceOf(TerminateRunFailure);
    await expect(
      terminateRun(engine.instance.database.db, '00000000-0000-4000-8000-000000000000', 'SAFE_TERMINATE', 'test'),
    ).rejects.toBeInstanceOf(RunNotFoundError);
    await expect(terminateRun(engine.instance.database.db, 'not-a-uuid', 'SAFE_TERMINATE', 'test')).rejects.toBeInstanceOf(
      RunNotFoundError,
    );
  });
});

describe('deleting runs', () => {
  it('deletes finished runs with their events and refuses unfinished ones', async () => {
    const running = await launch(engine, 'wait_job');
    await waitForStatus(engine.instance, running, ['STARTED']);
    await expect(deleteRun(engine.instance.database.db, running, 'test')).rejects.toBeInstanceOf(RunDeletionFailure);
    expect(await statusOf(engine.instance, running)).toBe('STARTED');
    await terminateRun(engine.instance.database.db, running, 'SAFE_TERMINATE', 'test');
    await waitForStatus(engine.instance, running, ['CANCELED']);
    await deleteRun(engine.instance.database.db, running, 'test');
    expect(await eventsOf(engine.instance, running)).toEqual([]);
    await expect(deleteRun(engine.instance.database.db, running, 'test')).rejects.toBeInstanceOf(RunNotFoundError);
  });
});
