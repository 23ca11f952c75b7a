// Partition backfills, newest first: status, what they cover, and their partitions by the status of each
// one's latest run; each links to its page.
import { Link } from 'react-router';
import { useQuery } from '../api/use-query';
import { usePageTitle } from '../components/page-title';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatTime } from '../format';
import { BackfillsPageDocument } from '../generated/graphql';

export function BackfillsPage() {
  usePageTitle('Backfills');
  const query = useQuery(BackfillsPageDocument, {});
  if (query.error) return <ErrorState error={query.error} what="backfills" />;
  if (!query.data) return <Loading what="backfills" />;
  const answer = query.data.partitionBackfillsOrError;
  if (answer.__typename !== 'PartitionBackfills') {
    return <ErrorState error={new Error('message' in answer ? answer.message : 'No backfills.')} what="backfills" />;
  }
  return (
    <>
      <h1>Backfills</h1>
      {answer.results.length === 0 ? (
        <Empty>No backfills.</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Backfill</th>
                <th scope="col">Of</th>
                <th scope="col">Status</th>
                <th scope="col">Launched</th>
                <th scope="col">Partitions</th>
                <th scope="col">By status</th>
              </tr>
            </thead>
            <tbody>
              {answer.results.map((backfill) => (
                <tr key={backfill.id} data-backfill={backfill.id}>
                  <th scope="row" className="mono">
                    <Link to={`/backfills/${backfill.id}`}>{backfill.title ?? backfill.id}</Link>
                  </th>
                  <td>{backfill.partitionSetName ?? (backfill.assetSelection ?? []).map((key) => key.path.join('/')).join(', ')}</td>
                  <td>{backfill.status}</td>
                  <td>{formatTime(backfill.timestamp)}</td>
                  <td>{backfill.numPartitions ?? '—'}</td>
                  <td>
                    {backfill.partitionStatusCounts.map((entry) => (
                      <span key={entry.runStatus} className="tag">
                        {entry.runStatus} {entry.count}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
