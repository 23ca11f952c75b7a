// The read storm of issue 11, as clients send it: concurrent clients each looping on the heaviest
// request of counts the cost budget admits — as many aliased `runsOrError(filter: { tags }) { count }`
// over the whole history as fit in the budget — with, every so often, the attack of the issue itself
// (100 aliased counts, which the budget refuses), and other clients that give up on the same heavy
// request after a random delay (their requests abort mid-flight, so the server must cancel them).
//
// Every reply is classified: answered (every count in it), or by the code of its first error
// (OPERATION_TOO_COSTLY, STATEMENT_TIMEOUT, SERVICE_BUSY, REQUEST_CANCELED, …; a reply without a code
// counts as "no code"), or by its transport failure. The budget's arithmetic is the server's own
// (operationCost over the real schema), so the storm stays "the heaviest admitted" if prices change.
import { parse, getOperationAST } from 'graphql';
import { DEFAULT_INSTANCE_CONFIG } from '../../src/config/instance-config.js';
import { schema } from '../../src/graphql/index.js';
import type { RunsFilter } from '../../src/runs/runs-filter.js';
import { operationCost } from '../../src/server/operation-cost.js';
import { now, sleep } from '../lib/clock.js';

/** The count that reads the most runs in the stored history: env=prod matches 60% of them. */
export const STORM_FILTER: RunsFilter = { tags: [{ key: 'env', value: 'prod' }] };
/** The issue's attack: this many aliased counts in one request. */
const ATTACK_ALIASES = 100;

function countsQuery(aliases: number): string {
  const fields = Array.from({ length: aliases }, (_, i) => `  c${i}: runsOrError(filter: $filter, limit: 1) { ... on Runs { count } }`);
  return `query Storm($filter: RunsFilter) {\n${fields.join('\n')}\n}`;
}

function costOf(query: string): number {
  const document = parse(query);
  return operationCost(schema, document, getOperationAST(document)!, { filter: STORM_FILTER }).cost;
}

/** The most aliased counts one request may hold within the default budget, and their cost. */
export function heaviestAdmitted(budget = DEFAULT_INSTANCE_CONFIG.api.maxOperationCost): { aliases: number; cost: number; budget: number } {
  let aliases = 0;
  while (costOf(countsQuery(aliases + 1)) <= budget) aliases++;
  return { aliases, cost: costOf(countsQuery(aliases)), budget };
}

export interface StormOptions {
  url: string;
  /** Clients looping on the heaviest admitted request. */
  countClients: number;
  /** One request in n of the count clients is the issue's 100-count attack instead (clients take turns). */
  attackEvery: number;
  /** Clients that abort the heaviest admitted request after a random delay in [min, max] ms. */
  abortClients: number;
  abortAfterMs: [number, number];
}

export interface StormTally {
  /** Requests the count clients sent and saw an outcome of. */
  requests: number;
  /** By outcome: `answered`, an error code, `no code`, `HTTP <status>` or `transport error`. */
  outcomes: Record<string, number>;
  /** Count fields in the replies: answered, and errors by code. */
  counts: Record<string, number>;
  /** Latency of requests answered in full, and of the attack's refusals, ms. */
  answeredMs: number[];
  refusedMs: number[];
  /** Requests of the aborting clients: aborted before a reply, or answered first (by outcome). */
  aborting: { aborted: number; outcomes: Record<string, number> };
  /** Requests still in flight when the storm stopped (abandoned: the clients left). */
  abandoned: number;
}

type Reply = { data?: Record<string, { count?: number } | null> | null; errors?: { extensions?: { code?: string } }[] };

const bump = (into: Record<string, number>, key: string, n = 1) => (into[key] = (into[key] ?? 0) + n);

/** Outcome of one request and how many of its counts were answered / refused by which code. */
async function send(url: string, query: string, signal?: AbortSignal): Promise<{ outcome: string; counts: Record<string, number> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables: { filter: STORM_FILTER } }),
    signal,
  });
  const text = await response.text();
  let reply: Reply;
  try {
    reply = JSON.parse(text) as Reply;
  } catch {
    return { outcome: `HTTP ${response.status}`, counts: {} };
  }
  const counts: Record<string, number> = {};
  for (const value of Object.values(reply.data ?? {})) if (typeof value?.count === 'number') bump(counts, 'answered');
  for (const error of reply.errors ?? []) bump(counts, error.extensions?.code ?? 'no code');
  const first = reply.errors?.[0];
  return { outcome: first ? (first.extensions?.code ?? 'no code') : 'answered', counts };
}

