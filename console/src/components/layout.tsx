// The frame of every page: the navigation, GraphiQL, signing in or out, and the page's content.
import { NavLink, Outlet } from 'react-router';
import { storedToken, storeToken } from '../api/token';

const LINKS = [
  { to: '/runs', label: 'Runs' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/assets', label: 'Assets' },
  { to: '/automation', label: 'Automation' },
  { to: '/backfills', label: 'Backfills' },
  { to: '/deployment/concurrency', label: 'Concurrency' },
  { to: '/deployment/configuration', label: 'Configuration' },
];

export function Layout() {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Tidepool</span>
        <nav aria-label="Main">
          <ul>
            {LINKS.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to}>{link.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <a className="graphiql" href="/graphql">
          GraphiQL
        </a>
        {/* Signing in is offered where a request is refused for want of a token (states.tsx). */}
        {storedToken() === null ? null : (
          <button
            type="button"
            onClick={() => {
              storeToken(null);
              window.location.assign('/sign-in');
            }}
          >
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
