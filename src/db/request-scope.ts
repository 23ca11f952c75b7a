// What the API's database handle needs to know about the request a statement runs for, carried by
// AsyncLocalStorage so that no resolver has to pass it along:
//  - its lane: mutations ('write') check out connections from their own small pool, so a storm of reads
//    holding every read connection cannot make a launch or a terminate wait behind it; heavy reads
//    (operations priced at or over api.heavy_reads.min_cost: counts, large pages) take turns on theirs
//    under a share of time (time-share.ts), so that they cannot take the engine's CPU;
//  - its signal: aborted when the client goes away or the server stops, which cancels the statement the
//    request has in flight (pg_cancel_backend) and refuses the ones it has not started;
//  - its client (remote address): heavy reads take turns client by client, so one client's storm of
//    counts queues behind itself, not in front of everyone else's.
// Outside any scope (the hub's shared reads, startup) statements run on the read lane, uncancelled.
import { AsyncLocalStorage } from 'node:async_hooks';

export type Lane = 'read' | 'heavy' | 'write';

export interface RequestScope {
  lane: Lane;
  signal?: AbortSignal;
  client?: string;
}

const storage = new AsyncLocalStorage<RequestScope>();
const DEFAULT_SCOPE: RequestScope = { lane: 'read' };

export function currentRequestScope(): RequestScope {
  return storage.getStore() ?? DEFAULT_SCOPE;
}

/** Runs `fn` (and everything it starts) for `client`'s request: statements cancelled when `signal` aborts. */
export function withRequest<T>(request: { signal: AbortSignal; client?: string }, fn: () => T): T {
  return storage.run({ ...currentRequestScope(), ...request }, fn);
}

/** Runs `fn` (and everything it starts) on `lane`, keeping the enclosing request's signal. */
export function inLane<T>(lane: Lane, fn: () => T): T {
  return storage.run({ ...currentRequestScope(), lane }, fn);
}
