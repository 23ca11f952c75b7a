/**
 * Why `value` is not a Postgres URL, phrased to follow its name ("must be …"), or null when it is one.
 * Never echoes the value: it may hold a password.
 */
export function notPostgresUrl(value: string): string | null {
  const scheme = URL.canParse(value) ? new URL(value).protocol : null;
  if (scheme === 'postgres:' || scheme === 'postgresql:') return null;
  const got = scheme === null ? 'a value that is not a URL' : `a '${scheme}' URL`;
  return `must be a postgres:// or postgresql:// URL (got ${got})`;
}