/** The heaviest admitted request sent `times` times, one after another: its latency on an idle server, ms. */
export async function heaviestAlone(url: string, times: number): Promise<number[]> {
  const query = countsQuery(heaviestAdmitted().aliases);
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = now();
    const { outcome } = await send(url, query);
    if (outcome !== 'answered') throw new Error(`The heaviest admitted request, sent alone, was not answered: ${outcome}.`);
    ms.push(now() - start);
  }
  return ms;
}

/** A tally with nothing counted yet. */
export function emptyTally(): StormTally {
  return { requests: 0, outcomes: {}, counts: {}, answeredMs: [], refusedMs: [], aborting: { aborted: 0, outcomes: {} }, abandoned: 0 };
}

export function startStorm(options: StormOptions): { stop(): Promise<StormTally> } {
  const heavy = countsQuery(heaviestAdmitted().aliases);
  const attack = countsQuery(ATTACK_ALIASES);
  const leave = new AbortController();
  const tally = emptyTally();

  // Client k sends the attack as its request number attackEvery - k, then every attackEvery requests: the
  // attacks are spread over the clients from the start, even when each sends only a few requests.
  const countClient = async (_: unknown, k: number) => {
    for (let i = 1; !leave.signal.aborted; i++) {
      const isAttack = (i + k) % options.attackEvery === 0;
      const start = now();
      try {
        const { outcome, counts } = await send(options.url, isAttack ? attack : heavy, leave.signal);
        const ms = now() - start;
        tally.requests++;
        bump(tally.outcomes, outcome);
        for (const [key, n] of Object.entries(counts)) bump(tally.counts, key, n);
        if (outcome === 'answered') tally.answeredMs.push(ms);
        if (isAttack && outcome === 'OPERATION_TOO_COSTLY') tally.refusedMs.push(ms);
      } catch (error) {
        if (leave.signal.aborted) tally.abandoned++;
        else await transportError(tally.outcomes, error);
      }
    }
  };

  const abortClient = async () => {
    while (!leave.signal.aborted) {
      const [min, max] = options.abortAfterMs;
      // Its own controller, aborted by its delay or by leaving (AbortSignal.any would leave a listener on
      // the shared leave signal per request until garbage collection).
      const request = new AbortController();
      const giveUp = setTimeout(() => request.abort(), Math.round(min + Math.random() * (max - min)));
      const onLeave = () => request.abort();
      leave.signal.addEventListener('abort', onLeave, { once: true });
      try {
        const { outcome } = await send(options.url, heavy, request.signal);
        bump(tally.aborting.outcomes, outcome);
      } catch (error) {
        if (leave.signal.aborted) tally.abandoned++;
        else if (request.signal.aborted) tally.aborting.aborted++;
        else await transportError(tally.aborting.outcomes, error);
      } finally {
        clearTimeout(giveUp);
        leave.signal.removeEventListener('abort', onLeave);
      }
    }
  };

  // A client that fails in an unexpected way stops, and its error is thrown by stop(): never an
  // unhandled rejection that would end the benchmark with the server still running.
  const clients = [
    ...Array.from({ length: options.countClients }, countClient),
    ...Array.from({ length: options.abortClients }, abortClient),
  ].map((client) =>
    client.then(
      () => null,
      (error: Error) => error,
    ),
  );
  return {
    async stop() {
      leave.abort();
      const failure = (await Promise.all(clients)).find((error) => error !== null);
      if (failure) throw failure;
      return tally;
    },
  };
}

/** A failed connection (e.g. the server stopped): counted, and a short pause so a refused connect cannot spin. */
async function transportError(outcomes: Record<string, number>, error: unknown): Promise<void> {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  bump(outcomes, `transport error${cause ? ` (${cause})` : ''}`);
  await sleep(50);
}
