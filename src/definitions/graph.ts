/**
 * Dependency-graph helpers shared by the asset graph and the step graph. The order is deterministic and
 * stable: a node comes after its upstream nodes and otherwise keeps its position in the input, so plans and
 * API listings do not reshuffle between loads.
 */

export interface GraphNode {
  key: string;
  /** Keys this node waits for; keys that are not among the nodes are ignored. */
  upstream: readonly string[];
}

export type OrderResult<T> = { ok: true; order: T[] } | { ok: false; cycle: string[] };

/**
 * Orders nodes so that every node follows its upstream nodes. On a cycle, returns its path in data-flow
 * order (upstream → downstream), starting and ending with the same key, e.g. `["a", "b", "a"]`.
 */
export function orderTopologically<T extends GraphNode>(nodes: readonly T[]): OrderResult<T> {
  const byKey = new Map<string, T>();
  for (const node of nodes) byKey.set(node.key, node);

  const state = new Map<string, 'visiting' | 'done'>();
  const order: T[] = [];
  const path: string[] = [];

  // Depth-first, post-order over upstream edges. Returns a cycle (in "depends on" order) or null.
  const visit = (node: T): string[] | null => {
    state.set(node.key, 'visiting');
    path.push(node.key);
    for (const upKey of node.upstream) {
      const up = byKey.get(upKey);
      if (up === undefined) continue;
      const upState = state.get(upKey);
      if (upState === 'visiting') return [...path.slice(path.indexOf(upKey)), upKey];
      if (upState === undefined) {
        const cycle = visit(up);
        if (cycle !== null) return cycle;
      }
    }
    path.pop();
    state.set(node.key, 'done');
    order.push(node);
    return null;
  };

  for (const node of nodes) {
    if (state.has(node.key)) continue;
    const cycle = visit(node);
    if (cycle !== null) return { ok: false, cycle: cycle.reverse() };
  }
  return { ok: true, order };
}

/** Removes duplicates, keeping the first occurrence. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Sorted, unique strings (code-unit order, so results match across locales). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
