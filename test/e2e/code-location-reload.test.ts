// Code locations that reload (reloadRepositoryLocation / reloadWorkspace / `serve --watch`), on real Postgres
// through GraphQL: new runs use the new code, a run that started before the reload finishes on its own
// code, a file that no longer loads leaves the previous definitions serving with the error shown, and other
// processes (a `tidepool serve --watch` child with the only worker) follow the generation.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackground, type Background } from '../../src/daemon/background.js';
import { CodeLocation } from '../../src/definitions/index.js';
import { eventsOf, waitForStatus } from '../support/engine.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { startServe, type ServeProcess } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field, as the clients read them
type Json = any;

const SDK = fileURLToPath(new URL('../../src/index.js', import.meta.url));

/** A definitions file: `greet` logs `say <version>`; `hold` logs, waits for the test's gate, logs again. */
function definitions(version: string, options: { extraJob?: boolean } = {}): string {
  return `
import { Definitions, job, op } from ${JSON.stringify(SDK)};

const say = op({ name: 'say' }, async (context) => { context.log.info('say ${version}'); return '${version}'; });
const hold = op({ name: 'hold_op' }, async (context) => {
  context.log.info('hold ${version} started');
  await (globalThis as { reloadGate?: Promise<void> }).reloadGate;
  context.log.info('hold ${version} done');
});
const greet = job({ name: 'greet' }, () => { say(); });
const holdJob = job({ name: 'hold' }, () => { hold(); });
${options.extraJob ? `const added = job({ name: 'added' }, () => { say(); });` : ''}
export default new Definitions({ jobs: [greet, holdJob${options.extraJob ? ', added' : ''}] });
`;
}

async function gql<T = Record<string, Json>>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

const RELOAD = `mutation ($name: String!) {
  reloadRepositoryLocation(repositoryLocationName: $name) {
    __typename
    ... on WorkspaceLocationEntry {
      name loadStatus
      locationOrLoadError {
        __typename
        ... on RepositoryLocation { name isReloadSupported repositories { name jobs { name } } }
        ... on PythonError { message className stack causes { message } }
      }
    }
    ... on Error { message }
  }
}`;

const WORKSPACE = `{
  workspaceOrError { __typename ... on Workspace { locationEntries { name loadStatus
    locationOrLoadError { __typename ... on RepositoryLocation { repositories { jobs { name } } } ... on PythonError { message } } } } }
}`;

async function launch(url: string, location: string, jobName: string): Promise<string> {
  const data = await gql(
    url,
    `mutation ($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message } } }`,
    { p: { selector: { repositoryLocationName: location, repositoryName: '__repository__', jobName } } },
  );
  if (data.launchRun.__typename !== 'LaunchRunSuccess') throw new Error(JSON.stringify(data.launchRun));
  return data.launchRun.run.runId as string;
}

async function messagesOf(harness: TestInstance, runId: string): Promise<string[]> {
  return (await eventsOf(harness.instance, runId)).map((event) => event.message);
}

