// Issue 12: reads batched and cached per request (src/graphql/request-loader.ts) must not outlive a
// subscription payload: each payload is resolved with a loader of its own, so a run's stats read for an
// early status change are read again for a later one.
import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SubscriptionHub } from '../../src/subscriptions/hub.js';
import { launch, startEngine, type EngineHarness } from '../support/engine.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { openWsClient, subscribeWs, type WsClient } from '../support/ws-client.js';

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

let engine: EngineHarness;
let server: TestServer;
let ws: WsClient;
beforeAll(async () => {
  engine = await startEngine();
  const hub = new SubscriptionHub({ database: engine.instance.database, notifier: engine.background.notifier });
  server = await startTestServer(engine.instance, engine.location, { hub });
  ws = openWsClient(server.wsUrl);
});
afterAll(async () => {
  await ws?.dispose();
  await server?.server.stop();
  await server?.hub.close();
  await engine?.cleanup();
});

it("resolves each payload with fresh reads: the run's stats change between its status changes", async () => {
  const tag = randomUUID();
  const before = server.hub.stats().attachedStatusListeners;
  const changes = subscribeWs(ws.client, STATUS_CHANGES, { filter: { tags: [{ key: 'fresh', value: tag }] } });
  await waitFor(() => server.hub.stats().attachedStatusListeners > before, { what: 'the subscription to attach' });

  // The wait step holds the run in STARTED for a second, long after its STARTED payload was resolved.
  await launch(engine, 'wait_job', { tags: { fresh: tag }, runConfigData: { ops: { wait: { config: { ms: 1000 } } } } });
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
