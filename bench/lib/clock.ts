// One clock for every benchmark: a monotonic, sub-millisecond timer (wall-clock time can jump).
import { performance } from 'node:perf_hooks';

export function now(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `fn` and returns its result with the milliseconds it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = now();
  const value = await fn();
  return { value, ms: now() - start };
}

/**
 * The system's monotonic clock in milliseconds (CLOCK_MONOTONIC): unlike now(), whose origin is the
 * process's start, it reads the same in every process of the machine, so one process can stamp a send
 * and another its arrival.
 */
export function monotonicNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
