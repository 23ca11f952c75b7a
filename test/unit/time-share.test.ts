// The heavy-read lane's share of time (src/db/time-share.ts): slots, the balance a statement's time is
// charged to, first come first served, and waits that end in SERVICE_BUSY or a cancel.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestCanceledError, ServiceBusyError } from '../../src/db/errors.js';
import { TimeShare } from '../../src/db/time-share.js';

let clock = 0;
const now = () => clock;
/** Moves the share's clock and the timers together. */
async function advance(ms: number): Promise<void> {
  clock += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

/** A promise's state without waiting for it. */
async function settled<T>(promise: Promise<T>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await vi.advanceTimersByTimeAsync(0);
  return state;
}

beforeEach(() => {
  clock = 0;
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TimeShare', () => {
  it('admits as many statements as it has slots, and the next when one ends', async () => {
    const share = new TimeShare({ slots: 2, share: 0.5, burstMs: 10_000, now });
    const first = await share.acquire(60_000);
    await share.acquire(60_000);
    const third = share.acquire(60_000);
    expect(await settled(third)).toBe('pending');
    first();
    expect(await settled(third)).toBe('resolved');
  });

  it("charges a statement's time, and admits the next once the share has paid it back", async () => {
    // One slot, a quarter of the time, 100 ms saved from idle: a 500 ms statement spends 500 and earns
    // 125, leaving a debt of 275 ms, which a quarter share repays in 1,100 ms: 500 ms busy in 1,600.
    const share = new TimeShare({ slots: 1, share: 0.25, burstMs: 100, now });
    const end = await share.acquire(60_000);
    await advance(500);
    end();
    const next = share.acquire(60_000);
    await advance(1_000);
    expect(await settled(next)).toBe('pending');
    await advance(110);
    expect(await settled(next)).toBe('resolved');
  });

  it('never waits at a share of the whole time', async () => {
    const share = new TimeShare({ slots: 1, share: 1, burstMs: 10, now });
    const end = await share.acquire(60_000);
    await advance(5_000);
    end();
    expect(await settled(share.acquire(60_000))).toBe('resolved');
  });

  it('admits waiters first come, first served', async () => {
    const share = new TimeShare({ slots: 1, share: 1, burstMs: 1_000, now });
    const end = await share.acquire(60_000);
    const order: string[] = [];
    const a = share.acquire(60_000).then((done) => (order.push('a'), done));
    const b = share.acquire(60_000).then((done) => (order.push('b'), done));
    end();
    (await a)();
    (await b)();
    expect(order).toEqual(['a', 'b']);
  });

  it('takes turns between clients: a client with many waiting delays another by one turn', async () => {
    const share = new TimeShare({ slots: 1, share: 1, burstMs: 1_000, now });
    const end = await share.acquire(60_000);
    const order: string[] = [];
    // Each statement ends as soon as it is admitted.
    const run = (client: string, name: string) => share.acquire(60_000, { client }).then((done) => (order.push(name), done()));
    const waiting = [run('storm', 'storm 1'), run('storm', 'storm 2'), run('storm', 'storm 3'), run('ui', 'ui')];
    end();
    await Promise.all(waiting);
    expect(order).toEqual(['storm 1', 'ui', 'storm 2', 'storm 3']);
  });

  it('refuses a wait past its timeout with ServiceBusyError, and lets the next waiter in', async () => {
    const share = new TimeShare({ slots: 1, share: 1, burstMs: 1_000, now });
    const end = await share.acquire(60_000);
    const impatient = share.acquire(1_000);
    const patient = share.acquire(60_000);
    const refused = expect(impatient).rejects.toBeInstanceOf(ServiceBusyError);
    await advance(1_001);
    await refused;
    end();
    expect(await settled(patient)).toBe('resolved');
  });

  it('refuses a wait whose request is canceled with RequestCanceledError', async () => {
    const share = new TimeShare({ slots: 1, share: 1, burstMs: 1_000, now });
    const end = await share.acquire(60_000);
    const client = new AbortController();
    const waiting = share.acquire(60_000, { signal: client.signal });
    client.abort();
    await expect(waiting).rejects.toBeInstanceOf(RequestCanceledError);
    end();
    // The canceled waiter took no slot: the next acquire is immediate.
    expect(await settled(share.acquire(60_000))).toBe('resolved');
  });

  it('frees a slot once, however often its turn is ended', async () => {
    const share = new TimeShare({ slots: 1, share: 1, burstMs: 1_000, now });
    const end = await share.acquire(60_000);
    end();
    end();
    await share.acquire(60_000);
    expect(await settled(share.acquire(60_000))).toBe('pending');
  });
});
