// `tidepool daemon`: the queued run coordinator and the run monitor, without the API. Run any number.
import { resolveSettings } from '../../config/index.js';
import { startBackground } from '../../daemon/background.js';
import { openInstance } from '../../instance/instance.js';
import { parseCommandArgs } from '../args.js';
import { describeStorage, onShutdown } from '../process.js';

export const usage = 'tidepool daemon [--config FILE]';

export async function daemon(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' } });
  const instance = await openInstance(resolveSettings(values), { migrate: true, applicationName: 'tidepool:daemon' });
  const background = await startBackground(instance, null, { coordinator: true, monitor: true, worker: false });
  console.log(`Tidepool daemon running (coordinator and monitor) on ${describeStorage(instance.database)}.`);
  onShutdown(async () => {
    await background.stop();
    await instance.close();
  });
}
