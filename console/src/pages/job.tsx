// One job: its pools and its ops drawn as a graph with theirs (the guide's "verify the pool").
import { useParams } from 'react-router';
import { useQuery } from '../api/use-query';
import { OpGraph } from '../components/op-graph';
import { usePageTitle } from '../components/page-title';
import { Pools } from '../components/pools';
import { ErrorState, Loading } from '../components/states';
import { JobPageDocument } from '../generated/graphql';

export function JobPage() {
  const { location = '', repository = '', job: jobName = '' } = useParams();
  usePageTitle(jobName);
  const query = useQuery(JobPageDocument, { selector: { repositoryLocationName: location, repositoryName: repository, jobName } });
  if (query.error) return <ErrorState error={query.error} what={`job ${jobName}`} />;
  if (!query.data) return <Loading what="the job" />;
  const job = query.data.pipelineOrError;
  if (job.__typename !== 'Job') {
    return <ErrorState error={new Error('message' in job ? job.message : 'No such job.')} what={`job ${jobName}`} />;
  }
  return (
    <>
      <h1>
        Job <span className="mono">{job.name}</span>
      </h1>
      {job.description ? <p>{job.description}</p> : null}
      <p>
        Pools: <Pools pools={job.pools} />
      </p>
      <section aria-labelledby="ops">
        <h2 id="ops">Ops</h2>
        <OpGraph job={job} />
      </section>
    </>
  );
}
