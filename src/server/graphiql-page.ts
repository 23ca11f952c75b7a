// GraphiQL from the package, not a CDN: yoga's own page loads GraphiQL's scripts and styles from unpkg.com,
// so it is blank on a machine without the internet (or behind a proxy that blocks it), and it runs whatever
// that CDN serves today. @graphql-yoga/render-graphiql inlines all of it (scripts, styles, the editor's
// workers as blobs, the icon as a data: URL) into one page, which is served with a Content-Security-Policy
// that allows exactly that and nothing from elsewhere:
//  - the one inline script by its sha256, not 'unsafe-inline', so no injected script runs;
//  - the editor's workers from the blob: URLs that script makes, its styles inline (Monaco inserts them);
//  - images and fonts from data: URLs; requests and WebSockets to this server only; no framing.
// The page is about 9 MB of script, rendered once per options.
import { createHash } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

const rendered = new Map<string, string>();

/** yoga's `renderGraphiQL` option: the page for these options, rendered once. */
export function renderGraphiqlPage(options?: GraphiQLOptions): string {
  const key = JSON.stringify(options ?? {});
  let page = rendered.get(key);
  if (page === undefined) {
    page = renderGraphiQL(options);
    rendered.set(key, page);
  }
  return page;
}

/** The policy for a rendered page: its inline scripts allowed by their hashes. */
export function graphiqlContentSecurityPolicy(page: string): string {
  const hashes = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const policies = new Map<string, string>();

/** Sends the GraphiQL page (yoga answers it as text/html) with its Content-Security-Policy. */
export function useGraphiqlPolicy(options: GraphiQLOptions): Plugin {
  return {
    onResponse({ response }) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      const key = JSON.stringify(options);
      let policy = policies.get(key);
      if (policy === undefined) {
        policy = graphiqlContentSecurityPolicy(renderGraphiqlPage(options));
        policies.set(key, policy);
      }
      response.headers.set('content-security-policy', policy);
      response.headers.set('x-content-type-options', 'nosniff');
    },
  };
}
