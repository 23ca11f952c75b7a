// What a web page may make a server on loopback do, against a real server on Postgres: a cross-site form,
// multipart or text/plain POST, a GET of a mutation, a foreign Origin over HTTP, SSE or a WebSocket upgrade,
// and a rebinding Host are all refused with typed errors and change nothing (a pool's limit stays unset);
// the server's own pages and clients without an Origin work; configured origins alone get CORS headers;
// GraphiQL and introspection follow the config; bound to every interface, any Host name is served, and
// GraphiQL and introspection are off by default (browser-safety.ts).
import { request, type IncomingHttpHeaders } from 'node:http';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INSTANCE_CONFIG } from '../../src/config/index.js';
import { browserPolicy } from '../../src/server/browser-safety.js';
import { buildServer } from '../../src/server/build-server.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const UI_ORIGIN = 'http://ui.example:5173';
const EVIL_ORIGIN = 'http://evil.example';

interface Setup {
  test: TestInstance;
  server: TestServer;
  port: number;
}

function serverWith(configYaml: string): Setup {
  const setup = {} as Setup;
  beforeAll(async () => {
    setup.test = await createTestInstance({ configYaml });
    setup.server = await startTestServer(setup.test.instance);
    setup.port = Number(new URL(setup.server.url).port);
  });
  afterAll(async () => {
    await setup.server?.server.stop();
    await setup.test?.cleanup();
  });
  return setup;
}

/** One raw HTTP request to the server: any headers, Host included, as a browser or an attacker sends them. */
function send(setup: Setup, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: setup.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (answer: Answer) => JSON.parse(answer.body) as GraphQLResponse;
const codeOf = (answer: Answer) => json(answer).errors?.[0]?.extensions?.code;

const setLimit = (key: string) => `mutation { setConcurrencyLimit(concurrencyKey: "${key}", limit: 3) }`;

function postJson(setup: Setup, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(setup, 'POST', '/graphql', { 'content-type': 'application/json', ...headers }, JSON.stringify({ query }));
}

/** The pool's limit, read by a client without an Origin (a script): null = never set. */
async function limitOf(setup: Setup, key: string): Promise<number | null> {
  const answer = await postJson(setup, `{ instance { concurrencyLimit(concurrencyKey: "${key}") { limit } } }`);
  const data = json(answer).data as { instance: { concurrencyLimit: { limit: number | null } } };
  return data.instance.concurrencyLimit.limit;
}

/** The answer to a WebSocket upgrade that was refused (it never opened). */
function refusedUpgrade(setup: Setup, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(setup.server.wsUrl, 'graphql-transport-ws', { headers });
    socket.on('open', () => reject(new Error('The WebSocket opened')));
    socket.on('error', () => undefined);
    socket.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
  });
}

/** Runs one operation over graphql-ws from a page of `origin`. */
async function overWebSocket(setup: Setup, origin: string, query: string): Promise<GraphQLResponse> {
  class FromPage extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { origin });
    }
  }
  const client = createClient({ url: setup.server.wsUrl, webSocketImpl: FromPage, retryAttempts: 0, lazy: true });
  try {
    const results: GraphQLResponse[] = [];
    await new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query },
        {
          next: (result) => void results.push(result as GraphQLResponse),
          error: (error: unknown) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
          complete: resolve,
        },
      );
    });
    return results[0]!;
  } finally {
    await client.dispose();
  }
}

