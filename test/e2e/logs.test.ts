// Structured logs of real `tidepool serve` processes on a real Postgres, in tokens mode: a run launched
// through GraphQL leaves JSON lines carrying its run id (started, its failed step, ended), the launch is
// tied to the request's id and operation name, and no line anywhere carries the API token or the run's
// config value; with LOG_LEVEL=warn the info and debug lines are gone and the warnings stay.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, childEnv, runCli, startServe } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/logs/index.ts', import.meta.url));
/** A run config value the logs must never show (the step logs it to the run's events, and fails quoting it). */
const CONFIG_SECRET = 'sk-live-9f8e7d6c5b4a-config-secret';
const REQUEST_ID = 'logs-test-request-1';

let dir: string;
let database: TestDatabase;
let env: Record<string, string>;
/** An admin API token's secret, created by `tidepool token create`. */
let token: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidepool-logs-'));
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, LOG_FORMAT: 'json' };
  await writeFile(join(dir, 'tidepool.yaml'), 'auth: {mode: tokens}\n');
  const created = await runCli(['token', 'create', '--name', 'logs-test', '--role', 'admin'], { env, cwd: dir });
  expect(created.code).toBe(0);
  token = /^(tp_\S+)$/m.exec(created.stdout)![1]!;
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

type LogLine = Record<string, unknown> & { level: string; time: string; msg: string };

/** Every line of a process's stdout, each of which must be one JSON object with a level, a time and a message. */
function logLines(stdout: string): LogLine[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as LogLine;
      expect(parsed).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
      expect(new Date(parsed.time).toISOString()).toBe(parsed.time);
      return parsed;
    });
}

async function graphql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  // Shapes are checked by the assertions that read them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return { data: body.data!, requestId: response.headers.get('x-request-id') };
}

/** Launches secret_job with the secret in both steps' config; returns its run id and the request id echoed. */
async function launchSecretJob(url: string, headers: Record<string, string> = {}): Promise<{ runId: string; requestId: string | null }> {
  const config = { config: { apiKey: CONFIG_SECRET } };
  const { data, requestId } = await graphql(
    url,
    `
      mutation LaunchSecretJob($params: ExecutionParams!) {
        launchRun(executionParams: $params) {
          __typename
          ... on LaunchRunSuccess {
            run {
              runId
            }
          }
        }
      }
    `,
    { params: { selector: { jobName: 'secret_job' }, runConfigData: { ops: { use_key: config, leak_in_error: config } } } },
    headers,
  );
  expect(data.launchRun.__typename).toBe('LaunchRunSuccess');
  return { runId: data.launchRun.run.runId as string, requestId };
}

async function waitForFailure(url: string, runId: string): Promise<void> {
  await waitFor(
    async () => {
      const { data } = await graphql(url, 'query RunStatus($runId: ID!) { runOrError(runId: $runId) { ... on Run { status } } }', {
        runId,
      });
      return data.runOrError.status === 'FAILURE';
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `run ${runId} to fail` },
  );
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('close', resolve)));
}

describe('tidepool serve logs', () => {
  it("writes a run's lines as JSON carrying its run id, ties the launch to its request, and never writes a secret", async () => {
    const serve = await startServe(['--definitions', FIXTURE, '--log-level', 'debug'], { env, cwd: dir });
    children.push(serve.child);
    const { runId, requestId } = await launchSecretJob(serve.url, { 'x-request-id': REQUEST_ID });
    expect(requestId).toBe(REQUEST_ID);
    await waitForFailure(serve.url, runId);
    // The worker logs the run's end once its ending is committed, which the status above has already seen.
    await waitFor(() => logLines(serve.stdout()).some((line) => line.runId === runId && line.msg === 'run ended'), {
      timeoutMs: 10_000,
      what: 'the run ended line',
    });
    expect(await serve.stop()).toBe(0);

    const lines = logLines(serve.stdout());
    expect(lines.find((line) => line.msg.startsWith('Tidepool is serving'))).toMatchObject({ level: 'info', url: serve.url });
    const ofRun = lines.filter((line) => line.runId === runId || (line.runIds as string[] | undefined)?.includes(runId));
    expect(ofRun).toEqual([
      expect.objectContaining({ level: 'debug', msg: 'runs launched', requestId: REQUEST_ID, operationName: 'LaunchSecretJob' }),
      expect.objectContaining({ level: 'info', msg: 'run started', jobName: 'secret_job', workerId: expect.any(String) }),
      expect.objectContaining({ level: 'warn', msg: 'step failed', stepKey: 'leak_in_error', errorType: 'Error' }),
      expect.objectContaining({ level: 'info', msg: 'run ended', status: 'FAILURE', durationMs: expect.any(Number) }),
    ]);
    expect(lines.some((line) => line.level === 'info' && /^Received SIGTERM/i.test(line.msg))).toBe(true);
    // Neither the token sent with every request nor the config value (in the run's events and its error).
    const everything = serve.output();
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(3));
    expect(everything).not.toContain(CONFIG_SECRET);
  });

  it('writes no info or debug line with LOG_LEVEL=warn, and still the warnings', async () => {
    // Nothing is written at info to say where it listens: take a free port, then wait for /healthz.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--definitions', FIXTURE], {
      env: childEnv({ ...env, LOG_LEVEL: 'warn' }),
      cwd: dir,
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      () =>
        fetch(`${base}/healthz`).then(
          (response) => response.ok,
          () => false,
        ),
      {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: `serve to answer on port ${port} (stdout: ${stdout}, stderr: ${stderr})`,
      },
    );
    const { runId } = await launchSecretJob(`${base}/graphql`);
    await waitForFailure(`${base}/graphql`, runId);
    await waitFor(() => logLines(stdout).some((line) => line.runId === runId), { timeoutMs: 10_000, what: 'the step failed line' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);

    const lines = logLines(stdout);
    expect(lines.filter((line) => line.level === 'info' || line.level === 'debug')).toEqual([]);
    expect(lines.filter((line) => line.runId === runId)).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'step failed', stepKey: 'leak_in_error' }),
    ]);
    expect(stdout + stderr).not.toContain(CONFIG_SECRET);
  });
});
