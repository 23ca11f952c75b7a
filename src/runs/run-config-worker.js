// The run config parser's worker thread (run-config-parser.ts runs it). Plain JavaScript because worker
// threads do not inherit tsx's TypeScript loader.
//
// Parsing text is unbounded work on hostile input, so it happens here, where the main thread can stop it
// by terminating the thread. Within the thread, every step is still bounded, because a fatal V8 error
// (out of memory inside the regular-expression compiler, say) aborts the whole process, not just the thread:
//  - errors are reported from their position and yaml's code only: yaml's prettifier runs regular
//    expressions over the input near the stack limit, which is how a 10 KB `[[[…]]]` aborted the server;
//  - nesting is checked on yaml's CST (built without recursion) before the composer, which recurses once
//    per level, ever sees it;
//  - duplicate keys are found here with one Set per map, not by yaml's pairwise check (20,000 keys: 6 s);
//  - aliases are counted before they are expanded, and expansion keeps yaml's maxAliasCount.
import { parentPort } from 'node:worker_threads';
import { Composer, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { badStringMessage, checkRunConfigValue, tooDeepMessage } from './run-config-value.js';

/** yaml's own default: aliases in one document, and expansions of one anchor. */
const MAX_ALIASES = 100;

parentPort.on('message', ({ id, text, limits }) => {
  let outcome;
  try {
    outcome = readText(text, limits);
  } catch (error) {
    // Never the message: it may quote the input.
    outcome = { ok: false, message: `Run config could not be parsed (${error?.name ?? 'unknown error'}).` };
  }
  parentPort.postMessage({ id, ...outcome });
});
// Parse budgets are counted from here: the thread's start-up is not the input's fault.
parentPort.postMessage('ready');

/**
 * The run config in `text` (JSON or YAML) as JSON text, or why it is refused.
 * @param {string} text
 * @param {{ maxRunConfigBytes: number; maxRunConfigDepth: number }} limits
 */
function readText(text, limits) {
  const bad = badStringMessage(text);
  if (bad) return { ok: false, message: bad };
  const parsed = parseText(text, limits.maxRunConfigDepth);
  if (!parsed.ok) return parsed;
  const problem = checkRunConfigValue(parsed.value, limits, { parsed: true });
  if (problem) return { ok: false, message: problem };
  return { ok: true, json: JSON.stringify(parsed.value ?? {}) };
}

/**
 * @param {string} text
 * @param {number} maxDepth
 * @returns {{ ok: true; value: unknown } | { ok: false; message: string }}
 */
function parseText(text, maxDepth) {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      // JSON.parse does not recurse; depth is checked on its result.
      return { ok: true, value: JSON.parse(text) };
    } catch {
      // Not JSON: flow-style YAML (`{ops: {…}}`) is read below.
    }
  }
  const tokens = Array.from(new Parser().parse(text));
  if (cstDeeperThan(tokens, maxDepth)) return { ok: false, message: tooDeepMessage(maxDepth) };
  // uniqueKeys: false because yaml compares every pair of keys; duplicates are found below instead.
  // logLevel 'error': yaml's warnings quote the input, and would be printed to the server's log.
  const composer = new Composer({ uniqueKeys: false, logLevel: 'error' });
  let doc = null;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (doc) return invalidYaml(text, 'MULTIPLE_DOCS', next.range[0]);
    doc = next;
  }
  const error = doc.errors[0];
  if (error) return invalidYaml(text, error.code, error.pos[0]);
  const problem = checkDocument(text, doc);
  if (problem) return problem;
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (error) {
    // yaml reports both of its alias failures as ReferenceErrors, told apart by their messages.
    if (!(error instanceof ReferenceError)) throw error;
    if (error.message.startsWith('Excessive alias count')) return { ok: false, message: aliasMessage() };
    return { ok: false, message: 'Run config is not valid YAML: an alias names no anchor defined before it.' };
  }
}

/** Whether yaml's CST nests collections deeper than `maxDepth` (walked without recursion). */
function cstDeeperThan(tokens, maxDepth) {
  const stack = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop();
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= maxDepth) return true;
      for (const item of token.items) {
        stack.push({ token: item.key, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
      }
    }
  }
  return false;
}

/** Duplicate keys and too many aliases, found in one pass over the composed document. */
function checkDocument(text, doc) {
  let aliases = 0;
  const nodes = [doc.contents];
  while (nodes.length > 0) {
    const node = nodes.pop();
    if (isAlias(node)) {
      aliases += 1;
      if (aliases > MAX_ALIASES) return { ok: false, message: aliasMessage() };
    } else if (isMap(node)) {
      const keys = new Set();
      for (const pair of node.items) {
        // yaml's own rule: scalar keys are equal when their values are; collection keys never are.
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (keys.has(key)) return invalidYaml(text, 'DUPLICATE_KEY', pair.key?.range?.[0] ?? node.range[0]);
        keys.add(key);
        nodes.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) nodes.push(item);
    }
  }
  return null;
}

function aliasMessage() {
  return `Run config uses more than ${MAX_ALIASES} YAML aliases, or expands one anchor more than ${MAX_ALIASES} times.`;
}

/** A YAML error as its code and position only: the input is never quoted. */
function invalidYaml(text, code, offset) {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { ok: false, message: `Run config is not valid YAML: ${code} at line ${line}, column ${offset - lineStart + 1}.` };
}
