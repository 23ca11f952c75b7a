// Object refs shared between domain files: declared here, implemented by their own domain file, so
// that (say) the launch mutations can return a `Run` without importing the runs domain.
import type { BackfillRecord } from '../backfills/backfill-record.js';
import type { RunRecord } from '../runs/run-record.js';
import { builder } from './builder.js';

/** Implemented in runs.ts; other domains add fields with builder.objectFields(RunRef, …). */
export const RunRef = builder.objectRef<RunRecord>('Run');

/** Implemented in backfills.ts; partition sets (partitions.ts) list their backfills. */
export const PartitionBackfillRef = builder.objectRef<BackfillRecord>('PartitionBackfill');

/** Implemented in runs-feed.ts; Run (runs.ts) and PartitionBackfill (backfills.ts) implement it. */
export const RunsFeedEntryRef = builder.interfaceRef<RunRecord | BackfillRecord>('RunsFeedEntry');
