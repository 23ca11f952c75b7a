// A run's status as a coloured badge, with its words for screen readers too.
import type { RunStatus } from '../generated/graphql';

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status}</span>;
}
