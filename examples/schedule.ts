/**
 * Dagster guide, "Managing concurrency" → "Prevent runs from starting if another run is already occurring
 * (advanced)" → sample "No more than 1 running job from a schedule", in TypeScript.
 *
 * `first_asset` takes 75 seconds (and stops early when its run is terminated); `my_schedule` fires every
 * minute but skips its tick while a run of `my_job` is STARTED. It runs by default (the guide's sample
 * leaves that to the UI), so `npm start` shows the skips in its tick history within two minutes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Definitions, RunRequest, SkipReason, asset, defineAssetJob, schedule } from '../src/index.js';

export const firstAsset = asset({ name: 'first_asset' }, async (context) => {
  // sleep so that the asset takes some time to execute
  await sleep(75_000, undefined, { signal: context.signal });
  context.log.info('First asset executing');
});

export const myJob = defineAssetJob({ name: 'my_job', selection: [firstAsset] });

export const mySchedule = schedule(
  {
    name: 'my_schedule',
    job: myJob,
    // Runs every minute to show the effect of the concurrency limit
    cronSchedule: '* * * * *',
    defaultStatus: 'RUNNING',
  },
  async (context) => {
    // Find runs of the same job that are currently running
    const runRecords = await context.instance.getRunRecords({ jobName: 'my_job', statuses: ['STARTED'] });
    // skip a schedule run if another run of the same job is already running
    if (runRecords.length > 0) {
      return new SkipReason('Skipping this run because another run of the same job is already running');
    }
    return new RunRequest();
  },
);

export default new Definitions({ assets: [firstAsset], jobs: [myJob], schedules: [mySchedule] });
