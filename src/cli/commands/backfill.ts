// `tidepool backfill launch|list|status|cancel|resume`: partition backfills, on the database directly (the
// audit log names these changes "cli"). A launch only records the backfill: a running `serve` or `daemon`
// (with the same definitions) submits its runs. `--wait` follows it to its end, with a progress bar of
// done / failed / in-progress partitions on a terminal and a plain line per change otherwise, and exits
// non-zero unless it COMPLETED.
import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import { CLI_ACTOR } from '../../audit/actor.js';
import { targetOfAssets, targetOfJob } from '../../backfills/backfill-target.js';
import type { BackfillRecord } from '../../backfills/backfill-record.js';
import { cancelBackfill } from '../../backfills/cancel-backfill.js';
import { BackfillNotFoundError, BackfillStatusError, ConflictingExecutionParamsError } from '../../backfills/errors.js';
import { launchBackfill, type PartitionSelection } from '../../backfills/launch-backfill.js';
import { backfillStatusCounts, listBackfills, requireBackfill, type PartitionStatusCount } from '../../backfills/read-backfills.js';
import { resumeBackfill } from '../../backfills/resume-backfill.js';
import type { BulkActionStatus } from '../../backfills/vocabulary.js';
import { DAEMON_TYPES } from '../../daemon/daemon-types.js';
import { daemonStatuses } from '../../daemon/heartbeats.js';
import type { Db } from '../../db/database.js';
import { InvalidSubsetError, PipelineNotFoundError } from '../../definitions/index.js';
import { InvalidTagsError, RunConfigValidationInvalid } from '../../runs/errors.js';
import { UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { formatTime } from '../format-time.js';
import { cliStdout, commandSignal } from '../command-io.js';
import { printResult, writeErr, writeOut } from '../output.js';
import type { backfillLaunchSpec, backfillListSpec, backfillStatusSpec } from '../specs/backfill.js';
import { withInstance } from '../with-instance.js';
import { withLocation } from '../with-location.js';

const EXPECTED_ERRORS = [
  BackfillNotFoundError,
  BackfillStatusError,
  ConflictingExecutionParamsError,
  InvalidSubsetError,
  PipelineNotFoundError,
  InvalidTagsError,
  RunConfigValidationInvalid,
];

/** How often --wait reads the backfill. */
const WAIT_POLL_MS = 500;
const ENDED: readonly BulkActionStatus[] = ['COMPLETED', 'FAILED', 'CANCELED'];

function list(option: string, value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item.length === 0))
    throw new UsageError(`${option} must be a comma-separated list without empty items (got '${value}').`);
  return items;
}

function partitionsOf(values: { partitions?: string; from?: string; to?: string; all?: boolean }): PartitionSelection {
  const given = [values.partitions !== undefined, values.from !== undefined || values.to !== undefined, values.all === true].filter(
    Boolean,
  );
  if (given.length !== 1) throw new UsageError('Give exactly one of --partitions A,B, --from X --to Y, or --all.');
  if (values.partitions !== undefined) return { partitionNames: list('--partitions', values.partitions) };
  if (values.all) return { allPartitions: true };
  if (values.from === undefined) throw new UsageError('--from is required with --to: the first partition of the range.');
  if (values.to === undefined) throw new UsageError('--to is required with --from: the last partition of the range.');
  return { range: { start: values.from, end: values.to } };
}

function tagsOf(tags: readonly string[]): { key: string; value: string }[] {
  return tags.map((tag) => {
    const at = tag.indexOf('=');
    if (at <= 0) throw new UsageError(`--tags must be KEY=VALUE (got '${tag}').`);
    return { key: tag.slice(0, at), value: tag.slice(at + 1) };
  });
}

/** Partitions by outcome, from the counts of their runs' statuses. */
function progressOf(
  counts: readonly PartitionStatusCount[],
  total: number,
): { done: number; failed: number; inProgress: number; total: number } {
  const count = (statuses: readonly string[]) => counts.filter((c) => statuses.includes(c.runStatus)).reduce((sum, c) => sum + c.count, 0);
  const done = count(['SUCCESS']);
  const failed = count(['FAILURE', 'CANCELED']);
  return { done, failed, inProgress: total - done - failed - count(['NOT_STARTED']), total };
}

function describe(backfill: BackfillRecord): string {
  const target = backfill.assetSelection ? `assets ${backfill.assetSelection.join(', ')}` : backfill.jobName;
  const title = backfill.title ? ` "${backfill.title}"` : '';
  return `${backfill.id}  ${backfill.status.padEnd(10)} ${target}, ${backfill.numPartitions} partitions${title}, launched ${formatTime(backfill.createdAt)}`;
}

