// The pool subscriptions' watchers, by concurrency key. A 'pool' hint touches the watchers of its key;
// a reconnect or the fallback poll touches all of them (hints may have been lost). A touch only tells a
// feed to re-read the pool (pool-feed.ts), so touching too often costs a read, never a wrong state.

export class PoolWatchers {
  private readonly byKey = new Map<string, Set<() => void>>();

  /** Calls `changed` whenever the pool's claims, waiters or limit may have changed; returns the unwatch. */
  watch(key: string, changed: () => void): () => void {
    let set = this.byKey.get(key);
    if (!set) this.byKey.set(key, (set = new Set()));
    set.add(changed);
    return () => {
      set.delete(changed);
      if (set.size === 0) this.byKey.delete(key);
    };
  }

  touch(key: string): void {
    for (const changed of this.byKey.get(key) ?? []) changed();
  }

  touchAll(): void {
    for (const set of this.byKey.values()) for (const changed of set) changed();
  }

  get size(): number {
    let size = 0;
    for (const set of this.byKey.values()) size += set.size;
    return size;
  }
}
