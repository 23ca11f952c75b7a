// Terminating runs (SPEC §5). A run nobody executes yet (QUEUED, NOT_STARTED, STARTING) is canceled at
// once: CANCELING then CANCELED in one transaction. A run a worker executes goes CANCELING; the worker
// sees the hint, aborts its steps and ends it CANCELED (the monitor cancels it if the worker never does).
// MARK_AS_CANCELED_IMMEDIATELY ends any unfinished run at once — the only way to terminate a CANCELING
// run again (Dagster's force termination); its worker notices and stops. Which statuses a safe
// termination accepts is CANCELABLE_STATUSES, the same set Run.canTerminate reports. The run's events name
// who asked, and one audit entry (status before and after, the policy) commits with the transitions.
import { describeActor, type Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit-log.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { RunNotFoundError, TerminateRunFailure } from './errors.js';
import { lockRun } from './run-record.js';
import { transitionRun, transitionRuns } from './transition.js';
import { isCancelable, isTerminal, NOT_YET_EXECUTING_STATUSES, type RunStatus } from './vocabulary.js';

export const TERMINATE_POLICIES = ['SAFE_TERMINATE', 'MARK_AS_CANCELED_IMMEDIATELY'] as const;
export type TerminatePolicy = (typeof TERMINATE_POLICIES)[number];

export async function terminateRun(db: Db, runId: string, policy: TerminatePolicy, actor: Actor): Promise<RunStatus> {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run) throw new RunNotFoundError(runId);
    if (isTerminal(run.status)) {
      throw new TerminateRunFailure(runId, `Run ${runId} already finished (${run.status}); there is nothing to terminate.`);
    }
    const force = policy === 'MARK_AS_CANCELED_IMMEDIATELY';
    if (!force && !isCancelable(run.status)) {
      throw new TerminateRunFailure(
        runId,
        run.status === 'CANCELING'
          ? `Run ${runId} is already being canceled.`
          : `Run ${runId} could not be terminated due to having status ${run.status}.`,
      );
    }
    const immediately = force || (NOT_YET_EXECUTING_STATUSES as readonly RunStatus[]).includes(run.status);
    const by = describeActor(actor);
    // The row is locked: no coordinator or worker can move the run until this transaction ends.
    if (run.status !== 'CANCELING') {
      await transitionRun(tx, runId, { from: [run.status], to: 'CANCELING', message: `Termination requested (${policy}) by ${by}.` });
    }
    const status: RunStatus = immediately ? 'CANCELED' : 'CANCELING';
    if (immediately) {
      await transitionRun(tx, runId, {
        from: ['CANCELING'],
        to: 'CANCELED',
        message: force
          ? `Run was marked as canceled immediately by ${by}; any steps still running are being stopped.`
          : 'Run was canceled before it started executing.',
      });
    }
    await recordAudit(tx, {
      actor,
      action: 'run.terminate',
      target: `run:${runId}`,
      before: { status: run.status },
      after: { status, policy },
    });
    return status;
  });
}

/**
 * SAFE_TERMINATE of many runs in one transaction (a backfill's cancel, which may stop thousands): the same
 * transitions and events as terminateRun, one audit entry per run. Runs that finished or are already
 * CANCELING are skipped rather than refused. Rows are locked in id order first, as transitionRuns locks.
 * Returns how many runs were terminated.
 */
export async function safeTerminateRuns(db: Db, runIds: string[], actor: Actor): Promise<number> {
  if (runIds.length === 0) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from runs where id = any(${sql.param(runIds)}::uuid[]) order by id for update`);
    const message = `Termination requested (SAFE_TERMINATE) by ${describeActor(actor)}.`;
    const notYet = await transitionRuns(tx, runIds, { from: [...NOT_YET_EXECUTING_STATUSES], to: 'CANCELING', message });
    await transitionRuns(
      tx,
      notYet.map((run) => run.runId),
      { from: ['CANCELING'], to: 'CANCELED', message: 'Run was canceled before it started executing.' },
    );
    const executing = await transitionRuns(tx, runIds, { from: ['STARTED'], to: 'CANCELING', message });
    const terminated = [
      ...notYet.map((run) => ({ ...run, status: 'CANCELED' as const })),
      ...executing.map((run) => ({ ...run, status: 'CANCELING' as const })),
    ];
    for (const run of terminated) {
      await recordAudit(tx, {
        actor,
        action: 'run.terminate',
        target: `run:${run.runId}`,
        before: { status: run.fromStatus },
        after: { status: run.status, policy: 'SAFE_TERMINATE' },
      });
    }
    return terminated.length;
  });
}
