// The operation cost budget and the string check, against a real server on Postgres, over HTTP, SSE and a
// real WebSocket: an over-budget operation is refused with OPERATION_TOO_COSTLY and a bad string with
// INVALID_STRING, before anything executes, so nothing is written; normal pages still pass.
import { sql } from 'drizzle-orm';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { RunsListDocument } from '../generated/graphql.js';
import { ENGINE_FIXTURE } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { openWsClient, subscribeSse, subscribeWs, type WsClient } from '../support/ws-client.js';

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

let test: TestInstance;
let server: TestServer;
let ws: WsClient;
beforeAll(async () => {
  test = await createTestInstance();
  server = await startTestServer(test.instance, await loadDefinitions(ENGINE_FIXTURE));
  ws = openWsClient(server.wsUrl);
});
afterAll(async () => {
  await ws?.dispose();
  await server?.server.stop();
  await test?.cleanup();
});

async function post(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** Any operation over the WebSocket: everything it received once it completed or failed. */
async function overWs(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const collected = subscribeWs(ws.client, parse(query) as TypedDocumentNode<unknown, Record<string, unknown>>, variables);
  await collected.until((c) => c.completed || c.failure, 'the operation to end');
  collected.dispose();
  if (collected.failure) return { errors: collected.failure as GraphQLResponse['errors'] };
  return { data: collected.data[0], errors: collected.errors };
}

async function rows(table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(test.instance.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return row!.n;
}

/** What a refused request wrote: every table a launch, a tag filter or a limit could write to. */
const written = async () => ({ runs: await rows('runs'), runTags: await rows('run_tags'), limits: await rows('concurrency_limits') });

const COUNTS = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: runsOrError { ... on Runs { count } }`).join(' ')} }`;

const LAUNCH = `mutation Launch($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) { __typename ... on LaunchRunSuccess { run { runId } } }
}`;
const launchParams = (tagValue: string) => ({
  executionParams: { selector: { jobName: 'quick_job' }, executionMetadata: { tags: [{ key: 'team', value: tagValue }] } },
});

const FILTERED = `query Filtered($filter: RunsFilter) { runsOrError(filter: $filter, limit: 10) { ... on Runs { results { runId } } } }`;
const SET_LIMIT = `mutation SetLimit($key: String!) { setConcurrencyLimit(concurrencyKey: $key, limit: 3) }`;

// The user's value must never come back, in whole or in part.
const NUL = 'secret-before\u0000secret-after';
const LONE_SURROGATE = 'secret-before\uD800secret-after';

function expectInvalidString(result: GraphQLResponse, argument: string): void {
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions).toMatchObject({ code: 'INVALID_STRING', argument });
  expect(result.errors![0]!.message).not.toMatch(/secret/);
}

describe('the operation cost budget', () => {
  it('refuses 100 aliased counts, naming the budget and what cost most', async () => {
    const result = await post(COUNTS);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    // Each alias lists a default page of 1000 runs (1001) and counts (500).
    expect(error!.extensions).toMatchObject({ code: 'OPERATION_TOO_COSTLY', cost: 150_100, budget: 5000 });
    expect(error!.message).toContain('budget of 5000');
    expect(error!.message).toContain('Query.runsOrError');
  });

  it('prices pages by the limit the variables give: aliases × limit', async () => {
    const pages = `query Pages($limit: Int) { ${Array.from({ length: 6 }, (_, i) => `p${i}: runsOrError(limit: $limit) { ... on Runs { results { runId } } }`).join(' ')} }`;
    expect((await post(pages, { limit: 1000 })).errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COSTLY', cost: 6006 });
    expect((await post(pages, { limit: 10 })).errors).toBeUndefined();
  });

  it('lets a normal runs page through: 50 runs with tags, statuses and the count', async () => {
    const { runsOrError } = await executeOk(server.url, RunsListDocument, { limit: 50 });
    expect(runsOrError.__typename).toBe('Runs');
  });

  it('applies on the WebSocket (queries and subscriptions) and on SSE', async () => {
    expect((await overWs(COUNTS)).errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COSTLY', budget: 5000 });
    // Every status change would read 10,000 events.
    const costly = 'subscription { runStatusChanged { run { eventConnection(limit: 10000) { events { __typename } } } } }';
    expect((await overWs(costly)).errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COSTLY', cost: 10_001 });
    const sse = subscribeSse(server.url, parse(costly) as TypedDocumentNode<unknown, Record<string, never>>, {});
    const errors = await sse.until((c) => (c.errors.length > 0 ? c.errors : undefined), 'the refusal over SSE');
    sse.dispose();
    expect(errors[0]!.extensions).toMatchObject({ code: 'OPERATION_TOO_COSTLY' });
    const page = await overWs('{ runsOrError(limit: 50) { ... on Runs { results { runId tags { key value } status } count } } }');
    expect(page.errors ?? []).toEqual([]);
    expect(page.data).toMatchObject({ runsOrError: { count: 0 } });
  });
});

describe('bad strings', () => {
  it('refuses a NUL or a lone surrogate in a launch tag, writing nothing', async () => {
    for (const value of [NUL, LONE_SURROGATE]) {
      expectInvalidString(await post(LAUNCH, launchParams(value)), 'executionParams.executionMetadata.tags[0].value');
    }
    expect(await written()).toEqual({ runs: 0, runTags: 0, limits: 0 });
  });

  it('refuses them in a runs filter, as a variable and as a literal', async () => {
    for (const value of [NUL, LONE_SURROGATE]) {
      expectInvalidString(await post(FILTERED, { filter: { tags: [{ key: 'team', value }] } }), 'filter.tags[0].value');
    }
    // graphql's parser refuses an escaped lone surrogate in a literal itself; a NUL it lets through.
    const literal = await post('{ runsOrError(filter: { tags: [{ key: "team", value: "secret\\u0000" }] }) { __typename } }');
    expectInvalidString(literal, 'filter.tags[0].value');
    expect(literal.errors![0]!.message).toContain('runsOrError');
  });

  it('refuses them in a pool key, writing nothing', async () => {
    for (const value of [NUL, LONE_SURROGATE]) expectInvalidString(await post(SET_LIMIT, { key: value }), 'key');
    expect(await written()).toEqual({ runs: 0, runTags: 0, limits: 0 });
  });

  it('refuses them on the WebSocket and on SSE too, writing nothing', async () => {
    expectInvalidString(await overWs(LAUNCH, launchParams(NUL)), 'executionParams.executionMetadata.tags[0].value');
    expectInvalidString(await overWs(SET_LIMIT, { key: LONE_SURROGATE }), 'key');
    const subscription = 'subscription Changes($filter: RunsFilter) { runStatusChanged(filter: $filter) { cursor } }';
    const variables = { filter: { tags: [{ key: 'team', value: NUL }] } };
    expectInvalidString(await overWs(subscription, variables), 'filter.tags[0].value');
    const sse = subscribeSse(server.url, parse(subscription) as TypedDocumentNode<unknown, typeof variables>, variables);
    const errors = await sse.until((c) => (c.errors.length > 0 ? c.errors : undefined), 'the refusal over SSE');
    sse.dispose();
    expect(errors[0]!.extensions).toMatchObject({ code: 'INVALID_STRING', argument: 'filter.tags[0].value' });
    expect(await written()).toEqual({ runs: 0, runTags: 0, limits: 0 });
  });

  it('still accepts good strings, surrogate pairs included', async () => {
    const launched = await post(LAUNCH, launchParams('team 🌊'));
    expect(launched.errors).toBeUndefined();
    expect(launched.data).toMatchObject({ launchRun: { __typename: 'LaunchRunSuccess' } });
    expect(await post(SET_LIMIT, { key: 'pool-🌊' })).toEqual({ data: { setConcurrencyLimit: true } });
    expect(await written()).toEqual({ runs: 1, runTags: expect.any(Number), limits: 1 });
  });
});
