// The short commands that act on the database directly (concurrency, token, audit): open the instance
// (migrating it), act, close it — and turn the command's expected errors into one-sentence input errors.
import { resolveSettings } from '../config/index.js';
import { openInstance, type Instance } from '../instance/instance.js';
import { InputError } from './args.js';

type ErrorClass = abstract new (...args: never[]) => Error;

export async function withInstance(
  flags: { config?: string },
  expectedErrors: readonly ErrorClass[],
  action: (instance: Instance) => Promise<void>,
): Promise<void> {
  const instance = await openInstance(resolveSettings(flags), { migrate: true, applicationName: 'tidepool:cli' });
  try {
    await action(instance);
  } catch (error) {
    if (expectedErrors.some((expected) => error instanceof expected)) throw new InputError((error as Error).message);
    throw error;
  } finally {
    await instance.close();
  }
}
