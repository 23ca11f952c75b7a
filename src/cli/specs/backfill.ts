// `tidepool backfill launch|list|status|cancel|resume`: declarations (src/cli/command-spec.ts); the actions
// are in commands/backfill.ts.
import { BULK_ACTION_STATUSES } from '../../backfills/vocabulary.js';
import { command, CONFIG_OPTION, DEFINITIONS_OPTION, group, JSON_OPTION } from '../command-spec.js';

const COMMON = { ...CONFIG_OPTION, ...JSON_OPTION } as const;
const ID = { name: 'id', description: 'the backfill id (see tidepool backfill list)' } as const;

export const backfillLaunchSpec = {
  name: 'launch',
  description: 'Launch a partition backfill of a job or of assets; a running serve or daemon submits its runs.',
  arguments: [{ name: 'job', description: 'the job to backfill (or --assets)', optional: true }],
  options: {
    assets: { value: 'A,B', description: 'the assets to backfill, comma-separated (instead of JOB)' },
    ...DEFINITIONS_OPTION,
    partitions: { value: 'A,B', description: 'these partitions, comma-separated' },
    from: { value: 'X', description: 'the first partition of a range (with --to)' },
    to: { value: 'Y', description: 'the last partition of a range (with --from)' },
    all: { description: 'every partition' },
    tags: { value: 'KEY=VALUE', repeatable: true, description: 'a tag for every run of the backfill (repeatable)' },
    title: { value: 'TEXT', description: 'a title shown with the backfill' },
    description: { value: 'TEXT', description: 'a description shown with the backfill' },
    wait: { description: 'follow the backfill to its end; exit non-zero unless it COMPLETED' },
    ...COMMON,
  },
} as const;

export const backfillListSpec = {
  name: 'list',
  description: 'List backfills, newest first.',
  options: {
    status: { value: 'STATUS', choices: BULK_ACTION_STATUSES, description: 'only backfills with this status' },
    limit: { value: 'N', description: 'how many backfills (default: 50)' },
    ...COMMON,
  },
} as const;

export const backfillStatusSpec = {
  name: 'status',
  description: "Show a backfill and its partitions' progress.",
  arguments: [ID],
  options: COMMON,
} as const;

export const backfillCancelSpec = {
  name: 'cancel',
  description: 'Cancel a backfill: no more of its runs are submitted.',
  arguments: [ID],
  options: COMMON,
} as const;

export const backfillResumeSpec = {
  name: 'resume',
  description: 'Resume a failed or canceled backfill: its unfinished partitions run again.',
  arguments: [ID],
  options: COMMON,
} as const;

const load = () => import('../commands/backfill.js');

export const backfillCommands = group('backfill', 'Partition backfills.', [
  command(backfillLaunchSpec, () => load().then((m) => m.backfillLaunch)),
  command(backfillListSpec, () => load().then((m) => m.backfillList)),
  command(backfillStatusSpec, () => load().then((m) => m.backfillStatus)),
  command(backfillCancelSpec, () => load().then((m) => m.backfillCancel)),
  command(backfillResumeSpec, () => load().then((m) => m.backfillResume)),
]);
