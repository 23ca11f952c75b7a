// The benchmark runner: `npm run bench` runs every scenario, `npm run bench -- <filter>…` those whose name
// contains any filter. Scenarios run one after another (never in parallel: they would measure each
// other). Results go to stdout as a table and to bench/results/latest.json. Performance is measured
// here, never asserted in tests; a missed goal is reported, not a failure.
//
// Each scenario runs twice: once for its figures, with nothing else attached, then once profiled (CPU
// profiles of this process and of its Node children, Postgres wait events sampled; bench/lib/diagnostics.ts)
// to record where the time goes. The instruments cost CPU on a 2-core machine (README, Performance), so
// figures never come from the profiled pass; its medians are kept beside them to show that cost.
// `--no-profile` skips the second pass.
//
// `--compare FILE` prints, after the run, the change of each measurement against an earlier results file;
// `--compare OLD --against NEW` compares two files without running anything (filters still select).
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
import { parseArgs } from 'node:util';
import { now } from './lib/clock.js';
import { compareResults, formatComparison } from './lib/compare.js';
import { startDiagnostics } from './lib/diagnostics.js';
import { describeMachine } from './lib/machine.js';
import {
  mediansOf,
  printDiagnostics,
  printTable,
  readResults,
  RESULTS_DIR,
  RESULTS_FILE,
  toRecord,
  writeResults,
  type DiagnosticsRecord,
  type ResultsFile,
  type ScenarioRecord,
} from './lib/results.js';
import type { Scenario, ScenarioResult } from './lib/scenario.js';

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

const USAGE = 'npm run bench -- [filter…] [--list] [--no-profile] [--compare FILE [--against FILE]]';

async function main(args: string[]): Promise<number> {
  let options: { list?: boolean; 'no-profile'?: boolean; compare?: string; against?: string };
  let filters: string[];
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { list: { type: 'boolean' }, 'no-profile': { type: 'boolean' }, compare: { type: 'string' }, against: { type: 'string' } },
    });
    options = parsed.values;
    filters = parsed.positionals;
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: ${USAGE}`);
    return 2;
  }
  if (options.list) {
    for (const scenario of SCENARIOS) console.log(`${scenario.name.padEnd(24)} ${scenario.description}`);
    return 0;
  }
  const matches = (name: string) => filters.length === 0 || filters.some((f) => name.includes(f));
  if (options.against !== undefined) {
    if (options.compare === undefined) {
      console.error(`--against names the newer file of a comparison; give the earlier one with --compare.\nUsage: ${USAGE}`);
      return 2;
    }
    const [before, after] = await Promise.all([readResults(options.compare), readResults(options.against)]);
    printComparison(before, after, matches, { before: options.compare, after: options.against });
    return 0;
  }
  // Read before running: the earlier file may well be latest.json, which the run rewrites.
  const previous = options.compare === undefined ? null : await readResults(options.compare);
  const selected = SCENARIOS.filter((s) => matches(s.name));
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
    const result = await runScenario(scenario);
    const record = toRecord(scenario.name, date, now() - start, machine, result);
    console.log(`  ${record.error ? 'failed' : 'done'} in ${(record.durationMs / 1000).toFixed(1)} s`);
    if (!options['no-profile'] && !record.error) {
      console.log(`  profiled pass of ${scenario.name} …`);
      record.diagnostics = await diagnosticPass(scenario);
    }
    records.push(record);
  }
  printTable(records, machine);
  printDiagnostics(records);
  await writeResults(records);
  console.log(`Results written to ${RESULTS_FILE}`);
  if (previous) {
    const ran = new Set(records.map((record) => record.name));
    const current = { updatedAt: new Date().toISOString(), scenarios: records };
    printComparison(previous, current, (name) => ran.has(name), { before: options.compare!, after: 'this run' });
  }
  return records.some((record) => record.error) ? 1 : 0;
}

function runScenario(scenario: Scenario): Promise<ScenarioResult | { error: Error }> {
  return scenario.run().catch((error: unknown) => ({ error: error as Error }));
}

/** The scenario again, under the profilers and the wait sampler: where its time went, not its figures. */
async function diagnosticPass(scenario: Scenario): Promise<DiagnosticsRecord> {
  const start = now();
  const diagnostics = await startDiagnostics(scenario.name, RESULTS_DIR);
  const result = await runScenario(scenario);
  const found = await diagnostics.stop();
  console.log(`  profiled in ${((now() - start) / 1000).toFixed(1)} s`);
  if ('error' in result) return { ...found, measurements: [], error: result.error.stack ?? String(result.error) };
  return { ...found, measurements: mediansOf(result) };
}

function printComparison(
  before: ResultsFile,
  after: ResultsFile,
  include: (name: string) => boolean,
  labels: { before: string; after: string },
) {
  const stamp = (file: ResultsFile) => (file.updatedAt ? ` (${file.updatedAt})` : '');
  const lines = formatComparison(compareResults(before, after, include), {
    before: `${labels.before}${stamp(before)}`,
    after: `${labels.after}${stamp(after)}`,
  });
  console.log(lines.join('\n'));
}

process.exitCode = await main(process.argv.slice(2));
