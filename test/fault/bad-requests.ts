// Malformed and hostile GraphQL for the fault harness, and the judge of each response (SPEC §9): every
// one must get a typed error — a result-union member implementing `Error` (with its message), or GraphQL
// errors that each carry a message and an `extensions.code` — and never a 5xx, a hang, or the masked
// "Unexpected error." (the input is the client's fault, so the client must be told what is wrong).
// Requests that would write carry the tag `fault/hostile`, so the harness can check nothing was written.
import { randomUUID } from 'node:crypto';
import type { ClusterClient } from './client.js';
import type { HttpResponse } from './http.js';
import { graphqlBody } from './http.js';
import type { Rng } from '../support/rng.js';

export const HOSTILE_TAG = 'fault/hostile';

type Expectation =
  /** `data[field]` is a union member named in `typenames`, with a message. */
  | { union: string; typenames: string[] }
  /** GraphQL errors, each with a message and a code; the first has this code (any code when null). */
  | { code: string | null };

export interface BadRequest {
  kind: string;
  body: string;
  expect: Expectation;
}

export interface Judged {
  ok: boolean;
  /** One line: what came back (status, typename or codes, message). */
  summary: string;
}

const MASKED = 'Unexpected error.';
const hostileTags = [{ key: HOSTILE_TAG, value: '1' }];
const launchSelection = '__typename ... on Error { message }';

function launch(kind: string, params: Record<string, unknown>, typename: string): BadRequest {
  return {
    kind,
    body: graphqlBody(`mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { ${launchSelection} } }`, { p: params }),
    expect: { union: 'launchRun', typenames: [typename] },
  };
}

/** `__schema { types { fields { type { ofType { … } } } } }`: valid, cheap, and as deep as asked. */
function deepQuery(depth: number): string {
  let inner = 'name';
  for (let level = 5; level < depth; level++) inner = `ofType { ${inner} }`;
  return `{ __schema { types { fields { type { ${inner} } } } } }`;
}

/**
 * One of each kind. `pools` are the real pools (out-of-range limits for them must change nothing);
 * `valid` are execution params that would launch a run, spoiled by each launch request in its own way.
 */