describe('a server on loopback in open mode, with one configured origin', () => {
  const setup = serverWith(`server: { cors_origins: ['${UI_ORIGIN}'] }`);
  const own = () => `http://127.0.0.1:${setup.port}`;

  it('runs no operation from a cross-site form, multipart or text/plain body, even without an Origin', async () => {
    const form = await send(
      setup,
      'POST',
      '/graphql',
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ query: setLimit('form') }).toString(),
    );
    const boundary = 'xBOUNDARYx';
    const multipart = await send(
      setup,
      'POST',
      '/graphql',
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: setLimit('multipart') })}\r\n--${boundary}--\r\n`,
    );
    const text = await send(setup, 'POST', '/graphql', { 'content-type': 'text/plain' }, JSON.stringify({ query: setLimit('text') }));
    for (const answer of [form, multipart, text]) {
      expect(answer.status).toBe(415);
      expect(codeOf(answer)).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await limitOf(setup, 'form')).toBeNull();
    expect(await limitOf(setup, 'multipart')).toBeNull();
    expect(await limitOf(setup, 'text')).toBeNull();
  });

  it('runs no mutation over GET', async () => {
    const answer = await send(setup, 'GET', `/graphql?query=${encodeURIComponent(setLimit('get'))}`, { accept: 'application/json' });
    expect(answer.status).toBe(405);
    expect(codeOf(answer)).toBe('BAD_REQUEST');
    expect(await limitOf(setup, 'get')).toBeNull();
  });

  it('refuses a foreign Origin over HTTP, SSE and a WebSocket upgrade, with no CORS headers', async () => {
    const http = await postJson(setup, setLimit('foreign'), { origin: EVIL_ORIGIN });
    const sse = await postJson(setup, 'subscription { concurrencyKeyChanged(concurrencyKey: "foreign") { limit } }', {
      origin: EVIL_ORIGIN,
      accept: 'text/event-stream',
    });
    const upgrade = await refusedUpgrade(setup, { origin: EVIL_ORIGIN });
    // A sandboxed page or a file:// one sends the origin "null": foreign too.
    const nullOrigin = await postJson(setup, setLimit('foreign'), { origin: 'null' });
    for (const answer of [http, sse, upgrade, nullOrigin]) {
      expect(answer.status).toBe(403);
      expect(codeOf(answer)).toBe('ORIGIN_NOT_ALLOWED');
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(await limitOf(setup, 'foreign')).toBeNull();
    expect(setup.server.server.connections.stats()).toMatchObject({ connections: 0, subscriptions: 0 });
  });

  it('refuses a rebinding Host (a foreign name on the loopback port), over HTTP and WebSocket', async () => {
    const rebound = `evil.example:${setup.port}`;
    const http = await postJson(setup, setLimit('rebound'), { host: rebound, origin: `http://${rebound}` });
    const upgrade = await refusedUpgrade(setup, { host: rebound, origin: `http://${rebound}` });
    for (const answer of [http, upgrade]) {
      expect(answer.status).toBe(421);
      expect(codeOf(answer)).toBe('HOST_NOT_ALLOWED');
    }
    expect(await limitOf(setup, 'rebound')).toBeNull();
  });

  it('serves its own pages (as 127.0.0.1, localhost or [::1]) and clients without an Origin', async () => {
    const ownPage = await postJson(setup, setLimit('own'), { origin: own() });
    expect(ownPage.status).toBe(200);
    expect(json(ownPage).errors).toBeUndefined();
    expect(ownPage.headers['access-control-allow-origin']).toBeUndefined();
    const localhost = await postJson(setup, setLimit('localhost'), {
      host: `localhost:${setup.port}`,
      origin: `http://localhost:${setup.port}`,
    });
    expect(localhost.status).toBe(200);
    const ipv6Name = await postJson(setup, '{ __typename }', { host: `[::1]:${setup.port}` });
    expect(json(ipv6Name).data).toEqual({ __typename: 'Query' });
    const script = await postJson(setup, setLimit('script'));
    expect(script.status).toBe(200);
    expect(await limitOf(setup, 'own')).toBe(3);
    expect(await limitOf(setup, 'localhost')).toBe(3);
    expect(await limitOf(setup, 'script')).toBe(3);
  });

  it('runs mutations over a WebSocket from its own page, and none from a foreign one', async () => {
    const result = await overWebSocket(setup, own(), setLimit('ws-own'));
    expect(result).toEqual({ data: { setConcurrencyLimit: true } });
    await expect(overWebSocket(setup, EVIL_ORIGIN, setLimit('ws-foreign'))).rejects.toThrow();
    expect(await limitOf(setup, 'ws-own')).toBe(3);
    expect(await limitOf(setup, 'ws-foreign')).toBeNull();
  });

  it('sends CORS headers, credentials included, to the configured origin alone', async () => {
    const preflight = (origin: string) =>
      send(setup, 'OPTIONS', '/graphql', {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
    const allowed = await preflight(UI_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': UI_ORIGIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST',
    });
    const call = await postJson(setup, setLimit('ui'), { origin: UI_ORIGIN });
    expect(call.status).toBe(200);
    expect(call.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(await limitOf(setup, 'ui')).toBe(3);

    const foreign = await preflight(EVIL_ORIGIN);
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(foreign.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('serves GraphiQL and answers introspection (on by default in open mode on loopback)', async () => {
    const page = await send(setup, 'GET', '/graphql', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const schema = await postJson(setup, '{ __schema { queryType { name } } }');
    expect(json(schema).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('a server with GraphiQL and introspection turned off', () => {
  const setup = serverWith('server: { graphiql: false, introspection: false }');

  it('answers 404 for the GraphiQL page', async () => {
    const page = await send(setup, 'GET', '/graphql', { accept: 'text/html' });
    expect(page.status).toBe(404);
    expect(codeOf(page)).toBe('GRAPHIQL_DISABLED');
  });

  it('refuses introspection over HTTP and WebSocket, and still answers __typename', async () => {
    const http = await postJson(setup, '{ __schema { types { name } } }');
    expect(json(http).data).toBeUndefined();
    expect(json(http).errors?.map((error) => error.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
    const aliased = await postJson(setup, '{ t: __type(name: "Query") { name } }');
    expect(codeOf(aliased)).toBe('INTROSPECTION_DISABLED');
    const ws = await overWebSocket(setup, `http://127.0.0.1:${setup.port}`, '{ __schema { queryType { name } } }').catch(
      (error: Error) => ({ errors: JSON.parse(error.message) as GraphQLResponse['errors'] }),
    );
    expect(ws.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    const typename = await postJson(setup, '{ __typename }');
    expect(json(typename).data).toEqual({ __typename: 'Query' });
  });
});

describe('a server bound to every interface (a proxy may front it)', () => {
  const setup = {} as Setup;
  beforeAll(async () => {
    setup.test = await createTestInstance();
    const server = buildServer({ instance: setup.test.instance, location: null, port: 0, host: '0.0.0.0' });
    const { url, port } = await server.start();
    setup.server = { url, wsUrl: url.replace(/^http/, 'ws'), server, hub: server.hub };
    setup.port = port;
  });
  afterAll(async () => {
    await setup.server?.server.stop();
    await setup.test?.cleanup();
  });

  it('serves any Host name, and pages of that name, but no foreign Origin; GraphiQL and introspection are off', async () => {
    const host = `tidepool.example:${setup.port}`;
    const named = await postJson(setup, setLimit('named'), { host, origin: `http://${host}` });
    expect(named.status).toBe(200);
    expect(await limitOf(setup, 'named')).toBe(3);
    const foreign = await postJson(setup, setLimit('foreign'), { host, origin: EVIL_ORIGIN });
    expect(codeOf(foreign)).toBe('ORIGIN_NOT_ALLOWED');
    expect(await limitOf(setup, 'foreign')).toBeNull();
    expect((await send(setup, 'GET', '/graphql', { accept: 'text/html' })).status).toBe(404);
    expect(codeOf(await postJson(setup, '{ __schema { queryType { name } } }'))).toBe('INTROSPECTION_DISABLED');
  });
});

describe('browserPolicy defaults', () => {
  const server = DEFAULT_INSTANCE_CONFIG.server;

  it('turns GraphiQL and introspection on only in open mode on loopback, unless configured', () => {
    expect(browserPolicy(server, 'open', '127.0.0.1')).toMatchObject({ graphiql: true, introspection: true });
    expect(browserPolicy(server, 'open', '::1')).toMatchObject({ graphiql: true, introspection: true });
    expect(browserPolicy(server, 'tokens', '127.0.0.1')).toMatchObject({ graphiql: false, introspection: false });
    expect(browserPolicy(server, 'open', '0.0.0.0')).toMatchObject({ graphiql: false, introspection: false });
    expect(browserPolicy({ ...server, graphiql: true }, 'tokens', '0.0.0.0')).toMatchObject({ graphiql: true, introspection: true });
    expect(browserPolicy({ ...server, introspection: false }, 'open', 'localhost')).toMatchObject({
      graphiql: true,
      introspection: false,
    });
  });

  it('checks Host names only on a loopback bind (elsewhere a proxy may front the server)', () => {
    expect(browserPolicy(server, 'open', 'localhost').loopbackHosts).not.toBeNull();
    expect(browserPolicy(server, 'open', '127.0.0.2').loopbackHosts?.has('127.0.0.2')).toBe(true);
    expect(browserPolicy(server, 'open', '0.0.0.0').loopbackHosts).toBeNull();
    expect(browserPolicy(server, 'open', '::').loopbackHosts).toBeNull();
    expect(browserPolicy(server, 'open', '192.168.1.10').loopbackHosts).toBeNull();
  });
});
