// A `tidepool worker` process killed with SIGKILL mid-step: its lease expires and the monitor fails the
// run with an engine event saying why (and, since ending a run releases its claims, leaks no slot).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startBackground, type Background } from '../../src/daemon/background.js';
import { queryRows } from '../../src/db/database.js';
import { setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { CLI, childEnv } from '../support/cli.js';
import { ENGINE_FIXTURE, eventsOf, launch, waitForStatus } from '../support/engine.js';
import { createTestInstance, type TestInstance } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const LEASE_SECONDS = 2;
const CONFIG = `run_monitoring:\n  worker_lease_seconds: ${LEASE_SECONDS}\n`;

let test: TestInstance;
let location: LoadedDefinitions;
let background: Background;
let worker: ChildProcess | null = null;

beforeAll(async () => {
  test = await createTestInstance({ configYaml: CONFIG });
  location = await loadDefinitions(ENGINE_FIXTURE);
  // This process runs the coordinator and the monitor; the only worker is the child process.
  background = await startBackground(test.instance, location, { coordinator: true, monitor: true, worker: false });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await background?.stop();
  await test?.cleanup();
});

function startWorker(configFile: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'worker', '--definitions', ENGINE_FIXTURE, '--config', configFile], {
      env: childEnv({ DATABASE_URL: test.testDatabase.url }),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Tidepool worker')) resolve(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
}

describe('a worker killed mid-step', () => {
  it('fails its run once the lease expires, with an engine event saying why', { timeout: 60_000 }, async () => {
    const configFile = join(test.instance.settings.home, 'tidepool.yaml');
    await writeFile(configFile, CONFIG);
    worker = await startWorker(configFile);

    // The killed worker holds the only slot of pool waitpool; a second run waits for that slot.
    await setConcurrencyLimit(test.instance.database.db, test.instance.config, 'waitpool', 1, 'test');
    const runId = await launch({ instance: test.instance, location }, 'wait_job');
    await waitFor(async () => (await eventsOf(test.instance, runId)).some((e) => e.eventType === 'STEP_START'), {
      timeoutMs: 20_000,
      what: 'the worker to start the step',
    });
    // Launched once the slot is held, so the dequeue keeps it QUEUED (its only pool is full).
    const next = await launch({ instance: test.instance, location }, 'wait_job', {
      runConfigData: { ops: { wait: { config: { ms: 10 } } } },
    });
    const workerId = (await eventsOf(test.instance, runId)).find((e) => e.eventType === 'RUN_START')!.payload.workerId;
    worker.kill('SIGKILL');

    // Bounded by the lease plus one monitor sweep (half a lease), with room for a slow machine.
    expect(await waitForStatus(test.instance, runId, ['FAILURE', 'SUCCESS', 'CANCELED'], 4 * LEASE_SECONDS * 1000 + 5_000)).toBe('FAILURE');
    const events = await eventsOf(test.instance, runId);
    const engineEvent = events.find((e) => e.eventType === 'ENGINE_EVENT');
    expect(engineEvent?.message).toContain(`Worker ${String(workerId)} stopped renewing its lease`);
    expect(events.at(-1)).toMatchObject({ eventType: 'RUN_FAILURE', runStatus: 'FAILURE' });
    expect(events.some((e) => e.eventType === 'STEP_SUCCESS')).toBe(false);

    // No slot outlived the run: the next run gets the slot and, on a new worker, succeeds.
    const leftover = await queryRows(test.instance.database.db, sql`select 1 from concurrency_claims where run_id = ${runId}`);
    expect(leftover).toEqual([]);
    const replacement = await startBackground(test.instance, location, {
      coordinator: false,
      monitor: false,
      worker: { pollIntervalMs: 200 },
    });
    try {
      expect(await waitForStatus(test.instance, next, ['SUCCESS', 'FAILURE'], 20_000)).toBe('SUCCESS');
    } finally {
      await replacement.stop();
    }
  });
});
