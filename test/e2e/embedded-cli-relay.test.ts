// The README's CLI examples typed beside `npm start` (tidepool serve on embedded PGlite, with the examples'
// definitions): the server holds the data folder, each command is relayed to it, and every change is seen by
// the server through its GraphQL API. Commands that must open the folder themselves (migrate, a second serve)
// are refused with one sentence naming the server; after the server is SIGKILLed the folder opens again, with
// what the relayed commands wrote, and a command run directly prints what it printed relayed.
//
// One server for the file, but about 30 CLI processes (1–2 s each on an idle 2-core machine, several times
// that under load): the README's list of commands is what the issue asks to see working beside the server.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, startServe, type CliResult, type ServeProcess } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/index.ts', import.meta.url));
const SLOW = { timeout: 180_000 };

let home: string;
let serve: ServeProcess | null = null;
/** The one sentence every refused opener prints, naming the server. */
let heldBy: string;

function cli(...args: string[]): Promise<CliResult> {
  return runCli(args, { env: { TIDEPOOL_HOME: home }, cwd: home });
}

async function ok(...args: string[]): Promise<string> {
  const result = await cli(...args);
  expect(result, `tidepool ${args.join(' ')}`).toMatchObject({ code: 0, stderr: '' });
  return result.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in each test
async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(serve!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

async function poolLimit(key: string): Promise<number | null | undefined> {
  const data = await gql('{ instance { concurrencyLimits { concurrencyKey limit } } }');
  return data.instance.concurrencyLimits.find((pool: { concurrencyKey: string }) => pool.concurrencyKey === key)?.limit;
}

const repository = { repositoryLocationName: 'examples', repositoryName: '__repository__' };

async function instigatorStatus(kind: 'schedule' | 'sensor', name: string): Promise<string> {
  const data =
    kind === 'schedule'
      ? await gql(
          `query ($s: ScheduleSelector!) { scheduleOrError(scheduleSelector: $s) { ... on Schedule { scheduleState { status } } } }`,
          {
            s: { ...repository, scheduleName: name },
          },
        )
      : await gql(`query ($s: SensorSelector!) { sensorOrError(sensorSelector: $s) { ... on Sensor { sensorState { status } } } }`, {
          s: { ...repository, sensorName: name },
        });
  return kind === 'schedule' ? data.scheduleOrError.scheduleState.status : data.sensorOrError.sensorState.status;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'tidepool-relay-'));
  serve = await startServe(['--definitions', EXAMPLES], { env: { TIDEPOOL_HOME: home }, cwd: home });
  const origin = new URL(serve.url).origin;
  heldBy = `The embedded database ${join(home, 'db')} is in use by tidepool serve (pid ${serve.child.pid}, serving ${origin}); stop it first, or use its API.`;
}, 180_000);

