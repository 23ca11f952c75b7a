// Signing in with an API token (`tidepool token create`), for servers in auth.mode tokens. The token is
// checked by asking the API what it may do before it is kept; the console then starts afresh with it.
import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { storeToken } from '../api/token';
import { usePageTitle } from '../components/page-title';
import { PermissionsDocument } from '../generated/graphql';

export function SignInPage() {
  usePageTitle('Sign in');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const candidate = token.trim();
    if (candidate === '') {
      setError('Paste an API token.');
      return;
    }
    setBusy(true);
    request(PermissionsDocument, {}, candidate).then(
      () => {
        storeToken(candidate);
        // Every query and the live connection start again with the token.
        window.location.assign('/runs');
      },
      (failure: Error) => {
        setBusy(false);
        setError(failure.message);
      },
    );
  };
  return (
    <>
      <h1>Sign in</h1>
      <p>
        This server requires an API token. An admin creates one with <code>tidepool token create</code>.
      </p>
      <form onSubmit={submit} noValidate className="narrow">
        <div className="field">
          <label htmlFor="token">API token</label>
          <input
            id="token"
            type="password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'token-error' : undefined}
            autoComplete="off"
          />
          {error ? (
            <p id="token-error" className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </>
  );
}
