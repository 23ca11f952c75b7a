// How an error is stored in an event's payload (`payload.error`): Dagster's SerializableErrorInfo —
// { message, className, stack, cause, context } — so the API can answer PythonError with its chain.
// JavaScript has only explicit links (`new Error(msg, { cause })`), stored as `cause`; `context` (Python's
// implicit "during handling of the above exception") stays null for JS errors but is kept for data that has
// it. The chain is followed to MAX_CHAIN links and stops at a cycle (an error that is its own cause's cause),
// and a cause that is not an Error (a string, an object) becomes a link with its text and no class.
// A failed statement's message is its driver's reason, never the SQL and its parameters (db/errors.ts).
import { describeError } from '../db/errors.js';

export interface ErrorInfo {
  message: string;
  className: string | null;
  /** The stack's frames (`at …` lines), without its head (which repeats the message). */
  stack: string[];
  cause: ErrorInfo | null;
  context: ErrorInfo | null;
}

/** How many links of a cause chain are kept (the first error and MAX_CHAIN - 1 causes). */
export const MAX_CHAIN = 10;
/** Frames kept per error. */
const MAX_FRAMES = 50;
/** Characters kept of a message (an error may carry a whole document in it). */
const MAX_MESSAGE = 10_000;

export function errorInfo(error: unknown): ErrorInfo {
  return link(error, new Set(), MAX_CHAIN);
}

function link(error: unknown, seen: Set<unknown>, remaining: number): ErrorInfo {
  seen.add(error);
  if (!(error instanceof Error)) {
    return { message: clip(textOf(error)), className: null, stack: [], cause: null, context: null };
  }
  const cause = 'cause' in error ? error.cause : undefined;
  const follow = remaining > 1 && cause !== undefined && cause !== null && !seen.has(cause);
  return {
    message: clip(describeError(error)),
    className: error.name || error.constructor?.name || 'Error',
    stack: frames(error),
    cause: follow ? link(cause, seen, remaining - 1) : null,
    context: null,
  };
}

function frames(error: Error): string[] {
  const lines = (error.stack ?? '').split('\n');
  const first = lines.findIndex((line) => /^\s+at /.test(line));
  return first < 0 ? [] : lines.slice(first, first + MAX_FRAMES).map((line) => line.trimEnd());
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // a cycle or a BigInt: fall through to its string form
  }
  return String(value);
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (${text.length - MAX_MESSAGE} more characters)` : text;
}

/** An ErrorInfo read back from a stored payload (older rows have no cause/context; anything malformed is null). */
export function readErrorInfo(value: unknown, depth = 0): ErrorInfo | null {
  if (typeof value !== 'object' || value === null || depth >= MAX_CHAIN) return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw.message !== 'string') return null;
  return {
    message: raw.message,
    className: typeof raw.className === 'string' ? raw.className : null,
    stack: Array.isArray(raw.stack) ? raw.stack.filter((line): line is string => typeof line === 'string') : [],
    cause: readErrorInfo(raw.cause, depth + 1),
    context: readErrorInfo(raw.context, depth + 1),
  };
}
