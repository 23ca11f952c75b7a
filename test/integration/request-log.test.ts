// The request's logger on a real server and Postgres (src/server/request-log.ts): an HTTP request's id is
// the client's plausible X-Request-Id or a new UUID, echoed in the response; each WebSocket operation gets
// its own; the operation's name joins it once parsed; and what the request logs carries both (here the
// debug line of a launch), never the variables (which carry run config).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../src/definitions/index.js';
import { configureLogging } from '../../src/log/index.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';

// Before anything that logs is made: every line the server writes, at debug, parsed.
const lines: Record<string, unknown>[] = [];
configureLogging({ level: 'debug', format: 'json', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });

const FIXTURE = fileURLToPath(new URL('../fixtures/logs/index.ts', import.meta.url));
const SECRET = 'sk-request-log-config-secret';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LAUNCH = (name: string) =>
  `mutation ${name}($params: ExecutionParams!) { launchRun(executionParams: $params) { __typename ... on LaunchRunSuccess { run { runId } } } }`;
const variables = {
  params: { selector: { jobName: 'secret_job' }, runConfigData: { ops: { use_key: { config: { apiKey: SECRET } } } } },
};

let test: TestInstance;
let server: TestServer;
beforeAll(async () => {
  test = await createTestInstance();
  server = await startTestServer(test.instance, await loadDefinitions(FIXTURE));
});
afterAll(async () => {
  await server?.server.stop();
  await test?.cleanup();
});

async function launchOverHttp(name: string, headers: Record<string, string> = {}): Promise<{ runId: string; requestId: string | null }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LAUNCH(name), variables }),
  });
  const body = (await response.json()) as { data: { launchRun: { run: { runId: string } } } };
  return { runId: body.data.launchRun.run.runId, requestId: response.headers.get('x-request-id') };
}

/** The debug line of the launch that created `runId`. */
function launchLine(runId: string): Promise<Record<string, unknown>> {
  return waitFor(() => lines.find((line) => line.msg === 'runs launched' && (line.runIds as string[]).includes(runId)), {
    what: `the launch line of run ${runId}`,
  });
}

describe('request ids and operation names in the log', () => {
  it("over HTTP: the client's X-Request-Id, echoed, with the operation's name", async () => {
    const given = `trace-${randomUUID()}`;
    const { runId, requestId } = await launchOverHttp('LaunchWithId', { 'x-request-id': given });
    expect(requestId).toBe(given);
    expect(await launchLine(runId)).toMatchObject({ level: 'debug', requestId: given, operationName: 'LaunchWithId' });
  });

  it('over HTTP: a new UUID when the client sends none, or one that could forge a line', async () => {
    const none = await launchOverHttp('LaunchWithoutId');
    expect(none.requestId).toMatch(UUID);
    expect(await launchLine(none.runId)).toMatchObject({ requestId: none.requestId, operationName: 'LaunchWithoutId' });
    const forged = await launchOverHttp('LaunchWithForgedId', { 'x-request-id': 'x","level":"fatal' });
    expect(forged.requestId).toMatch(UUID);
    expect(await launchLine(forged.runId)).toMatchObject({ requestId: forged.requestId });
  });

  it('over WebSocket: an id per operation, with its name', async () => {
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const launch = (name: string) =>
        new Promise<string>((resolve, reject) => {
          let runId = '';
          client.subscribe<{ launchRun: { run: { runId: string } } }>(
            { query: LAUNCH(name), variables },
            { next: (result) => (runId = result.data!.launchRun.run.runId), error: reject, complete: () => resolve(runId) },
          );
        });
      const [first, second] = [await launch('LaunchOverSocket'), await launch('LaunchOverSocketAgain')];
      const [firstLine, secondLine] = [await launchLine(first), await launchLine(second)];
      expect(firstLine).toMatchObject({ requestId: expect.stringMatching(UUID), operationName: 'LaunchOverSocket' });
      expect(secondLine).toMatchObject({ requestId: expect.stringMatching(UUID), operationName: 'LaunchOverSocketAgain' });
      expect(secondLine.requestId).not.toBe(firstLine.requestId);
    } finally {
      await client.dispose();
    }
  });

  it('never writes the variables', () => {
    expect(lines.filter((line) => line.msg === 'runs launched')).toHaveLength(5);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });
});
