// Plain GraphQL over HTTP for the fault harness: raw bodies (hostile requests are not valid documents),
// a bound on every request (a hang is a finding, not a stuck test), and transport failures kept apart
// from responses (a server the harness just killed drops its connections).

export interface HttpResponse {
  status: number;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: GraphQLBody | undefined;
}

export interface GraphQLError {
  message?: unknown;
  extensions?: { code?: unknown } & Record<string, unknown>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
}

/** No HTTP response at all: the connection failed or the request timed out. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

export const REQUEST_TIMEOUT_MS = 20_000;

export async function postRaw(url: string, body: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<HttpResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new TransportError(`${(error as Error).message}${cause}`, timedOut);
  }
  let json: GraphQLBody | undefined;
  try {
    json = JSON.parse(text) as GraphQLBody;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

export function graphqlBody(query: string, variables?: Record<string, unknown>): string {
  return JSON.stringify(variables ? { query, variables } : { query });
}
