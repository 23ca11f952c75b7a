// Waiting for a condition in benchmarks: poll it, never sleep a guessed time.
import { now, sleep } from './clock.js';

/** Polls `probe` every `intervalMs` until it answers true; returns the moment it first did. */
export async function pollUntil(
  probe: () => Promise<boolean>,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = now() + timeoutMs;
  for (;;) {
    if (await probe()) return now();
    if (now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    if (options.intervalMs) await sleep(options.intervalMs);
  }
}

/** A counter that resolves `reached(n)` at the moment the n-th increment happens. */
export class Countdown {
  private count = 0;
  private at: number | null = null;
  private waiter: ((at: number) => void) | null = null;

  constructor(private readonly target: number) {}

  get value(): number {
    return this.count;
  }

  increment(by = 1): void {
    this.count += by;
    if (this.at === null && this.count >= this.target) {
      this.at = now();
      this.waiter?.(this.at);
    }
  }

  /** When the target was reached. */
  reached(what: string, timeoutMs = 120_000): Promise<number> {
    if (this.at !== null) return Promise.resolve(this.at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${this.count} of ${this.target}).`)),
        timeoutMs,
      );
      this.waiter = (at) => {
        clearTimeout(timer);
        resolve(at);
      };
    });
  }
}
