// Every `tidepool` command, in the order --help lists them. Declarations only (src/cli/specs/): building
// the tree imports no action, so `--help` and parsing load none of the engine.
import { group, type Node } from './command-spec.js';
import { auditCommand } from './specs/audit.js';
import { backfillCommands } from './specs/backfill.js';
import { concurrencyCommands } from './specs/concurrency.js';
import { daemonCommand } from './specs/daemon.js';
import { instanceInfoCommand } from './specs/instance-info.js';
import { jobLaunchCommand } from './specs/job-launch.js';
import { migrateCommand } from './specs/migrate.js';
import { runCommands } from './specs/run.js';
import { scheduleCommands } from './specs/schedule.js';
import { sensorCommands } from './specs/sensor.js';
import { serveCommand } from './specs/serve.js';
import { tokenCommands } from './specs/token.js';
import { workerCommand } from './specs/worker.js';

export const COMMAND_TREE: readonly Node[] = [
  serveCommand,
  daemonCommand,
  workerCommand,
  migrateCommand,
  group('instance', 'The instance: its storage, config and pools.', [instanceInfoCommand, concurrencyCommands]),
  group('job', 'Jobs of a code location.', [jobLaunchCommand]),
  runCommands,
  tokenCommands,
  auditCommand,
  scheduleCommands,
  sensorCommands,
  backfillCommands,
];
