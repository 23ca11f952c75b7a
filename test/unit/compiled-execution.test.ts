// Which operations graphql-jit compiles (src/server/compiled-execution.ts): cacheable single queries and
// mutations with good variables; never subscriptions, several operations in one document, bad variables,
// or a document too large to be cached (it would be compiled for one execution and thrown away).
import { parse, type ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/index.js';
import { useCompiledExecution } from '../../src/server/compiled-execution.js';
import { DOCUMENT_CACHE_BUDGET, estimateDocumentBytes } from '../../src/server/document-cache.js';

async function compiles(query: string, variableValues: Record<string, unknown> = {}): Promise<boolean> {
  const plugin = useCompiledExecution();
  let chosen = false;
  const args = { schema, document: parse(query), variableValues } as ExecutionArgs;
  await plugin.onExecute!({ args, setExecuteFn: () => (chosen = true) } as never);
  return chosen;
}

describe('compiled execution', () => {
  it('compiles a cacheable query', async () => {
    expect(await compiles('{ version }')).toBe(true);
  });

  it('leaves documents with several operations, subscriptions and bad variables to graphql-js', async () => {
    expect(await compiles('query A { version } query B { version }')).toBe(false);
    expect(await compiles('subscription { runStatusChanged { runId } }')).toBe(false);
    expect(await compiles('query($id: ID!) { runOrError(runId: $id) { __typename } }', { id: 42.5 })).toBe(false);
  });

  it('does not compile a document too large for the document cache', async () => {
    const fields = Array.from({ length: 3_000 }, (_, i) => `v${i}: version`).join(' ');
    const query = `{ ${fields} }`;
    expect(estimateDocumentBytes(parse(query))).toBeGreaterThan(DOCUMENT_CACHE_BUDGET.maxDocument);
    expect(await compiles(query)).toBe(false);
  });
});
