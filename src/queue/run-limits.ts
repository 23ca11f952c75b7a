// The run-level limits (SPEC §3) as a pure model: built from the config and the runs in progress, it
// says what blocks a run with given tags and counts runs admitted during one dequeue pass.
//  - max_concurrent_runs: -1 unlimited, 0 paused, else at most that many runs in progress.
//  - a tag limit with only `key` counts every run carrying the key (all values share one count);
//    with `value` it counts runs carrying key=value; with `applyLimitPerUniqueValue` each value of the
//    key has its own count of `limit`. A run counts once toward every limit its tags match.
import type { InstanceConfig, TagConcurrencyLimit } from '../config/index.js';

export const BLOCKER_KINDS = ['QUEUE_PAUSED', 'MAX_CONCURRENT_RUNS', 'TAG_LIMIT', 'POOL_LIMIT', 'COORDINATOR_DOWN'] as const;
export type BlockerKind = (typeof BLOCKER_KINDS)[number];

export interface QueueBlocker {
  kind: BlockerKind;
  /** The tag key (TAG_LIMIT) or pool (POOL_LIMIT). */
  key: string | null;
  value: string | null;
  limit: number | null;
  inUse: number | null;
  /** Runs holding the limit (in progress and counted against it). */
  runIds: string[];
  message: string;
}

export interface RunWithTags {
  id: string;
  tags: Record<string, string>;
}

/** The tag keys any limit looks at, sorted: runs that agree on these keys are limited alike. */
export function limitKeysOf(rules: readonly TagConcurrencyLimit[]): string[] {
  return [...new Set(rules.map((rule) => rule.key))].sort();
}

interface Counter {
  count: number;
  holders: string[];
}

/** Which count of `rule` a run with these tags falls in, or null when the rule does not match it. */
function counterKey(rule: TagConcurrencyLimit, tags: Record<string, string>): string | null {
  const value = tags[rule.key];
  if (value === undefined) return null;
  if (rule.value === undefined) return '';
  if (typeof rule.value === 'string') return rule.value === value ? value : null;
  return value; // applyLimitPerUniqueValue: one count per distinct value
}

function describeRule(rule: TagConcurrencyLimit, value: string): string {
  if (rule.value === undefined) return `tag "${rule.key}" (any value)`;
  if (typeof rule.value === 'string') return `tag "${rule.key}=${rule.value}"`;
  return `tag "${rule.key}=${value}" (limit per unique value)`;
}

export class RunLimits {
  private readonly maxConcurrentRuns: number;
  private readonly rules: TagConcurrencyLimit[];
  private readonly counters: Map<string, Counter>[];
  private inProgress: number;
  private readonly inProgressIds: string[];

  constructor(config: InstanceConfig['concurrency']['runs'], inProgress: readonly RunWithTags[]) {
    this.maxConcurrentRuns = config.maxConcurrentRuns;
    this.rules = config.tagConcurrencyLimits;
    this.counters = this.rules.map(() => new Map());
    this.inProgress = 0;
    this.inProgressIds = [];
    for (const run of inProgress) this.admit(run);
  }

  get limitKeys(): string[] {
    return limitKeysOf(this.rules);
  }

  get paused(): boolean {
    return this.maxConcurrentRuns === 0;
  }

  /** How many more runs may start now (Infinity when unlimited). */
  get capacity(): number {
    return this.maxConcurrentRuns < 0 ? Infinity : Math.max(0, this.maxConcurrentRuns - this.inProgress);
  }

  /** Counts a run as in progress. */
  admit(run: RunWithTags): void {
    this.inProgress++;
    this.inProgressIds.push(run.id);
    this.rules.forEach((rule, i) => {
      const key = counterKey(rule, run.tags);
      if (key === null) return;
      const counters = this.counters[i]!;
      const counter = counters.get(key) ?? { count: 0, holders: [] };
      counter.count++;
      counter.holders.push(run.id);
      counters.set(key, counter);
    });
  }

  /**
   * Each tag limit with its runs in progress. A limit per unique value reports its busiest value (under
   * value '*'), so what is reported grows with the config, not with the values runs carry.
   */
  tagLimitUsage(): { key: string; value: string; limit: number; inUse: number }[] {
    return this.rules.map((rule, i) => {
      const counts = [...this.counters[i]!.values()].map((counter) => counter.count);
      const value = rule.value === undefined ? '' : typeof rule.value === 'string' ? rule.value : '*';
      return { key: rule.key, value, limit: rule.limit, inUse: Math.max(0, ...counts) };
    });
  }

  /** The tag limits that are full for a run with these tags. */
  tagBlockers(tags: Record<string, string>): QueueBlocker[] {
    const blockers: QueueBlocker[] = [];
    this.rules.forEach((rule, i) => {
      const key = counterKey(rule, tags);
      if (key === null) return;
      const counter = this.counters[i]!.get(key) ?? { count: 0, holders: [] };
      if (counter.count < rule.limit) return;
      const value = rule.value === undefined ? null : key;
      blockers.push({
        kind: 'TAG_LIMIT',
        key: rule.key,
        value,
        limit: rule.limit,
        inUse: counter.count,
        runIds: [...counter.holders],
        message:
          rule.limit === 0
            ? `The limit on ${describeRule(rule, key)} is 0, so runs with it never start.`
            : `The limit on ${describeRule(rule, key)} is full: ${counter.count} of ${rule.limit} runs with it are in progress.`,
      });
    });
    return blockers;
  }

  /** Every run-level limit that holds a run with these tags now (pools are judged elsewhere). */
  blockers(tags: Record<string, string>): QueueBlocker[] {
    if (this.paused) {
      return [
        {
          kind: 'QUEUE_PAUSED',
          key: null,
          value: null,
          limit: 0,
          inUse: this.inProgress,
          runIds: [],
          message: 'max_concurrent_runs is 0, so the queue is paused: no run starts until it is raised.',
        },
      ];
    }
    const blockers: QueueBlocker[] = [];
    if (this.capacity <= 0) {
      blockers.push({
        kind: 'MAX_CONCURRENT_RUNS',
        key: null,
        value: null,
        limit: this.maxConcurrentRuns,
        inUse: this.inProgress,
        runIds: [...this.inProgressIds],
        message: `${this.inProgress} runs are in progress and max_concurrent_runs is ${this.maxConcurrentRuns}.`,
      });
    }
    return [...blockers, ...this.tagBlockers(tags)];
  }
}