export function badRequests(pools: readonly string[], valid: Record<string, unknown>): BadRequest[] {
  const aliasBatch = Array.from({ length: 1_000 }, (_, i) => `r${i}: runsOrError(limit: 1) { __typename }`).join(' ');
  const bomb = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
  const validParams = { ...valid, executionMetadata: { tags: hostileTags } };
  return [
    {
      kind: 'runOrError with a non-UUID runId',
      body: graphqlBody('query($id: ID!) { runOrError(runId: $id) { __typename ... on Error { message } } }', { id: 'not-a-uuid' }),
      expect: { union: 'runOrError', typenames: ['RunNotFoundError'] },
    },
    {
      kind: 'terminateRun with a non-UUID runId',
      body: graphqlBody('mutation { terminateRun(runId: "1; drop table runs") { __typename ... on Error { message } } }'),
      expect: { union: 'terminateRun', typenames: ['RunNotFoundError'] },
    },
    {
      kind: 'terminateRun of an unknown run',
      body: graphqlBody('mutation($id: String!) { terminateRun(runId: $id) { __typename ... on Error { message } } }', {
        id: randomUUID(),
      }),
      expect: { union: 'terminateRun', typenames: ['RunNotFoundError'] },
    },
    {
      kind: 'freeConcurrencySlotsForRun with a non-UUID runId',
      body: graphqlBody('mutation { freeConcurrencySlotsForRun(runId: "nope") }'),
      expect: { code: 'RUN_NOT_FOUND' },
    },
    launch(
      'launchRun of an unknown job',
      { selector: { jobName: 'no_such_job' }, executionMetadata: { tags: hostileTags } },
      'PipelineNotFoundError',
    ),
    launch(
      'launchRun with a malformed tag key',
      { ...valid, executionMetadata: { tags: [...hostileTags, { key: 'bad key!', value: 'x' }] } },
      'InvalidTagsError',
    ),
    launch(
      'launchRun with a reserved tag',
      { ...valid, executionMetadata: { tags: [...hostileTags, { key: `.dagster/pool/${pools[0]}`, value: 'x' }] } },
      'InvalidTagsError',
    ),
    launch(
      'launchRun with run config for an unknown op',
      { ...validParams, runConfigData: { ops: { no_such_op: { config: {} } } } },
      'RunConfigValidationInvalid',
    ),
    {
      kind: 'launchMultipleRuns with 1001 runs',
      body: graphqlBody(`mutation($list: [ExecutionParams!]!) { launchMultipleRuns(executionParamsList: $list) { __typename } }`, {
        list: Array.from({ length: 1_001 }, () => validParams),
      }),
      expect: { code: 'BAD_USER_INPUT' },
    },
    {
      kind: 'runsOrError with limit 1000000',
      body: graphqlBody('{ runsOrError(limit: 1000000) { __typename ... on Error { message } } }'),
      expect: { union: 'runsOrError', typenames: ['InvalidPipelineRunsFilterError'] },
    },
    {
      kind: 'runsOrError with limit -5',
      body: graphqlBody('{ runsOrError(limit: -5) { __typename ... on Error { message } } }'),
      expect: { union: 'runsOrError', typenames: ['InvalidPipelineRunsFilterError'] },
    },
    {
      kind: 'runsOrError with a cursor that is no run id',
      body: graphqlBody('{ runsOrError(cursor: "zz", limit: 5) { __typename ... on Error { message } } }'),
      expect: { union: 'runsOrError', typenames: ['InvalidPipelineRunsFilterError'] },
    },
    {
      kind: 'setConcurrencyLimit to 1000000',
      body: graphqlBody('mutation($key: String!) { setConcurrencyLimit(concurrencyKey: $key, limit: 1000000) }', { key: pools[0] }),
      expect: { code: 'INVALID_CONCURRENCY_LIMIT' },
    },
    {
      kind: 'setConcurrencyLimit to -5',
      body: graphqlBody('mutation($key: String!) { setConcurrencyLimit(concurrencyKey: $key, limit: -5) }', {
        key: pools[pools.length - 1],
      }),
      expect: { code: 'INVALID_CONCURRENCY_LIMIT' },
    },
    {
      kind: 'a query nested 40 levels deep',
      body: graphqlBody(deepQuery(40)),
      expect: { code: 'QUERY_TOO_DEEP' },
    },
    {
      kind: 'a batch of 1000 aliased runsOrError',
      body: graphqlBody(`{ ${aliasBatch} }`),
      expect: { code: 'TOO_MANY_ALIASES' },
    },
    {
      kind: 'a fragment bomb (2^30 fields)',
      body: graphqlBody(`{ ...F0 } ${bomb} fragment F30 on Query { __typename }`),
      expect: { code: 'TOO_MANY_FIELDS' },
    },
    {
      kind: 'a syntax error',
      body: graphqlBody('{ runsOrError(limit: 5) { __typename '),
      expect: { code: 'GRAPHQL_PARSE_FAILED' },
    },
    {
      kind: 'an unknown field',
      body: graphqlBody('{ runsOrError { ... on Runs { results { noSuchField } } } }'),
      expect: { code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      kind: 'a variable of the wrong type',
      body: graphqlBody('query($limit: Int) { runsOrError(limit: $limit) { __typename } }', { limit: 'many' }),
      expect: { code: null },
    },
    {
      kind: 'a body that is not JSON',
      body: '{"query": "{ version }"',
      expect: { code: null },
    },
  ];
}

function describeErrors(errors: readonly { message?: unknown; extensions?: { code?: unknown } }[]): string {
  return errors.map((error) => `${describeCode(error.extensions?.code)}: ${String(error.message).slice(0, 120)}`).join(' | ');
}

/** An error code as sent: a string as it is, anything else as JSON. */
function describeCode(code: unknown): string {
  if (code === undefined || code === null) return '(no code)';
  return typeof code === 'string' ? code : JSON.stringify(code);
}

export function judge(request: BadRequest, response: HttpResponse): Judged {
  const { status, json } = response;
  const prefix = `HTTP ${status}`;
  if (status >= 500) return { ok: false, summary: `${prefix}: ${response.text.slice(0, 200)}` };
  if (!json || typeof json !== 'object') return { ok: false, summary: `${prefix}, not JSON: ${response.text.slice(0, 200)}` };
  if (response.text.includes(MASKED)) return { ok: false, summary: `${prefix}, masked as unexpected: ${response.text.slice(0, 300)}` };
  const errors = json.errors ?? [];
  const expectation = request.expect;
  if ('union' in expectation) {
    const value = json.data?.[expectation.union] as { __typename?: unknown; message?: unknown } | null | undefined;
    if (errors.length > 0 || !value) return { ok: false, summary: `${prefix}, expected a union member: ${response.text.slice(0, 300)}` };
    const summary = `${prefix} ${String(value.__typename)}: ${String(value.message).slice(0, 120)}`;
    const ok = expectation.typenames.includes(String(value.__typename)) && typeof value.message === 'string' && value.message.length > 0;
    return { ok, summary };
  }
  if (errors.length === 0) return { ok: false, summary: `${prefix}, expected GraphQL errors: ${response.text.slice(0, 300)}` };
  const summary = `${prefix} ${describeErrors(errors)}`;
  const typed = errors.every(
    (error) => typeof error.message === 'string' && error.message.length > 0 && typeof error.extensions?.code === 'string',
  );
  const codeMatches = expectation.code === null || errors[0]?.extensions?.code === expectation.code;
  return { ok: typed && codeMatches, summary };
}

/** Sends rounds of bad requests to random servers and keeps every request with its judged response. */
export class HostileSender {
  readonly sent: { request: BadRequest; server: string; ok: boolean; summary: string }[] = [];
  /** Requests answered "Unexpected error." that a second try answered with a typed error. */
  readonly maskedByFault: string[] = [];

  constructor(
    private readonly client: ClusterClient,
    private readonly rng: Rng,
  ) {}

  /** Every request once, in random order, one at a time. */
  async round(requests: readonly BadRequest[]): Promise<void> {
    for (const request of this.rng.shuffle(requests)) {
      let { server, response } = await this.client.call(request.body);
      let judged = judge(request, response);
      // A request can meet a terminated connection like any other; a typed answer on the next try shows
      // the "Unexpected error." was the fault's (the server log says which), not the input's.
      for (let retry = 0; retry < 2 && !judged.ok && response.text.includes(MASKED); retry++) {
        const first = `${request.kind} → ${server.name}`;
        ({ server, response } = await this.client.call(request.body));
        judged = judge(request, response);
        if (judged.ok) this.maskedByFault.push(first);
      }
      this.sent.push({ request, server: server.name, ...judged });
    }
  }
}
