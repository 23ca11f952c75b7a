// Limits on a run config's value, shared by the main thread (configs given as objects) and the parser's
// worker thread (configs given as text, once parsed). Plain JavaScript because worker threads do not
// inherit tsx's TypeScript loader; run-config-value.d.ts types it for the TypeScript side.

/**
 * How much larger than its text a parsed YAML config's JSON may be: room for JSON's quotes around keys
 * (`key: 1` is `"key":1`), not for aliases that repeat a large anchor (up to a hundred times), since the
 * main thread reads and stores that JSON.
 */
const PARSED_EXPANSION = 2;

/** @param {number} maxBytes */
export function tooLargeMessage(maxBytes) {
  return `Run config is larger than the limit of ${maxBytes} bytes (api.max_run_config_bytes).`;
}

/** @param {number} maxBytes */
function expandsTooMuchMessage(maxBytes) {
  return `Run config expands to more than ${PARSED_EXPANSION * maxBytes} bytes of JSON (${PARSED_EXPANSION} × api.max_run_config_bytes).`;
}

/** @param {number} maxDepth */
export function tooDeepMessage(maxDepth) {
  return `Run config nests deeper than the limit of ${maxDepth} levels (api.max_run_config_depth).`;
}

/**
 * Why `text` cannot be stored as a run config string (or key), or null. Postgres text and jsonb refuse
 * NUL, and a lone surrogate has no UTF-8 form; the string itself is never echoed.
 * @param {string} text
 */
export function badStringMessage(text) {
  if (text.includes('\0')) return 'Run config holds a string with a NUL character, which cannot be stored.';
  if (!text.isWellFormed()) return 'Run config holds a string with a lone UTF-16 surrogate, which is not valid Unicode.';
  return null;
}

/**
 * Why `value` breaks a run config limit, or null: its JSON is over maxRunConfigBytes (or, for a config
 * parsed from text, PARSED_EXPANSION times that), it nests deeper than maxRunConfigDepth (a scalar at the
 * root is depth 0), or a key or string value is not storable. The JSON is sized without being written:
 * strings by their length in UTF-16 code units plus quotes (escapes and multi-byte characters are not
 * counted), numbers by their digits. The walk is iterative and stops at the first broken limit, so its
 * work is bounded by the limits rather than by the value.
 * @param {unknown} value
 * @param {{ maxRunConfigBytes: number; maxRunConfigDepth: number }} limits
 * @param {{ parsed: boolean }} from
 */
export function checkRunConfigValue(value, limits, { parsed }) {
  const maxDepth = limits.maxRunConfigDepth;
  const maxBytes = parsed ? PARSED_EXPANSION * limits.maxRunConfigBytes : limits.maxRunConfigBytes;
  let bytes = 0;
  /** Containers still to walk, each followed by its depth. */
  const pending = [];
  /** Sizes a scalar, or queues a container; the refusal, if any. */
  const take = (/** @type {unknown} */ node, /** @type {number} */ depth) => {
    if (typeof node === 'string') {
      bytes += node.length + 2;
      return badStringMessage(node);
    }
    if (typeof node === 'object' && node !== null) {
      if (depth >= maxDepth) return tooDeepMessage(maxDepth);
      pending.push(node, depth);
      return null;
    }
    bytes += typeof node === 'number' ? numberBytes(node) : 5;
    return null;
  };
  let problem = take(value, 0);
  while (problem === null && bytes <= maxBytes && pending.length > 0) {
    const depth = /** @type {number} */ (pending.pop());
    const node = /** @type {object} */ (pending.pop());
    if (Array.isArray(node)) {
      // Brackets and commas first: a huge array is refused before its items are looked at.
      bytes += 1 + Math.max(node.length, 1);
      for (const item of node) {
        if (bytes > maxBytes || (problem = take(item, depth + 1)) !== null) break;
      }
    } else {
      const keys = Object.keys(node);
      bytes += 1 + Math.max(keys.length, 1);
      for (const key of keys) {
        bytes += key.length + 3;
        if (bytes > maxBytes) break;
        if ((problem = badStringMessage(key) ?? take(/** @type {Record<string, unknown>} */ (node)[key], depth + 1)) !== null) break;
      }
    }
  }
  if (problem !== null) return problem;
  if (bytes <= maxBytes) return null;
  return parsed ? expandsTooMuchMessage(limits.maxRunConfigBytes) : tooLargeMessage(maxBytes);
}

/** Characters of a number's JSON, without writing it (safe integers exactly, anything else at most). */
function numberBytes(/** @type {number} */ number) {
  if (!Number.isSafeInteger(number)) return 24;
  let digits = number < 0 ? 2 : 1;
  for (let rest = Math.abs(number); rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
  return digits;
}
