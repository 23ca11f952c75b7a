// Jobs of the loaded code location, each with the pools its steps use, launched from here when the caller may.
import { useState } from 'react';
import { Link } from 'react-router';
import { usePermission } from '../api/use-permission';
import { useQuery } from '../api/use-query';
import { LaunchDialog } from '../components/launch-dialog';
import { usePageTitle } from '../components/page-title';
import { Pools } from '../components/pools';
import { Empty, ErrorState, Loading } from '../components/states';
import { JobsPageDocument } from '../generated/graphql';

export function JobsPage() {
  usePageTitle('Jobs');
  const query = useQuery(JobsPageDocument, {});
  const mayLaunch = usePermission('launch_pipeline_execution');
  const [launching, setLaunching] = useState<string>();
  if (query.error) return <ErrorState error={query.error} what="jobs" />;
  if (!query.data) return <Loading what="jobs" />;
  const answer = query.data.repositoriesOrError;
  if (answer.__typename !== 'RepositoryConnection') {
    return <ErrorState error={new Error('message' in answer ? answer.message : 'No repository.')} what="jobs" />;
  }
  const jobs = answer.nodes.flatMap((repository) =>
    repository.jobs.map((job) => ({
      ...job,
      href: `/locations/${encodeURIComponent(repository.location.name)}/${encodeURIComponent(repository.name)}/jobs/${encodeURIComponent(job.name)}`,
    })),
  );
  return (
    <>
      <h1>Jobs</h1>
      {jobs.length === 0 ? (
        <Empty>No jobs: the server runs without definitions (tidepool serve --definitions FILE).</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Kind</th>
                <th scope="col">Pools</th>
                <th scope="col">Description</th>
                {mayLaunch ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} data-job={job.name}>
                  <th scope="row" className="mono">
                    <Link to={job.href}>{job.name}</Link>
                  </th>
                  <td>{job.isAssetJob ? 'asset job' : 'op job'}</td>
                  <td>
                    <Pools pools={job.pools} />
                  </td>
                  <td>{job.description ?? ''}</td>
                  {mayLaunch ? (
                    <td>
                      <button type="button" onClick={() => setLaunching(job.name)} aria-label={`Launch ${job.name}`}>
                        Launch
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {launching ? (
        <LaunchDialog title={`Launch ${launching}`} selector={{ jobName: launching }} onClose={() => setLaunching(undefined)} />
      ) : null}
    </>
  );
}
