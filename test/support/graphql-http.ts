// A typed GraphQL-over-HTTP client for tests: documents come from codegen, so results are typed.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';

export async function execute<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  ...[variables]: Variables extends Record<string, never> ? [] : [Variables]
): Promise<ExecutionResult<Result>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as ExecutionResult<Result>;
}

/** Like execute, but fails the test on any GraphQL error and returns the data. */
export async function executeOk<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  ...variables: Variables extends Record<string, never> ? [] : [Variables]
): Promise<Result> {
  const result = await execute(url, document, ...variables);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as Result;
}
