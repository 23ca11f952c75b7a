// Runs, newest first, by status tab (each with its count), paged by cursor (the last run id of the page),
// kept current by runStatusChanged: any status change refetches the page and the counts.
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { Empty, ErrorState, Loading } from '../components/states';
import { RunStatusBadge } from '../components/run-status';
import { usePageTitle } from '../components/page-title';
import { RunCountsDocument, RunsPageDocument, RunStatusChangesDocument, type RunStatus } from '../generated/graphql';
import { formatDuration, formatTime } from '../format';

const PAGE_SIZE = 25;

const TABS: { id: string; label: string; statuses: RunStatus[] | null; count: 'queued' | 'inProgress' | 'done' | null }[] = [
  { id: 'all', label: 'All', statuses: null, count: null },
  { id: 'queued', label: 'Queued', statuses: ['QUEUED'], count: 'queued' },
  { id: 'in-progress', label: 'In progress', statuses: ['STARTING', 'STARTED', 'CANCELING'], count: 'inProgress' },
  { id: 'done', label: 'Done', statuses: ['SUCCESS', 'FAILURE', 'CANCELED'], count: 'done' },
];

export function RunsPage() {
  usePageTitle('Runs');
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((candidate) => candidate.id === params.get('status')) ?? TABS[0]!;
  const cursor = params.get('cursor');
  const runs = useQuery(RunsPageDocument, { filter: tab.statuses ? { statuses: tab.statuses } : null, cursor, limit: PAGE_SIZE });
  const counts = useQuery(RunCountsDocument, {});
  const liveError = useSubscription(RunStatusChangesDocument, {}, () => {
    runs.refetch();
    counts.refetch();
  });

  const select = (id: string) => setParams(id === 'all' ? {} : { status: id });
  const result = runs.data?.runsOrError;
  const page = result?.__typename === 'Runs' ? result : null;
  const last = page?.results.at(-1);

  return (
    <>
      <h1>Runs</h1>
      <div role="tablist" aria-label="Run status" className="tabs">
        {TABS.map((candidate) => {
          const count = candidate.count ? counts.data?.[candidate.count] : undefined;
          const selected = candidate.id === tab.id;
          return (
            <button
              key={candidate.id}
              role="tab"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              onClick={() => select(candidate.id)}
              onKeyDown={(event) => {
                const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                if (step === 0) return;
                const next = TABS[(TABS.indexOf(candidate) + step + TABS.length) % TABS.length]!;
                select(next.id);
                (event.currentTarget.parentElement?.querySelector(`[data-tab="${next.id}"]`) as HTMLElement | null)?.focus();
              }}
              data-tab={candidate.id}
            >
              {candidate.label}
              {count && 'count' in count ? <span className="count">{count.count}</span> : null}
            </button>
          );
        })}
      </div>
      {liveError ? <p className="state error">Live updates stopped: {liveError.message}</p> : null}
      <section role="tabpanel" aria-label={`${tab.label} runs`}>
        {runs.error ? (
          <ErrorState error={runs.error} what="runs" />
        ) : runs.loading && !runs.data ? (
          <Loading what="runs" />
        ) : result && result.__typename !== 'Runs' && 'message' in result ? (
          <ErrorState error={new Error(result.message)} what="runs" />
        ) : page && page.results.length === 0 ? (
          <Empty>{cursor ? 'No older runs.' : `No ${tab.id === 'all' ? '' : tab.label.toLowerCase() + ' '}runs.`}</Empty>
        ) : page ? (
          <>
            <p className="summary">
              {page.count} {page.count === 1 ? 'run' : 'runs'}
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Job</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {page.results.map((run) => (
                  <tr key={run.runId} data-run-id={run.runId}>
                    <td>
                      <Link to={`/runs/${run.runId}`} className="mono">
                        {run.runId.slice(0, 8)}
                      </Link>
                    </td>
                    <td>{run.jobName}</td>
                    <td>
                      <RunStatusBadge status={run.status} />
                    </td>
                    <td>{formatTime(run.creationTime)}</td>
                    <td>{formatDuration(run.startTime, run.endTime)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        <nav aria-label="Pages" className="pager">
          {cursor ? <Link to={tab.id === 'all' ? '/runs' : `/runs?status=${tab.id}`}>Newest runs</Link> : null}
          {last && page && page.results.length === PAGE_SIZE ? (
            <Link to={`/runs?${new URLSearchParams({ ...(tab.id === 'all' ? {} : { status: tab.id }), cursor: last.runId }).toString()}`}>
              Older runs
            </Link>
          ) : null}
        </nav>
      </section>
    </>
  );
}
