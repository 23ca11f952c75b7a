// SIGTERM during runs whose steps hold pool slots, on real processes and a real Postgres: the process turns
// unready first, stops taking runs, lets the runs finish within run_worker.shutdown_grace_seconds, fails what
// is left with an engine event saying why, leaves no pool claim, lease or worker row behind, closes
// WebSockets with 1001 (going away), and exits 0. Also the health endpoints, and GraphiQL served offline.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackground, type Background } from '../../src/daemon/background.js';
import { concurrencyClaims, runs, workers } from '../../src/db/schema.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { setConcurrencyLimit } from '../../src/pools/pool-limits.js';
import { CLI, childEnv, startServe, type ServeProcess } from '../support/cli.js';
import { eventsOf, launch, waitForStatus } from '../support/engine.js';
import { Health } from '../../src/server/health.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/shutdown/index.ts', import.meta.url));

let test: TestInstance;
let location: LoadedDefinitions;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  test = await createTestInstance();
  location = await loadDefinitions(FIXTURE);
  dir = await mkdtemp(join(tmpdir(), 'tidepool-shutdown-'));
  // Two slots: each test holds both, one run per slot.
  await setConcurrencyLimit(test.instance.database.db, test.instance.config, 'held', 2, 'test');
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await test?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, yaml: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, yaml);
  return path;
}

function launchHold(releaseFile: string, ignoreAbort = false): Promise<string> {
  return launch({ instance: test.instance, location }, 'hold_job', {
    runConfigData: { ops: { hold: { config: { releaseFile, ignoreAbort } } } },
  });
}

/** Waits until the run's step holds its slot of pool `held` (its claim is granted). */
function untilHoldingSlot(runId: string): Promise<unknown> {
  return waitFor(
    async () => {
      const claims = await test.instance.database.db.select().from(concurrencyClaims).where(eq(concurrencyClaims.runId, runId));
      return claims.some((claim) => claim.concurrencyKey === 'held' && claim.claimedAt !== null);
    },
    { timeoutMs: 30_000, what: `run ${runId} to hold a slot of pool held` },
  );
}

/** Nothing of the run is left holding anything: no claim, no lease; and its worker's row is gone. */
async function expectNothingHeld(runIds: string[], workerId: string): Promise<void> {
  const { db } = test.instance.database;
  for (const runId of runIds) {
    expect(await db.select().from(concurrencyClaims).where(eq(concurrencyClaims.runId, runId))).toEqual([]);
    const [run] = await db.select({ lease: runs.leaseExpiresAt }).from(runs).where(eq(runs.id, runId));
    expect(run?.lease).toBeNull();
  }
  expect(await db.select().from(workers).where(eq(workers.id, workerId))).toEqual([]);
}

async function workerOf(runId: string): Promise<string> {
  const start = (await eventsOf(test.instance, runId)).find((event) => event.eventType === 'RUN_START');
  return String(start!.payload.workerId);
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface WorkerProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:PORT, its --health-port */
  healthUrl: string;
  exited: Promise<number | null>;
}

/** A port nothing listens on now (the worker's --health-port; its announcement is a log line at info). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startWorker(args: string[]): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'worker', '--definitions', FIXTURE, '--health-port', `127.0.0.1:${port}`, ...args], {
    env: childEnv({ DATABASE_URL: test.testDatabase.url }),
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  const healthUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
      return (await fetch(`${healthUrl}/healthz`).catch(() => null))?.ok;
    },
    { timeoutMs: 30_000, what: 'the worker to answer on its health port' },
  );
  return { child, healthUrl, exited };
}

/** A graphql-ws connection, acknowledged; resolves its close code when the server closes it. */
async function openAcknowledgedSocket(wsUrl: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') resolve();
    });
    socket.once('error', reject);
  });
  return { closed };
}

describe('tidepool worker on SIGTERM', () => {
  it(
    'turns unready at once, keeps running its run through the grace period, and exits 0 with nothing held',
    { timeout: 90_000 },
    async () => {
      // This process dequeues (the worker process only executes).
      const coordinator: Background = await startBackground(test.instance, location, { coordinator: true, monitor: false, worker: false });
      try {
        const config = await configFile('long-grace.yaml', 'run_worker:\n  shutdown_grace_seconds: 600\n');
        const worker = await startWorker(['--config', config]);
        const ready = await waitFor(
          async () => {
            const answer = await getJson(`${worker.healthUrl}/readyz`);
            return answer.status === 200 && answer;
          },
          { timeoutMs: 20_000, what: 'the worker to be ready' },
        );
        // A worker process runs no daemon loop: readiness asks for none, only for its own worker's heartbeat.
        expect(ready.body).toMatchObject({
          status: 'ready',
          checks: { database: { ok: true }, migrations: { ok: true }, worker: { ok: true } },
        });
        expect(ready.body.checks).not.toHaveProperty('daemons');
        expect((await getJson(`${worker.healthUrl}/healthz`)).body).toMatchObject({ status: 'alive', stopping: false });

        const releaseFiles = [join(dir, 'release-a1'), join(dir, 'release-a2')];
        const runIds = [await launchHold(releaseFiles[0]!), await launchHold(releaseFiles[1]!)];
        for (const runId of runIds) await untilHoldingSlot(runId);
        const workerId = await workerOf(runIds[0]!);

        worker.child.kill('SIGTERM');
        const stopping = await waitFor(
          async () => {
            const answer = await getJson(`${worker.healthUrl}/readyz`);
            return answer.status === 503 && answer;
          },
          { timeoutMs: 20_000, what: 'readiness to turn 503' },
        );
        expect(stopping.body).toMatchObject({ status: 'stopping', checks: { accepting: { ok: false } } });
        expect((await getJson(`${worker.healthUrl}/healthz`)).body).toMatchObject({ status: 'alive', stopping: true });

        // Launched while the worker stops: it is never claimed (no RUN_START), left for another worker.
        const lateRelease = join(dir, 'release-late');
        const late = await launchHold(lateRelease);

        // Released after SIGTERM: the runs finish during the grace period.
        for (const file of releaseFiles) await writeFile(file, '');
        expect(await worker.exited).toBe(0);
        for (const runId of runIds) expect(await waitForStatus(test.instance, runId, ['SUCCESS', 'FAILURE', 'CANCELED'])).toBe('SUCCESS');
        expect(['QUEUED', 'STARTING']).toContain(await statusOf(late));
        expect((await eventsOf(test.instance, late)).map((event) => event.eventType)).not.toContain('RUN_START');
        await expectNothingHeld(runIds, workerId);
        // The next worker (the serve of the next test) runs it at once.
        await writeFile(lateRelease, '');
      } finally {
        await coordinator.stop();
      }
    },
  );
});

