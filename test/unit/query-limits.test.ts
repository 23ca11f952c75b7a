// The query-limits plugin (src/server/query-limits.ts): depth, aliases and fields counted per operation
// with fragments expanded, the token limit on the parser, and, through yoga, a typed 400 response before
// any resolver runs. Real clients' documents (the introspection query, test/operations) stay within bounds.
import { readdir, readFile } from 'node:fs/promises';
import { getIntrospectionQuery, parse, validate, type GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { schema as tidepoolSchema } from '../../src/graphql/index.js';
import { DEFAULT_QUERY_LIMITS, queryLimitsRule, useQueryLimits, type QueryLimits } from '../../src/server/query-limits.js';

function errorsOf(document: string, limits: Partial<QueryLimits> = {}): readonly GraphQLError[] {
  return validate(tidepoolSchema, parse(document), [queryLimitsRule(limits)]);
}

function codesOf(document: string, limits: Partial<QueryLimits> = {}): unknown[] {
  return errorsOf(document, limits).map((error) => error.extensions.code);
}

/** `{ __type(name: "Run") { ofType { ofType … { name } } } }` with `depth` field levels in all. */
function nested(depth: number): string {
  let inner = 'name';
  for (let level = 2; level < depth; level++) inner = `ofType { ${inner} }`;
  return `{ __type(name: "Run") { ${inner} } }`;
}

function aliased(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: version`).join(' ')} }`;
}

describe('queryLimitsRule', () => {
  it('allows maxDepth levels and refuses one more, naming the operation and the limit', () => {
    expect(codesOf(nested(DEFAULT_QUERY_LIMITS.maxDepth))).toEqual([]);
    const [error, ...rest] = errorsOf(`query Deep ${nested(DEFAULT_QUERY_LIMITS.maxDepth + 1)}`);
    expect(rest).toEqual([]);
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 20, actual: 21 });
    expect(error?.message).toBe('The operation "Deep" nests fields 21 levels deep; at most 20 levels are allowed.');
  });

  it('counts depth through fragments and inline fragments, not the fragments themselves', () => {
    const document = `
      query Q { __type(name: "Run") { ...Level } }
      fragment Level on __Type { ... on __Type { ofType { ofType { name } } } }`;
    expect(codesOf(document, { maxDepth: 4 })).toEqual([]);
    expect(codesOf(document, { maxDepth: 3 })).toEqual(['QUERY_TOO_DEEP']);
  });

  it('allows maxAliases aliases and refuses one more, counting a fragment spread as often as it is spread', () => {
    expect(codesOf(aliased(DEFAULT_QUERY_LIMITS.maxAliases))).toEqual([]);
    expect(codesOf(aliased(DEFAULT_QUERY_LIMITS.maxAliases + 1))).toEqual(['TOO_MANY_ALIASES']);
    const spread = `
      { instance { ...Three } again: instance { ...Three } }
      fragment Three on Instance { a: hasInfo b: hasInfo c: hasInfo }`;
    // 2 × 3 aliases in the fragment, plus `again`.
    expect(errorsOf(spread, { maxAliases: 6 })[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', actual: 7 });
    expect(codesOf(spread, { maxAliases: 7 })).toEqual([]);
  });

  it('refuses a fragment bomb by its expanded field count, in linear time', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, …: 2^40 `__typename` selections once expanded.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const document = `{ ...F0 } ${fragments.join(' ')} fragment F40 on Query { __typename }`;
    const started = performance.now();
    const errors = errorsOf(document);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(errors.map((error) => error.extensions.code)).toEqual(['TOO_MANY_FIELDS']);
    expect(errors[0]?.message).toBe(
      `This operation selects ${2 ** 40} fields (fragments expanded); at most 2000 are allowed. Split it into several requests.`,
    );
  });

  it('measures each operation of a document on its own', () => {
    const document = `query Small { version } query Big ${nested(25)}`;
    const errors = errorsOf(document);
    expect(errors.map((error) => error.message)).toEqual([
      'The operation "Big" nests fields 25 levels deep; at most 20 levels are allowed.',
    ]);
  });

  it('leaves fragment cycles and unknown fragments to graphql’s own rules', () => {
    expect(codesOf('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')).toEqual([]);
    expect(codesOf('{ ...Missing }')).toEqual([]);
  });

  it('lets real clients through: the full introspection query and every operation the tests send', async () => {
    const documents = [
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    ];
    const folder = new URL('../operations/', import.meta.url);
    for (const file of await readdir(folder)) documents.push(await readFile(new URL(file, folder), 'utf8'));
    expect(documents.length).toBeGreaterThan(1);
    for (const document of documents) expect(codesOf(document)).toEqual([]);
  });
});

describe('useQueryLimits in yoga', () => {
  let resolved = 0;
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { node: Node } type Node { child: Node value: Int }',
      resolvers: {
        Query: { node: () => (resolved++, {}) },
        Node: { child: () => (resolved++, {}), value: () => 1 },
      },
    }),
    plugins: [useQueryLimits({ maxDepth: 5, maxAliases: 3, maxFields: 50, maxTokens: 500 })],
    logging: false,
  });

  async function post(
    query: string,
  ): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as never };
  }

  it('executes operations within the limits', async () => {
    resolved = 0;
    const { status, body } = await post('{ node { child { child { child { value } } } } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { node: { child: { child: { child: { value: 1 } } } } } });
    expect(resolved).toBe(4);
  });

  it.each([
    ['too deep', '{ node { child { child { child { child { value } } } } } }', 'QUERY_TOO_DEEP'],
    ['too many aliases', '{ a: node { value } b: node { value } c: node { value } d: node { value } }', 'TOO_MANY_ALIASES'],
    ['too many fields', `{ node { ${'value '.repeat(50)} } }`, 'TOO_MANY_FIELDS'],
    ['too large to parse', `{ node { ${'value '.repeat(600)} } }`, 'QUERY_TOO_LARGE'],
  ])('refuses an operation %s with a 400 and a typed error, before any resolver runs', async (_what, query, code) => {
    resolved = 0;
    const { status, body } = await post(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions?.code).toBe(code);
    expect(body.errors![0]!.message).toMatch(/at most|the most one request may have/);
    expect(resolved).toBe(0);
  });

  it('keeps graphql’s own syntax errors as they are', async () => {
    const { status, body } = await post('{ node { ');
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors![0]!.message).toMatch(/^Syntax Error/);
  });
});
