// The accounting behind the connection and subscription caps: every cap refuses with its own refusal,
// each distinct document counts once against the byte budget, and releasing (even twice) brings every
// count back to zero. The transports are covered over real sockets in test/e2e/connection-limits.test.ts.
import { describe, expect, it } from 'vitest';
import { ConnectionLimits, isRefusal, type Lease, type Refusal } from '../../src/server/connection-limits.js';

const limits = {
  maxConnections: 3,
  maxConnectionsPerClient: 2,
  maxOperations: 4,
  maxOperationsPerClient: 3,
  maxOperationsPerConnection: 2,
};

function lease(value: Lease | Refusal): Lease {
  if (isRefusal(value)) throw new Error(`refused: ${value.message}`);
  return value;
}

function refusal(value: Lease | Refusal): Refusal {
  if (!isRefusal(value)) throw new Error('admitted');
  return value;
}

const holding = (document: object, documentBytes = 10, variablesBytes = 1) => ({ document, documentBytes, variablesBytes });

describe('ConnectionLimits', () => {
  it('refuses connections per client, then per process, and admits again once released', () => {
    const accounts = new ConnectionLimits(limits);
    const a1 = lease(accounts.openConnection('a'));
    lease(accounts.openConnection('a'));
    expect(refusal(accounts.openConnection('a'))).toMatchObject({
      code: 'TOO_MANY_CONNECTIONS',
      scope: 'client',
      setting: 'max_connections_per_client',
      limit: 2,
    });
    lease(accounts.openConnection('b'));
    expect(refusal(accounts.openConnection('c'))).toMatchObject({
      code: 'TOO_MANY_CONNECTIONS',
      scope: 'process',
      setting: 'max_connections',
      limit: 3,
    });
    a1();
    a1();
    expect(accounts.stats()).toMatchObject({ connections: 2, clients: 2 });
    lease(accounts.openConnection('c'));
  });

  it('counts an SSE stream as a connection and a subscription, both or neither', () => {
    const accounts = new ConnectionLimits(limits);
    lease(accounts.openConnection('a'));
    const stream = lease(accounts.openSubscription('a', holding({}), true));
    expect(accounts.stats()).toMatchObject({ connections: 2, subscriptions: 1 });
    // The client's connections are used up: a stream is refused, a subscription on its WebSocket is not.
    expect(refusal(accounts.openSubscription('a', holding({}), true)).code).toBe('TOO_MANY_CONNECTIONS');
    expect(accounts.stats()).toMatchObject({ connections: 2, subscriptions: 1 });
    lease(accounts.openSubscription('a', holding({}), false));
    stream();
    expect(accounts.stats()).toMatchObject({ connections: 1, subscriptions: 1 });
  });

  it('refuses subscriptions per client and per process', () => {
    const accounts = new ConnectionLimits(limits);
    for (let i = 0; i < 3; i++) lease(accounts.openSubscription('a', holding({}), false));
    expect(refusal(accounts.openSubscription('a', holding({}), false))).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      scope: 'client',
      limit: 3,
    });
    lease(accounts.openSubscription('b', holding({}), false));
    expect(refusal(accounts.openSubscription('c', holding({}), false))).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      scope: 'process',
      limit: 4,
    });
  });

  it('counts a shared document once against the byte budget, and frees it with its last holder', () => {
    const accounts = new ConnectionLimits({ ...limits, maxOperations: 100, maxOperationsPerClient: 100 }, 1_000);
    const shared = {};
    const leases = Array.from({ length: 50 }, () => lease(accounts.openSubscription('a', holding(shared, 500, 10), false)));
    expect(accounts.stats().subscriptionBytes).toBe(500 + 50 * 10);
    const tooBig = refusal(accounts.openSubscription('a', holding({}, 1, 1), false));
    expect(tooBig).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'process', setting: null });
    expect(tooBig.reason.length).toBeLessThanOrEqual(123);
    for (const release of leases) release();
    expect(accounts.stats()).toEqual({ connections: 0, subscriptions: 0, subscriptionBytes: 0, clients: 0 });
  });

  it('keeps every WebSocket close reason within 123 bytes', () => {
    const big = {
      maxConnections: 1e15,
      maxConnectionsPerClient: 1e15,
      maxOperations: 1e15,
      maxOperationsPerClient: 1e15,
      maxOperationsPerConnection: 1,
    };
    const accounts = new ConnectionLimits({ ...big, maxConnections: 0 });
    expect(Buffer.byteLength(refusal(accounts.openConnection('a')).reason)).toBeLessThanOrEqual(123);
    const perClient = new ConnectionLimits({ ...big, maxConnectionsPerClient: 0 });
    expect(Buffer.byteLength(refusal(perClient.openConnection('a')).reason)).toBeLessThanOrEqual(123);
  });
});
