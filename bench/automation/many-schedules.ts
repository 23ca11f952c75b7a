// 1,000 schedules on one minutely cron, all running by default, for bench/automation/schedules-due.ts.
import { Definitions, job, op, schedule } from '../../src/index.js';

export const SCHEDULE_COUNT = 1000;

const quick = op({ name: 'quick' }, async () => undefined);
const quickJob = job({ name: 'quick_job' }, () => {
  quick();
});

export default new Definitions({
  jobs: [quickJob],
  schedules: Array.from({ length: SCHEDULE_COUNT }, (_, i) =>
    schedule({ name: `minutely_${String(i).padStart(4, '0')}`, job: quickJob, cronSchedule: '* * * * *', defaultStatus: 'RUNNING' }),
  ),
});
