// The console's only way to the server: Tidepool's public GraphQL API, same-origin. Queries and mutations go
// over HTTP (fetch), subscriptions over one shared graphql-ws connection that reconnects by itself. With a
// signed-in token, both carry it (Authorization: Bearer; connectionParams.authorization).
import { createClient } from 'graphql-ws';
import type { TypedDocumentString } from '../generated/graphql';
import { storedToken } from './token';

/** An error the API answered: its message and, when it has one, its code and the argument it names. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly argument?: string,
  ) {
    super(message);
  }
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; argument?: string };
}

function apiError(errors: readonly GraphQLErrorBody[]): ApiError {
  const [first] = errors;
  return new ApiError(first?.message ?? 'The server answered with an error.', first?.extensions?.code, first?.extensions?.argument);
}

function authorization(token: string | null): Record<string, string> {
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

export async function request<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  token: string | null = storedToken(),
): Promise<Result> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...authorization(token),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: Result | null; errors?: GraphQLErrorBody[] } | null;
  if (body?.errors?.length) throw apiError(body.errors);
  if (!body?.data) throw new ApiError(`The server answered HTTP ${response.status} without data.`);
  return body.data;
}

const socket = createClient({
  url: () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`,
  lazy: true,
  retryAttempts: Infinity,
  connectionParams: () => authorization(storedToken()),
});

/** Subscribes until the returned function is called; each result goes to onData, a failure to onError. */
export function subscribe<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  onData: (data: Result) => void,
  onError: (error: ApiError) => void,
): () => void {
  return socket.subscribe<Result>(
    { query: document.toString(), variables },
    {
      next: (result) => {
        if (result.errors?.length) onError(apiError(result.errors));
        else if (result.data) onData(result.data);
      },
      error: (error) => onError(new ApiError(error instanceof Error ? error.message : 'The live connection to the server failed.')),
      complete: () => undefined,
    },
  );
}
