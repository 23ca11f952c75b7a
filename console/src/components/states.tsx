// The loading, error and empty states every page shows in the same words and places; an error for want of
// an API token links to the sign-in page.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorState({ error, what }: { error: Error; what: string }) {
  return (
    <div className="state error" role="alert">
      <strong>Could not load {what}.</strong> {error.message}
      {error instanceof ApiError && error.code === 'UNAUTHENTICATED' ? (
        <>
          {' '}
          <Link to="/sign-in">Sign in with an API token</Link>.
        </>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}
