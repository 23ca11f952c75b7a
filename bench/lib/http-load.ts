// HTTP load for read benchmarks: autocannon against one URL with a fixed POST body for a fixed time.
// The rate is completed requests over the test's duration; responses that are not 2xx, connection
// errors and bodies that fail `verify` (e.g. a GraphQL error in a 200 response) are counted apart, so
// a benchmark can refuse to report a rate of failures.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  body: string;
  connections: number;
  durationSeconds: number;
  /** A check of each response body; failures are counted as mismatches. */
  verify?: (body: string) => boolean;
  /** Further request headers (e.g. authorization). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Connection errors, timeouts, non-2xx responses and failed verifications. */
  failures: number;
}

export async function httpLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    body: options.body,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    ...(options.verify ? { verifyBody: (body: string | Buffer | undefined) => options.verify!(String(body ?? '')) } : {}),
  });
  const requests = result['2xx'];
  return {
    requestsPerSecond: requests / result.duration,
    requests,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    failures: result.errors + result.timeouts + result.non2xx + result.mismatches,
  };
}
