// What a log line must never carry, whoever logs it: credentials and run config. Call sites do not pass
// them; this list is the net under that rule, applied by pino to every line (fast-redact: one compiled
// check per path, paid only on lines that carry objects). A path names a field at the top of a line's
// object or one level down (`*.x`); each value found is replaced by CENSOR, whatever its type.

/** The fields whose values are never written. */
const SECRET_FIELDS = [
  // HTTP and WebSocket credentials
  'authorization',
  'cookie',
  'connectionParams',
  // API tokens and other secrets
  'token',
  'apiToken',
  'secret',
  'password',
  'databaseUrl',
  // Run config: values the user gives a run, which may hold credentials (and GraphQL variables carry it)
  'runConfig',
  'runConfigData',
  'variables',
];

export const REDACTED_PATHS: string[] = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `headers.${field}`, `*.headers.${field}`]);

export const CENSOR = '[redacted]';
