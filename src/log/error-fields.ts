// How an error is written in a log line (pino's `err` serializer): its class, code, message and stack
// frames, and nothing else of it (an error's own fields can hold anything: a request, a config).
// A failed statement never shows its SQL: drizzle's DrizzleQueryError has the statement and every one of
// its parameters in its message (and again in its stack's first line), so it is written as the driver's
// error it wraps, which says why the statement failed. It is recognised by the `query` and `params` it
// carries, so that this foundation module need not import the database layer.

export interface ErrorFields {
  type: string;
  message: string;
  /** A SQLSTATE or a Node error code (ECONNRESET), when the error has one. */
  code?: string;
  stack: string;
}

export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error), stack: '' };
  const carriesStatement = 'query' in error && 'params' in error;
  const reason = carriesStatement && error.cause instanceof Error ? error.cause : error;
  const code = (reason as { code?: unknown }).code;
  return {
    type: reason.name,
    message: reason === error && carriesStatement ? 'A database statement failed.' : reason.message,
    ...(typeof code === 'string' ? { code } : {}),
    stack: stackFrames(error),
  };
}

/** The `at …` lines of an error's stack, without its head (which repeats the message). */
export function stackFrames(error: Error | undefined): string {
  return (error?.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}
