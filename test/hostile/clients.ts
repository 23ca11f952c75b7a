// Clients for the hostile suite, each able to speak from its own loopback address (127.0.0.x), so that
// one attacker's per-client limits (launch rate, connections, subscriptions) are seen to leave the
// well-behaved client on 127.0.0.1 alone. Every request is bounded in time: a hang is a finding.
import { request } from 'node:http';
import WebSocket from 'ws';

export interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
}

export interface PostOptions {
  /** The local address to connect from (the "client" the server sees). */
  from?: string;
  timeoutMs?: number;
  /** Aborts the request (the client "goes away"). */
  signal?: AbortSignal;
}

/** POSTs `body` as JSON; resolves with the status and parsed body (null when not JSON). */
export function post(url: string, body: string | Buffer, options: PostOptions = {}): Promise<Answer> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: options.from ?? '127.0.0.1',
        headers: { 'content-type': 'application/json', 'content-length': bytes.byteLength },
        timeout: options.timeoutMs ?? 30_000,
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Answer['body'] = null;
          try {
            parsed = JSON.parse(text) as Answer['body'];
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
    // A server that answers 413 before reading a large body may close the socket while it is still
    // being written; the answer it sent is what counts, and the write error is ignored once it came.
    req.on('error', reject);
    req.end(bytes);
  });
}

export const gql = (query: string, variables?: Record<string, unknown>): string => JSON.stringify({ query, variables });

/** A raw graphql-ws connection: what it received and how it closed. */
export class RawSocket {
  readonly messages: { type: string; id?: string; payload?: unknown }[] = [];
  closeCode: number | null = null;
  closeReason = '';
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;
  private readonly closed: Promise<void>;

  constructor(wsUrl: string, from = '127.0.0.1') {
    this.ws = new WebSocket(wsUrl, 'graphql-transport-ws', { localAddress: from });
    this.opened = new Promise((resolve) => this.ws.once('open', () => resolve()));
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve();
      }),
    );
    // Refused upgrades and resets end in 'close' too; the error itself carries nothing more.
    this.ws.on('error', () => undefined);
    // ws hands over Buffers (its default binaryType); RawData's type also admits ArrayBuffer and Buffer[].
    this.ws.on('message', (data) => {
      try {
        this.messages.push(JSON.parse((data as Buffer).toString()) as RawSocket['messages'][number]);
      } catch {
        this.messages.push({ type: 'unparseable' });
      }
    });
  }

  /** Resolves true once open, false if the connection closed first. */
  async open(): Promise<boolean> {
    return Promise.race([this.opened.then(() => true), this.closed.then(() => false)]);
  }

  send(message: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends connection_init and resolves true on connection_ack, false if the socket closed instead. */
  async init(payload: Record<string, unknown> = {}): Promise<boolean> {
    if (!(await this.open())) return false;
    this.send({ type: 'connection_init', payload });
    return this.until(() => this.messages.some((m) => m.type === 'connection_ack') || this.closeCode !== null).then(
      () => this.closeCode === null,
    );
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ type: 'subscribe', id, payload: { query, variables } });
  }

  /** Resolves when `probe` holds (checked on every message and on close), or after 20 s with an error. */
  until(probe: () => boolean, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        if (probe()) return resolve();
        if (Date.now() - started > timeoutMs) return reject(new Error('RawSocket.until timed out'));
        setTimeout(check, 10);
      };
      check();
    });
  }

  async close(): Promise<void> {
    if (this.closeCode === null) this.ws.close();
    await this.closed;
  }

  waitClosed(): Promise<void> {
    return this.closed;
  }
}
