// Who is calling, on every transport. In open mode (auth.mode: open, the default for local use) every
// request is the admin "open". In tokens mode every request names an API token: `Authorization: Bearer`
// on HTTP and SSE, `connectionParams.authorization` at graphql-ws's connection_init. A request without
// a valid token is refused before GraphQL sees it (HTTP 401; a WebSocket is closed with 4403). With
// --read-only, the caller keeps its role but every permission is off (src/auth/caller.ts).
//
// A token is looked up on every HTTP request, so a revoked or expired token is refused on the next one;
// an open WebSocket is rechecked every REVALIDATE_MS and closed when its token is revoked or expires.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { openCaller, type Caller } from '../auth/caller.js';
import { authenticateToken, tokensStillValid } from '../auth/tokens.js';
import type { Instance } from '../instance/instance.js';

/** How often open WebSockets' tokens are checked for revocation. */
export const REVALIDATE_MS = 2_000;

/** graphql-ws's close code for a connection it refuses (its own onConnect → false uses it too). */
export const FORBIDDEN_CLOSE = 4403;

export interface Refusal {
  refused: true;
  message: string;
  /** The same for a WebSocket close frame, whose reason may hold at most 123 bytes. */
  closeReason: string;
}

export function isRefusal(outcome: Caller | Refusal): outcome is Refusal {
  return 'refused' in outcome;
}

const MISSING: Refusal = {
  refused: true,
  message:
    'This server requires an API token: send "Authorization: Bearer <token>" (WebSocket: connectionParams.authorization). ' +
    'Create one with `tidepool token create`.',
  closeReason: 'Forbidden: an API token is required in connectionParams.authorization',
};
const INVALID: Refusal = {
  refused: true,
  message: 'The API token is not valid: it is unknown, revoked or expired.',
  closeReason: 'Forbidden: the API token is unknown, revoked or expired',
};

/** The token in a header value: "Bearer <token>" (the scheme is case-insensitive). */
function bearerToken(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1]! : null;
}

export class Authenticator {
  private readonly callers = new WeakMap<IncomingMessage, Caller>();
  private readonly sockets = new Map<WebSocket, Caller>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly instance: Instance,
    private readonly readOnly: boolean,
  ) {}

  get tokensRequired(): boolean {
    return this.instance.config.auth.mode === 'tokens';
  }

  /** An HTTP or SSE request's caller, remembered for its GraphQL context; or why it is refused. */
  async authenticateRequest(req: IncomingMessage): Promise<Caller | Refusal> {
    const outcome = await this.authenticate(bearerToken(req.headers.authorization));
    if (!isRefusal(outcome)) this.callers.set(req, outcome);
    return outcome;
  }

  /** A WebSocket's caller from its connection_init payload, remembered for every operation on it. */
  async authenticateConnection(
    req: IncomingMessage,
    socket: WebSocket,
    params: Record<string, unknown> | undefined,
  ): Promise<Caller | Refusal> {
    const header = params?.authorization ?? params?.Authorization;
    const token = bearerToken(header) ?? (typeof header === 'string' && header.trim() !== '' ? header.trim() : null);
    const outcome = await this.authenticate(token);
    if (isRefusal(outcome)) return outcome;
    this.callers.set(req, outcome);
    if (outcome.tokenId !== null) this.watch(socket, outcome);
    return outcome;
  }

  /** The caller authenticated for `req` (its HTTP request, or its WebSocket's upgrade request). */
  callerOf(req: IncomingMessage | undefined): Caller {
    const caller = req ? this.callers.get(req) : undefined;
    if (caller) return caller;
    // Every request is authenticated before GraphQL runs; in tokens mode there is no caller to fall back on.
    if (this.tokensRequired) throw new Error('A GraphQL request reached execution without an authenticated caller.');
    return openCaller(this.readOnly);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sockets.clear();
  }

  private async authenticate(token: string | null): Promise<Caller | Refusal> {
    if (!this.tokensRequired) return openCaller(this.readOnly);
    if (token === null) return MISSING;
    const info = await authenticateToken(this.instance.database.api, token);
    if (info === null) return INVALID;
    return { actor: info.name, role: info.role, tokenId: info.id, expiresAt: info.expiresAt, readOnly: this.readOnly };
  }

  private watch(socket: WebSocket, caller: Caller): void {
    this.sockets.set(socket, caller);
    socket.once('close', () => this.sockets.delete(socket));
    if (this.timer) return;
    this.timer = setInterval(() => void this.revalidate(), REVALIDATE_MS);
    this.timer.unref();
  }

  /** Closes the sockets whose token was revoked or has expired since they connected. */
  private async revalidate(): Promise<void> {
    if (this.sockets.size === 0) return;
    const ids = [...new Set([...this.sockets.values()].map((caller) => caller.tokenId!))];
    let valid: Set<string>;
    try {
      valid = await tokensStillValid(this.instance.database.api, ids);
    } catch {
      // The database is unreachable or busy: keep the sockets, and try again at the next tick.
      return;
    }
    const now = Date.now();
    for (const [socket, caller] of this.sockets) {
      const expired = caller.expiresAt !== null && caller.expiresAt.getTime() <= now;
      if (expired || !valid.has(caller.tokenId!)) {
        this.sockets.delete(socket);
        socket.close(FORBIDDEN_CLOSE, INVALID.closeReason);
      }
    }
  }
}
