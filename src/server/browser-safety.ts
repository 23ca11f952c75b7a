// What a web page the user happens to open may make the server do: nothing, unless it is the server's own
// page or a configured origin (server.cors_origins). Without these checks any page could drive a local
// server: a cross-site form POST runs a mutation, CORS echoes any Origin with credentials, a WebSocket from a
// foreign page runs mutations, and a page on a name that re-resolves to 127.0.0.1 (DNS rebinding) is
// same-origin with the server as far as the browser knows.
//
// Invariants, enforced here and nowhere else:
//  - A request or WebSocket upgrade whose Origin is neither the server's own (the scheme, host and port the
//    request was sent to) nor configured is refused (403 ORIGIN_NOT_ALLOWED) before yoga or graphql-ws sees
//    it. Without an Origin (curl, scripts, other servers) it is not a browser's cross-site request and passes.
//  - On a loopback bind only Host names that cannot be rebound are served (421 HOST_NOT_ALLOWED): a page at
//    evil.example:PORT rebound to 127.0.0.1 sends its own name as Host (and as Origin, so the Origin check
//    alone would pass it). The port is not compared: the name is what an attacker controls.
//  - An operation over POST is JSON (or application/graphql), types a browser may only send cross-site
//    after a CORS preflight; form, multipart and text/plain bodies are refused (415 UNSUPPORTED_MEDIA_TYPE)
//    unread. yoga already refuses a mutation over GET (405 BAD_REQUEST), so GET stays read-only.
//  - CORS headers, credentials included, are sent for configured origins only; never an echo of any Origin.
//
// Why not @graphql-yoga/plugin-csrf-prevention (not a dependency either): it lets a non-preflighted request
// through when it carries a chosen header and refuses every other, so a plain GET query from curl or a link
// would need the header too, while the media-type rule above refuses exactly the bodies a cross-site form can
// send and needs nothing of well-behaved clients. The Origin check covers what no media type can: a
// WebSocket handshake and an EventSource GET are sent cross-site without any preflight.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ValidationRule } from 'graphql';
import { createGraphQLError, type CORSOptions, type Plugin } from 'graphql-yoga';
import type { AuthMode, ServerSettings } from '../config/instance-config.js';

export const BROWSER_SAFETY_CODES = {
  foreignOrigin: 'ORIGIN_NOT_ALLOWED',
  foreignHost: 'HOST_NOT_ALLOWED',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  introspectionDisabled: 'INTROSPECTION_DISABLED',
  graphiqlDisabled: 'GRAPHIQL_DISABLED',
} as const;

/** The server's browser policy, settled once from its config, auth mode and listening host. */
export interface BrowserPolicy {
  corsOrigins: ReadonlySet<string>;
  /** Bound to loopback: Host must name it (the DNS-rebinding check). Elsewhere a proxy may front the server. */
  loopbackHosts: ReadonlySet<string> | null;
  graphiql: boolean;
  introspection: boolean;
}

export function browserPolicy(settings: ServerSettings, authMode: AuthMode, listenHost: string): BrowserPolicy {
  const loopback = isLoopback(listenHost);
  // Exploring the schema is for a developer's own open server; a shared or token-protected one opts in.
  const graphiql = settings.graphiql ?? (authMode === 'open' && loopback);
  const literal = isIP(listenHost) === 6 ? `[${listenHost}]` : listenHost.toLowerCase();
  return {
    corsOrigins: new Set(settings.corsOrigins),
    loopbackHosts: loopback ? new Set(['localhost', '127.0.0.1', '[::1]', literal]) : null,
    graphiql,
    introspection: settings.introspection ?? graphiql,
  };
}

/** Whether a listening host is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(name);
}

export interface BrowserRefusal {
  status: number;
  code: (typeof BROWSER_SAFETY_CODES)[keyof typeof BROWSER_SAFETY_CODES];
  /** A whole sentence for the GraphQL error. */
  message: string;
}

/** Why this HTTP request or WebSocket upgrade may not be served, or null when it may. */
export function browserRefusal(policy: BrowserPolicy, req: IncomingMessage): BrowserRefusal | null {
  const host = req.headers.host;
  if (policy.loopbackHosts && host !== undefined && !policy.loopbackHosts.has(hostName(host))) {
    return {
      status: 421,
      code: BROWSER_SAFETY_CODES.foreignHost,
      message:
        'This server listens on a loopback address and serves only requests addressed to localhost, 127.0.0.1 or [::1]; ' +
        'a page under another name may have been re-resolved to it (DNS rebinding).',
    };
  }
  const origin = req.headers.origin;
  if (origin === undefined || policy.corsOrigins.has(origin) || origin === ownOrigin(req)) return null;
  return {
    status: 403,
    code: BROWSER_SAFETY_CODES.foreignOrigin,
    message: `Requests from the origin ${JSON.stringify(origin)} are not allowed; list it under server.cors_origins to allow it.`,
  };
}

