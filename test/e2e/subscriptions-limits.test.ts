// Bounded memory for live subscriptions: a subscriber that stops reading is ended with an error that
// names the cursor to resume from, while the hub never holds more than its bound for it; and one
// WebSocket connection may have at most 100 operations open.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { CHANNEL } from '../../src/db/notifier.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { SubscriptionHub } from '../../src/subscriptions/hub.js';
import { RunStatusChangedDocument } from '../generated/graphql.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { openWsClient, subscribeWs, type WsClient } from '../support/ws-client.js';

const LIMIT = 100;
const BATCH = 5;
const BIG = 64 * 1024;

let test: TestInstance;
let server: TestServer;
const clients: WsClient[] = [];
beforeAll(async () => {
  test = await createTestInstance();
  const hub = new SubscriptionHub({ database: test.instance.database, maxBufferedEvents: LIMIT });
  server = await startTestServer(test.instance, null, { hub });
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await server?.server.stop();
  await server?.hub.close();
  await test?.cleanup();
});
beforeEach(() => waitFor(() => server.hub.stats().subscriptions === 0, { what: 'earlier subscriptions to end' }));

function client(): WsClient {
  const opened = openWsClient(server.wsUrl);
  clients.push(opened);
  return opened;
}

async function newRun(): Promise<string> {
  const [runId] = await createRuns(
    test.instance.database.db,
    [
      {
        jobName: 'big_job',
        repositoryName: '__repository__',
        locationName: 'test',
        tags: {},
        runConfig: {},
        stepKeysToExecute: null,
        assetSelection: null,
        allPools: [],
        rootPools: [],
        hasUnconstrainedRootNodes: true,
        snapshot: null,
      },
    ],
    'QUEUED',
  );
  return runId!;
}

/** One transaction writing `BATCH` status events with 64 KiB messages, and the hint for them. */
async function writeBigBatch(runId: string): Promise<void> {
  await test.instance.database.db.execute(sql`
    with inserted as (
      insert into run_events (run_id, event_type, run_status, message, payload)
      select ${runId}, 'ENGINE_EVENT', 'STARTED', repeat('x', ${BIG}), '{"fromStatus":"STARTED","toStatus":"STARTED"}'::jsonb
      from generate_series(1, ${BATCH})
      returning id
    )
    select pg_notify(${CHANNEL}, json_build_object('topic', 'event', 'runId', ${runId}::text, 'eventId', max(id), 'status', 'STARTED')::text)
    from inserted`);
}

async function statusEventIds(runId: string, after: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    test.instance.database.db,
    sql`select id from run_events where run_id = ${runId} and run_status is not null and id > ${after} order by id`,
  );
  return rows.map((row) => row.id);
}

describe('a subscriber that stops reading', () => {
  it('is ended with an error naming its resume cursor; the hub never holds more than the bound for it', { timeout: 120_000 }, async () => {
    const runId = await newRun();
    const [start] = (await statusEventIds(runId, 0)).slice(-1);
    const variables = { filter: { runIds: [runId] }, cursor: start! };
    const slow = client();
    const fast = client();
    const slowSub = subscribeWs(slow.client, RunStatusChangedDocument, variables);
    const fastSub = subscribeWs(fast.client, RunStatusChangedDocument, variables);
    await waitFor(() => server.hub.stats().attachedStatusListeners === 2 && slow.socket(), { what: 'both subscribers to attach' });
    // The slow client stops reading its socket: once the TCP buffers are full, the server cannot send.
    slow.socket()!.pause();

    let written = 0;
    let maxBuffered = 0;
    // Write until the slow subscriber is dropped, pacing on the fast one (which must never fall behind).
    while (server.hub.stats().attachedStatusListeners === 2) {
      if (written >= 2_000 * BATCH) throw new Error('the slow subscriber was never dropped');
      await writeBigBatch(runId);
      written += BATCH;
      await fastSub.atLeast(written, 30_000);
      maxBuffered = Math.max(maxBuffered, server.hub.stats().bufferedEvents);
    }
    expect(maxBuffered).toBeLessThanOrEqual(LIMIT);
    expect(server.hub.stats().bufferedEvents).toBe(0);
    expect(written).toBeGreaterThan(LIMIT);

    slow.socket()!.resume();
    await slowSub.until((c) => c.completed, 'the slow subscription to end');
    const [error] = slowSub.errors;
    const received = slowSub.data.map((d) => d.runStatusChanged.cursor);
    const last = received.at(-1) ?? start!;
    expect(error?.message).toBe(
      `This subscription fell behind: more than ${LIMIT} events were waiting to be sent to it, so the server ended it to keep ` +
        `its memory bounded. Subscribe again with cursor "${last}" to receive every later event.`,
    );
    expect(error?.extensions).toMatchObject({ code: 'SUBSCRIPTION_FELL_BEHIND', cursor: last });
    expect(slowSub.results.at(-1)?.errors).toBeDefined();

    // Resuming with the cursor it was given yields exactly the rest.
    const resumed = subscribeWs(client().client, RunStatusChangedDocument, { ...variables, cursor: last });
    const all = await statusEventIds(runId, Number(start));
    expect(all).toHaveLength(written);
    const rest = (await resumed.atLeast(all.length - received.length, 60_000)).map((d) => d.runStatusChanged.cursor);
    expect([...received, ...rest]).toEqual(all);
    expect(fastSub.data.map((d) => d.runStatusChanged.cursor)).toEqual(all);
    expect(fastSub.errors).toEqual([]);
    resumed.dispose();
    fastSub.dispose();
  });
});

describe('operations per WebSocket connection', () => {
  it('allows 100 at once and refuses the 101st with a clear error', async () => {
    const ws = client();
    const nobody = { filter: { runIds: [randomUUID()] } };
    const subs = Array.from({ length: 100 }, () => subscribeWs(ws.client, RunStatusChangedDocument, nobody));
    await waitFor(() => server.hub.stats().attachedStatusListeners === 100, { what: '100 subscriptions to be live' });

    const refused = subscribeWs(ws.client, RunStatusChangedDocument, nobody);
    await refused.until((c) => c.failure, 'the 101st subscription to be refused');
    expect(JSON.stringify(refused.failure)).toContain(
      'This WebSocket connection already has 100 operations open, the most one connection may have; complete one of them or open another connection.',
    );
    expect(server.hub.stats().subscriptions).toBe(100);

    // Completing one makes room for another; other connections have their own allowance.
    subs[0]!.dispose();
    await waitFor(() => server.hub.stats().subscriptions === 99, { what: 'one subscription to end' });
    subscribeWs(ws.client, RunStatusChangedDocument, nobody);
    subscribeWs(client().client, RunStatusChangedDocument, nobody);
    await waitFor(() => server.hub.stats().attachedStatusListeners === 101, { what: 'the new subscriptions to be live' });
    await ws.dispose();
  });
});
