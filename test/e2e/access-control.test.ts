// Issue 14: who may do what, over HTTP, SSE and WebSocket, on real Postgres. The role × operation matrix
// is built from the schema itself: every mutation and subscription is tried with each role and with no
// token, and the expected answer comes from the one permissions table (src/auth/permissions.ts) and the
// Requirement each field declares. A field without a sample operation here fails the test.
import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { ROLES, roleHas, type Role } from '../../src/auth/permissions.js';
import { createToken, revokeToken } from '../../src/auth/tokens.js';
import { schema } from '../../src/graphql/index.js';
import { declaredRequirement } from '../../src/graphql/authorize.js';
import { configureLogging } from '../../src/log/index.js';
import { startEngine, type EngineHarness } from '../support/engine.js';
import { createTestInstance, startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

/** Every line the server logged while these tests ran, at every level: no secret may appear in it. */
const printed: string[] = [];
configureLogging({ level: 'trace', format: 'json', destination: { write: (line: string) => void printed.push(line) } });

let engine: EngineHarness;
let server: TestServer;
let readOnlyServer: TestServer;
const secrets = new Map<Role, string>();

beforeAll(async () => {
  engine = await startEngine({ configYaml: 'auth: {mode: tokens}' });
  server = await startTestServer(engine.instance, engine.location);
  readOnlyServer = await startTestServer(engine.instance, engine.location, { readOnly: true });
  for (const role of ROLES) {
    const { secret } = await createToken(engine.instance.database.db, { name: `matrix-${role}`, role, expiresAt: null }, CLI_ACTOR);
    secrets.set(role, secret);
  }
});
afterAll(async () => {
  await readOnlyServer?.server.stop();
  await server?.server.stop();
  await engine?.cleanup();
});

interface Answer {
  status: number;
  data?: Record<string, { __typename?: string; className?: string } | boolean | null> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, query: string, secret: string | null): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers.authorization = `Bearer ${secret}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

/** Whether an answer is a refusal for want of permission, by whichever route the field's result takes. */
function refusedAsUnauthorized(answer: Answer, field: string): boolean {
  if (answer.errors?.some((error) => error.extensions?.code === 'UNAUTHORIZED')) return true;
  const value = answer.data?.[field];
  if (typeof value !== 'object' || value === null) return false;
  return value.__typename === 'UnauthorizedError' || (value.__typename === 'PythonError' && value.className === 'UnauthorizedError');
}

const unknownRun = randomUUID();
const selection = '{ __typename ... on PythonError { className } }';
// Schedules and sensors the engine's definitions do not have: allowed calls answer "not found" and write nothing.
const unknownSchedule = '{ repositoryName: "__repository__", repositoryLocationName: "matrix", scheduleName: "matrix" }';
const unknownSensor = '{ repositoryName: "__repository__", repositoryLocationName: "matrix", sensorName: "matrix" }';
/** One operation per mutation, harmless when allowed (unknown runs, a pool of its own). */
const MUTATIONS: Record<string, string> = {
  launchRun: `mutation { launchRun(executionParams: { selector: { jobName: "quick_job" } }) ${selection} }`,
  launchPipelineExecution: `mutation { launchPipelineExecution(executionParams: { selector: { jobName: "quick_job" } }) ${selection} }`,
  launchMultipleRuns: `mutation { launchMultipleRuns(executionParamsList: [{ selector: { jobName: "quick_job" } }]) ${selection} }`,
  launchRunReexecution: `mutation { launchRunReexecution(reexecutionParams: { parentRunId: "${unknownRun}", strategy: ALL_STEPS }) ${selection} }`,
  launchPipelineReexecution: `mutation { launchPipelineReexecution(reexecutionParams: { parentRunId: "${unknownRun}", strategy: FROM_FAILURE }) ${selection} }`,
  terminateRun: `mutation { terminateRun(runId: "${unknownRun}") ${selection} }`,
  terminateRuns: `mutation { terminateRuns(runIds: ["${unknownRun}"]) ${selection} }`,
  deleteRun: `mutation { deleteRun(runId: "${unknownRun}") ${selection} }`,
  terminatePipelineExecution: `mutation { terminatePipelineExecution(runId: "${unknownRun}") ${selection} }`,
  deletePipelineRun: `mutation { deletePipelineRun(runId: "${unknownRun}") ${selection} }`,
  setConcurrencyLimit: 'mutation { setConcurrencyLimit(concurrencyKey: "matrix", limit: 2) }',
  deleteConcurrencyLimit: 'mutation { deleteConcurrencyLimit(concurrencyKey: "matrix") }',
  freeConcurrencySlotsForRun: `mutation { freeConcurrencySlotsForRun(runId: "${unknownRun}") }`,
  freeConcurrencySlots: `mutation { freeConcurrencySlots(runId: "${unknownRun}") }`,
  startSchedule: `mutation { startSchedule(scheduleSelector: ${unknownSchedule}) ${selection} }`,
  stopRunningSchedule: `mutation { stopRunningSchedule(id: "matrix") ${selection} }`,
  resetSchedule: `mutation { resetSchedule(scheduleSelector: ${unknownSchedule}) ${selection} }`,
  scheduleDryRun: `mutation { scheduleDryRun(selectorData: ${unknownSchedule}) ${selection} }`,
  startSensor: `mutation { startSensor(sensorSelector: ${unknownSensor}) ${selection} }`,
  stopSensor: `mutation { stopSensor(id: "matrix") ${selection} }`,
  resetSensor: `mutation { resetSensor(sensorSelector: ${unknownSensor}) ${selection} }`,
  setSensorCursor: `mutation { setSensorCursor(sensorSelector: ${unknownSensor}, cursor: "1") ${selection} }`,
  sensorDryRun: `mutation { sensorDryRun(selectorData: ${unknownSensor}) ${selection} }`,
  launchPartitionBackfill: `mutation { launchPartitionBackfill(backfillParams: { selector: { partitionSetName: "none_partition_set", repositorySelector: { repositoryName: "__repository__", repositoryLocationName: "x" } }, allPartitions: true }) ${selection} }`,
  cancelPartitionBackfill: `mutation { cancelPartitionBackfill(backfillId: "nobackfill") ${selection} }`,
  resumePartitionBackfill: `mutation { resumePartitionBackfill(backfillId: "nobackfill") ${selection} }`,
  reloadRepositoryLocation: `mutation { reloadRepositoryLocation(repositoryLocationName: "matrix") ${selection} }`,
  reloadWorkspace: `mutation { reloadWorkspace ${selection} }`,
  shutdownRepositoryLocation: `mutation { shutdownRepositoryLocation(repositoryLocationName: "matrix") ${selection} }`,
};
/** One operation per subscription, and the state that shows it was accepted. */
const SUBSCRIPTIONS: Record<string, string> = {
  pipelineRunLogs: `subscription { pipelineRunLogs(runId: "${unknownRun}") { __typename } }`,
  runStatusChanged: 'subscription { runStatusChanged(cursor: "0") { toStatus } }',
  concurrencyKeyChanged: 'subscription { concurrencyKeyChanged(concurrencyKey: "matrix") { concurrencyKey } }',
  capturedLogs: `subscription { capturedLogs(logKey: ["${unknownRun}", "compute_logs", "step"]) { cursor } }`,
};

function wsClient(secret: string | null, onClosed?: (code: number) => void): Client {
  return createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: secret === null ? {} : { authorization: `Bearer ${secret}` },
    on: { closed: (event) => onClosed?.((event as { code: number }).code) },
  });
}

/** The first message of a subscription: a result, or the error it was refused with. */
function firstMessage(client: Client, query: string): Promise<{ data?: unknown; error?: unknown }> {
  return new Promise((resolve) => {
    const stop = client.subscribe(
      { query },
      {
        next: (result) => {
          stop();
          resolve(result.errors ? { error: result.errors } : { data: result.data });
        },
        error: (error) => resolve({ error }),
        complete: () => resolve({}),
      },
    );
  });
}

/** A subscription kept open (so that its lazy client keeps the socket), once its first message came. */
async function heldOpen(client: Client, query: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    client.subscribe(
      { query },
      { next: () => resolve(), error: (error) => reject(error as Error), complete: () => reject(new Error('completed')) },
    );
  });
}

describe('the role × operation matrix', () => {
  const mutations = Object.values(schema.getMutationType()!.getFields());
  const subscriptions = Object.values(schema.getSubscriptionType()!.getFields());

  it('has a declared permission and a sample operation for every mutation and subscription', () => {
    for (const field of [...mutations, ...subscriptions]) {
      expect(declaredRequirement(field), `${field.name} declares no permission`).toBeDefined();
    }
    expect(Object.keys(MUTATIONS).sort()).toEqual(mutations.map((field) => field.name).sort());
    expect(Object.keys(SUBSCRIPTIONS).sort()).toEqual(subscriptions.map((field) => field.name).sort());
  });

  it.each(ROLES)('answers every mutation for the %s role as the permissions table says', async (role) => {
    for (const field of mutations) {
      const requirement = declaredRequirement(field)!;
      const allowed = requirement === 'read' || roleHas(role, requirement);
      const answer = await post(server.url, MUTATIONS[field.name]!, secrets.get(role)!);
      expect(answer.status, field.name).toBe(200);
      expect(refusedAsUnauthorized(answer, field.name), `${role} ${field.name}: ${JSON.stringify(answer)}`).toBe(!allowed);
    }
  });

  it.each(ROLES)('lets the %s role subscribe to every subscription over WebSocket', async (role) => {
    const client = wsClient(secrets.get(role)!);
    try {
      for (const field of subscriptions) {
        const first = firstMessage(client, SUBSCRIPTIONS[field.name]!);
        // runStatusChanged answers only when a run changes status: give it one.
        if (field.name === 'runStatusChanged') await post(server.url, MUTATIONS.launchRun!, secrets.get('admin')!);
        expect((await first).error, `${role} ${field.name}`).toBeUndefined();
      }
    } finally {
      await client.dispose();
    }
  });

  it('refuses every operation without a token: HTTP 401 (also over SSE), WebSocket closed with 4403', async () => {
    for (const query of [...Object.values(MUTATIONS), '{ runsOrError { __typename } }']) {
      const answer = await post(server.url, query, null);
      expect(answer.status).toBe(401);
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const sse = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: SUBSCRIPTIONS.concurrencyKeyChanged }),
    });
    expect(sse.status).toBe(401);
    await sse.body?.cancel();
    // The captured-log download route too: refused without a token, served to any role with one.
    const logs = `${new URL(server.url).origin}/logs/${unknownRun}/compute_logs/step/out`;
    expect((await fetch(logs, { headers: { accept: 'text/html' } })).status).toBe(401);
    expect((await fetch(logs, { headers: { authorization: `Bearer ${secrets.get('viewer')!}` } })).status).toBe(200);
    let closedWith: number | null = null;
    const client = wsClient(null, (code) => (closedWith = code));
    await firstMessage(client, SUBSCRIPTIONS.concurrencyKeyChanged!);
    await waitFor(() => closedWith !== null, { what: 'the WebSocket without a token to be closed' });
    expect(closedWith).toBe(4403);
    await client.dispose();
  });

  it('streams a subscription over SSE to a viewer who sends the token as a Bearer header', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${secrets.get('viewer')!}` },
      body: JSON.stringify({ query: SUBSCRIPTIONS.concurrencyKeyChanged }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('concurrencyKeyChanged')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toContain('"concurrencyKey":"matrix"');
  });

  it('refuses a wrong token with 401 and does not echo it', async () => {
    const wrong = `tp_${'x'.repeat(43)}`;
    const answer = await post(server.url, '{ runsOrError { __typename } }', wrong);
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer)).not.toContain(wrong);
  });
});

