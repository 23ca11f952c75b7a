// A backfill's partitions: how many are in each status of their latest run (NOT_STARTED: not yet submitted),
// and each partition in submission order with its latest run, linked.
import { Link } from 'react-router';
import type { BackfillDetailFragment } from '../generated/graphql';
import { RunStatusBadge } from './run-status';
import { Empty } from './states';

function seconds(duration: number | null | undefined): string {
  if (duration == null) return '—';
  return duration < 1 ? `${Math.round(duration * 1000)} ms` : `${duration.toFixed(1)} s`;
}

export function BackfillPartitions({ backfill }: { backfill: BackfillDetailFragment }) {
  const partitions = backfill.partitionStatuses?.results ?? [];
  return (
    <section aria-labelledby="partitions">
      <h2 id="partitions">Partitions</h2>
      <p aria-live="polite" data-testid="partition-counts">
        {backfill.partitionStatusCounts.map((entry) => (
          <span key={entry.runStatus} className="tag" data-status={entry.runStatus}>
            <RunStatusBadge status={entry.runStatus} /> {entry.count}
          </span>
        ))}
      </p>
      {partitions.length === 0 ? (
        <Empty>No partitions.</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Partition</th>
                <th scope="col">Status of its latest run</th>
                <th scope="col">Latest run</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {partitions.map((partition) => (
                <tr key={partition.id} data-partition={partition.partitionName}>
                  <th scope="row" className="mono">
                    {partition.partitionName}
                  </th>
                  <td data-cell="status">{partition.runStatus ? <RunStatusBadge status={partition.runStatus} /> : 'not submitted'}</td>
                  <td data-cell="run">
                    {partition.runId ? (
                      <Link className="mono" to={`/runs/${partition.runId}`}>
                        {partition.runId.slice(0, 8)}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{seconds(partition.runDuration)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
