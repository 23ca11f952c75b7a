// The parsed-document cache holds at most its byte budget, whatever documents arrive, and never caches
// a large one; checked through yoga itself, so the cache is the one yoga really consults.
import { parse } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { boundedParserCache, estimateDocumentBytes } from '../../src/server/document-cache.js';

const budget = { documents: 256 * 1024, maxDocument: 64 * 1024, errors: 16 * 1024, maxError: 4 * 1024 };

function server() {
  const cache = boundedParserCache(budget);
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { version: String }', resolvers: { Query: { version: () => '1' } } }),
    parserAndValidationCache: cache,
    logging: false,
  });
  const post = async (query: string) => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: unknown; errors?: unknown[] };
  };
  return { cache, post };
}

/** A valid document of `n` aliased fields, made distinct by `tag`. */
const aliases = (n: number, tag: string) => `query Q_${tag} { ${Array.from({ length: n }, (_, i) => `a${i}: version`).join(' ')} }`;

describe('estimateDocumentBytes', () => {
  it('counts every token and every character', () => {
    const small = parse(aliases(1, 'x'));
    const large = parse(aliases(1_000, 'x'));
    // Three tokens per alias, and the measured heap of such a document is under 300 bytes per token.
    expect(estimateDocumentBytes(large)).toBeGreaterThan(3_000 * 300);
    expect(estimateDocumentBytes(large)).toBeGreaterThan(estimateDocumentBytes(small));
    const text = `{ version(x: "${'y'.repeat(100_000)}") }`;
    expect(estimateDocumentBytes(parse(text))).toBeGreaterThanOrEqual(2 * text.length);
  });
});

describe('the document cache', () => {
  it('stays within its byte budget however many distinct documents arrive', async () => {
    const { cache, post } = server();
    for (let i = 0; i < 200; i++) expect(await post(aliases(40, String(i)))).toMatchObject({ data: { a0: '1' } });
    expect(cache.documentCache.calculatedSize).toBeLessThanOrEqual(budget.documents);
    // It is full: it evicted the oldest to stay there, and keeps the newest.
    expect(cache.documentCache.calculatedSize).toBeGreaterThan(budget.documents / 2);
    expect(cache.documentCache.has(aliases(40, '0'))).toBe(false);
    expect(cache.documentCache.has(aliases(40, '199'))).toBe(true);
  });

  it('does not cache a document over the entry limit, which still executes', async () => {
    const { cache, post } = server();
    const large = aliases(100, 'large');
    expect(estimateDocumentBytes(parse(large))).toBeGreaterThan(budget.maxDocument);
    expect(await post(large)).toMatchObject({ data: { a99: '1' } });
    expect(cache.documentCache.has(large)).toBe(false);
    expect(cache.documentCache.size).toBe(0);
  });

  it('caches parse errors within their own budget, and not those of large documents', async () => {
    const { cache, post } = server();
    for (let i = 0; i < 100; i++) expect((await post(`{ version ${i} `)).errors).toHaveLength(1);
    expect(cache.errorCache.size).toBeGreaterThan(0);
    expect(cache.errorCache.calculatedSize).toBeLessThanOrEqual(budget.errors);
    const large = `{ version # ${'z'.repeat(10_000)}`;
    expect((await post(large)).errors).toHaveLength(1);
    expect(cache.errorCache.has(large)).toBe(false);
  });
});
