// The web console's files at / of a real server (console-assets.ts): index.html for / and deep links with
// its Content-Security-Policy, hashed assets cached as immutable and gzipped on request, /graphql left to
// GraphiQL and the API, nothing but GET and HEAD answered, a foreign Origin still refused first, and a plain
// page saying how to build the console when it was never built.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const INDEX = '<!doctype html><html lang="en"><title>Tidepool</title><script type="module" src="/assets/app-1a2b.js"></script></html>';
const SCRIPT = 'console.log("the console");\n'.repeat(50);

let test: TestInstance;
let built: TestServer;
let unbuilt: TestServer;
let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'tidepool-console-'));
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'app-1a2b.js'), SCRIPT);
  test = await createTestInstance();
  built = await startTestServer(test.instance, null, { consoleDir: dist });
  unbuilt = await startTestServer(test.instance, null, { consoleDir: join(dist, 'missing') });
});

afterAll(async () => {
  await built?.server.stop();
  await unbuilt?.server.stop();
  await test?.cleanup();
  await rm(dist, { recursive: true, force: true });
});

function send(server: TestServer, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the console at /', () => {
  it('answers / and any deep link that accepts HTML with index.html, revalidated, under a CSP', async () => {
    for (const path of ['/', '/runs', '/runs/0b8e6a1c-1111-2222-3333-444455556666', '/deployment/concurrency?x=1']) {
      const page = await send(built, 'GET', path, { accept: 'text/html,application/xhtml+xml' });
      expect(page.status, path).toBe(200);
      expect(page.body.toString()).toBe(INDEX);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets as immutable, gzipped when accepted', async () => {
    const plain = await send(built, 'GET', '/assets/app-1a2b.js');
    expect(plain.status).toBe(200);
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const gzipped = await send(built, 'GET', '/assets/app-1a2b.js', { 'accept-encoding': 'gzip, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(Number(gzipped.headers['content-length'])).toBeLessThan(SCRIPT.length);
    expect(gunzipSync(gzipped.body).toString()).toBe(SCRIPT);
    const head = await send(built, 'HEAD', '/assets/app-1a2b.js');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('leaves /graphql, other methods and non-HTML misses to the API', async () => {
    const graphiql = await send(built, 'GET', '/graphql', { accept: 'text/html' });
    expect(graphiql.body.toString()).toContain('GraphiQL');
    const query = await send(built, 'GET', '/graphql?query=%7B__typename%7D', { accept: 'application/json' });
    expect(JSON.parse(query.body.toString())).toEqual({ data: { __typename: 'Query' } });
    expect((await send(built, 'GET', '/assets/missing.js')).status).toBe(404);
    expect((await send(built, 'POST', '/', { accept: 'text/html' })).status).toBe(404);
  });

  it('refuses a foreign page before serving anything', async () => {
    const foreign = await send(built, 'GET', '/', { accept: 'text/html', origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const rebound = await send(built, 'GET', '/', { accept: 'text/html', host: 'evil.example' });
    expect(rebound.status).toBe(421);
  });

  it('says how to build the console when it was never built', async () => {
    const page = await send(unbuilt, 'GET', '/runs', { accept: 'text/html' });
    expect(page.status).toBe(404);
    expect(page.body.toString()).toContain('npm run console:build');
  });
});
