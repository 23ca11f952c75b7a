// Definitions for backfill-submit: one job of one quick op, partitioned hourly since 2025 (more than 10,000
// partitions by the time the bench runs).
import { Definitions, HourlyPartitionsDefinition, job, op } from '../../src/index.js';

const quick = op({ name: 'quick' }, async () => undefined);
const hourlyJob = job({ name: 'hourly_job', partitionsDef: new HourlyPartitionsDefinition({ startDate: '2025-01-01-00:00' }) }, () => {
  quick();
});

export default new Definitions({ jobs: [hourlyJob] });
