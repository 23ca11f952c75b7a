// The web console (console/, built by Vite into console/dist) is served by the API's own server, so a browser
// at `/` talks to `/graphql` same-origin and browser-safety.ts needs no exception for it.
//
// - Only GET and HEAD are answered here, and never for /graphql: GraphiQL and the API keep that path.
// - The built files are read once, when the server is built, into a fixed table: a request names one of them
//   or none, so no path from a URL ever reaches the file system (no traversal to guard).
// - Vite puts a content hash in every name under assets/, so those are cached for a year (immutable);
//   index.html and the other root files are revalidated on every load, so a rebuilt console is seen at once.
// - Text files are gzipped once, at start, and sent so to clients that accept it.
// - Any other GET that accepts text/html (a deep link such as /runs/abc) gets index.html: the console's
//   router draws the page. Anything else falls through to yoga, which answers 404.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Where `npm run console:build` (and `npm start`, scripts/build-console.js) writes the console. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

// The console's scripts and styles are its own files; it connects only to this server (HTTP and WebSocket)
// and may not be framed by another page.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

interface Asset {
  status: number;
  body: Buffer;
  headers: Record<string, string>;
  /** The body gzipped, for text files. */
  gzipped?: Buffer;
}

/** Answers the request from the built console and returns true, or returns false to let the API answer it. */
export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function consoleAssets(distDir: string = CONSOLE_DIST): ConsoleHandler {
  const assets = readAssets(distDir);
  const index = assets.get('/index.html');
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = pathOf(req.url);
    if (path === null || path === '/graphql' || path.startsWith('/graphql/')) return false;
    const wantsPage = (req.headers.accept ?? '').includes('text/html');
    const asset = assets.get(path) ?? (wantsPage ? (index ?? notBuilt(distDir)) : undefined);
    if (!asset) return false;
    const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? asset.gzipped : undefined;
    const body = gzipped ?? asset.body;
    const encoding = gzipped ? { 'content-encoding': 'gzip' } : {};
    res.writeHead(asset.status, { ...asset.headers, ...encoding, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** The request's path, or null when its target is not one (the API answers it as it would anyway). */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://console').pathname;
  } catch {
    return null;
  }
}

/** Every file of the build, by its URL path ('/index.html', '/assets/index-3f2a.js'). */
function readAssets(distDir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(distDir)) return assets;
  for (const entry of readdirSync(distDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const urlPath =
      '/' +
      file
        .slice(distDir.length + 1)
        .split(sep)
        .join('/');
    const body = readFileSync(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const text = type.startsWith('text/') || type.startsWith('image/svg') || type.startsWith('application/json');
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
      'x-content-type-options': 'nosniff',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    if (text) headers.vary = 'accept-encoding';
    assets.set(urlPath, { status: 200, body, headers, gzipped: text ? gzipSync(body) : undefined });
  }
  const index = assets.get('/index.html');
  if (index) assets.set('/', index);
  return assets;
}

/** The page a browser gets when the console was never built (e.g. a server started without `npm start`). */
function notBuilt(distDir: string): Asset {
  const body = Buffer.from(
    `The Tidepool console is not built (no ${distDir}/index.html). Run \`npm run console:build\`, or start the ` +
      'server with `npm start`, which builds it. The API and GraphiQL are at /graphql.\n',
  );
  return {
    status: 404,
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': REVALIDATE },
  };
}