describe('tidepool serve on SIGTERM', () => {
  let serve: ServeProcess;

  it('closes WebSockets with 1001 and fails the runs that outlast the grace period, saying why', { timeout: 90_000 }, async () => {
    const config = await configFile('short-grace.yaml', 'run_worker:\n  shutdown_grace_seconds: 1\n');
    serve = await startServe(['--definitions', FIXTURE, '--config', config], {
      env: { DATABASE_URL: test.testDatabase.url, TIDEPOOL_HOME: dir },
      onSpawn: (child) => children.push(child),
    });
    const origin = new URL(serve.url).origin;
    const ready = await waitFor(
      async () => {
        const answer = await getJson(`${origin}/readyz`);
        return answer.status === 200 && answer;
      },
      { timeoutMs: 30_000, what: 'serve to be ready' },
    );
    // serve runs the daemons and a worker: readiness asks for this process's own loops and worker.
    expect(ready.body).toMatchObject({ status: 'ready', checks: { daemons: { ok: true }, worker: { ok: true } } });
    const loops = (ready.body.checks as { daemons: { loops: { daemonType: string; ok: boolean }[] } }).daemons.loops;
    expect(loops.map((loop) => loop.daemonType).sort()).toEqual([
      'BACKFILL',
      'MONITORING',
      'QUEUED_RUN_COORDINATOR',
      'SCHEDULER',
      'SENSOR',
    ]);

    // One step stops when aborted; the other ignores its abort and is ended by the worker all the same.
    const runIds = [await launchHold(join(dir, 'never-b1')), await launchHold(join(dir, 'never-b2'), true)];
    for (const runId of runIds) await untilHoldingSlot(runId);
    const workerId = await workerOf(runIds[0]!);
    const socket = await openAcknowledgedSocket(serve.url.replace(/^http/, 'ws'));

    const exitCode = serve.stop();
    expect(await socket.closed).toBe(1001);
    expect(await exitCode).toBe(0);

    for (const runId of runIds) {
      expect(await statusOf(runId)).toBe('FAILURE');
      const events = await eventsOf(test.instance, runId);
      const engineEvent = events.find((event) => event.eventType === 'ENGINE_EVENT');
      expect(engineEvent?.message).toContain(`Worker ${workerId} shut down and the run did not finish within its grace period of 1 s`);
      expect(events.at(-1)).toMatchObject({ eventType: 'RUN_FAILURE', runStatus: 'FAILURE' });
    }
    const ignored = (await eventsOf(test.instance, runIds[1]!)).find((event) => event.eventType === 'ENGINE_EVENT');
    expect(ignored?.message).toContain('Its steps did not stop');
    await expectNothingHeld(runIds, workerId);
  });
});

async function statusOf(runId: string): Promise<string | undefined> {
  const [run] = await test.instance.database.db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
  return run?.status;
}

// In process, wired as `tidepool serve --no-daemon` wires it (no background part started): a process less.
describe('an API-only server (serve --no-daemon)', () => {
  let api: Background;
  let server: TestServer;

  beforeAll(async () => {
    api = await startBackground(test.instance, null, { coordinator: false, monitor: false, worker: false });
    const health = new Health({ instance: test.instance, db: test.instance.database.api, daemonTypes: api.daemonTypes, workerId: null });
    server = await startTestServer(test.instance, null, { health });
  });
  afterAll(async () => {
    await server?.server.stop();
    await api?.stop();
  });

  it('is ready without daemons or a worker, since it runs none', async () => {
    const origin = new URL(server.url).origin;
    const ready = await getJson(`${origin}/readyz`);
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: { ok: true }, migrations: { ok: true } } } });
    expect(Object.keys(ready.body.checks as object).sort()).toEqual(['database', 'migrations']);
    expect((await getJson(`${origin}/healthz`)).body).toMatchObject({ status: 'alive' });
  });

  it('serves GraphiQL from the package: no script, style or icon from another origin, and a policy allowing only its own', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // Every load the page's markup can make (<script src>, <link href>, <img src>), outside the inline script's
    // text (whose code holds such strings), and every CSS url().
    const markup = page.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    const sources = [...markup.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !source.startsWith('data:'))).toEqual([]);
    const styles = [...markup.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('\n');
    expect(styles).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain('https:');
    expect(policy).not.toContain("'unsafe-eval'");
  });
});
