// Argument parsing for the CLI: node's parseArgs, with errors that name the argument.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called; main prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Input the command could not accept (an unknown job, a bad tag…); main prints it and exits 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, maxPositionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node's messages already name the option ("Unknown option '--prot'"); keep them, drop its hints.
    throw new UsageError((error as Error).message.split('. To specify')[0]!.replace(/\.?$/, '.'));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[maxPositionals]}'.`);
  }
  return parsed;
}
