// Issue "Live subscriptions": runStatusChanged and pipelineRunLogs over real graphql-ws sockets and SSE,
// against a server whose hub is fed by the engine's notifier (one LISTEN connection, as in `serve`).
import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SubscriptionHub } from '../../src/subscriptions/hub.js';
import {
  ConcurrencyKeyChangedDocument,
  LaunchRunDocument,
  PipelineRunLogsDocument,
  RunLogsDocument,
  RunStatusChangedDocument,
  SetConcurrencyLimitDocument,
  TerminateRunDocument,
  type PipelineRunLogsSubscription,
} from '../generated/graphql.js';
import { launch as launchInProcess, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { openWsClient, subscribeSse, subscribeWs, type WsClient } from '../support/ws-client.js';

interface Change {
  runStatusChanged: {
    toStatus: string;
    run: {
      runId: string;
      pipelineName: string;
      stats: { stepsSucceeded: number };
      stepStats: { stepKey: string; status: string | null }[];
    };
  };
}

const STATUS_CHANGES = parse(`
  subscription($filter: RunsFilter) {
    runStatusChanged(filter: $filter) {
      toStatus
      run {
        runId
        pipelineName
        stats { ... on RunStatsSnapshot { stepsSucceeded } }
        stepStats { stepKey status }
      }
    }
  }
`) as TypedDocumentNode<Change, { filter: { tags: { key: string; value: string }[] } }>;

/** Replays come in chunks of 3 events here, so a short run's log spans several chunks. */
const CHUNK = 3;

let engine: EngineHarness;
let server: TestServer;
let ws: WsClient;
beforeAll(async () => {
  engine = await startEngine();
  const hub = new SubscriptionHub({ database: engine.instance.database, notifier: engine.background.notifier, replayChunkSize: CHUNK });
  server = await startTestServer(engine.instance, engine.location, { hub });
  ws = openWsClient(server.wsUrl);
});
afterAll(async () => {
  await ws?.dispose();
  await server?.server.stop();
  await server?.hub.close();
  await engine?.cleanup();
});

async function launch(jobName: string, tags: Record<string, string> = {}): Promise<string> {
  const data = await executeOk(server.url, LaunchRunDocument, {
    executionParams: {
      selector: { jobName },
      executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    },
  });
  if (data.launchRun.__typename !== 'LaunchRunSuccess') throw new Error(`launch failed: ${JSON.stringify(data.launchRun)}`);
  return data.launchRun.run.runId;
}

/** Waits until the hub has `n` more attached status listeners than `before` (the subscription is live). */
function attachedStatus(before: number, n = 1) {
  return waitFor(() => server.hub.stats().attachedStatusListeners >= before + n, { what: 'the subscription to attach' });
}

/** Waits until every subscription of earlier tests has ended on the server (they end asynchronously). */
function quiet() {
  return waitFor(() => server.hub.stats().subscriptions === 0, { what: 'earlier subscriptions to end' });
}
beforeEach(quiet);

const LIFECYCLE = [
  ['NOT_STARTED', 'QUEUED', 'RunEnqueuedEvent'],
  ['QUEUED', 'STARTING', 'RunStartingEvent'],
  ['STARTING', 'STARTED', 'RunStartEvent'],
  ['STARTED', 'SUCCESS', 'RunSuccessEvent'],
];

describe('runStatusChanged over WebSocket', () => {
  const tag = randomUUID();
  let firstRun: string;
  let secondRun: string;
  let secondCursors: string[];

  it('streams only new transitions without a cursor, each run in order, with the current run', async () => {
    firstRun = await launch('quick_job', { sub: tag });
    await waitForStatus(engine.instance, firstRun, ['SUCCESS']);

    const before = server.hub.stats().attachedStatusListeners;
    const sub = subscribeWs(ws.client, RunStatusChangedDocument, { filter: { tags: [{ key: 'sub', value: tag }] } });
    await attachedStatus(before);
    secondRun = await launch('quick_job', { sub: tag });
    const changes = (await sub.atLeast(4)).map((d) => d.runStatusChanged);
    sub.dispose();

    expect(changes.map((c) => c.run.runId)).toEqual([secondRun, secondRun, secondRun, secondRun]);
    expect(changes.map((c) => [c.fromStatus, c.toStatus, c.event.__typename])).toEqual(LIFECYCLE);
    expect(changes.map((c) => ('eventType' in c.event ? c.event.eventType : null))).toEqual([
      'RUN_ENQUEUED',
      'RUN_STARTING',
      'RUN_START',
      'RUN_SUCCESS',
    ]);
    const cursors = changes.map((c) => Number(c.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(4);
    expect(changes.every((c) => c.run.jobName === 'quick_job')).toBe(true);
    expect(changes.map((c) => ('cursor' in c.event ? c.event.cursor : null))).toEqual(changes.map((c) => c.cursor));
    secondCursors = changes.map((c) => c.cursor);
    // The run is read when the change is sent: the last change shows the finished run.
    expect(changes.at(-1)!.run.status).toBe('SUCCESS');
  });

  it('resumes after a cursor with exactly the later transitions', async () => {
    const sub = subscribeWs(ws.client, RunStatusChangedDocument, {
      filter: { tags: [{ key: 'sub', value: tag }] },
      cursor: secondCursors[0]!,
    });
    const changes = (await sub.atLeast(3)).map((d) => d.runStatusChanged);
    sub.dispose();
    expect(changes.map((c) => c.cursor)).toEqual(secondCursors.slice(1));
  });

  it('applies the filter alike to replayed and live changes (statuses = the status entered)', async () => {
    const filter = { tags: [{ key: 'sub', value: tag }], statuses: ['SUCCESS' as const] };
    const before = server.hub.stats().attachedStatusListeners;
    const sub = subscribeWs(ws.client, RunStatusChangedDocument, { filter, cursor: '0' });
    const replayed = (await sub.atLeast(2)).map((d) => d.runStatusChanged);
    expect(replayed.map((c) => [c.run.runId, c.toStatus])).toEqual([
      [firstRun, 'SUCCESS'],
      [secondRun, 'SUCCESS'],
    ]);
    await attachedStatus(before);
    const third = await launch('quick_job', { sub: tag });
    const all = (await sub.atLeast(3)).map((d) => d.runStatusChanged);
    sub.dispose();
    expect(all.map((c) => [c.run.runId, c.fromStatus, c.toStatus])).toEqual([
      [firstRun, 'STARTED', 'SUCCESS'],
      [secondRun, 'STARTED', 'SUCCESS'],
      [third, 'STARTED', 'SUCCESS'],
    ]);
  });

  it('rejects a bad filter or cursor with a clear error', async () => {
    const badFilter = subscribeWs(ws.client, RunStatusChangedDocument, { filter: { runIds: ['not-a-run-id'] } });
    const badCursor = subscribeWs(ws.client, RunStatusChangedDocument, { cursor: 'yesterday' });
    await badFilter.until((c) => c.completed || c.failure, 'the bad filter to be refused');
    await badCursor.until((c) => c.completed || c.failure, 'the bad cursor to be refused');
    expect(badFilter.errors[0]?.message).toContain('malformed run id "not-a-run-id"');
    expect(badCursor.errors[0]?.message).toContain('The event cursor "yesterday" is not valid');
  });
});

describe('runStatusChanged over SSE', () => {
  it('streams the same transitions to an HTTP client with accept: text/event-stream', async () => {
    const tag = randomUUID();
    const before = server.hub.stats();
    const sub = subscribeSse(server.url, RunStatusChangedDocument, { filter: { tags: [{ key: 'sse', value: tag }] } });
    await attachedStatus(before.attachedStatusListeners);
    const runId = await launch('quick_job', { sse: tag });
    const changes = (await sub.atLeast(4)).map((d) => d.runStatusChanged);
    expect(changes.map((c) => [c.fromStatus, c.toStatus, c.event.__typename])).toEqual(LIFECYCLE);
    expect(changes.every((c) => c.run.runId === runId)).toBe(true);
    sub.dispose();
    // Closing the HTTP stream ends the subscription on the server.
    await waitFor(() => server.hub.stats().subscriptions === before.subscriptions, { what: 'the SSE subscription to end' });
  });
});

describe('pipelineRunLogs', () => {
  type Payload = PipelineRunLogsSubscription['pipelineRunLogs'];
  type Success = Extract<Payload, { __typename: 'PipelineRunLogsSubscriptionSuccess' }>;
  const successes = (payloads: { pipelineRunLogs: Payload }[]): Success[] =>
    payloads.map((p) => p.pipelineRunLogs).filter((p): p is Success => p.__typename === 'PipelineRunLogsSubscriptionSuccess');
  const typesOf = (payloads: Success[]) =>
    payloads.flatMap((p) => p.messages.map((m) => ('eventType' in m ? (m.eventType ?? 'LOG') : '?')));

  it('replays a finished run in chunks with hasMorePastEvents, showing the run as it is now', async () => {
    const runId = await launch('quick_job');
    await waitForStatus(engine.instance, runId, ['SUCCESS']);
    const stored = await executeOk(server.url, RunLogsDocument, { runId });
    if (stored.logsForRun.__typename !== 'EventConnection') throw new Error('no logs');
    const total = stored.logsForRun.events.length;
    const chunks = Math.ceil(total / CHUNK);

    const sub = subscribeWs(ws.client, PipelineRunLogsDocument, { runId });
    const payloads = successes(await sub.atLeast(chunks));
    sub.dispose();
    expect(payloads.map((p) => p.messages.length)).toEqual(Array.from({ length: chunks }, (_, i) => Math.min(CHUNK, total - i * CHUNK)));
    expect(payloads.map((p) => p.hasMorePastEvents)).toEqual(Array.from({ length: chunks }, (_, i) => i < chunks - 1));
    expect(typesOf(payloads)).toEqual(stored.logsForRun.events.map((e) => ('eventType' in e ? (e.eventType ?? 'LOG') : '?')));
    // Even the chunk holding RUN_ENQUEUED shows the run as it is now, finished.
    expect(payloads.map((p) => p.run.status)).toEqual(payloads.map(() => 'SUCCESS'));
    const cursors = payloads.flatMap((p) => p.messages.map((m) => Number('cursor' in m ? m.cursor : NaN)));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
  });

  it('goes live after the replay; HEAD sends only new events; the run is re-read for each payload', async () => {
    const runId = await launch('wait_job');
    await waitForStatus(engine.instance, runId, ['STARTED']);
    await waitFor(
      async () => {
        const logs = await executeOk(server.url, RunLogsDocument, { runId });
        return (
          logs.logsForRun.__typename === 'EventConnection' &&
          logs.logsForRun.events.some((e) => 'eventType' in e && e.eventType === 'STEP_START')
        );
      },
      { what: 'the wait step to start' },
    );

    const before = server.hub.stats().attachedRunListeners;
    const full = subscribeWs(ws.client, PipelineRunLogsDocument, { runId });
    const head = subscribeWs(ws.client, PipelineRunLogsDocument, { runId, cursor: 'HEAD' });
    const [headFirst] = successes(await head.atLeast(1));
    expect(headFirst).toMatchObject({ messages: [], hasMorePastEvents: false, run: { runId, status: 'STARTED' } });
    await full.until((c) => successes(c.data).some((p) => !p.hasMorePastEvents), 'the replay to finish');
    await waitFor(() => server.hub.stats().attachedRunListeners >= before + 2, { what: 'both feeds to go live' });
    const replayed = typesOf(successes(full.data));
    // The step's LOGS_CAPTURED (its stdout/stderr capture starting) comes before its STEP_START, as in Dagster.
    expect(replayed.slice(0, 5)).toEqual(['RUN_ENQUEUED', 'RUN_STARTING', 'RUN_START', 'LOGS_CAPTURED', 'STEP_START']);

    await executeOk(server.url, TerminateRunDocument, { runId });
    await full.until((c) => typesOf(successes(c.data)).includes('RUN_CANCELED'), 'RUN_CANCELED on the full feed');
    await head.until((c) => typesOf(successes(c.data)).includes('RUN_CANCELED'), 'RUN_CANCELED on the HEAD feed');
    full.dispose();
    head.dispose();

    const stored = await executeOk(server.url, RunLogsDocument, { runId });
    if (stored.logsForRun.__typename !== 'EventConnection') throw new Error('no logs');
    const all = stored.logsForRun.events.map((e) => ('eventType' in e ? (e.eventType ?? 'LOG') : '?'));
    // The full feed: every stored event once, in order; HEAD: exactly those after its first payload.
    expect(typesOf(successes(full.data))).toEqual(all);
    const cursorsOf = (payloads: Success[]) => payloads.flatMap((p) => p.messages.map((m) => Number('cursor' in m ? m.cursor : NaN)));
    const fullCursors = cursorsOf(successes(full.data));
    expect(cursorsOf(successes(head.data))).toEqual(fullCursors.filter((cursor) => cursor > Number(headFirst!.cursor)));
    expect(
      successes(head.data)
        .slice(1)
        .every((p) => !p.hasMorePastEvents),
    ).toBe(true);
    const last = successes(full.data).at(-1)!;
    expect(last.run.status).toBe('CANCELED');
    expect(typesOf(successes(head.data))).toContain('RUN_CANCELING');
  });

  it('answers an unknown run with PipelineRunLogsSubscriptionFailure and ends', async () => {
    const missing = randomUUID();
    for (const runId of [missing, 'not-a-uuid']) {
      const sub = subscribeWs(ws.client, PipelineRunLogsDocument, { runId });
      await sub.until((c) => c.completed, 'the failure to complete the subscription');
      expect(sub.data.map((d) => d.pipelineRunLogs)).toEqual([
        { __typename: 'PipelineRunLogsSubscriptionFailure', missingRunId: runId, message: `Run ${runId} could not be found.` },
      ]);
    }
  });
});

describe('concurrencyKeyChanged', () => {
  it("sends the pool's state, then each change of its limit and claims; bursts end on the final state", async () => {
    const sub = subscribeWs(ws.client, ConcurrencyKeyChangedDocument, { concurrencyKey: 'waitpool' });
    const [initial] = await sub.atLeast(1);
    expect(initial!.concurrencyKeyChanged).toMatchObject({ concurrencyKey: 'waitpool', activeSlotCount: 0, claimedSlots: [] });

    await executeOk(server.url, SetConcurrencyLimitDocument, { concurrencyKey: 'waitpool', limit: 3 });
    await sub.until((c) => c.data.some((d) => d.concurrencyKeyChanged.limit === 3), 'the new limit');

    const runId = await launch('wait_job');
    const holding = await sub.until(
      (c) => c.data.map((d) => d.concurrencyKeyChanged).find((info) => info.claimedSlots.some((slot) => slot.runId === runId)),
      'the run to hold a slot',
    );
    expect(holding).toMatchObject({ activeSlotCount: 1, claimedSlots: [{ runId, stepKey: 'wait' }] });
    await executeOk(server.url, TerminateRunDocument, { runId });
    await sub.until((c) => c.data.at(-1)?.concurrencyKeyChanged.activeSlotCount === 0, 'the slot to be released');

    // A burst: every state may not be sent, but the last one always is, and never twice in a row.
    const before = sub.data.length;
    for (let limit = 10; limit <= 30; limit++)
      await executeOk(server.url, SetConcurrencyLimitDocument, { concurrencyKey: 'waitpool', limit });
    await sub.until((c) => c.data.at(-1)?.concurrencyKeyChanged.limit === 30, 'the final limit');
    const burst = sub.data.slice(before).map((d) => d.concurrencyKeyChanged.limit);
    expect(burst.length).toBeLessThanOrEqual(21);
    expect(burst).toEqual([...burst].sort((a, b) => a! - b!));
    expect(new Set(burst).size).toBe(burst.length);
    sub.dispose();
  });

  it('refuses a bad pool key with a clear error', async () => {
    const sub = subscribeWs(ws.client, ConcurrencyKeyChangedDocument, { concurrencyKey: '' });
    await sub.until((c) => c.completed || c.failure !== null, 'the bad key to be refused');
    expect(sub.errors[0]?.extensions).toMatchObject({ code: 'INVALID_CONCURRENCY_KEY' });
  });
});

describe('subscription payloads', () => {
  // Issue 12: reads batched and cached per request (src/graphql/request-loader.ts) must not outlive a
  // subscription payload: each payload is resolved with a loader of its own, so a run's stats read for an
  // early status change are read again for a later one.
  it("resolves each payload with fresh reads: the run's stats change between its status changes", async () => {
    const tag = randomUUID();
    const before = server.hub.stats().attachedStatusListeners;
    const changes = subscribeWs(ws.client, STATUS_CHANGES, { filter: { tags: [{ key: 'fresh', value: tag }] } });
    await waitFor(() => server.hub.stats().attachedStatusListeners > before, { what: 'the subscription to attach' });

    // The wait step holds the run in STARTED for a second, long after its STARTED payload was resolved.
    await launchInProcess(engine, 'wait_job', { tags: { fresh: tag }, runConfigData: { ops: { wait: { config: { ms: 1000 } } } } });
    const received = await changes.until(
      (c) => (c.data.some((d) => d.runStatusChanged.toStatus === 'SUCCESS') ? c.data : undefined),
      'the SUCCESS payload',
    );
    changes.dispose();

    const byStatus = new Map(received.map((d) => [d.runStatusChanged.toStatus, d.runStatusChanged.run]));
    expect(byStatus.get('QUEUED')).toMatchObject({ pipelineName: 'wait_job', stats: { stepsSucceeded: 0 } });
    expect(byStatus.get('SUCCESS')).toMatchObject({
      pipelineName: 'wait_job',
      stats: { stepsSucceeded: 2 },
      stepStats: [
        { stepKey: 'wait', status: 'SUCCESS' },
        { stepKey: 'after_wait', status: 'SUCCESS' },
      ],
    });
  });
});