afterAll(async () => {
  await serve?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('CLI commands beside tidepool serve on embedded PGlite', () => {
  test('pool limits: set, get, free and delete act on the server', SLOW, async () => {
    expect(await ok('instance', 'concurrency', 'set', 'database', '1')).toBe(
      'Set the limit of pool database to 1.\ndatabase: limit 1, 0 slot(s) in use, 0 step(s) waiting\n',
    );
    expect(await poolLimit('database')).toBe(1);
    expect(await ok('instance', 'concurrency', 'get', '--all')).toContain('database: limit 1, 0 slot(s) in use, 0 step(s) waiting');
    expect(await ok('instance', 'concurrency', 'delete', 'database')).toContain('Deleted the limit of pool database.');
    expect(await poolLimit('database')).toBeUndefined();
    // An expected error keeps its sentence and exit code through the relay.
    expect(await cli('instance', 'concurrency', 'free', '--run', 'no-such-run')).toMatchObject({ code: 2, stdout: '' });
  });

  test('job launch: the run is the server’s, and its worker starts it', SLOW, async () => {
    const launched = JSON.parse(await ok('job', 'launch', 'my_job', '--definitions', EXAMPLES, '--tag', 'team=data', '--json'));
    const run = async () =>
      (
        await gql(`query ($id: ID!) { runOrError(runId: $id) { __typename ... on Run { jobName status tags { key value } } } }`, {
          id: launched.runId,
        })
      ).runOrError;
    expect(await run()).toMatchObject({
      __typename: 'Run',
      jobName: 'my_job',
      tags: expect.arrayContaining([{ key: 'team', value: 'data' }]),
    });
    await waitFor(async () => (await run()).status === 'STARTED', { timeoutMs: 60_000, what: 'the server’s worker to start the run' });
    expect(await ok('instance', 'concurrency', 'free', '--run', launched.runId)).toBe(`Run ${launched.runId} holds no slot.\n`);
  });

  test('schedules and sensors: stop and start act on the server’s instigator state', SLOW, async () => {
    expect(await ok('schedule', 'stop', 'my_schedule', '--definitions', EXAMPLES)).toBe('Stopped schedule my_schedule.\n');
    expect(await instigatorStatus('schedule', 'my_schedule')).toBe('STOPPED');
    expect(await ok('schedule', 'list', '--definitions', EXAMPLES)).toMatch(/^my_schedule {2}STOPPED/);
    await ok('schedule', 'start', 'my_schedule', '--definitions', EXAMPLES);
    expect(await instigatorStatus('schedule', 'my_schedule')).toBe('RUNNING');
    expect(await ok('sensor', 'start', 'my_cool_sensor', '--definitions', EXAMPLES)).toContain('my_cool_sensor');
    expect(await instigatorStatus('sensor', 'my_cool_sensor')).toBe('RUNNING');
    await ok('sensor', 'stop', 'my_cool_sensor', '--definitions', EXAMPLES);
    expect(await instigatorStatus('sensor', 'my_cool_sensor')).toBe('STOPPED');
  });

  test('tokens and the audit log: the CLI’s token changes are the server’s, in its audit log', SLOW, async () => {
    const created = await ok('token', 'create', '--name', 'ci', '--role', 'launcher', '--expires', '30d');
    const secret = created.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^tp_/);
    expect(await ok('token', 'list')).toMatch(/^ci +launcher/m);
    const audit = await gql('{ auditLog(limit: 50) { entries { actor action target } } }');
    expect(audit.auditLog.entries).toContainEqual({ actor: 'cli', action: 'token.create', target: 'token:ci' });
    expect(await ok('audit', '--limit', '50')).toContain('cli');
    expect(await ok('token', 'revoke', 'ci')).toContain('Token ci is revoked');
  });

  test('backfill launch --wait streams its progress from the server until the backfill completes', SLOW, async () => {
    const out = await ok('backfill', 'launch', '--assets', 'regional', '--definitions', EXAMPLES, '--partitions', 'eu,us', '--wait');
    const backfillId = /Launched backfill (\S+) of 2 partitions/.exec(out)![1]!;
    expect(out).toContain(`Backfill ${backfillId} COMPLETED.`);
    const data = await gql(
      `query ($id: String!) { partitionBackfillOrError(backfillId: $id) { ... on PartitionBackfill { status numPartitions } } }`,
      {
        id: backfillId,
      },
    );
    expect(data.partitionBackfillOrError).toEqual({ status: 'COMPLETED', numPartitions: 2 });
    expect(await ok('backfill', 'list')).toContain(backfillId);
    expect(await ok('backfill', 'status', backfillId)).toContain('2 done, 0 failed');
  });

  test('instance info shows the server’s instance; migrate and a second serve are refused with one sentence', SLOW, async () => {
    expect(await ok('instance', 'info')).toContain(`Database:    embedded PGlite at ${join(home, 'db')}`);
    const migrate = await cli('migrate');
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toBe(`tidepool migrate failed: ${heldBy}\n`);
    const second = await cli('serve', '--port', '0');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(heldBy);
    expect(second.stdout).not.toContain('serving');
  });

  test('the relay takes only the secret from the lock file, which only its user can read', async () => {
    const lockFile = `${join(home, 'db')}.lock`;
    expect((await stat(lockFile)).mode & 0o777).toBe(0o600);
    const { server } = JSON.parse(await readFile(lockFile, 'utf8'));
    const post = (secret: string) =>
      fetch(new URL('/_tidepool/cli', server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ argv: ['instance', 'concurrency', 'set', 'database', '7'], definitionsFile: null }),
      });
    expect((await post('not-the-secret')).status).toBe(401);
    expect(await poolLimit('database')).toBeUndefined();
    expect((await post(server.secret)).status).toBe(200);
    expect(await poolLimit('database')).toBe(7);
  });

  test('after a SIGKILL of the server the folder opens again, with what the relayed commands wrote', SLOW, async () => {
    await ok('instance', 'concurrency', 'set', 'relay_probe', '3');
    const relayed = await ok('instance', 'concurrency', 'get', 'relay_probe', '--json');
    const killed = serve!.child.pid;
    serve!.child.kill('SIGKILL');
    await new Promise((resolve) => serve!.child.once('close', resolve));
    serve = null;
    // Its lock file is left behind; the next opener sees its process is gone and takes the folder, and the
    // command, run here now, prints exactly what it printed when the server ran it.
    expect(JSON.parse(await readFile(`${join(home, 'db')}.lock`, 'utf8')).pid).toBe(killed);
    expect(await ok('instance', 'concurrency', 'get', 'relay_probe', '--json')).toBe(relayed);
  });
});
