// The API token a person signed in with (servers in auth.mode tokens), kept for this browser tab only
// (sessionStorage): closing the tab signs out. The console's Content-Security-Policy allows only its own
// scripts, so no injected script reads it.
const KEY = 'tidepool.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}
