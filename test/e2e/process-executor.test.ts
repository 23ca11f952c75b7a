// The process executor (`run_worker.executor: process`): each run executes in a child process of its own.
// Checked by state, on real Postgres: a run's steps run in another pid (and the run's events and its steps'
// captured output still reach storage); a step that exits its process, or throws outside any step, fails only its run, with an engine
// event saying how the process exited, while a concurrent run succeeds and the worker goes on; a step that
// blocks its event loop delays neither another run nor the lease renewals of its own run; termination
// stops a well-behaved run, and kills a run whose step ignores it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { terminateRun } from '../../src/runs/terminate.js';
import { eventsOf, launch, startEngine, statusOf, waitForStatus, type EngineHarness } from '../support/engine.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/process-executor/index.ts', import.meta.url));

let engine: EngineHarness;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidepool-process-executor-'));
  engine = await startEngine({
    definitions: FIXTURE,
    configYaml: 'run_worker: { executor: process }\nrun_monitoring: { worker_lease_seconds: 3 }\n',
    parts: { worker: { pollIntervalMs: 200 } },
  });
}, 30_000);
afterAll(async () => {
  await engine?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function messages(runId: string, eventType?: string): Promise<string[]> {
  const events = await eventsOf(engine.instance, runId);
  return events.filter((event) => eventType === undefined || event.eventType === eventType).map((event) => event.message);
}

async function leaseOf(runId: string): Promise<number> {
  const [row] = await queryRows<{ ms: number }>(
    engine.instance.database.db,
    sql`select (extract(epoch from lease_expires_at) * 1000)::float8 as ms from runs where id = ${runId}`,
  );
  return Number(row!.ms);
}

describe('run_worker.executor: process', () => {
  it('executes each run in a process of its own; a step exiting it, or throwing outside any step, fails only its run', async () => {
    const [crashing, stray, healthy] = await Promise.all([
      launch(engine, 'exit_job'),
      launch(engine, 'stray_job'),
      launch(engine, 'pid_job'),
    ]);
    expect(await waitForStatus(engine.instance, crashing, ['SUCCESS', 'FAILURE'], 30_000)).toBe('FAILURE');
    expect(await waitForStatus(engine.instance, stray, ['SUCCESS', 'FAILURE'], 30_000)).toBe('FAILURE');
    expect(await waitForStatus(engine.instance, healthy, ['SUCCESS', 'FAILURE'], 30_000)).toBe('SUCCESS');

    // The healthy run's steps ran in another process; its events reached the run log through the worker.
    const logs = await messages(healthy, 'LOG_MESSAGE');
    const pid = Number(/^pid=(\d+)$/.exec(logs.find((message) => message.startsWith('pid='))!)![1]);
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    // The output of one step was the input of the next, inside the child.
    expect(logs).toContain(`upstream pid=${pid}`);
    expect(await messages(healthy, 'STEP_SUCCESS')).toHaveLength(2);
    // What a step printed in the child is captured, through the worker, as in-process.
    const [stdout] = await queryRows<{ text: string }>(
      engine.instance.database.db,
      sql`select string_agg(data, '' order by byte_offset) as text from captured_log_chunks
          where run_id = ${healthy} and file_key = 'report_pid' and stream = 'stdout'`,
    );
    expect(stdout!.text).toContain(`report_pid ran in process ${pid}`);
    expect(await messages(healthy, 'LOGS_CAPTURED')).not.toHaveLength(0);

    const crashEvents = await messages(crashing, 'ENGINE_EVENT');
    expect(crashEvents.some((message) => /The run's process \(pid \d+\) exited with code 3 before the run finished/.test(message))).toBe(
      true,
    );
    expect((await messages(crashing, 'STEP_FAILURE')).join()).toMatch(/exit_three.*exited with code 3/);
    const strayEvents = await messages(stray, 'ENGINE_EVENT');
    expect(strayEvents.some((message) => /exited with code 1: Error: stray failure outside the step/.test(message))).toBe(true);
  });

  it("does not let a step that blocks its event loop delay another run or its own run's lease", async () => {
    const flag = join(dir, 'release-block');
    const blocked = await launch(engine, 'block_job', { runConfigData: { ops: { block_until: { config: { flag } } } } });
    await waitFor(async () => ((await messages(blocked, 'LOG_MESSAGE')).includes('blocking') ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the blocking step to start',
    });
    const leaseWhenBlocked = await leaseOf(blocked);

    const other = await launch(engine, 'pid_job');
    expect(await waitForStatus(engine.instance, other, ['SUCCESS', 'FAILURE'], 30_000)).toBe('SUCCESS');
    // The worker renewed the blocked run's lease meanwhile (every third of 3 s), and the run is still running.
    await waitFor(async () => ((await leaseOf(blocked)) > leaseWhenBlocked ? true : undefined), {
      timeoutMs: 10_000,
      what: "the blocked run's lease to be renewed",
    });
    expect(await statusOf(engine.instance, blocked)).toBe('STARTED');
    expect(await messages(blocked, 'STEP_SUCCESS')).toEqual([]);

    await writeFile(flag, '');
    expect(await waitForStatus(engine.instance, blocked, ['SUCCESS', 'FAILURE'], 30_000)).toBe('SUCCESS');
  });

  it('terminates a run in its process, and kills one whose step ignores the termination', async () => {
    const abortable = await launch(engine, 'abortable_job');
    const stubborn = await launch(engine, 'stubborn_job');
    for (const [runId, message] of [
      [abortable, 'waiting'],
      [stubborn, 'ignoring aborts'],
    ] as const) {
      await waitFor(async () => ((await messages(runId, 'LOG_MESSAGE')).includes(message) ? true : undefined), {
        timeoutMs: 30_000,
        what: `run ${runId}'s step to start`,
      });
      await terminateRun(engine.instance.database.db, runId, 'SAFE_TERMINATE', 'test');
    }
    expect(await waitForStatus(engine.instance, abortable, ['CANCELED', 'FAILURE', 'SUCCESS'], 30_000)).toBe('CANCELED');
    expect(await waitForStatus(engine.instance, stubborn, ['CANCELED', 'FAILURE', 'SUCCESS'], 30_000)).toBe('CANCELED');
    expect(await messages(abortable, 'ENGINE_EVENT')).toEqual([]);
    expect((await messages(stubborn, 'ENGINE_EVENT')).join()).toMatch(
      /was killed by signal SIGKILL after the run was terminated and its steps did not stop within 3 s/,
    );
  });
});
