// GraphiQL works in a real browser with nothing but the server: the page is the package's (no CDN), and it
// renders and runs a query under the Content-Security-Policy the server sends with it (graphiql-page.ts). A
// policy that blocked something it needs shows here as a console error or a page that never draws.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { launchChromium } from '../support/browser.js';

let test: TestInstance;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  test = await createTestInstance();
  server = await startTestServer(test.instance);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.server.stop();
  await test?.cleanup();
});

it('draws GraphiQL and runs a query, loading nothing from another origin and breaking no policy', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  const origin = new URL(server.url).origin;
  page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
  page.on('pageerror', (error) => void problems.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) problems.push(`requested ${url}`);
  });

  await page.goto(server.url);
  await page.locator('.graphiql-query-editor').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('{ __typename ');
  // The editor offers completions from the schema it introspected; close them, then run the query.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  await page.locator('.graphiql-response', { hasText: '"__typename": "Query"' }).waitFor({ timeout: 30_000 });
  expect(problems).toEqual([]);
  await page.close();
});
