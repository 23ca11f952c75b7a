// The run's group: the run it re-executes and every run of its root, oldest first, each linked. Shown only for
// runs that belong to a group of more than one (a re-execution, or a run that was re-executed). Read again
// whenever the shown run's status changes, so a group's statuses follow it.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useQuery } from '../api/use-query';
import { RunGroupDocument } from '../generated/graphql';
import { formatTime } from '../format';
import { RunStatusBadge } from './run-status';

export function RunGroup({ runId, refreshKey }: { runId: string; refreshKey: string }) {
  const { data, refetch } = useQuery(RunGroupDocument, { runId });
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) refetch();
    mounted.current = true;
  }, [refreshKey, refetch]);
  const group = data?.runGroupOrError.__typename === 'RunGroup' ? data.runGroupOrError : undefined;
  const runs = (group?.runs ?? []).filter((run) => run !== null);
  if (runs.length < 2) return null;
  return (
    <section aria-labelledby="run-group">
      <h2 id="run-group">Run group</h2>
      <ol className="run-group">
        {[...runs]
          .sort((a, b) => a.creationTime - b.creationTime)
          .map((run) => (
            <li key={run.runId} data-run-id={run.runId}>
              {run.runId === runId ? (
                <span className="mono" aria-current="page">
                  {run.runId.slice(0, 8)}
                </span>
              ) : (
                <Link className="mono" to={`/runs/${run.runId}`}>
                  {run.runId.slice(0, 8)}
                </Link>
              )}{' '}
              <RunStatusBadge status={run.status} /> {formatTime(run.creationTime)}
              {run.parentRunId ? <> · re-executes {run.parentRunId.slice(0, 8)}</> : ' · root'}
            </li>
          ))}
      </ol>
    </section>
  );
}
