// The server's side of the CLI relay (server/cli-relay.ts carries it over HTTP): runs a relayed command line
// with the same code as the `tidepool` command (runCli), inside this server, on its instance and code location
// (command-io.ts), with what it writes sent back to the caller.
import { randomBytes } from 'node:crypto';
import { definitionsOf, type LocationSource } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import type { CliRelay } from '../server/cli-relay.js';
import { runRelayed } from './command-io.js';
import { runCli } from './run-cli.js';

/**
 * The commands a server runs for a caller: the one-shot ones that act through withInstance / withLocation.
 * serve, daemon, worker and migrate open the database themselves, which only its holder may do.
 */
const RELAYABLE = new Set(['instance', 'job', 'token', 'audit', 'schedule', 'sensor', 'backfill']);

export function cliRelay(instance: Instance, source: LocationSource | null): CliRelay {
  return {
    secret: randomBytes(32).toString('base64url'),
    async run(request, io) {
      const command = request.argv.find((word) => !word.startsWith('-'));
      if (command === undefined || !RELAYABLE.has(command)) {
        io.stderr.write(
          `tidepool ${command ?? ''} cannot run inside the server that holds the embedded database; stop the server first.\n`,
        );
        return 1;
      }
      // The definitions serving now: a reloaded location's latest.
      const relayed = { instance, location: definitionsOf(source), definitionsFile: request.definitionsFile, ...io };
      return runRelayed(relayed, () => runCli(request.argv));
    },
  };
}