describe('GraphQL answers about permissions', () => {
  it("reports the caller's permissions and the Run's has…Permission fields by role", async () => {
    const query = `{ permissions { permission value disabledReason } runsOrError(limit: 1) { ... on Runs { results { hasTerminatePermission hasDeletePermission hasReExecutePermission } } } }`;
    await post(server.url, MUTATIONS.launchRun!, secrets.get('admin')!);
    for (const role of ROLES) {
      const answer = await post(server.url, query, secrets.get(role)!);
      const permissions = answer.data!.permissions as unknown as { permission: string; value: boolean; disabledReason: string | null }[];
      const byName = new Map(permissions.map((p) => [p.permission, p]));
      expect(byName.get('launch_pipeline_execution')!.value).toBe(role !== 'viewer');
      expect(byName.get('edit_concurrency_limit')!.value).toBe(role === 'editor' || role === 'admin');
      expect(byName.get('delete_pipeline_run')!.value).toBe(role === 'admin');
      for (const p of permissions) expect(p.disabledReason === null).toBe(p.value);
      const run = (answer.data!.runsOrError as unknown as { results: Record<string, boolean>[] }).results[0]!;
      expect(run).toEqual({
        hasTerminatePermission: role !== 'viewer',
        hasDeletePermission: role === 'admin',
        hasReExecutePermission: role !== 'viewer',
      });
    }
  });
});