describe('reloading a code location in one process', () => {
  let dir: string;
  let file: string;
  let harness: TestInstance;
  let location: CodeLocation;
  let background: Background;
  let server: TestServer;
  let release: () => void = () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidepool-reload-'));
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
    file = join(dir, 'reloading.ts');
    await writeFile(file, definitions('v1'));
    (globalThis as { reloadGate?: Promise<void> }).reloadGate = new Promise<void>((resolve) => (release = resolve));
    harness = await createTestInstance();
    location = await CodeLocation.load(file);
    background = await startBackground(harness.instance, location, { coordinator: true, monitor: true, worker: { pollIntervalMs: 500 } });
    server = await startTestServer(harness.instance, location);
  });

  afterAll(async () => {
    release();
    await server?.server.stop();
    await background?.stop();
    await harness?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  test('new runs use the new code; a run started before the reload finishes on its own', async () => {
    const held = await launch(server.url, 'reloading', 'hold');
    await waitFor(async () => ((await messagesOf(harness, held)).includes('hold v1 started') ? true : undefined), {
      what: 'the held run to start',
    });

    await writeFile(file, definitions('v2', { extraJob: true }));
    const reload = await gql(server.url, RELOAD, { name: 'reloading' });
    expect(reload.reloadRepositoryLocation).toMatchObject({
      __typename: 'WorkspaceLocationEntry',
      name: 'reloading',
      loadStatus: 'LOADED',
      locationOrLoadError: { __typename: 'RepositoryLocation', isReloadSupported: true },
    });
    const jobs = reload.reloadRepositoryLocation.locationOrLoadError.repositories[0].jobs.map((job: { name: string }) => job.name);
    expect(jobs).toEqual(expect.arrayContaining(['added', 'greet', 'hold']));

    const greet = await launch(server.url, 'reloading', 'greet');
    const added = await launch(server.url, 'reloading', 'added');
    expect(await waitForStatus(harness.instance, greet, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await waitForStatus(harness.instance, added, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await messagesOf(harness, greet)).toContain('say v2');

    release();
    expect(await waitForStatus(harness.instance, held, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    const heldMessages = await messagesOf(harness, held);
    expect(heldMessages).toContain('hold v1 done');
    expect(heldMessages.some((message) => message.startsWith('hold v2'))).toBe(false);
  });

  test('a file that no longer loads leaves the previous definitions serving and shows its error; fixing it recovers', async () => {
    await writeFile(file, `${definitions('v3')}\nthrow new Error('definitions exploded', { cause: new Error('the root cause') });\n`);
    const broken = await gql(server.url, RELOAD, { name: 'reloading' });
    expect(broken.reloadRepositoryLocation.__typename).toBe('WorkspaceLocationEntry');
    const error = broken.reloadRepositoryLocation.locationOrLoadError;
    expect(error.__typename).toBe('PythonError');
    expect(error.message).toContain('definitions exploded');
    expect(error.stack.length).toBeGreaterThan(0);
    expect(error.causes.map((cause: { message: string }) => cause.message).join(' ')).toContain('the root cause');

    // Still serving v2: the job `added` is there, and `greet` runs v2.
    const workspace = await gql(server.url, WORKSPACE);
    expect(workspace.workspaceOrError.locationEntries[0].locationOrLoadError.__typename).toBe('PythonError');
    const stillV2 = await launch(server.url, 'reloading', 'added');
    expect(await waitForStatus(harness.instance, stillV2, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await messagesOf(harness, stillV2)).toContain('say v2');

    await writeFile(file, 'export default {{ not typescript');
    const syntax = await gql(server.url, RELOAD, { name: 'reloading' });
    expect(syntax.reloadRepositoryLocation.locationOrLoadError.__typename).toBe('PythonError');

    await writeFile(file, definitions('v4'));
    const fixed = await gql(
      server.url,
      `mutation { reloadWorkspace { __typename ... on Workspace { locationEntries { locationOrLoadError { __typename } } } } }`,
    );
    expect(fixed.reloadWorkspace.locationEntries[0].locationOrLoadError.__typename).toBe('RepositoryLocation');
    const v4 = await launch(server.url, 'reloading', 'greet');
    expect(await waitForStatus(harness.instance, v4, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await messagesOf(harness, v4)).toContain('say v4');
  });

  test('reloading unchanged content imports nothing new (what a reload retains is one module per distinct content)', async () => {
    const before = location.current;
    const generation = location.generation;
    const again = await gql(server.url, RELOAD, { name: 'reloading' });
    expect(again.reloadRepositoryLocation.locationOrLoadError.__typename).toBe('RepositoryLocation');
    expect(location.generation).toBeGreaterThan(generation);
    expect(location.current).toBe(before);
  });

  test('an unknown location is RepositoryLocationNotFound, and bad input changes nothing', async () => {
    const before = location.generation;
    const answer = await gql(server.url, RELOAD, { name: 'elsewhere' });
    expect(answer.reloadRepositoryLocation).toMatchObject({ __typename: 'RepositoryLocationNotFound' });
    expect(answer.reloadRepositoryLocation.message).toContain('elsewhere');
    expect(location.generation).toBe(before);
  });
});

describe('other processes follow the generation', () => {
  let dir: string;
  let file: string;
  let harness: TestInstance;
  let location: CodeLocation;
  let background: Background;
  let server: TestServer;
  let child: ServeProcess | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidepool-reload-'));
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
    file = join(dir, 'watched.ts');
    await writeFile(file, definitions('w1'));
    harness = await createTestInstance();
    // This process serves the API and follows reloads, but runs no worker: the child's worker runs every run.
    location = await CodeLocation.load(file);
    background = await startBackground(harness.instance, location, { coordinator: false, monitor: false, worker: false });
    server = await startTestServer(harness.instance, location);
    child = await startServe(['--watch', '--definitions', file], { env: { DATABASE_URL: harness.testDatabase.url } });
  }, 30_000);

  afterAll(async () => {
    await child?.stop();
    await server?.server.stop();
    await background?.stop();
    await harness?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  test('a file change reloads the watching server, this one, and the worker in the other process', async () => {
    const first = await launch(server.url, 'watched', 'greet');
    expect(await waitForStatus(harness.instance, first, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await messagesOf(harness, first)).toContain('say w1');

    await writeFile(file, definitions('w2', { extraJob: true }));
    // The child's watcher reloads and bumps the generation; this process hears the hint and reloads too.
    const hasAdded = (data: Record<string, Json>) =>
      data.workspaceOrError.locationEntries[0].locationOrLoadError.repositories?.[0].jobs.some(
        (job: { name: string }) => job.name === 'added',
      );
    await waitFor(async () => (hasAdded(await gql(child!.url, WORKSPACE)) ? true : undefined), { what: 'the watching server to reload' });
    await waitFor(async () => (hasAdded(await gql(server.url, WORKSPACE)) ? true : undefined), { what: 'this server to follow' });

    const second = await launch(server.url, 'watched', 'added');
    expect(await waitForStatus(harness.instance, second, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await messagesOf(harness, second)).toContain('say w2');
    expect(child!.stdout()).toMatch(/code location \\"watched\\" reloaded/);

    // A reload requested here reaches the child's worker too.
    await writeFile(file, definitions('w3', { extraJob: true }));
    const reload = await gql(server.url, RELOAD, { name: 'watched' });
    expect(reload.reloadRepositoryLocation.locationOrLoadError.__typename).toBe('RepositoryLocation');
    const third = await launch(server.url, 'watched', 'greet');
    expect(await waitForStatus(harness.instance, third, ['SUCCESS', 'FAILURE'])).toBe('SUCCESS');
    expect(await messagesOf(harness, third)).toContain('say w3');
  });
});
