// Deployment > Concurrency: every pool with its limit, slots in use and waiting steps, each row kept live by
// its own concurrencyKeyChanged feed (and the list refetched when runs change status, for new pools); "Add pool limit", edit and delete; and the run queue's settings.
import { useState } from 'react';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { request } from '../api/client';
import { ConfirmDialog } from '../components/confirm-dialog';
import { usePageTitle } from '../components/page-title';
import { PoolLimitDialog } from '../components/pool-limit-dialog';
import { RunQueueSettings } from '../components/run-queue-settings';
import { Empty, ErrorState, Loading } from '../components/states';
import { Link } from 'react-router';
import {
  ConcurrencyPageDocument,
  DeletePoolLimitDocument,
  PoolChangedDocument,
  RunStatusChangesDocument,
  type PoolRowFragment,
} from '../generated/graphql';

/**
 * Pools kept live by their own feed; one graphql-ws connection carries at most 100 operations by default
 * (api.subscriptions.max_operations_per_connection), so rows past these follow the list's refetches only.
 */
const LIVE_POOLS = 50;

type Dialog = { kind: 'add' } | { kind: 'edit'; pool: PoolRowFragment } | { kind: 'delete'; pool: PoolRowFragment } | null;

export function ConcurrencyPage() {
  usePageTitle('Concurrency');
  const query = useQuery(ConcurrencyPageDocument, {});
  // Rows follow their own pool's feed; a pool first used by a run appears when a run changes status.
  useSubscription(RunStatusChangesDocument, {}, query.refetch);
  const [dialog, setDialog] = useState<Dialog>(null);
  const closed = (changed: boolean) => {
    setDialog(null);
    if (changed) query.refetch();
  };
  const instance = query.data?.instance;

  return (
    <>
      <h1>Concurrency</h1>
      <section aria-labelledby="pools">
        <div className="heading-row">
          <h2 id="pools">Pools</h2>
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'add' })} disabled={!instance}>
            Add pool limit
          </button>
        </div>
        {query.error ? (
          <ErrorState error={query.error} what="pools" />
        ) : !instance ? (
          <Loading what="pools" />
        ) : instance.concurrencyLimits.length === 0 ? (
          <Empty>No pool has a limit, a held slot or a waiting step.</Empty>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Pool</th>
                  <th scope="col">Limit</th>
                  <th scope="col">In use</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {instance.concurrencyLimits.map((pool, index) => (
                  <PoolRow
                    subscribed={index < LIVE_POOLS}
                    key={pool.concurrencyKey}
                    pool={pool}
                    onEdit={(live) => setDialog({ kind: 'edit', pool: live })}
                    onDelete={(live) => setDialog({ kind: 'delete', pool: live })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {instance ? <RunQueueSettings instance={instance} /> : null}
      {dialog?.kind === 'add' || dialog?.kind === 'edit' ? (
        <PoolLimitDialog
          pool={dialog.kind === 'edit' ? dialog.pool : null}
          range={{ min: instance?.minConcurrencyLimitValue ?? 0, max: instance?.maxConcurrencyLimitValue ?? 0 }}
          onClose={closed}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete the limit of ${dialog.pool.concurrencyKey}?`}
          confirmLabel="Delete limit"
          action={() => request(DeletePoolLimitDocument, { concurrencyKey: dialog.pool.concurrencyKey })}
          onClose={closed}
        >
          <p>The pool becomes unlimited, or follows the default pool limit when one is configured.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function PoolRow({
  subscribed,
  pool,
  onEdit,
  onDelete,
}: {
  subscribed: boolean;
  pool: PoolRowFragment;
  onEdit: (pool: PoolRowFragment) => void;
  onDelete: (pool: PoolRowFragment) => void;
}) {
  const [live, setLive] = useState<PoolRowFragment>();
  useSubscription(PoolChangedDocument, subscribed ? { concurrencyKey: pool.concurrencyKey } : null, (data) =>
    setLive(data.concurrencyKeyChanged),
  );
  const shown = live ?? pool;
  return (
    <tr data-pool={shown.concurrencyKey}>
      <th scope="row" className="mono">
        <Link to={`/deployment/concurrency/${encodeURIComponent(shown.concurrencyKey)}`}>{shown.concurrencyKey}</Link>
      </th>
      <td data-cell="limit">
        {shown.limit ?? 'unlimited'}
        {shown.usingDefaultLimit ? <span className="marker"> (default)</span> : null}
      </td>
      <td data-cell="in-use">{shown.activeSlotCount}</td>
      <td data-cell="waiting">{shown.pendingStepCount}</td>
      <td className="row-actions">
        <button type="button" onClick={() => onEdit(shown)} aria-label={`Edit the limit of ${shown.concurrencyKey}`}>
          Edit
        </button>
        {shown.limit != null && !shown.usingDefaultLimit ? (
          <button type="button" onClick={() => onDelete(shown)} aria-label={`Delete the limit of ${shown.concurrencyKey}`}>
            Delete
          </button>
        ) : null}
      </td>
    </tr>
  );
}
