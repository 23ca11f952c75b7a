// The string check (src/server/input-strings.ts): a NUL or an unpaired surrogate anywhere in the strings
// an operation passes in — variables walked by type through input objects and lists, literal arguments
// in the operation and its fragments — refuses it with INVALID_STRING and the place, never the value;
// RunConfigData values are left to their own parser. Through yoga, nothing executes.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { untouchableYoga } from '../support/untouchable-yoga.js';
import { schema } from '../../src/graphql/index.js';
import { checkInputStrings, invalidStringReason, useInputStrings } from '../../src/server/input-strings.js';

function refusalOf(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const result = checkInputStrings({ schema, document: parse(query), variableValues: variables, operationName });
  const error = result?.errors?.[0];
  return error ? { message: error.message, extensions: error.extensions } : null;
}

const LAUNCH = 'mutation Launch($params: ExecutionParams!) { launchRun(executionParams: $params) { __typename } }';
const launchWith = (tags: unknown, runConfigData?: unknown) => ({
  params: { selector: { jobName: 'job' }, executionMetadata: { tags }, runConfigData },
});

describe('invalidStringReason', () => {
  it('names NUL and unpaired surrogates, and accepts everything else', () => {
    expect(invalidStringReason('a\u0000b')).toBe('a NUL character (U+0000)');
    for (const lone of ['\uD800', 'a\uD83Cb', '\uDC00', 'x\uDF0A', '\uDF0A\uD83C']) {
      expect(invalidStringReason(lone)).toBe('an unpaired UTF-16 surrogate');
    }
    for (const fine of ['', 'plain', '🌊', 'a\uD83C\uDF0Ab', 'tab\tnewline\n', '\uFFFD', '\u0001'])
      expect(invalidStringReason(fine)).toBeNull();
  });
});

