// One run: its status, steps with durations, why it is still queued, Terminate (while it runs), Re-execute
// and Delete (once it ended) when the caller may, its run group, and the live event log. pipelineRunLogs replays the stored events and
// then sends new ones, each with the run as it is now, so status, steps and blockers stay current without a
// reload. A queued run's blockers change when
// other runs end, so the page also refetches on any run's status change while this one is queued.
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { request } from '../api/client';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { ConfirmDialog } from '../components/confirm-dialog';
import { TagList } from '../components/tag-list';
import { EventLog, type LogEvent } from '../components/event-log';
import { QueueBlockers } from '../components/queue-blockers';
import { ReexecuteActions } from '../components/reexecute-actions';
import { RunGroup } from '../components/run-group';
import { RunStatusBadge } from '../components/run-status';
import { usePageTitle } from '../components/page-title';
import { ErrorState, Loading } from '../components/states';
import { poolWaits, StepList } from '../components/step-list';
import { StepLogs } from '../components/step-logs';
import { formatDuration, formatTime } from '../format';
import {
  DeleteRunDocument,
  RunLogsDocument,
  RunPageDocument,
  RunStatusChangesDocument,
  TerminateRunDocument,
  type RunDetailFragment,
} from '../generated/graphql';

/** The statuses a run may be deleted in (the API refuses the others). */
const FINISHED = new Set(['SUCCESS', 'FAILURE', 'CANCELED']);

export function RunPage() {
  const { runId = '' } = useParams();
  usePageTitle(`Run ${runId.slice(0, 8)}`);
  const query = useQuery(RunPageDocument, { runId });
  const [live, setLive] = useState<RunDetailFragment>();
  const [events, setEvents] = useState<LogEvent[]>([]);
  const [terminateError, setTerminateError] = useState<string>();
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const logsOf = useSearchParams()[0].get('logs');

  const found = query.data?.runOrError.__typename === 'Run' ? query.data.runOrError : undefined;
  // Whichever came last shows: the feed's run, or a refetch (which a queued run's blockers need).
  useEffect(() => setLive(undefined), [query.data]);
  const run = live?.runId === runId ? live : found;

  const logsError = useSubscription(RunLogsDocument, found ? { runId, cursor: null } : null, (data) => {
    const payload = data.pipelineRunLogs;
    if (payload.__typename !== 'PipelineRunLogsSubscriptionSuccess') return;
    setLive(payload.run);
    const received = payload.messages.filter((message): message is LogEvent => 'cursor' in message);
    // A reconnected feed replays from the start; events already shown are kept once.
    setEvents((previous) => {
      const seen = new Set(previous.map((event) => event.cursor));
      return [...previous, ...received.filter((event) => !seen.has(event.cursor))];
    });
  });
  useSubscription(RunStatusChangesDocument, run?.status === 'QUEUED' ? {} : null, query.refetch);

  const terminate = useCallback(() => {
    setTerminateError(undefined);
    request(TerminateRunDocument, { runId }).then(
      ({ terminateRun }) => 'message' in terminateRun && setTerminateError(terminateRun.message),
      (error: Error) => setTerminateError(error.message),
    );
  }, [runId]);

  const remove = async () => {
    const { deleteRun } = await request(DeleteRunDocument, { runId });
    if ('message' in deleteRun) throw new Error(deleteRun.message);
  };

  if (query.error) return <ErrorState error={query.error} what={`run ${runId}`} />;
  if (!query.data) return <Loading what="the run" />;
  const answer = query.data.runOrError;
  if (!run) {
    return (
      <>
        <h1>Run {runId}</h1>
        <ErrorState error={new Error('message' in answer ? answer.message : 'No such run.')} what="the run" />
      </>
    );
  }

  return (
    <>
      <h1>
        Run <span className="mono">{run.runId}</span>
      </h1>
      <dl className="facts">
        <dt>Job</dt>
        <dd>{run.jobName}</dd>
        <dt>Status</dt>
        <dd aria-live="polite" data-testid="run-status">
          <RunStatusBadge status={run.status} />
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(run.creationTime)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.startTime, run.endTime)}</dd>
        {run.parentRunId ? (
          <>
            <dt>Re-executes</dt>
            <dd>
              <Link className="mono" to={`/runs/${run.parentRunId}`}>
                {run.parentRunId.slice(0, 8)}
              </Link>
            </dd>
          </>
        ) : null}
        <dt>Pools</dt>
        <dd>{run.allPools?.length ? run.allPools.join(', ') : 'none'}</dd>
        {run.tags.filter((tag) => !tag.key.startsWith('.dagster/')).length > 0 ? (
          <>
            <dt>Tags</dt>
            <dd>
              <TagList tags={run.tags.filter((tag) => !tag.key.startsWith('.dagster/'))} />
            </dd>
          </>
        ) : null}
      </dl>
      {run.hasTerminatePermission && run.canTerminate ? (
        <p>
          <button type="button" className="danger" onClick={terminate}>
            Terminate
          </button>
          {terminateError ? (
            <span role="alert" className="field-error">
              {terminateError}
            </span>
          ) : null}
        </p>
      ) : null}
      {run.hasDeletePermission && FINISHED.has(run.status) ? (
        <p>
          <button type="button" onClick={() => setDeleting(true)}>
            Delete run
          </button>
        </p>
      ) : null}
      {run.hasReExecutePermission && FINISHED.has(run.status) ? <ReexecuteActions runId={run.runId} status={run.status} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete run ${run.runId.slice(0, 8)}?`}
          confirmLabel="Delete run"
          action={remove}
          onClose={(deleted) => (deleted ? void navigate('/runs') : setDeleting(false))}
        >
          <p>The run and its events are removed for good.</p>
        </ConfirmDialog>
      ) : null}
      {run.status === 'QUEUED' ? <QueueBlockers position={run.queuePosition} blockers={run.queueBlockers} /> : null}
      <StepList steps={run.stepStats} waits={poolWaits(events)} logsOf={logsOf} />
      {logsOf ? <StepLogs key={logsOf} runId={run.runId} stepKey={logsOf} /> : null}
      <RunGroup runId={run.runId} refreshKey={run.status} />
      <EventLog events={events} error={logsError} />
    </>
  );
}
