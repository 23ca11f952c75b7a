// A definition's pools, each linking to the Concurrency page where its limit is set.
import { Link } from 'react-router';

export function Pools({ pools }: { pools: readonly string[] }) {
  if (pools.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {pools.map((pool) => (
        <Link key={pool} to="/deployment/concurrency" className="pool mono">
          {pool}
        </Link>
      ))}
    </>
  );
}
