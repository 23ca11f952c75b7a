// One partition backfill: its status, what it covers (a job's partition set or assets), when it was launched
// and ended, its partitions by the status of their latest run, each partition's latest run linked, and
// Cancel (while in progress) or Resume (once FAILED or CANCELED) when the caller may. No feed reports a
// backfill's own changes, so while it is in progress the page re-queries on an interval; its runs' status
// changes (runStatusChanged, filtered by the dagster/backfill tag) are a hint to re-query at once.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { request } from '../api/client';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { BackfillPartitions } from '../components/backfill-partitions';
import { TagList } from '../components/tag-list';
import { ConfirmDialog } from '../components/confirm-dialog';
import { usePageTitle } from '../components/page-title';
import { ErrorState, Loading } from '../components/states';
import { formatTime } from '../format';
import {
  BackfillPageDocument,
  BackfillRunChangesDocument,
  CancelBackfillDocument,
  ResumeBackfillDocument,
  type BulkActionStatus,
} from '../generated/graphql';

/** The statuses a backfill still changes in by itself. */
const IN_PROGRESS = new Set<BulkActionStatus>(['REQUESTED', 'CANCELING']);
/** The statuses resumePartitionBackfill accepts. */
const RESUMABLE = new Set<BulkActionStatus>(['FAILED', 'CANCELED']);
const POLL_MS = 2_000;

const BADGE: Record<BulkActionStatus, string> = {
  REQUESTED: 'status-started',
  CANCELING: 'status-queued',
  COMPLETED: 'status-success',
  FAILED: 'status-failure',
  CANCELED: 'status-canceled',
};

export function BackfillPage() {
  const { backfillId = '' } = useParams();
  const query = useQuery(BackfillPageDocument, { backfillId });
  const [canceling, setCanceling] = useState(false);
  const [resumeError, setResumeError] = useState<string>();
  const [resuming, setResuming] = useState(false);
  const answer = query.data?.partitionBackfillOrError;
  const backfill = answer?.__typename === 'PartitionBackfill' ? answer : undefined;
  usePageTitle(`Backfill ${backfill?.title ?? backfillId}`);

  const live = backfill !== undefined && IN_PROGRESS.has(backfill.status);
  const { refetch } = query;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refetch, POLL_MS);
    return () => clearInterval(timer);
  }, [live, refetch]);
  useSubscription(
    BackfillRunChangesDocument,
    live ? { filter: { tags: [{ key: 'dagster/backfill', value: backfillId }] } } : null,
    refetch,
  );

  const cancel = async () => {
    const { cancelPartitionBackfill: result } = await request(CancelBackfillDocument, { backfillId });
    if ('message' in result) throw new Error(result.message);
  };
  const resume = () => {
    setResuming(true);
    setResumeError(undefined);
    request(ResumeBackfillDocument, { backfillId })
      .then(
        ({ resumePartitionBackfill: result }) => ('message' in result ? setResumeError(result.message) : refetch()),
        (error: Error) => setResumeError(error.message),
      )
      .finally(() => setResuming(false));
  };

  if (query.error) return <ErrorState error={query.error} what={`backfill ${backfillId}`} />;
  if (!answer) return <Loading what="the backfill" />;
  if (!backfill) {
    return (
      <>
        <h1>Backfill {backfillId}</h1>
        <ErrorState error={new Error('message' in answer ? answer.message : 'No such backfill.')} what="the backfill" />
      </>
    );
  }

  const assets = (backfill.assetSelection ?? []).map((key) => key.path.join('/'));
  return (
    <>
      <h1>
        Backfill <span className="mono">{backfill.title ?? backfill.id}</span>
      </h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd aria-live="polite" data-testid="backfill-status">
          <span className={`badge ${BADGE[backfill.status]}`}>{backfill.status}</span>
        </dd>
        <dt>{backfill.isAssetBackfill ? 'Assets' : 'Job'}</dt>
        <dd>
          {backfill.isAssetBackfill
            ? assets.map((asset) => (
                <code key={asset} className="tag">
                  {asset}
                </code>
              ))
            : `${backfill.jobName ?? '—'} (${backfill.partitionSetName ?? 'no partition set'})`}
        </dd>
        <dt>Partitions</dt>
        <dd>{backfill.numPartitions ?? '—'}</dd>
        <dt>Launched</dt>
        <dd>{formatTime(backfill.timestamp)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(backfill.endTimestamp)}</dd>
        {backfill.description ? (
          <>
            <dt>Description</dt>
            <dd>{backfill.description}</dd>
          </>
        ) : null}
        {backfill.tags.length > 0 ? (
          <>
            <dt>Tags</dt>
            <dd>
              <TagList tags={backfill.tags} />
            </dd>
          </>
        ) : null}
      </dl>
      {backfill.error ? (
        <p className="state error" role="alert">
          {backfill.error.message}
        </p>
      ) : null}
      {backfill.hasCancelPermission && backfill.status === 'REQUESTED' ? (
        <p>
          <button type="button" className="danger" onClick={() => setCanceling(true)}>
            Cancel backfill
          </button>
        </p>
      ) : null}
      {backfill.hasResumePermission && RESUMABLE.has(backfill.status) ? (
        <p>
          <button type="button" disabled={resuming} onClick={resume}>
            Resume backfill
          </button>
          {resumeError ? (
            <span role="alert" className="field-error">
              {resumeError}
            </span>
          ) : null}
        </p>
      ) : null}
      {canceling ? (
        <ConfirmDialog
          title={`Cancel backfill ${backfill.title ?? backfill.id}?`}
          confirmLabel="Cancel backfill"
          action={cancel}
          onClose={(canceled) => {
            setCanceling(false);
            if (canceled) refetch();
          }}
        >
          <p>
            No more partitions are submitted and its {backfill.numCancelable} unfinished{' '}
            {backfill.numCancelable === 1 ? 'partition is' : 'partitions are'} stopped (their runs terminated). It can be resumed later.
          </p>
        </ConfirmDialog>
      ) : null}
      <BackfillPartitions backfill={backfill} />
    </>
  );
}
