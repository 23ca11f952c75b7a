// The benchmark runner: `npm run bench` runs every scenario, `npm run bench -- <filter>…` those whose name
// contains any filter. Scenarios run one after another (never in parallel: they would measure each
// other). Results go to stdout as a table and to bench/results/latest.json. Performance is measured
// here, never asserted in tests; a missed goal is reported, not a failure.
import { dequeueScaling } from './coordinator/dequeue-scaling.js';
import { launchToStarting } from './coordinator/launch-to-starting.js';
import { launchSnapshot } from './launch/launch-snapshot.js';
import { slotHandoff } from './pools/slot-handoff.js';
import { subscriptionsFanout } from './subscriptions/fanout.js';
import { e2eThroughput } from './throughput/e2e-throughput.js';
import { graphqlRead } from './graphql/graphql-read.js';
import { historyScale } from './history/history-scale.js';
import { processExecutor } from './executor/process-executor.js';
import { runsFeed } from './runs-feed/runs-feed.js';
import { consoleRunsPaging } from './console/runs-paging.js';
import { readStorm } from './overload/read-storm.js';
import { backfillSubmit } from './backfill/backfill-submit.js';
import { schedulesDue } from './automation/schedules-due.js';
import { observabilityCost } from './observability/observability-cost.js';
import { observabilityRecording } from './observability/recording-cost.js';
import { cliStartup } from './cli/cli-startup.js';
import { outputsCost } from './outputs/output-cost.js';
import { capturedLogsTail } from './captured-logs/tail-latency.js';
import { runRetryDecisions } from './retries/run-retry-decisions.js';
import { now } from './lib/clock.js';
import { describeMachine } from './lib/machine.js';
import { printTable, RESULTS_FILE, toRecord, writeResults, type ScenarioRecord } from './lib/results.js';
import type { Scenario } from './lib/scenario.js';

/** Every scenario, in the order they run. Add new ones here. */
export const SCENARIOS: Scenario[] = [
  launchToStarting,
  launchSnapshot,
  dequeueScaling,
  slotHandoff,
  subscriptionsFanout,
  e2eThroughput,
  graphqlRead,
  historyScale,
  processExecutor,
  runsFeed,
  consoleRunsPaging,
  readStorm,
  backfillSubmit,
  schedulesDue,
  observabilityCost,
  observabilityRecording,
  cliStartup,
  outputsCost,
  capturedLogsTail,
  runRetryDecisions,
];

async function main(filters: string[]): Promise<number> {
  if (filters.includes('--list')) {
    for (const scenario of SCENARIOS) console.log(`${scenario.name.padEnd(24)} ${scenario.description}`);
    return 0;
  }
  const selected = filters.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => filters.some((f) => s.name.includes(f)));
  if (selected.length === 0) {
    console.error(
      `No scenario matches ${filters.map((f) => `"${f}"`).join(' or ')}. Scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}.`,
    );
    return 2;
  }
  const machine = await describeMachine();
  const records: ScenarioRecord[] = [];
  for (const scenario of selected) {
    console.log(`running ${scenario.name} …`);
    const date = new Date();
    const start = now();
    const result = await scenario.run().catch((error: unknown) => ({ error: error as Error }));
    const record = toRecord(scenario.name, date, now() - start, machine, result);
    console.log(`  ${record.error ? 'failed' : 'done'} in ${(record.durationMs / 1000).toFixed(1)} s`);
    records.push(record);
  }
  printTable(records, machine);
  await writeResults(records);
  console.log(`Results written to ${RESULTS_FILE}`);
  return records.some((record) => record.error) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
