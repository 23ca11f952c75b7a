// What the observability-cost benchmark compares (observability-cost.ts) and its processes run (cost-child.ts).

export const MODES = {
  neither: { metrics: false, logs: false },
  metrics: { metrics: true, logs: false },
  logs: { metrics: false, logs: true },
  both: { metrics: true, logs: true },
} as const;
export type ModeName = keyof typeof MODES;

export const E2E_RUNS = 1_000;
export const E2E_BATCH = 100;
export const E2E_WARMUP = 100;
export const SCRAPE_INTERVAL_MS = 1_000;

export type ChildReply =
  | {
      type: 'e2e';
      runsPerSecond: number;
      succeeded: number;
      scrapes: number;
      /** CPU of the process and of its database's Postgres backends during the measured stretch. */
      nodeMs: number;
      postgresMs: number | null;
    }
  | { type: 'ready'; port: number }
  | { type: 'stopped'; scrapes: number };
