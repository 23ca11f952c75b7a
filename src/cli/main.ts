// The `tidepool` command: dispatches to one module per command and turns expected errors into one
// clear sentence and a non-zero exit code (2 for bad input, 1 for failures).
import { ConfigError, SettingsError } from '../config/index.js';
import { DefinitionsError } from '../definitions/index.js';
import { InputError, UsageError } from './args.js';
import * as instanceInfoCommand from './commands/instance-info.js';
import * as migrateCommand from './commands/migrate.js';
import * as serveCommand from './commands/serve.js';
import * as daemonCommand from './commands/daemon.js';
import * as workerCommand from './commands/worker.js';
import * as jobLaunchCommand from './commands/job-launch.js';
import * as concurrency from './commands/concurrency.js';
import * as tokenCommand from './commands/token.js';
import * as auditCommand from './commands/audit.js';
import * as scheduleCommand from './commands/schedule.js';
import * as sensorCommand from './commands/sensor.js';
import * as backfillCommand from './commands/backfill.js';

interface Command {
  usage: string;
  run(argv: string[]): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  serve: { usage: serveCommand.usage, run: serveCommand.serve },
  daemon: { usage: daemonCommand.usage, run: daemonCommand.daemon },
  worker: { usage: workerCommand.usage, run: workerCommand.worker },
  migrate: { usage: migrateCommand.usage, run: migrateCommand.migrate },
  'instance info': { usage: instanceInfoCommand.usage, run: instanceInfoCommand.instanceInfo },
  'instance concurrency get': { usage: concurrency.usage.get, run: concurrency.concurrencyGet },
  'instance concurrency set': { usage: concurrency.usage.set, run: concurrency.concurrencySet },
  'instance concurrency delete': { usage: concurrency.usage.delete, run: concurrency.concurrencyDelete },
  'instance concurrency free': { usage: concurrency.usage.free, run: concurrency.concurrencyFree },
  'job launch': { usage: jobLaunchCommand.usage, run: jobLaunchCommand.jobLaunch },
  'token create': { usage: tokenCommand.usage.create, run: tokenCommand.tokenCreate },
  'token list': { usage: tokenCommand.usage.list, run: tokenCommand.tokenList },
  'token revoke': { usage: tokenCommand.usage.revoke, run: tokenCommand.tokenRevoke },
  audit: { usage: auditCommand.usage, run: auditCommand.audit },
  'schedule list': { usage: scheduleCommand.usage.list, run: scheduleCommand.scheduleList },
  'schedule start': { usage: scheduleCommand.usage.start, run: scheduleCommand.scheduleStart },
  'schedule stop': { usage: scheduleCommand.usage.stop, run: scheduleCommand.scheduleStop },
  'schedule preview': { usage: scheduleCommand.usage.preview, run: scheduleCommand.schedulePreview },
  'sensor list': { usage: sensorCommand.usage.list, run: sensorCommand.sensorList },
  'sensor start': { usage: sensorCommand.usage.start, run: sensorCommand.sensorStart },
  'sensor stop': { usage: sensorCommand.usage.stop, run: sensorCommand.sensorStop },
  'sensor preview': { usage: sensorCommand.usage.preview, run: sensorCommand.sensorPreview },
  'sensor cursor': { usage: sensorCommand.usage.cursor, run: sensorCommand.sensorCursor },
  'backfill launch': { usage: backfillCommand.usage.launch, run: backfillCommand.backfillLaunch },
  'backfill list': { usage: backfillCommand.usage.list, run: backfillCommand.backfillList },
  'backfill status': { usage: backfillCommand.usage.status, run: backfillCommand.backfillStatus },
  'backfill cancel': { usage: backfillCommand.usage.cancel, run: backfillCommand.backfillCancel },
  'backfill resume': { usage: backfillCommand.usage.resume, run: backfillCommand.backfillResume },
};

function helpText(): string {
  return ['Usage:', ...Object.values(COMMANDS).map((command) => `  ${command.usage}`)].join('\n');
}

/** Finds the longest command name that prefixes argv ("instance info" before "instance"). */
function findCommand(argv: string[]): { name: string; command: Command; rest: string[] } | null {
  for (let words = 3; words >= 1; words--) {
    const name = argv.slice(0, words).join(' ');
    const command = COMMANDS[name];
    if (command) return { name, command, rest: argv.slice(words) };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`Unknown command '${argv.join(' ')}'.\n${helpText()}`);
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
