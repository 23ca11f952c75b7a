// The bench's job: one step that prints a line each time the bench asks, stamping the moment of the write,
// until it is told to stop. The bench and the step share the process (the engine imports this file).
import { Definitions, job, op } from '../../src/index.js';

interface Ticker {
  /** performance.now() just before each line's write, by sequence number. */
  stamps: Map<number, number>;
  requests: number[];
  wake: (() => void) | null;
}

const shared = globalThis as { __capturedLogsTicker?: Ticker };
export const ticker: Ticker = (shared.__capturedLogsTicker ??= { stamps: new Map(), requests: [], wake: null });

/** Asks the step to print line `seq` (-1: stop). */
export function tick(seq: number): void {
  ticker.requests.push(seq);
  ticker.wake?.();
}

const tickerOp = op({ name: 'ticker' }, async () => {
  for (;;) {
    while (ticker.requests.length === 0) await new Promise<void>((resolve) => (ticker.wake = resolve));
    ticker.wake = null;
    const seq = ticker.requests.shift()!;
    if (seq < 0) return;
    ticker.stamps.set(seq, performance.now());
    process.stdout.write(`tick ${seq}\n`);
  }
});

export default new Definitions({
  jobs: [
    job({ name: 'ticker_job' }, () => {
      tickerOp();
    }),
  ],
});
