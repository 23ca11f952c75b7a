// The CLI relay: while `tidepool serve` holds an embedded database, no other process may open it
// (db/data-dir-lock.ts), so a CLI command typed beside the server sends its argv here and the server runs the
// same command code against its own instance (cli/relay-executor.ts), streaming back what the command writes
// and its exit code. One copy of each command's logic, and output identical to running it directly.
//
// Who may use it: only a client on this machine (the connection comes from a loopback address or from the
// server's own address) that shows the secret this server wrote into the lock file. That file is mode 0600
// next to the data folder, so reading it takes the same access as opening the database would: the relay gives
// nobody anything they could not do by stopping the server and running the command themselves. That is also
// why API tokens and --read-only do not apply here: they govern the API, not the database's owner.
//
// Protocol: POST CLI_RELAY_PATH with `Authorization: Bearer <secret>` and a JSON RelayRequest; the answer is
// NDJSON, one RelayEvent per line as the command writes, the last one carrying its exit code.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopback } from './browser-safety.js';

export const CLI_RELAY_PATH = '/_tidepool/cli';

export interface RelayRequest {
  /** The command line as typed, without `tidepool` (`['instance', 'concurrency', 'set', 'db', '2']`). */
  argv: string[];
  /** The definitions file the command names, resolved where it was typed (absolute), or null. */
  definitionsFile: string | null;
}

export type RelayEvent = { stream: 'stdout' | 'stderr'; text: string } | { exitCode: number };

export interface RelayOutput {
  write(text: string): void;
}

export interface CliRelay {
  /** Random per server start; written into the lock file for local CLI commands to show. */
  readonly secret: string;
  /** Runs the command; resolves with its exit code. */
  run(request: RelayRequest, io: { stdout: RelayOutput; stderr: RelayOutput; signal: AbortSignal }): Promise<number>;
}

/** A command line is short; anything larger is not one. */
const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * The base URL a client on this machine uses to reach a server listening on `host`: loopback when it listens
 * on every address (or on loopback), its own address otherwise.
 */
export function localBaseUrl(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

/** Handles the relay's path (answering it, and returning true); any other request is left alone (false). */
export function cliRelayRoute(relay: CliRelay): (req: IncomingMessage, res: ServerResponse) => boolean {
  const expected = digest(relay.secret);
  return (req, res) => {
    if (new URL(req.url ?? '/', 'http://relay').pathname !== CLI_RELAY_PATH) return false;
    const remote = req.socket.remoteAddress ?? '';
    if (!(isLoopback(remote) || remote === req.socket.localAddress)) {
      answer(res, 403, 'The CLI relay only answers clients on the same machine.');
    } else if (req.method !== 'POST') {
      answer(res, 405, 'The CLI relay takes POST only.');
    } else if (!timingSafeEqual(digest(bearerOf(req)), expected)) {
      answer(res, 401, "The CLI relay needs the secret from the server's lock file.");
    } else {
      void readRequest(req).then(
        (request) =>
          request === null
            ? answer(res, 400, 'The body must be JSON: { argv: string[], definitionsFile: string | null }.')
            : relayRun(relay, request, res),
        () => answer(res, 400, `The body must be JSON of at most ${MAX_REQUEST_BYTES} bytes.`),
      );
    }
    return true;
  };
}

async function relayRun(relay: CliRelay, request: RelayRequest, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
  const send = (event: RelayEvent) => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(event)}\n`);
  };
  const io = {
    stdout: { write: (text: string) => send({ stream: 'stdout', text }) },
    stderr: { write: (text: string) => send({ stream: 'stderr', text }) },
    signal: abort.signal,
  };
  let exitCode: number;
  try {
    exitCode = await relay.run(request, io);
  } catch (error) {
    io.stderr.write(`The server failed to run the command: ${error instanceof Error ? error.message : String(error)}\n`);
    exitCode = 1;
  }
  send({ exitCode });
  res.end();
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function bearerOf(req: IncomingMessage): string {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  return match?.[1] ?? '';
}

async function readRequest(req: IncomingMessage): Promise<RelayRequest | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) throw new Error('too large');
    chunks.push(chunk);
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { argv?: unknown; definitionsFile?: unknown } | null;
  const argv = body?.argv;
  const definitionsFile = body?.definitionsFile;
  if (!Array.isArray(argv) || !argv.every((word) => typeof word === 'string')) return null;
  if (definitionsFile !== null && typeof definitionsFile !== 'string') return null;
  return { argv, definitionsFile };
}

function answer(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}
