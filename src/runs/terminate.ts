// Terminating runs (SPEC §5). A run nobody executes yet (QUEUED, NOT_STARTED, STARTING) is canceled at
// once: CANCELING then CANCELED in one transaction. A run a worker executes goes CANCELING; the worker
// sees the hint, aborts its steps and ends it CANCELED (the monitor cancels it if the worker never does).
// MARK_AS_CANCELED_IMMEDIATELY ends any unfinished run at once; its worker notices and stops.
import type { Db } from '../db/database.js';
import { RunNotFoundError, TerminateRunFailure } from './errors.js';
import { lockRun } from './run-record.js';
import { transitionRun } from './transition.js';
import { isTerminal, type RunStatus } from './vocabulary.js';

export const TERMINATE_POLICIES = ['SAFE_TERMINATE', 'MARK_AS_CANCELED_IMMEDIATELY'] as const;
export type TerminatePolicy = (typeof TERMINATE_POLICIES)[number];

const NOT_YET_EXECUTING: RunStatus[] = ['QUEUED', 'NOT_STARTED', 'STARTING'];

export async function terminateRun(db: Db, runId: string, policy: TerminatePolicy = 'SAFE_TERMINATE'): Promise<RunStatus> {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run) throw new RunNotFoundError(runId);
    if (isTerminal(run.status)) {
      throw new TerminateRunFailure(runId, `Run ${runId} already finished (${run.status}); there is nothing to terminate.`);
    }
    const immediately = policy === 'MARK_AS_CANCELED_IMMEDIATELY' || NOT_YET_EXECUTING.includes(run.status);
    if (run.status === 'CANCELING' && !immediately) {
      throw new TerminateRunFailure(runId, `Run ${runId} is already being canceled.`);
    }
    // The row is locked: no coordinator or worker can move the run until this transaction ends.
    if (run.status !== 'CANCELING') {
      await transitionRun(tx, runId, { from: [run.status], to: 'CANCELING', message: `Termination requested (${policy}).` });
    }
    if (!immediately) return 'CANCELING';
    await transitionRun(tx, runId, {
      from: ['CANCELING'],
      to: 'CANCELED',
      message:
        policy === 'MARK_AS_CANCELED_IMMEDIATELY'
          ? 'Run was marked as canceled immediately; any steps still running are being stopped.'
          : 'Run was canceled before it started executing.',
    });
    return 'CANCELED';
  });
}
