// Pools at dequeue (SPEC §3) as a pure model, built from the pools' usage when a pass starts and updated
// as the pass admits runs.
//  - op granularity (when run_queue.block_op_concurrency_limited_runs is enabled): a run may start if one
//    of its root steps has no pool, or one of its root pools is unlimited or has a free slot, counting
//    held slots, waiting steps and runs dequeued or running whose steps have not yet asked for a slot
//    there (pools/pool-usage.ts runsYetToClaimByRootPool), plus op_granularity_run_buffer. Runs whose root pools are all full stay QUEUED instead of holding a run
//    slot while their steps wait.
//  - run granularity: a run may start only if every pool it uses is unlimited or has a free slot; it
//    then holds one slot of each until it ends.
import type { InstanceConfig } from '../config/index.js';
import type { PoolUsage } from '../pools/pool-usage.js';
import type { QueueBlocker } from './run-limits.js';

export interface RunPools {
  rootPools: readonly string[];
  pools: readonly string[];
  unconstrained: boolean;
}

export class PoolAdmission {
  private readonly granularity: 'op' | 'run';
  private readonly enforced: boolean;
  private readonly buffer: number;

  constructor(
    config: InstanceConfig,
    private readonly usage: Map<string, PoolUsage>,
    /** Runs started or starting, per root pool, whose steps have not yet asked for a slot there (op granularity). */
    private readonly yetToClaim: Map<string, number>,
  ) {
    this.granularity = config.concurrency.pools.granularity;
    this.enforced = this.granularity === 'run' || config.runQueue.blockOpConcurrencyLimitedRuns.enabled;
    this.buffer = this.granularity === 'op' ? config.concurrency.pools.opGranularityRunBuffer : 0;
  }

  /** The pools whose usage a pass needs for runs with these pools. */
  static poolsToRead(config: InstanceConfig, runs: Iterable<RunPools>): string[] {
    const keys = new Set<string>();
    for (const run of runs) for (const pool of config.concurrency.pools.granularity === 'run' ? run.pools : run.rootPools) keys.add(pool);
    return [...keys].sort();
  }

  /** The full pools that hold a run with these pools; empty when it may start. */
  blockers(run: RunPools): QueueBlocker[] {
    if (!this.enforced) return [];
    if (this.granularity === 'op') {
      if (run.unconstrained || run.rootPools.length === 0) return [];
      const full = run.rootPools.filter((pool) => this.free(pool) <= 0);
      // One root pool with room is enough: the run can make progress there.
      return full.length === run.rootPools.length ? full.map((pool) => this.blocker(pool)) : [];
    }
    return run.pools.filter((pool) => this.free(pool) <= 0).map((pool) => this.blocker(pool));
  }

  /** Counts an admitted run against its pools. */
  admit(run: RunPools): void {
    if (this.granularity === 'op') {
      for (const pool of run.rootPools) this.yetToClaim.set(pool, (this.yetToClaim.get(pool) ?? 0) + 1);
    } else {
      for (const pool of run.pools) {
        const usage = this.usage.get(pool);
        if (usage) usage.held++;
      }
    }
  }

  private inUse(pool: string): number {
    const usage = this.usage.get(pool);
    if (!usage) return 0;
    return this.granularity === 'op' ? usage.held + usage.waiting + (this.yetToClaim.get(pool) ?? 0) : usage.held;
  }

  private free(pool: string): number {
    const limit = this.usage.get(pool)?.limit ?? null;
    return limit === null ? Infinity : limit + this.buffer - this.inUse(pool);
  }

  private blocker(pool: string): QueueBlocker {
    const limit = this.usage.get(pool)?.limit ?? 0;
    const inUse = this.inUse(pool);
    const what =
      this.granularity === 'op' ? 'steps holding or waiting for its slots and started runs yet to ask for one' : 'runs holding its slots';
    return {
      kind: 'POOL_LIMIT',
      key: pool,
      value: null,
      limit,
      inUse,
      runIds: [],
      message:
        limit === 0
          ? `Pool "${pool}" has limit 0, so nothing in it runs.`
          : `Pool "${pool}" is full: ${inUse} ${what}, limit ${limit}${this.buffer > 0 ? ` plus a buffer of ${this.buffer}` : ''}.`,
    };
  }
}
