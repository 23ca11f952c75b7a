// The process side of the observability-cost benchmark: one Tidepool process with metrics and structured
// logging each on or off, as a deployment would run it (both are per-process: the metrics registry and the
// logger are the process's, so every configuration gets a process of its own).
//   cost-child.ts e2e <mode>         — one end-to-end repetition (bench/throughput/tidepool-runs.ts, over
//                                      HTTP); replies { type: 'e2e', runsPerSecond, succeeded } and exits
//   cost-child.ts read <mode> <URL>  — Tidepool's API server on that database; replies { type: 'ready', port }
//                                      and serves until told 'stop' (the parent loads it with autocannon)
// <mode> is one of MODES. Metrics on: the instance config's default (metrics.enabled), and a scraper reading
// /metrics every SCRAPE_INTERVAL_MS for as long as the process is measured — 15 times as often as
// Prometheus's default, so the scrapes' own cost is counted generously. Logs on: JSON lines at info on stdout,
// which the parent reads through a pipe as a log collector would. Off: metrics.enabled false, LOG_LEVEL silent.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInstanceConfig, resolveSettings } from '../../src/config/index.js';
import { openInstance } from '../../src/instance/instance.js';
import { configureLogging } from '../../src/log/index.js';
import { buildServer } from '../../src/server/build-server.js';
import { loadEngineFixture } from '../lib/database.js';
import { tidepoolRepetition, UNLIMITED_LAUNCH_RATE } from '../throughput/tidepool-runs.js';
import { E2E_BATCH, E2E_RUNS, E2E_WARMUP, MODES, SCRAPE_INTERVAL_MS, type ChildReply, type ModeName } from './modes.js';

/** Scrapes `metricsUrl` every SCRAPE_INTERVAL_MS until stopped; returns the stop, which says how many it took. */
function scraper(metricsUrl: string): () => Promise<number> {
  let scrapes = 0;
  let failure: Error | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    const text = await response.text();
    if (response.status !== 200 || !text.includes('tidepool_queued_runs')) throw new Error(`/metrics answered ${response.status}`);
    scrapes++;
  };
  const timer = setInterval(() => {
    inFlight = scrape().catch((error: Error) => void (failure = error));
  }, SCRAPE_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await inFlight;
    if (failure) throw failure;
    return scrapes;
  };
}

function metricsConfig(on: boolean): string {
  return `metrics:\n  enabled: ${on}\n`;
}

async function e2e(mode: (typeof MODES)[ModeName]): Promise<ChildReply> {
  let scrapes = 0;
  const result = await tidepoolRepetition(await loadEngineFixture(), {
    path: 'http',
    count: E2E_RUNS,
    batchSize: E2E_BATCH,
    warmup: E2E_WARMUP,
    // One client address launches everything here: the per-client launch rate is lifted, as in read-storm.
    extraConfig: `${metricsConfig(mode.metrics)}${UNLIMITED_LAUNCH_RATE}`,
    alongside: mode.metrics
      ? (apiUrl) => {
          const stop = scraper(new URL('/metrics', apiUrl).href);
          return async () => void (scrapes = await stop());
        }
      : undefined,
  });
  return {
    type: 'e2e',
    runsPerSecond: result.runsPerSecond,
    succeeded: result.succeeded,
    scrapes,
    nodeMs: result.cpu.nodeMs,
    postgresMs: result.cpu.postgresMs,
  };
}

async function read(mode: (typeof MODES)[ModeName], databaseUrl: string): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'tidepool-bench-'));
  const settings = resolveSettings({}, { DATABASE_URL: databaseUrl, TIDEPOOL_HOME: home }, home);
  const config = parseInstanceConfig(metricsConfig(mode.metrics), null);
  const instance = await openInstance(settings, { migrate: false, config, applicationName: 'bench:observability-cost' });
  const server = buildServer({ instance, location: null, port: 0, host: '127.0.0.1' });
  const { url, port } = await server.start();
  const stopScraper = mode.metrics ? scraper(new URL('/metrics', url).href) : async () => 0;
  process.send!({ type: 'ready', port } satisfies ChildReply);
  process.once('message', () => {
    void (async () => {
      const scrapes = await stopScraper();
      await server.stop();
      await instance.close();
      process.send!({ type: 'stopped', scrapes } satisfies ChildReply, () => process.exit(0));
    })();
  });
}

const [task, modeName, databaseUrl] = process.argv.slice(2);
const mode = MODES[modeName as ModeName];
if (!mode) throw new Error(`Unknown mode '${modeName}'; one of ${Object.keys(MODES).join(', ')}.`);
configureLogging({ level: mode.logs ? 'info' : 'silent', format: 'json' });
if (task === 'e2e') {
  const reply = await e2e(mode);
  process.send!(reply, () => process.exit(0));
} else if (task === 'read') {
  await read(mode, databaseUrl!);
} else {
  throw new Error(`Unknown task '${task}'; e2e or read.`);
}
