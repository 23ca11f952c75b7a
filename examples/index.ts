/**
 * The code location `npm start` serves: every sample of Dagster's "Managing concurrency" guide in one
 * Definitions — pools on assets and ops (pools.ts), the schedule that skips while a run is in progress
 * (schedule.ts) — plus the pooled op job and `my_cool_sensor` demo (op-job.ts), and partitioned assets to
 * backfill (partitions.ts).
 */
import { Definitions } from '../src/index.js';
import { etlJob, myCoolSensor } from './op-job.js';
import { myAsset, myGraphAsset } from './pools.js';
import { daily, regional } from './partitions.js';
import { firstAsset, myJob, mySchedule } from './schedule.js';

export default new Definitions({
  assets: [myAsset, myGraphAsset, firstAsset, regional, daily],
  jobs: [myJob, etlJob],
  schedules: [mySchedule],
  sensors: [myCoolSensor],
});
