import { describe, type ConfigNode } from './config-node.js';
import type { TagConcurrencyLimit } from './instance-config.js';

/**
 * Reads `tag_concurrency_limits`. Two items with the same key and the same value form would be two
 * counts over the same runs, and which one binds would depend on list order, so a duplicate is an error
 * rather than silently "the lower one wins".
 */
export function readTagConcurrencyLimits(node: ConfigNode): TagConcurrencyLimit[] {
  const firstIndexOf = new Map<string, number>();
  return node.list().map((itemNode, index) => {
    const item = itemNode.mapping(['key', 'value', 'limit']);
    const key = item.required('key').nonEmptyString();
    const valueNode = item.get('value');
    const value = valueNode === undefined ? undefined : readTagValue(valueNode);
    const limit = item.required('limit').int(0);

    const identity = JSON.stringify([key, value ?? null]);
    const first = firstIndexOf.get(identity);
    if (first !== undefined) {
      itemNode.fail(`repeats the key and value of item [${first}]; keep one limit per key and value`);
    }
    firstIndexOf.set(identity, index);

    return value === undefined ? { key, limit } : { key, value, limit };
  });
}

/** The value form; undefined when it says "all values share one count", as leaving `value` out does. */
function readTagValue(node: ConfigNode): TagConcurrencyLimit['value'] {
  if (typeof node.value === 'string') return node.value;
  if (node.isEnvReference) return node.nonEmptyString();
  if (typeof node.value !== 'object' || node.value === null || Array.isArray(node.value)) {
    node.fail(`must be a string or the mapping {applyLimitPerUniqueValue: true} (got ${describe(node.value)})`);
  }
  // Dagster reads `{applyLimitPerUniqueValue: false}` as no value at all: one count shared by every value.
  const perUnique = node.mapping(['applyLimitPerUniqueValue']).required('applyLimitPerUniqueValue').bool();
  return perUnique ? { applyLimitPerUniqueValue: true } : undefined;
}
