// `tidepool worker`: a run worker in its own process. Run any number, on any machines.
import { resolveSettings } from '../../config/index.js';
import { startBackground } from '../../daemon/background.js';
import { CodeLocation } from '../../definitions/index.js';
import { configureLogging } from '../../log/index.js';
import { openInstance } from '../../instance/instance.js';
import { UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { describeStorage, onShutdown, startProcessHealth } from '../process.js';
import type { workerSpec } from '../specs/worker.js';

export async function worker({ options: values }: Invocation<typeof workerSpec>): Promise<void> {
  const settings = resolveSettings(values);
  const log = configureLogging({ level: settings.logLevel, format: settings.logFormat });
  if (!settings.definitionsFile) throw new UsageError('--definitions is required: a worker executes the jobs defined there.');
  const maxRuns = values.maxRuns === undefined ? undefined : Number(values.maxRuns);
  if (maxRuns !== undefined && (!Number.isInteger(maxRuns) || maxRuns < 1)) {
    throw new UsageError(`--max-runs must be a positive integer (got '${values.maxRuns}').`);
  }
  const location = await CodeLocation.load(settings.definitionsFile);
  const instance = await openInstance(settings, { migrate: true, applicationName: 'tidepool:worker' });
  const background = await startBackground(instance, location, {
    coordinator: false,
    monitor: false,
    worker: { maxConcurrentRuns: maxRuns },
  });
  log.info(
    { workerId: background.worker!.id },
    `Tidepool worker ${background.worker!.id} running code location "${location.name}" on ${describeStorage(instance.database)}.`,
  );
  const { health, listeners } = await startProcessHealth(instance, background, values);
  // Probes keep their answers (readiness 503) until the runs had their grace period.
  const workerGraceMs = instance.config.runWorker.shutdownGraceSeconds * 1000;
  onShutdown({
    health,
    workerGraceMs,
    stop: async () => {
      await background.stop(workerGraceMs);
      for (const listener of listeners) await listener.stop();
      await instance.close();
    },
  });
}
