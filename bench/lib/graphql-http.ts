// A GraphQL-over-HTTP request as a client sends it (POST, JSON), for benchmarks that go through the
// server. Errors in the response are thrown: a benchmark that silently measures failures measures nothing.

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

export async function postGraphQL<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL request to ${url} failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}
