// How a command that failed is reported: one sentence on stderr and an exit code, 2 for input the command
// could not accept (usage, config, definitions, a bad value), 1 for a failure. Never a stack, and never a
// statement: drizzle puts the whole SQL in its messages, so an unexpected database error shows its cause.
import { ConfigError, SettingsError } from '../config/errors.js';
import { DefinitionsError } from '../definitions/errors.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, InputError, UsageError } from './args.js';
import { writeErr } from './output.js';
import { usageHint, type InvokedCommand } from './program.js';

export async function reportFailure(error: unknown, command: InvokedCommand, options: Record<string, unknown>): Promise<number> {
  if (error instanceof UsageError) {
    writeErr(`${error.message}\n${usageHint(command)}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof InputError || error instanceof ConfigError || error instanceof SettingsError || error instanceof DefinitionsError) {
    writeErr(`${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const unreachable = connectionFailure(error);
  if (unreachable) {
    writeErr(`${await describeUnreachable(unreachable, options)}\n`);
    return EXIT_FAILURE;
  }
  const { describeError } = await import('../db/errors.js');
  writeErr(`${command.path} failed: ${describeError(error)}\n`);
  return EXIT_FAILURE;
}

/** Errors of the network (node) and SQLSTATEs that mean the server could not be reached or refused us. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_SQLSTATE = /^(08|28)|^3D000$|^57P03$|^53300$/;

/** The driver's error that says the database could not be reached, found along the `cause` chain. */
function connectionFailure(error: unknown): Error | null {
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || CONNECTION_SQLSTATE.test(code))) return at;
    // pg's own connection errors carry no code.
    if (/^Connection terminated|^timeout expired/.test(at.message)) return at;
  }
  return null;
}

async function describeUnreachable(reason: Error, options: Record<string, unknown>): Promise<string> {
  // Imported here, on failure only: settings, the config file and the driver are more than --help should load.
  const [{ resolveSettings }, { loadConfigFile }, { redactUrl }] = await Promise.all([
    import('../config/settings.js'),
    import('../config/load.js'),
    import('../db/postgres.js'),
  ]);
  const settings = resolveSettings(options);
  // The same choice openInstance made: DATABASE_URL wins, else the config file's storage block.
  const fromFile = settings.databaseUrl ? null : (await loadConfigFile(settings.configFile, settings.env)).database;
  const databaseUrl = settings.databaseUrl ?? fromFile?.url ?? null;
  const where = databaseUrl ? `the database at ${redactUrl(databaseUrl)}` : 'the database';
  const named = fromFile ? `the storage block of ${settings.configFile ?? 'the config file'}` : 'DATABASE_URL';
  return (
    `Could not connect to ${where} (${reason.message}): check that Postgres is running and accepts connections there, ` +
    `and that ${named} names the right host, port, database and credentials.`
  );
}
