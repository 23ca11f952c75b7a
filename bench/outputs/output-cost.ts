// outputs-cost: what storing step outputs costs on the end-to-end throughput scenario (N one-step runs launched
// over HTTP to SUCCESS under run limits, bench/throughput/tidepool-runs.ts), against the same engine with
// storing turned off (the worker's bench-only `storeOutputs: false`: outputs are still checked and serialised,
// nothing is written), in the same run. The step returns a ~300-byte JSON value (definitions.ts), so each run
// stores one real row; the journal writes a batch's outputs in one INSERT in the transaction of its events.
//
// Each round runs both configurations, in an order alternated round by round (drift on a noisy machine hits
// both alike), each in a fresh database after a warm-up. Reported: the median rate over the rounds of each, and
// stored/off; the goal is a cost under 10% (ratio at least 0.90).
import { fileURLToPath } from 'node:url';
import { loadDefinitions } from '../../src/definitions/index.js';
import { describeCpu } from '../lib/cpu.js';
import { rate, type Scenario, type ScenarioResult } from '../lib/scenario.js';
import { median, summarize } from '../lib/stats.js';
import { tidepoolRepetition, UNLIMITED_LAUNCH_RATE, type TidepoolRepetition } from '../throughput/tidepool-runs.js';

const DEFINITIONS = fileURLToPath(new URL('./definitions.ts', import.meta.url));
const COUNT = 2_000;
const BATCH = 100;
const WARMUP = 100;
const ROUNDS = 6;
const GOAL_RATIO = 0.9;

type Mode = 'stored' | 'off';

export const outputsCost: Scenario = {
  name: 'outputs-cost',
  description: `${COUNT} one-step runs whose step returns ~300 bytes of JSON, to SUCCESS over HTTP: outputs stored vs not stored.`,
  async run(): Promise<ScenarioResult> {
    const location = await loadDefinitions(DEFINITIONS);
    const samples: Record<Mode, TidepoolRepetition[]> = { stored: [], off: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: Mode[] = round % 2 === 0 ? ['stored', 'off'] : ['off', 'stored'];
      for (const mode of order) {
        samples[mode].push(
          await tidepoolRepetition(location, {
            path: 'http',
            count: COUNT,
            batchSize: BATCH,
            warmup: WARMUP,
            worker: { storeOutputs: mode === 'stored' },
            // One client address launches everything here: the per-client launch rate is lifted.
            extraConfig: UNLIMITED_LAUNCH_RATE,
          }),
        );
      }
    }
    const stats = (mode: Mode) => summarize(samples[mode].map((sample) => sample.runsPerSecond));
    const off = { name: 'outputs-cost/off', stats: stats('off') };
    const measurements = [
      rate('outputs-cost/stored', 'runs/s', stats('stored'), off, (_s, ratio) => ({
        text: `stored/off ≥ ${GOAL_RATIO} (cost under ${Math.round((1 - GOAL_RATIO) * 100)}%)`,
        met: ratio !== null && ratio >= GOAL_RATIO,
      })),
      rate('outputs-cost/off', 'runs/s', stats('off')),
    ];
    const cpuPerRun = (mode: Mode) =>
      median(samples[mode].map((sample) => (sample.cpu.nodeMs + (sample.cpu.postgresMs ?? 0)) / sample.succeeded));
    const notes = [
      `${COUNT} runs per repetition in batches of ${BATCH} through launchMultipleRuns over HTTP, ${ROUNDS} rounds of both modes ` +
        `(order alternated), each in a fresh database after a ${WARMUP}-run warm-up; the run limits of the throughput scenario, api.launch_rate lifted.`,
      `stored/off: ${(stats('stored').median / stats('off').median).toFixed(3)}x of the rate; CPU (process + Postgres) per run ` +
        `${cpuPerRun('stored').toFixed(3)} ms stored vs ${cpuPerRun('off').toFixed(3)} ms off.`,
      ...(['stored', 'off'] as Mode[]).map(
        (mode) =>
          `${mode}: rates ${samples[mode].map((sample) => sample.runsPerSecond.toFixed(0)).join(', ')} runs/s; CPU in the first ` +
          `repetition: ${describeCpu(samples[mode][0]!.cpu)}.`,
      ),
    ];
    return { measurements, notes };
  },
};
