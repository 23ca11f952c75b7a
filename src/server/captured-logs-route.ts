// GET /logs/<runId>/compute_logs/<fileKey>/<out|err>: one stream of a step's captured output as text — the
// download URLs `capturedLogsMetadata` gives (Dagster's path). Authenticated like every API request (in
// tokens mode a token is needed; any role may read), and read on the API's connections, page by page so a
// large stream is never held whole in memory. A path of another shape is a 400; a key nothing was captured
// for is an empty 200, as `capturedLogs` reads it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Instance } from '../instance/instance.js';
import { scopedLogger } from '../log/index.js';
import { InvalidLogKeyError, parseLogKey, readCapturedLogs, START_OF_LOGS, type LogStream } from '../runs/captured-logs.js';

const PREFIX = '/logs/';
const PAGE_BYTES = 4 * 1024 * 1024;
const STREAM_OF: Record<string, LogStream> = { out: 'stdout', err: 'stderr' };

/** Whether the request is for this route (checked before the console's files, which would answer any GET). */
export function isCapturedLogsRequest(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith(PREFIX);
}

export function capturedLogsRoute(instance: Instance): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const serve = serveLogs(instance);
  return async (req, res) => {
    try {
      await serve(req, res);
    } catch (error) {
      scopedLogger().error({ err: error }, 'could not serve captured logs');
      if (!res.headersSent) answer(res, 500, 'The captured logs could not be read; try again.\n');
      else res.destroy();
    }
  };
}

function serveLogs(instance: Instance): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, 'Only GET and HEAD are answered here.\n', { allow: 'GET, HEAD' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://tidepool').pathname;
    const parts = path.slice(PREFIX.length).split('/').map(safeDecode);
    const stream = STREAM_OF[parts.at(-1) ?? ''];
    let key;
    try {
      if (stream === undefined || parts.includes(null)) throw new InvalidLogKeyError('');
      key = parseLogKey(parts.slice(0, -1) as string[]);
    } catch (error) {
      if (!(error instanceof InvalidLogKeyError)) throw error;
      answer(res, 400, 'Not a captured-log path: expected /logs/<runId>/compute_logs/<stepKey>/out (or /err).\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${key.runId}_${key.fileKey.replace(/[^\w.-]/g, '_')}.${parts.at(-1)}"`,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    let cursor = START_OF_LOGS;
    for (;;) {
      const data = await readCapturedLogs(instance.database.api, key, cursor, PAGE_BYTES, stream);
      const text = data[stream];
      if (text === null) break;
      if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
      cursor = data.cursor;
    }
    res.end();
  };
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
