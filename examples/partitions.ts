/**
 * Partitioned assets (Tidepool's DESIGN sample "Sensors and partitions"): `regional` has one partition per
 * region, `daily` one per day since 1 January 2026. Each run materializes one partition, named by
 * `context.partitionKey`. Backfill them from GraphQL (`launchPartitionBackfill`) or the CLI:
 *
 *   tidepool backfill launch --assets regional --definitions examples/index.ts --all --wait
 *   tidepool backfill launch --assets daily --definitions examples/index.ts --from 2026-01-01 --to 2026-01-31
 *
 * examples/config/tag-limit-per-unique-value.yaml limits each backfill to 10 runs in progress.
 */
import { DailyPartitionsDefinition, StaticPartitionsDefinition, asset } from '../src/index.js';

export const regional = asset(
  { name: 'regional', partitionsDef: new StaticPartitionsDefinition(['eu', 'us', 'apac']) },
  async (context) => {
    context.log.info(`Loading the ${context.partitionKey} region`);
  },
);

export const daily = asset(
  { name: 'daily', partitionsDef: new DailyPartitionsDefinition({ startDate: '2026-01-01' }) },
  async (context) => {
    context.log.info(`Aggregating ${context.partitionKey}`);
  },
);
