// `tidepool daemon`: the queued run coordinator and the run monitor, without the API, and with definitions
// the scheduler, the sensor daemon and the backfill daemon too. Run any number.
import { resolveSettings } from '../../config/index.js';
import { startBackground } from '../../daemon/background.js';
import { CodeLocation } from '../../definitions/index.js';
import { configureLogging } from '../../log/index.js';
import { openInstance } from '../../instance/instance.js';
import type { Invocation } from '../command-spec.js';
import { describeStorage, onShutdown, startProcessHealth } from '../process.js';
import type { daemonSpec } from '../specs/daemon.js';

export async function daemon({ options: values }: Invocation<typeof daemonSpec>): Promise<void> {
  const settings = resolveSettings(values);
  const log = configureLogging({ level: settings.logLevel, format: settings.logFormat });
  const location = settings.definitionsFile ? await CodeLocation.load(settings.definitionsFile) : null;
  const instance = await openInstance(settings, { migrate: true, applicationName: 'tidepool:daemon' });
  const background = await startBackground(instance, location, {
    coordinator: true,
    monitor: true,
    automation: true,
    backfills: true,
    runRetries: true,
    worker: false,
  });
  const parts = location === null ? 'coordinator and monitor' : 'coordinator, monitor, scheduler, sensors and backfills';
  log.info(`Tidepool daemon running (${parts}) on ${describeStorage(instance.database)}.`);
  const { health, listeners } = await startProcessHealth(instance, background, values);
  onShutdown({
    health,
    workerGraceMs: 0,
    stop: async () => {
      await background.stop();
      for (const listener of listeners) await listener.stop();
      await instance.close();
    },
  });
}