describe('checkInputStrings', () => {
  it('finds a bad string deep in a variable and names its path, not its value', () => {
    const refusal = refusalOf(
      LAUNCH,
      launchWith([
        { key: 'ok', value: 'fine' },
        { key: 'team', value: 'secret\u0000' },
      ]),
    );
    expect(refusal).toEqual({
      message:
        'The variable $params has a NUL character (U+0000) at params.executionMetadata.tags[1].value; ' +
        'strings may not contain NUL characters or unpaired UTF-16 surrogates, which Postgres cannot store.',
      extensions: { code: 'INVALID_STRING', argument: 'params.executionMetadata.tags[1].value' },
    });
    expect(refusalOf(LAUNCH, launchWith([{ key: '\uD800', value: 'v' }]))?.extensions).toEqual({
      code: 'INVALID_STRING',
      argument: 'params.executionMetadata.tags[0].key',
    });
    // A single item where a list is expected is coerced to a list of one.
    expect(refusalOf(LAUNCH, launchWith({ key: 'k', value: '\u0000' }))?.extensions?.argument).toBe('params.executionMetadata.tags.value');
  });

  it('checks every string-typed position: lists of strings, IDs, selectors, enums given as strings', () => {
    const filter = 'query Q($f: RunsFilter) { runsOrError(filter: $f) { __typename } }';
    expect(refusalOf(filter, { f: { runIds: ['a', 'b\u0000'] } })?.extensions?.argument).toBe('f.runIds[1]');
    expect(refusalOf(filter, { f: { statuses: ['QUEUED\u0000'] } })?.extensions?.argument).toBe('f.statuses[0]');
    expect(refusalOf('query Q($id: ID!) { runOrError(runId: $id) { __typename } }', { id: '\uDFFF' })?.extensions?.argument).toBe('id');
    expect(refusalOf(LAUNCH, { params: { selector: { jobName: 'j\u0000' } } })?.extensions?.argument).toBe('params.selector.jobName');
  });

  it('finds bad strings in literal arguments, in the operation and in its fragments', () => {
    const literal = refusalOf('{ runsOrError(filter: { tags: [{ key: "team", value: "x\\u0000" }] }) { __typename } }');
    expect(literal).toEqual({
      message:
        'The argument "filter" of the field runsOrError has a NUL character (U+0000) at filter.tags[0].value; ' +
        'strings may not contain NUL characters or unpaired UTF-16 surrogates, which Postgres cannot store.',
      extensions: { code: 'INVALID_STRING', argument: 'filter.tags[0].value' },
    });
    const inFragment = `{ ...Outer } fragment Outer on Query { ...Inner }
      fragment Inner on Query { instance { concurrencyLimit(concurrencyKey: "pool\\u0000") { limit } } }`;
    expect(refusalOf(inFragment)?.message).toContain('of the field concurrencyLimit');
    // A variable's default is a literal too.
    expect(
      refusalOf('query Q($key: String = "k\\u0000") { instance { concurrencyLimit(concurrencyKey: $key) { limit } } }')?.extensions
        ?.argument,
    ).toBe('key');
    // A fragment no spread of this operation reaches is not checked: it does not execute.
    const two = 'query A { version } query B { ...F } fragment F on Query { runOrError(runId: "\\u0000") { __typename } }';
    expect(refusalOf(two, {}, 'A')).toBeNull();
    expect(refusalOf(two, {}, 'B')?.extensions?.argument).toBe('runId');
  });

  it('leaves RunConfigData values to their own parser, as an object, a string or a literal', () => {
    expect(refusalOf(LAUNCH, launchWith([], { ops: { a: { config: { text: 'x\u0000\uD800' } } } }))).toBeNull();
    expect(refusalOf(LAUNCH, launchWith([], 'ops:\n  a: "\u0000"'))).toBeNull();
    expect(
      refusalOf('mutation { launchRun(executionParams: { selector: {}, runConfigData: { a: "\\u0000" } }) { __typename } }'),
    ).toBeNull();
  });

  it('accepts good strings and ignores what coercion refuses anyway (unknown fields, wrong types)', () => {
    expect(refusalOf(LAUNCH, launchWith([{ key: 'team', value: 'ocean 🌊' }]))).toBeNull();
    expect(refusalOf(LAUNCH, { params: { selector: { jobName: 'j', unknown: '\u0000' } } })).toBeNull();
    expect(refusalOf('query Q($limit: Int) { runsOrError(limit: $limit) { __typename } }', { limit: 5 })).toBeNull();
  });

  it('checks every request of one document: its literals once and for all, its variables each time', () => {
    // The same document object, as the parser cache hands it out for every request of the same text.
    const literal = parse('{ runsOrError(filter: { tags: [{ key: "team", value: "a\\u0000" }] }) { __typename } }');
    const variable = parse(LAUNCH);
    for (let request = 0; request < 2; request++) {
      expect(checkInputStrings({ schema, document: literal })?.errors?.[0]?.extensions).toEqual({
        code: 'INVALID_STRING',
        argument: 'filter.tags[0].value',
      });
      const bad = launchWith([{ key: 'team', value: 'x\u0000' }]);
      expect(checkInputStrings({ schema, document: variable, variableValues: bad })?.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID_STRING',
      });
      expect(checkInputStrings({ schema, document: variable, variableValues: launchWith([{ key: 'team', value: 'x' }]) })).toBeNull();
    }
  });
});

describe('useInputStrings through yoga', () => {
  // A refused operation must not reach any resolver.
  const { post, touched } = untouchableYoga(useInputStrings());

  it('refuses queries, mutations and subscriptions before any resolver runs', async () => {
    const refused = [
      await post('query Q($f: RunsFilter) { runsOrError(filter: $f) { __typename } }', { f: { tags: [{ key: 'k', value: '\u0000' }] } }),
      await post('mutation M($k: String!) { setConcurrencyLimit(concurrencyKey: $k, limit: 1) }', { k: '\uD800' }),
      await post('subscription S($k: String!) { concurrencyKeyChanged(concurrencyKey: $k) { limit } }', { k: 'a\u0000' }),
    ];
    expect(refused.map((result) => result.errors?.[0]?.extensions?.code)).toEqual(['INVALID_STRING', 'INVALID_STRING', 'INVALID_STRING']);
    expect(refused.map((result) => result.data ?? null)).toEqual([null, null, null]);
    expect(touched()).toBe(0);
  });
});
