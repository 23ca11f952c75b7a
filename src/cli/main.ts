// The `tidepool` command: dispatches to one module per command and turns expected errors into one
// clear sentence and a non-zero exit code (2 for bad input, 1 for failures).
import { ConfigError, SettingsError } from '../config/index.js';
import { DefinitionsError } from '../definitions/index.js';
import { InputError, UsageError } from './args.js';

interface Command {
  usage: string;
  run(argv: string[]): Promise<void>;
}

/**
 * Each command's module is imported only when it runs (or for the help text), so a command loads what it
 * uses: `token list` does not compile the GraphQL schema, and every call starts sooner.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: () => import('./commands/serve.js').then((m) => ({ usage: m.usage, run: m.serve })),
  daemon: () => import('./commands/daemon.js').then((m) => ({ usage: m.usage, run: m.daemon })),
  worker: () => import('./commands/worker.js').then((m) => ({ usage: m.usage, run: m.worker })),
  migrate: () => import('./commands/migrate.js').then((m) => ({ usage: m.usage, run: m.migrate })),
  'instance info': () => import('./commands/instance-info.js').then((m) => ({ usage: m.usage, run: m.instanceInfo })),
  'instance concurrency get': () => import('./commands/concurrency.js').then((m) => ({ usage: m.usage.get, run: m.concurrencyGet })),
  'instance concurrency set': () => import('./commands/concurrency.js').then((m) => ({ usage: m.usage.set, run: m.concurrencySet })),
  'instance concurrency delete': () =>
    import('./commands/concurrency.js').then((m) => ({ usage: m.usage.delete, run: m.concurrencyDelete })),
  'instance concurrency free': () => import('./commands/concurrency.js').then((m) => ({ usage: m.usage.free, run: m.concurrencyFree })),
  'job launch': () => import('./commands/job-launch.js').then((m) => ({ usage: m.usage, run: m.jobLaunch })),
  'token create': () => import('./commands/token.js').then((m) => ({ usage: m.usage.create, run: m.tokenCreate })),
  'token list': () => import('./commands/token.js').then((m) => ({ usage: m.usage.list, run: m.tokenList })),
  'token revoke': () => import('./commands/token.js').then((m) => ({ usage: m.usage.revoke, run: m.tokenRevoke })),
  audit: () => import('./commands/audit.js').then((m) => ({ usage: m.usage, run: m.audit })),
  'schedule list': () => import('./commands/schedule.js').then((m) => ({ usage: m.usage.list, run: m.scheduleList })),
  'schedule start': () => import('./commands/schedule.js').then((m) => ({ usage: m.usage.start, run: m.scheduleStart })),
  'schedule stop': () => import('./commands/schedule.js').then((m) => ({ usage: m.usage.stop, run: m.scheduleStop })),
  'schedule preview': () => import('./commands/schedule.js').then((m) => ({ usage: m.usage.preview, run: m.schedulePreview })),
  'sensor list': () => import('./commands/sensor.js').then((m) => ({ usage: m.usage.list, run: m.sensorList })),
  'sensor start': () => import('./commands/sensor.js').then((m) => ({ usage: m.usage.start, run: m.sensorStart })),
  'sensor stop': () => import('./commands/sensor.js').then((m) => ({ usage: m.usage.stop, run: m.sensorStop })),
  'sensor preview': () => import('./commands/sensor.js').then((m) => ({ usage: m.usage.preview, run: m.sensorPreview })),
  'sensor cursor': () => import('./commands/sensor.js').then((m) => ({ usage: m.usage.cursor, run: m.sensorCursor })),
  'backfill launch': () => import('./commands/backfill.js').then((m) => ({ usage: m.usage.launch, run: m.backfillLaunch })),
  'backfill list': () => import('./commands/backfill.js').then((m) => ({ usage: m.usage.list, run: m.backfillList })),
  'backfill status': () => import('./commands/backfill.js').then((m) => ({ usage: m.usage.status, run: m.backfillStatus })),
  'backfill cancel': () => import('./commands/backfill.js').then((m) => ({ usage: m.usage.cancel, run: m.backfillCancel })),
  'backfill resume': () => import('./commands/backfill.js').then((m) => ({ usage: m.usage.resume, run: m.backfillResume })),
};

async function helpText(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return ['Usage:', ...commands.map((command) => `  ${command.usage}`)].join('\n');
}

/** Finds the longest command name that prefixes argv ("instance info" before "instance"). */
async function findCommand(argv: string[]): Promise<{ name: string; command: Command; rest: string[] } | null> {
  for (let words = 3; words >= 1; words--) {
    const name = argv.slice(0, words).join(' ');
    const load = COMMANDS[name];
    if (load) return { name, command: await load(), rest: argv.slice(words) };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(await helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = await findCommand(argv);
  if (!found) {
    console.error(`Unknown command '${argv.join(' ')}'.\n${await helpText()}`);
    return 2;
  }
  try {
    await found.command.run(found.rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage: ${found.command.usage}`);
      return 2;
    }
    if (
      error instanceof InputError ||
      error instanceof ConfigError ||
      error instanceof SettingsError ||
      error instanceof DefinitionsError
    ) {
      console.error(error.message);
      return 2;
    }
    console.error(`tidepool ${found.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// serve keeps running (its handles keep the process alive); every other command exits with its code.
if (code !== 0) process.exit(code);
else process.exitCode = 0;
