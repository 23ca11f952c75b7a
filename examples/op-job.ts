/**
 * Demo (not a guide sample): an op job whose steps use pools, for trying the guide's limits by hand, and
 * `my_cool_sensor`, the sensor named in the guide's "Limit the number of runs that can be in progress by
 * run tag" sample (see config/tag-concurrency-limits.yaml).
 *
 * `etl_job`: extract (pool warehouse) → transform, transform_2 (pool compute) → load (pool warehouse).
 * Each step sleeps `ops.<step>.config.seconds` (default 2), e.g. launch with run config
 * `{ "ops": { "extract": { "config": { "seconds": 10 } } } }`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { StepContext } from '../src/index.js';
import { Definitions, RunRequest, SkipReason, job, op, sensor } from '../src/index.js';

async function work(context: StepContext): Promise<void> {
  const config = context.opConfig as { seconds?: unknown } | undefined;
  const seconds = typeof config?.seconds === 'number' ? config.seconds : 2;
  context.log.info(`${context.stepKey} working for ${seconds}s in pool ${context.pool ?? '(none)'}`);
  await sleep(seconds * 1000, undefined, { signal: context.signal });
}

const extract = op({ name: 'extract', pool: 'warehouse' }, async (context) => {
  await work(context);
  return [1, 2, 3];
});

const transform = op({ name: 'transform', pool: 'compute', ins: ['rows'] }, async (context, rows: number[]) => {
  await work(context);
  return rows.map((row) => row * 10);
});

const load = op({ name: 'load', pool: 'warehouse', ins: ['left', 'right'] }, async (context, left: number[], right: number[]) => {
  await work(context);
  context.log.info(`loaded ${left.length + right.length} rows`);
});

export const etlJob = job({ name: 'etl_job', tags: { team: 'data' } }, () => {
  const rows = extract();
  // The same op twice: Dagster's aliasing names the second node `transform_2`.
  load(transform(rows), transform(rows));
});

export const myCoolSensor = sensor({ name: 'my_cool_sensor', job: etlJob, minimumIntervalSeconds: 60 }, async (context) => {
  const active = await context.instance.getRunRecords({
    jobName: 'etl_job',
    statuses: ['QUEUED', 'STARTING', 'STARTED'],
    limit: 1,
  });
  if (active.length > 0) return new SkipReason('etl_job already has a run queued or in progress');
  return new RunRequest({ runKey: `etl_${Date.now()}` });
});

export default new Definitions({ jobs: [etlJob], sensors: [myCoolSensor] });
