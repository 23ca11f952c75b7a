// Runs, newest first, by status tab (each with its count), narrowed by job and tags, paged by cursor (the
// last run id of the page). Everything is in the URL, so each view is a deep link. Kept current by
// runStatusChanged: any status change refetches the page and the counts. Counts are asked for once per
// filter, not per page: at a million runs a count costs ~10x a page (bench/console/runs-paging.ts).
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { usePageTitle } from '../components/page-title';
import { RunFilters } from '../components/run-filters';
import { RunStatusBadge } from '../components/run-status';
import { Empty, ErrorState, Loading } from '../components/states';
import { STATUS_TABS, StatusTabs } from '../components/status-tabs';
import { formatDuration, formatTime } from '../format';
import { parseTags } from '../tags';
import { RunCountsDocument, RunsPageDocument, RunStatusChangesDocument } from '../generated/graphql';

const PAGE_SIZE = 25;

export function RunsPage() {
  usePageTitle('Runs');
  const [params, setParams] = useSearchParams();
  const tab = STATUS_TABS.find((candidate) => candidate.id === params.get('status')) ?? STATUS_TABS[0]!;
  const cursor = params.get('cursor');
  const job = params.get('job') ?? '';
  const tagText = params.get('tags') ?? '';
  const parsed = parseTags(tagText);
  const tags = 'tags' in parsed && parsed.tags.length > 0 ? parsed.tags : null;
  const jobName = job === '' ? null : job;

  const runs = useQuery(RunsPageDocument, { filter: { statuses: tab.statuses, jobName, tags }, cursor, limit: PAGE_SIZE });
  const counts = useQuery(RunCountsDocument, { jobName, tags });
  const liveError = useSubscription(RunStatusChangesDocument, {}, () => {
    runs.refetch();
    counts.refetch();
  });

  /** The list's URL with these changes (a new tab or filter starts at the newest runs). */
  const href = (changes: Record<string, string>) => {
    const next = new URLSearchParams({ status: tab.id, job, tags: tagText, ...changes });
    for (const [key, value] of [...next.entries()]) if (value === '' || (key === 'status' && value === 'all')) next.delete(key);
    return `/runs${next.size > 0 ? `?${next.toString()}` : ''}`;
  };
  const go = (changes: Record<string, string>) => setParams(new URLSearchParams(href(changes).split('?')[1] ?? ''));

  const result = runs.data?.runsOrError;
  const page = result?.__typename === 'Runs' ? result : null;
  const last = page?.results.at(-1);
  const tabCount = counts.data?.[tab.count];
  const total = tabCount && 'count' in tabCount ? tabCount.count : null;

  return (
    <>
      <h1>Runs</h1>
      <RunFilters
        key={`${job}|${tagText}`}
        job={job}
        tags={tagText}
        onApply={(nextJob, nextTags) => go({ job: nextJob, tags: nextTags })}
      />
      <StatusTabs selected={tab} counts={counts.data} onSelect={(next) => go({ status: next.id })} />
      {liveError ? <p className="state error">Live updates stopped: {liveError.message}</p> : null}
      <section id="runs-panel" role="tabpanel" aria-labelledby={`tab-${tab.id}`}>
        {runs.error ? (
          <ErrorState error={runs.error} what="runs" />
        ) : runs.loading && !runs.data ? (
          <Loading what="runs" />
        ) : result && result.__typename !== 'Runs' && 'message' in result ? (
          <ErrorState error={new Error(result.message)} what="runs" />
        ) : page && page.results.length === 0 ? (
          <Empty>{cursor ? 'No older runs.' : 'No runs match.'}</Empty>
        ) : page ? (
          <>
            {total === null ? null : (
              <p className="summary">
                {total} {total === 1 ? 'run' : 'runs'}
              </p>
            )}
            <div className="table-scroll">
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
            </div>
          </>
        ) : null}
        <nav aria-label="Pages" className="pager">
          {cursor ? <Link to={href({})}>Newest runs</Link> : null}
          {last && page && page.results.length === PAGE_SIZE ? <Link to={href({ cursor: last.runId })}>Older runs</Link> : null}
        </nav>
      </section>
    </>
  );
}
