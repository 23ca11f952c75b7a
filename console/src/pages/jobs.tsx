// Jobs of the loaded code location, each with the pools its steps use.
import { useQuery } from '../api/use-query';
import { usePageTitle } from '../components/page-title';
import { Pools } from '../components/pools';
import { Empty, ErrorState, Loading } from '../components/states';
import { JobsPageDocument } from '../generated/graphql';

export function JobsPage() {
  usePageTitle('Jobs');
  const query = useQuery(JobsPageDocument, {});
  if (query.error) return <ErrorState error={query.error} what="jobs" />;
  if (!query.data) return <Loading what="jobs" />;
  const answer = query.data.repositoriesOrError;
  if (answer.__typename !== 'RepositoryConnection') {
    return <ErrorState error={new Error('message' in answer ? answer.message : 'No repository.')} what="jobs" />;
  }
  const jobs = answer.nodes.flatMap((repository) => repository.jobs);
  return (
    <>
      <h1>Jobs</h1>
      {jobs.length === 0 ? (
        <Empty>No jobs: the server runs without definitions (tidepool serve --definitions FILE).</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Kind</th>
              <th scope="col">Pools</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} data-job={job.name}>
                <th scope="row" className="mono">
                  {job.name}
                </th>
                <td>{job.isAssetJob ? 'asset job' : 'op job'}</td>
                <td>
                  <Pools pools={job.pools} />
                </td>
                <td>{job.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