/** The last Host header parsed and its name: clients send the same one on every request (a URL parse each). */
let lastHost: { header: string; name: string } | null = null;

/** The host header's name, lower-cased, IPv6 in brackets; '' when it is not a host at all. */
function hostName(host: string): string {
  if (lastHost?.header === host) return lastHost.name;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname;
  } catch {
    name = '';
  }
  lastHost = { header: host, name };
  return name;
}

/**
 * The origin of the page this server itself would have served the request's sender. Behind a proxy that
 * terminates TLS the browser's origin is https, which the proxy says in X-Forwarded-Proto; believing it only
 * ever admits the same host under https.
 */
function ownOrigin(req: IncomingMessage): string | null {
  const forwarded = req.headers['x-forwarded-proto'];
  const scheme = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  try {
    return new URL(`${scheme}://${req.headers.host ?? ''}`).origin;
  } catch {
    return null;
  }
}

/** A refusal answered before GraphQL runs: its HTTP status and one coded GraphQL error. */
export interface HttpRefusal {
  status: number;
  code: string;
  message: string;
}

function refusalBody(refusal: HttpRefusal): string {
  return JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}

/** Answers a request with the refusal, as a GraphQL response (plus any `headers`, e.g. WWW-Authenticate). */
export function answerRefusal(res: ServerResponse, refusal: HttpRefusal, headers: Record<string, string> = {}): void {
  const body = refusalBody(refusal);
  res.writeHead(refusal.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Answers the upgrade request with the refusal as plain HTTP: no WebSocket is opened. */
export function refuseUpgrade(socket: Duplex, refusal: BrowserRefusal): void {
  const body = refusalBody(refusal);
  // As ws does when it aborts a handshake: a client already gone is nothing to report (an 'error' without a
  // listener would end the process), and the socket is destroyed once the answer is written.
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** yoga's `cors` option: headers for a configured origin only (a foreign one never gets this far). */
export function corsFor(policy: BrowserPolicy): (request: Request) => CORSOptions {
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !policy.corsOrigins.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST'],
      // Idempotency-Key: an allowed origin's launches may be idempotent too (graphql/launch.ts).
      allowedHeaders: ['content-type', 'accept', 'authorization', 'idempotency-key'],
    };
  };
}

/** Media types of an operation over POST that a browser sends cross-site only after a CORS preflight. */
const OPERATION_MEDIA_TYPES = new Set(['application/json', 'application/graphql+json', 'application/graphql']);

// graphql's NoSchemaIntrospectionCustomRule (what @graphql-yoga/plugin-disable-introspection adds) reports
// the same fields, but without a code a client could act on.
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name !== '__schema' && name !== '__type') return;
    context.reportError(
      new GraphQLError(`Introspection is turned off on this server (server.introspection); the operation asks for ${name}.`, {
        nodes: node,
        extensions: { code: BROWSER_SAFETY_CODES.introspectionDisabled },
      }),
    );
  },
});

/**
 * The envelop plugin for what is decided per operation: the POST media type, introspection (over HTTP and
 * WebSocket alike: graphql-ws validates through the same pipeline) and GraphiQL turned off.
 */
export function useBrowserSafety(policy: BrowserPolicy): Plugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      // yoga's GraphiQL answers exactly these; with it off they would get a confusing "missing query".
      if (policy.graphiql || request.method !== 'GET' || !request.headers.get('accept')?.includes('text/html')) return;
      const body = refusalBody({
        status: 404,
        code: BROWSER_SAFETY_CODES.graphiqlDisabled,
        message: 'GraphiQL is turned off on this server (server.graphiql).',
      });
      endResponse(new fetchAPI.Response(body, { status: 404, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    },
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (OPERATION_MEDIA_TYPES.has(mediaType)) return;
      throw createGraphQLError(
        `An operation over POST must be sent as application/json, not ${mediaType === '' ? 'without a content type' : mediaType}.`,
        { extensions: { code: BROWSER_SAFETY_CODES.unsupportedMediaType, http: { status: 415 } } },
      );
    },
    onValidate({ addValidationRule }) {
      if (!policy.introspection) addValidationRule(noIntrospection);
    },
  };
}