/** Follows the backfill until it ends; a bar on a terminal, a line per change otherwise. */
async function waitForEnd(db: Db, backfillId: string, json: boolean): Promise<BackfillRecord> {
  const tty = cliStdout().isTTY === true && !json;
  const bar = tty ? new SingleBar({ format: ' {bar} {done} done, {failed} failed, {inProgress} in progress of {total} | {status}' }) : null;
  let last = '';
  for (;;) {
    const backfill = await requireBackfill(db, backfillId);
    const progress = progressOf(await backfillStatusCounts(db, backfillId), backfill.numPartitions);
    const line = `${backfill.status}: ${progress.done} done, ${progress.failed} failed, ${progress.inProgress} in progress of ${progress.total}`;
    if (bar) {
      const payload = { ...progress, status: backfill.status };
      if (last === '') bar.start(progress.total, 0, payload);
      bar.update(progress.done + progress.failed, payload);
    } else if (!json && line !== last) {
      writeOut(`${line}\n`);
    }
    last = line;
    if (ENDED.includes(backfill.status)) {
      bar?.stop();
      return backfill;
    }
    // A relayed wait stops when its caller goes away (command-io.ts).
    await sleep(WAIT_POLL_MS, undefined, { signal: commandSignal() });
  }
}

export async function backfillLaunch({ options: values, args }: Invocation<typeof backfillLaunchSpec>): Promise<void> {
  const jobName = args.job;
  if ((jobName === undefined) === (values.assets === undefined)) {
    throw new UsageError('Name what to backfill: a JOB, or --assets A,B (not both).');
  }
  const partitions = partitionsOf(values);
  const tags = tagsOf(values.tags);
  await withLocation(
    values,
    async (instance, location) => {
      const target = jobName !== undefined ? targetOfJob(location, jobName) : targetOfAssets(location, list('--assets', values.assets!));
      const request = { target, partitions, tags, title: values.title, description: values.description };
      const { backfillId, numPartitions } = await launchBackfill(instance, location, request, CLI_ACTOR);
      const json = values.json === true;
      if (!values.wait) {
        printResult(
          json,
          { backfillId, numPartitions, status: 'REQUESTED' },
          () => `Launched backfill ${backfillId} of ${numPartitions} partitions.`,
        );
        return;
      }
      if (!json) writeOut(`Launched backfill ${backfillId} of ${numPartitions} partitions; waiting for it to end.\n`);
      const [daemon] = await daemonStatuses(instance.database.db, [DAEMON_TYPES.backfill], [DAEMON_TYPES.backfill]);
      if (!daemon!.healthy) {
        writeErr(
          'No backfill daemon is running: its runs are submitted once `tidepool serve` or `tidepool daemon --definitions FILE` runs.\n',
        );
      }
      const ended = await waitForEnd(instance.database.db, backfillId, json);
      printResult(json, { backfillId, numPartitions, status: ended.status }, () => `Backfill ${backfillId} ${ended.status}.`);
      if (ended.status !== 'COMPLETED')
        throw new Error(`backfill ${backfillId} ended ${ended.status}${ended.error ? `: ${ended.error}` : ''}.`);
    },
    EXPECTED_ERRORS,
  );
}

export async function backfillList({ options: values }: Invocation<typeof backfillListSpec>): Promise<void> {
  // commander accepted only one of the spec's choices, which are BULK_ACTION_STATUSES.
  const status = values.status as BulkActionStatus | undefined;
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError(`--limit must be a whole number from 1 to 1000 (got '${values.limit}').`);
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const backfills = await listBackfills(instance.database.db, { status, limit });
    printResult(values.json === true, backfills, () => (backfills.length === 0 ? 'No backfills.' : backfills.map(describe).join('\n')));
  });
}

// status, cancel and resume are declared alike (specs/backfill.ts).
type IdInvocation = Invocation<typeof backfillStatusSpec>;

export async function backfillStatus({ options: values, args }: IdInvocation): Promise<void> {
  const backfillId = args.id;
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const backfill = await requireBackfill(instance.database.db, backfillId);
    const counts = await backfillStatusCounts(instance.database.db, backfillId);
    const progress = progressOf(counts, backfill.numPartitions);
    printResult(values.json === true, { ...backfill, statusCounts: counts, progress }, () =>
      [
        describe(backfill),
        `  ${progress.done} done, ${progress.failed} failed, ${progress.inProgress} in progress, ${progress.total - progress.done - progress.failed - progress.inProgress} not submitted`,
        ...(backfill.error ? [`  error: ${backfill.error}`] : []),
      ].join('\n'),
    );
  });
}

export async function backfillCancel({ options: values, args }: IdInvocation): Promise<void> {
  const backfillId = args.id;
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const status = await cancelBackfill(instance.database.db, backfillId, CLI_ACTOR);
    printResult(values.json === true, { backfillId, status }, () => `Backfill ${backfillId} is ${status}.`);
  });
}

export async function backfillResume({ options: values, args }: IdInvocation): Promise<void> {
  const backfillId = args.id;
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const { partitionsReset } = await resumeBackfill(instance.database.db, backfillId, CLI_ACTOR);
    printResult(
      values.json === true,
      { backfillId, status: 'REQUESTED', partitionsReset },
      () => `Backfill ${backfillId} resumed: ${partitionsReset} partitions will run again.`,
    );
  });
}
