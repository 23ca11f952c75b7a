// A yoga over the real schema with one plugin, whose context's instance counts every touch: a test of a
// plugin that refuses operations checks that a refused operation reached no resolver.
import type { Plugin } from 'graphql-yoga';
import { createYoga } from 'graphql-yoga';
import { schema } from '../../src/graphql/index.js';

export interface UntouchableYoga {
  post(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }>;
  /** How many times a resolver reached into the context's instance. */
  touched(): number;
}

export function untouchableYoga(plugin: Plugin): UntouchableYoga {
  let touched = 0;
  const instance = new Proxy({}, { get: () => void touched++ });
  const yoga = createYoga({ schema, plugins: [plugin], context: () => ({ instance }), logging: false, maskedErrors: false });
  return {
    async post(query, variables = {}) {
      const response = await yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as Awaited<ReturnType<UntouchableYoga['post']>>;
    },
    touched: () => touched,
  };
}
