// The CLI's side of the relay (server/cli-relay.ts): sends this command line to the `tidepool serve` that holds
// the embedded database, writes what the command writes there to this process's stdout and stderr as it
// comes, and ends this process with the command's exit code — as if it had run here.
import { request } from 'node:http';
import type { AdvertisedServer, DataDirHolder } from '../db/data-dir-lock.js';
import { CLI_RELAY_PATH, type RelayEvent, type RelayRequest } from '../server/cli-relay.js';

/** The server could not be reached at all (nothing was run): the caller may look at the lock again. */
export class RelayUnreachableError extends Error {
  override readonly name = 'RelayUnreachableError';
}

/** Runs the command on the server and exits with its code; throws RelayUnreachableError if nothing ran. */
export async function relayAndExit(holder: DataDirHolder & { server: AdvertisedServer }, body: RelayRequest): Promise<never> {
  const exitCode = await relay(holder, body);
  // Exit only once everything written has reached the pipes (writes to a pipe are asynchronous off Linux).
  await new Promise((resolve) => process.stdout.write('', resolve));
  await new Promise((resolve) => process.stderr.write('', resolve));
  process.exit(exitCode);
}

function relay(holder: DataDirHolder & { server: AdvertisedServer }, body: RelayRequest): Promise<number> {
  const server = `${holder.owner} (pid ${holder.pid}, ${holder.server.url})`;
  return new Promise((resolve, reject) => {
    const req = request(new URL(CLI_RELAY_PATH, holder.server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${holder.server.secret}`, 'content-type': 'application/json' },
    });
    req.once('error', (error) =>
      reject(new RelayUnreachableError(`Could not reach ${server}, which holds the embedded database: ${error.message}.`)),
    );
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.once('end', () => reject(new Error(`${server} refused the command (HTTP ${res.statusCode}): ${text.trim()}`)));
        return;
      }
      let pending = '';
      let exitCode: number | null = null;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
          const event = JSON.parse(pending.slice(0, end)) as RelayEvent;
          pending = pending.slice(end + 1);
          if ('exitCode' in event) exitCode = event.exitCode;
          else (event.stream === 'stdout' ? process.stdout : process.stderr).write(event.text);
        }
      });
      res.once('close', () => {
        if (exitCode !== null) resolve(exitCode);
        else reject(new Error(`${server} stopped before the command finished; it may or may not have taken effect.`));
      });
    });
    req.end(JSON.stringify(body));
  });
}
