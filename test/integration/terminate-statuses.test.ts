// Run.canTerminate and terminateRun agree, because both read CANCELABLE_STATUSES (src/runs/vocabulary.ts):
// a safe termination is accepted exactly where canTerminate is true. A CANCELING run is not cancelable
// again — as in Dagster, it can only be forced (MARK_AS_CANCELED_IMMEDIATELY), which ends it CANCELED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuns } from '../../src/runs/create-runs.js';
import { TerminateRunFailure } from '../../src/runs/errors.js';
import { terminateRun } from '../../src/runs/terminate.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { CANCELABLE_STATUSES, type RunStatus } from '../../src/runs/vocabulary.js';
import { TerminateRunDocument } from '../generated/graphql.js';
import { statusOf } from '../support/engine.js';
import { executeOk } from '../support/graphql-http.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { newRun } from '../support/runs.js';

let ctx: TestInstance;
let server: TestServer;
beforeAll(async () => {
  ctx = await createTestInstance();
  server = await startTestServer(ctx.instance);
});
afterAll(async () => {
  await server?.server.stop();
  await ctx?.cleanup();
});

const db = () => ctx.instance.database.db;

/** A run moved through the usual path into `status`. */
async function runIn(status: 'QUEUED' | 'STARTING' | 'STARTED' | 'CANCELING'): Promise<string> {
  return db().transaction(async (tx) => {
    const [runId] = await createRuns(tx, [newRun()], status === 'QUEUED' ? 'QUEUED' : 'STARTING');
    if (status === 'STARTED' || status === 'CANCELING') {
      await transitionRuns(tx, [runId!], {
        from: ['STARTING'],
        to: 'STARTED',
        message: 'test',
        worker: { id: 'test-worker', leaseSeconds: 60 },
      });
    }
    if (status === 'CANCELING') await transitionRuns(tx, [runId!], { from: ['STARTED'], to: 'CANCELING', message: 'test' });
    return runId!;
  });
}

async function canTerminate(runId: string): Promise<boolean> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query($id: ID!) { runOrError(runId: $id) { ... on Run { canTerminate } } }', variables: { id: runId } }),
  });
  const { data } = (await response.json()) as { data: { runOrError: { canTerminate: boolean } } };
  return data.runOrError.canTerminate;
}

describe('terminating by status', () => {
  it.each(['QUEUED', 'STARTING', 'STARTED', 'CANCELING'] as const)(
    'canTerminate of a %s run says whether a safe termination is accepted',
    async (status) => {
      const runId = await runIn(status);
      const accepted = await terminateRun(db(), runId, 'SAFE_TERMINATE', 'test').then(
        () => true,
        (error: unknown) => {
          if (error instanceof TerminateRunFailure) return false;
          throw error;
        },
      );
      const expected = (CANCELABLE_STATUSES as readonly RunStatus[]).includes(status);
      expect(accepted).toBe(expected);
      // canTerminate is read after the attempt only where it failed (the run is unchanged); a fresh run otherwise.
      expect(await canTerminate(accepted ? await runIn(status) : runId)).toBe(expected);
    },
  );

  it('a CANCELING run cannot be terminated again safely, only forced (Dagster force termination)', async () => {
    const runId = await runIn('CANCELING');
    expect(await canTerminate(runId)).toBe(false);
    const safe = await executeOk(server.url, TerminateRunDocument, { runId });
    expect(safe.terminateRun).toMatchObject({
      __typename: 'TerminateRunFailure',
      message: expect.stringContaining('already being canceled'),
    });
    expect(await statusOf(ctx.instance, runId)).toBe('CANCELING');
    const forced = await executeOk(server.url, TerminateRunDocument, { runId, terminatePolicy: 'MARK_AS_CANCELED_IMMEDIATELY' });
    expect(forced.terminateRun).toMatchObject({ __typename: 'TerminateRunSuccess', run: { status: 'CANCELED' } });
    expect(await canTerminate(runId)).toBe(false);
  });
});
