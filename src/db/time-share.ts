// A share of wall time for the API's heavy reads (counts over the whole history, large pages): they may
// keep their connections busy at most `share` of the time, averaged, with a burst allowance from idle.
// Fewer connections alone did not protect the engine: one backend counting 300k rows nonstop is a whole
// core of a two-core machine, and the coordinator, the workers and the launches' statements then wait
// for CPU. Metering time held, not statements started, is what bounds the CPU the storm can take.
//
// The balance is a token bucket charged as time passes: it earns `share × slots` ms per ms and spends
// one ms per ms for each statement holding a slot, up to `burstMs × slots` saved from idle.
// Invariant: at most `slots` statements hold a heavy connection at once, and one starts only while the
// balance is positive; so over any long window the statements hold their connections at most `share` of
// it (plus the burst). Waiters are admitted client by client in turn, and first come, first served within
// a client: a client with a hundred counts waiting delays another client's one count by one turn.
import { RequestCanceledError, ServiceBusyError } from './errors.js';

export interface TimeShareOptions {
  /** Statements at once (the heavy lane's connections). */
  slots: number;
  /** Fraction of wall time, per slot, the statements may use (0 < share ≤ 1). */
  share: number;
  /** Time that may be spent at once from idle, per slot, in ms. */
  burstMs: number;
  /** Injected for tests. */
  now?: () => number;
}

interface Waiter {
  admit: () => void;
}

export interface AcquireOptions {
  /** Aborted when the request is given up: the wait ends with RequestCanceledError. */
  signal?: AbortSignal;
  /** Whose statement it is (turns go round the clients). */
  client?: string;
}

export class TimeShare {
  private readonly now: () => number;
  private readonly capacityMs: number;
  private balanceMs: number;
  private updatedAt: number;
  private held = 0;
  /** Waiters by client, and the clients with waiters in the order of their next turn. */
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly rotation: string[] = [];
  private wakeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: TimeShareOptions) {
    this.now = options.now ?? (() => performance.now());
    this.capacityMs = options.burstMs * options.slots;
    this.balanceMs = this.capacityMs;
    this.updatedAt = this.now();
  }

  /**
   * Resolves with a function that ends the statement's turn, once a slot is free, the balance positive
   * and it is the client's turn. Refused with ServiceBusyError after `timeoutMs` of waiting,
   * RequestCanceledError if `signal` aborts first.
   */
  acquire(timeoutMs: number, { signal, client = '' }: AcquireOptions = {}): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const stopWaiting = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const leave = (error: Error) => {
        this.remove(client, waiter);
        stopWaiting();
        reject(error);
      };
      const onAbort = () => leave(new RequestCanceledError());
      const timer = setTimeout(() => leave(new ServiceBusyError()), timeoutMs);
      const waiter: Waiter = {
        admit: () => {
          stopWaiting();
          resolve(this.turn());
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const queue = this.waiting.get(client);
      if (queue) queue.push(waiter);
      else {
        this.waiting.set(client, [waiter]);
        this.rotation.push(client);
      }
      this.pump();
    });
  }

  /** Stops the wake-up timer; waiters are left to their own timeouts. */
  close(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  private remove(client: string, waiter: Waiter): void {
    const queue = this.waiting.get(client);
    const at = queue?.indexOf(waiter) ?? -1;
    if (!queue || at < 0) return;
    queue.splice(at, 1);
    if (queue.length === 0) {
      this.waiting.delete(client);
      this.rotation.splice(this.rotation.indexOf(client), 1);
    }
  }

  /** The next waiter: the head of the client whose turn it is; that client goes to the back of the line. */
  private next(): Waiter {
    const client = this.rotation.shift()!;
    const queue = this.waiting.get(client)!;
    const waiter = queue.shift()!;
    if (queue.length > 0) this.rotation.push(client);
    else this.waiting.delete(client);
    return waiter;
  }

  private turn(): () => void {
    this.settle();
    this.held++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.settle();
      this.held--;
      this.pump();
    };
  }

  /** Brings the balance up to now: earned at the share's rate, spent by every statement holding a slot. */
  private settle(): void {
    const at = this.now();
    const rate = this.options.share * this.options.slots - this.held;
    this.balanceMs = Math.min(this.capacityMs, this.balanceMs + (at - this.updatedAt) * rate);
    this.updatedAt = at;
  }

  private pump(): void {
    this.settle();
    while (this.rotation.length > 0 && this.held < this.options.slots && this.balanceMs > 0) {
      this.next().admit();
    }
    if (this.rotation.length === 0 || this.held >= this.options.slots || this.wakeTimer) return;
    // A slot free but no balance: wake when it is positive again, if it is rising; if the statements
    // running spend faster than the share earns, the end of one of them pumps again.
    const rate = this.options.share * this.options.slots - this.held;
    if (rate <= 0) return;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = null;
        this.pump();
      },
      Math.ceil(-this.balanceMs / rate) + 1,
    );
    this.wakeTimer.unref();
  }
}