describe('read-only mode', () => {
  it('refuses every mutation, even to an admin, and reports every permission false', async () => {
    const admin = secrets.get('admin')!;
    const limitsBefore = await post(readOnlyServer.url, '{ instance { concurrencyLimits { concurrencyKey limit } } }', admin);
    for (const [name, query] of Object.entries(MUTATIONS)) {
      const answer = await post(readOnlyServer.url, query, admin);
      expect(refusedAsUnauthorized(answer, name), `${name}: ${JSON.stringify(answer)}`).toBe(true);
    }
    expect(await post(readOnlyServer.url, '{ instance { concurrencyLimits { concurrencyKey limit } } }', admin)).toEqual(limitsBefore);
    const permissions = await post(readOnlyServer.url, '{ permissions { value disabledReason } }', admin);
    for (const p of permissions.data!.permissions as unknown as { value: boolean; disabledReason: string }[]) {
      expect(p).toEqual({ value: false, disabledReason: expect.stringContaining('read-only') });
    }
  });
});

describe('revoked and expired tokens', () => {
  it('refuses a revoked token on the next request and closes its open WebSocket', async () => {
    const db = engine.instance.database.db;
    const { secret } = await createToken(db, { name: 'to-revoke', role: 'viewer', expiresAt: null }, CLI_ACTOR);
    let closedWith: number | null = null;
    const client = wsClient(secret, (code) => (closedWith = code));
    await heldOpen(client, SUBSCRIPTIONS.concurrencyKeyChanged!);
    expect((await post(server.url, '{ runsOrError { __typename } }', secret)).status).toBe(200);

    await revokeToken(db, 'to-revoke', CLI_ACTOR);
    expect((await post(server.url, '{ runsOrError { __typename } }', secret)).status).toBe(401);
    await waitFor(() => closedWith !== null, { what: "the revoked token's WebSocket to be closed" });
    expect(closedWith).toBe(4403);
    await client.dispose();
  });

  it('closes a WebSocket when its token expires, and refuses the token from then on', async () => {
    const db = engine.instance.database.db;
    const expiresAt = new Date(Date.now() + 3_000);
    const { secret } = await createToken(db, { name: 'short-lived', role: 'viewer', expiresAt }, CLI_ACTOR);
    let closedWith: number | null = null;
    const client = wsClient(secret, (code) => (closedWith = code));
    await heldOpen(client, SUBSCRIPTIONS.concurrencyKeyChanged!);
    await waitFor(() => closedWith !== null, { what: "the expired token's WebSocket to be closed", timeoutMs: 30_000 });
    expect(closedWith).toBe(4403);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect((await post(server.url, '{ runsOrError { __typename } }', secret)).status).toBe(401);
    await client.dispose();
  });
});

