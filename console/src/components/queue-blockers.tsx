// "Why is it still queued?": the run's place in the queue and everything holding it, as the API explains it,
// with links to the limit's page and to the runs holding it.
import { Link } from 'react-router';
import type { RunDetailFragment } from '../generated/graphql';

type Blocker = RunDetailFragment['queueBlockers'][number];

/** Where the limit is shown: a pool's own page, else the run queue settings and daemon health. */
function limitPage(blocker: Blocker): string {
  if (blocker.kind === 'POOL_LIMIT' && blocker.key) return `/deployment/concurrency/${encodeURIComponent(blocker.key)}`;
  return blocker.kind === 'TAG_LIMIT' ? '/deployment/concurrency' : '/deployment/configuration';
}

export function QueueBlockers({ position, blockers }: { position: number | null; blockers: readonly Blocker[] }) {
  return (
    <section aria-labelledby="why-queued">
      <h2 id="why-queued">Why is it still queued?</h2>
      {position != null ? <p>Position {position} in the queue.</p> : null}
      {blockers.length === 0 ? (
        <p>Nothing holds it: the next dequeue starts it.</p>
      ) : (
        <ul className="blockers">
          {blockers.map((blocker) => (
            <li key={`${blocker.kind}:${blocker.key ?? ''}:${blocker.value ?? ''}`} data-kind={blocker.kind}>
              <p>
                <strong>{blocker.kind.replaceAll('_', ' ').toLowerCase()}</strong>: {blocker.message}{' '}
                <Link to={limitPage(blocker)}>See the limit</Link>
              </p>
              {blocker.limit != null ? (
                <p>
                  In use {blocker.inUse ?? 0} of {blocker.limit}
                </p>
              ) : null}
              {blocker.runIds.length > 0 ? (
                <p>
                  Held by{' '}
                  {blocker.runIds.map((id) => (
                    <Link key={id} to={`/runs/${id}`} className="mono held-by">
                      {id.slice(0, 8)}
                    </Link>
                  ))}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
