// One pool (Deployment > Concurrency > pool): its limit and, live by concurrencyKeyChanged, the steps holding
// its slots and the steps waiting for one; a run's slots can be freed here (recorded on the run).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { request } from '../api/client';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { ConfirmDialog } from '../components/confirm-dialog';
import { usePageTitle } from '../components/page-title';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatTime } from '../format';
import { FreeRunSlotsDocument, PoolDetailChangedDocument, PoolPageDocument, type PoolDetailFragment } from '../generated/graphql';

export function PoolPage() {
  const { pool: concurrencyKey = '' } = useParams();
  usePageTitle(`Pool ${concurrencyKey}`);
  const query = useQuery(PoolPageDocument, { concurrencyKey });
  const [live, setLive] = useState<PoolDetailFragment>();
  const [freeing, setFreeing] = useState<string>();
  const liveError = useSubscription(PoolDetailChangedDocument, { concurrencyKey }, (data) => setLive(data.concurrencyKeyChanged));

  if (query.error) return <ErrorState error={query.error} what={`pool ${concurrencyKey}`} />;
  if (!query.data) return <Loading what="the pool" />;
  const pool = live?.concurrencyKey === concurrencyKey ? live : query.data.instance.concurrencyLimit;

  return (
    <>
      <p>
        <Link to="/deployment/concurrency">Concurrency</Link> ›
      </p>
      <h1>
        Pool <span className="mono">{pool.concurrencyKey}</span>
      </h1>
      {liveError ? <p className="state error">Live updates stopped: {liveError.message}</p> : null}
      <dl className="facts">
        <dt>Limit</dt>
        <dd data-testid="pool-limit">
          {pool.limit ?? 'unlimited'}
          {pool.usingDefaultLimit ? ' (default)' : ''}
        </dd>
        <dt>In use</dt>
        <dd>{pool.activeSlotCount}</dd>
        <dt>Waiting</dt>
        <dd>{pool.pendingStepCount}</dd>
      </dl>
      <section aria-labelledby="holding">
        <h2 id="holding">Steps holding a slot</h2>
        {pool.claimedSlots.length === 0 ? (
          <Empty>No step holds a slot.</Empty>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Step</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pool.claimedSlots.map((slot) => (
                  <tr key={`${slot.runId}:${slot.stepKey}`} data-run-id={slot.runId}>
                    <td>
                      <Link to={`/runs/${slot.runId}`} className="mono">
                        {slot.runId.slice(0, 8)}
                      </Link>
                    </td>
                    <td className="mono">{slot.stepKey}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => setFreeing(slot.runId)}
                        aria-label={`Free slots of run ${slot.runId.slice(0, 8)}`}
                      >
                        Free slots
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="waiting">
        <h2 id="waiting">Steps waiting for a slot</h2>
        {pool.pendingSteps.length === 0 ? (
          <Empty>No step is waiting.</Empty>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Step</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Waiting since</th>
                </tr>
              </thead>
              <tbody>
                {pool.pendingSteps.map((step) => (
                  <tr key={`${step.runId}:${step.stepKey}`}>
                    <td>
                      <Link to={`/runs/${step.runId}`} className="mono">
                        {step.runId.slice(0, 8)}
                      </Link>
                    </td>
                    <td className="mono">{step.stepKey}</td>
                    <td>{step.priority ?? '—'}</td>
                    <td>{formatTime(step.enqueuedTimestamp)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {freeing ? (
        <ConfirmDialog
          title={`Free the slots of run ${freeing.slice(0, 8)}?`}
          confirmLabel="Free slots"
          action={() => request(FreeRunSlotsDocument, { runId: freeing })}
          onClose={() => setFreeing(undefined)}
        >
          <p>Every slot and waiting claim of the run is released, in every pool; an engine event on the run records it.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
