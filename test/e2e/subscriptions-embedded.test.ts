// Live subscriptions on the embedded database (PGlite: one connection, in-process NOTIFY): the same
// settled-watermark rule holds there (no concurrent writer can hold an id while the hub reads).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstanceConfig, resolveSettings } from '../../src/config/index.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { openInstance, type Instance } from '../../src/instance/instance.js';
import { transitionRuns } from '../../src/runs/transition.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import { LaunchRunDocument, PipelineRunLogsDocument, RunStatusChangedDocument } from '../generated/graphql.js';
import { ENGINE_FIXTURE } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { startTestServer, type TestServer } from '../support/instance.js';
import { openWsClient, subscribeSse, subscribeWs, type WsClient } from '../support/ws-client.js';

let home: string;
let instance: Instance;
let server: TestServer;
let ws: WsClient;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'tidepool-embedded-subs-'));
  const settings = resolveSettings({}, { TIDEPOOL_HOME: home }, home);
  instance = await openInstance(settings, { migrate: true, config: parseInstanceConfig('', null) });
  server = await startTestServer(instance, await loadDefinitions(ENGINE_FIXTURE));
  ws = openWsClient(server.wsUrl);
}, 60_000);
afterAll(async () => {
  await ws?.dispose();
  await server?.server.stop();
  await instance?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('subscriptions on PGlite', () => {
  it('replays and then streams status changes and run logs', { timeout: 60_000 }, async () => {
    expect(instance.database.kind).toBe('pglite');
    const launched = await executeOk(server.url, LaunchRunDocument, { executionParams: { selector: { jobName: 'quick_job' } } });
    if (launched.launchRun.__typename !== 'LaunchRunSuccess') throw new Error('launch failed');
    const runId = launched.launchRun.run.runId;

    const changes = subscribeWs(ws.client, RunStatusChangedDocument, { filter: { runIds: [runId] }, cursor: '0' });
    const sse = subscribeSse(server.url, RunStatusChangedDocument, { filter: { runIds: [runId] }, cursor: '0' });
    const logs = subscribeWs(ws.client, PipelineRunLogsDocument, { runId });
    await changes.atLeast(1);
    await sse.atLeast(1);
    await logs.atLeast(1);

    // No daemon runs here: move the run by hand, as a worker would.
    const steps: [RunStatus, RunStatus][] = [
      ['QUEUED', 'STARTING'],
      ['STARTING', 'STARTED'],
      ['STARTED', 'SUCCESS'],
    ];
    for (const [from, to] of steps) await transitionRuns(instance.database.db, [runId], { from: [from], to, message: `to ${to}` });

    const expected = [
      ['NOT_STARTED', 'QUEUED'],
      ['QUEUED', 'STARTING'],
      ['STARTING', 'STARTED'],
      ['STARTED', 'SUCCESS'],
    ];
    expect((await changes.atLeast(4)).map((d) => [d.runStatusChanged.fromStatus, d.runStatusChanged.toStatus])).toEqual(expected);
    expect((await sse.atLeast(4)).map((d) => [d.runStatusChanged.fromStatus, d.runStatusChanged.toStatus])).toEqual(expected);
    const types = await logs.until((c) => {
      const all = c.data.flatMap((d) =>
        d.pipelineRunLogs.__typename === 'PipelineRunLogsSubscriptionSuccess'
          ? d.pipelineRunLogs.messages.map((m) => ('eventType' in m ? m.eventType : null))
          : [],
      );
      return all.length >= 4 ? all : undefined;
    }, 'four run events');
    expect(types).toEqual(['RUN_ENQUEUED', 'RUN_STARTING', 'RUN_START', 'RUN_SUCCESS']);
    changes.dispose();
    sse.dispose();
    logs.dispose();
  });
});