describe('the audit log over the API', () => {
  it('holds exactly one entry per change made by concurrent clients, each with its actor', async () => {
    const db = engine.instance.database.db;
    const clients = ['audit-a', 'audit-b', 'audit-c', 'audit-d'];
    const tokens = await Promise.all(clients.map((name) => createToken(db, { name, role: 'editor', expiresAt: null }, CLI_ACTOR)));
    const CHANGES = 12;
    // Every client changes the same pools at once, so the changes race for the same rows.
    await Promise.all(
      tokens.map(({ secret }, client) =>
        (async () => {
          for (let n = 0; n < CHANGES; n++) {
            const answer = await post(
              server.url,
              `mutation { setConcurrencyLimit(concurrencyKey: "audited-${n % 3}", limit: ${client + 1}) }`,
              secret,
            );
            expect(answer.errors).toBeUndefined();
          }
        })(),
      ),
    );
    const page = await post(server.url, '{ auditLog(limit: 1000) { entries { actor action target after } } }', secrets.get('admin')!);
    const entries = (page.data!.auditLog as unknown as { entries: { actor: string; action: string; target: string; after: string }[] })
      .entries;
    const changes = entries.filter((entry) => entry.action === 'concurrency_limit.set' && entry.target.includes('audited-'));
    for (const [client, name] of clients.entries()) {
      const mine = changes.filter((entry) => entry.actor === name);
      expect(mine).toHaveLength(CHANGES);
      for (const entry of mine) expect(JSON.parse(entry.after)).toMatchObject({ limit: client + 1 });
    }
    expect(changes).toHaveLength(clients.length * CHANGES);
    // A viewer may not read it.
    const refused = await post(server.url, '{ auditLog(limit: 1) { entries { actor } } }', secrets.get('viewer')!);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED');
  });
});

describe('GraphiQL in tokens mode', () => {
  it('serves the page without a token when enabled, while every request of the API still needs one', async () => {
    const test = await createTestInstance({ configYaml: 'auth: {mode: tokens}\nserver: {graphiql: true}' });
    const graphiql = await startTestServer(test.instance, null);
    try {
      const page = await fetch(graphiql.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('GraphiQL');
      expect((await post(graphiql.url, '{ version }', null)).status).toBe(401);
    } finally {
      await graphiql.server.stop();
      await test.cleanup();
    }
  });
});

describe('secrets', () => {
  it('never appear in what the server logged', () => {
    // The requests were logged (their launches, at debug, with their request ids), so the lines were seen.
    expect(printed.some((line) => line.includes('"requestId"'))).toBe(true);
    for (const secret of secrets.values()) {
      for (const line of printed) expect(line).not.toContain(secret);
    }
  });
});
