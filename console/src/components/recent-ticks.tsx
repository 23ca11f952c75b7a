// A schedule's or sensor's latest ticks, newest first: when, how it ended, why it skipped or failed, and the
// runs it launched.
import { Link } from 'react-router';
import type { RecentTickFragment } from '../generated/graphql';
import { formatTime } from '../format';

export function RecentTicks({ ticks }: { ticks: readonly RecentTickFragment[] }) {
  if (ticks.length === 0) return <span className="muted">No ticks yet.</span>;
  return (
    <ul className="ticks">
      {ticks.map((tick) => (
        <li key={tick.id}>
          <span className={`badge tick-${tick.status.toLowerCase()}`}>{tick.status}</span> {formatTime(tick.timestamp)}
          {tick.skipReason ? <span className="muted"> — {tick.skipReason}</span> : null}
          {tick.error ? <span className="field-error"> — {tick.error.message}</span> : null}
          {tick.runIds.map((runId) => (
            <Link key={runId} to={`/runs/${runId}`} className="mono held-by">
              {' '}
              {runId.slice(0, 8)}
            </Link>
          ))}
        </li>
      ))}
    </ul>
  );
}
