// The console from a narrow laptop (1024×768) to a wide screen (1920×1080): every page, with content set up
// through the public API on a server of the examples (a finished run, a run queued behind a pool limit of 0,
// an asset backfill, pool limits), is opened at both sizes and must not scroll sideways (wide tables scroll
// inside their own container) and must show the whole main navigation. Waits are on what the page shows.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildConsole, launchChromium } from '../support/browser.js';
import { launch, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { startTestServer, type TestServer } from '../support/instance.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/index.ts', import.meta.url));
const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
];

let browser: Browser;
let engine: EngineHarness;
let server: TestServer;
let origin: string;
/** Each page's path and the text it shows once loaded. */
let pages: { path: string; ready: string }[];

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

beforeAll(async () => {
  buildConsole();
  [browser, engine] = await Promise.all([
    launchChromium(),
    startEngine({ definitions: EXAMPLES, parts: { backfills: true, automation: false, worker: { pollIntervalMs: 200 } } }),
  ]);
  server = await startTestServer(engine.instance, engine.location);
  origin = new URL(server.url).origin;
  await gql(
    'mutation { a: setConcurrencyLimit(concurrencyKey: "warehouse", limit: 1) b: setConcurrencyLimit(concurrencyKey: "foo", limit: 0) }',
  );
  // etl_job's steps sleep `seconds` (2 by default): none here.
  const noSleep = { config: { seconds: 0 } };
  const finished = await launch(engine, 'etl_job', {
    tags: { team: 'data', purpose: 'a-long-tag-value-that-needs-room' },
    runConfigData: { ops: { extract: noSleep, transform: noSleep, transform_2: noSleep, load: noSleep } },
  });
  await waitForStatus(engine.instance, finished, ['SUCCESS']);
  const queued = await launch(engine, '__ASSET_JOB', { selector: { jobName: '__ASSET_JOB', assetSelection: [{ path: ['my_asset'] }] } });
  const launched = await gql(
    `mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
      __typename ... on LaunchBackfillSuccess { backfillId } ... on Error { message } } }`,
    { params: { assetSelection: [{ path: ['regional'] }], allPartitions: true } },
  );
  const backfill = (launched.launchPartitionBackfill as { backfillId: string }).backfillId;
  pages = [
    { path: '/runs', ready: finished.slice(0, 8) },
    { path: `/runs/${finished}`, ready: 'RUN_SUCCESS' },
    { path: `/runs/${queued}`, ready: 'Why is it still queued?' },
    { path: '/jobs', ready: 'etl_job' },
    { path: '/locations/examples/__repository__/jobs/etl_job', ready: 'etl_job' },
    { path: '/assets', ready: 'my_graph_asset' },
    { path: '/automation', ready: 'my_cool_sensor' },
    { path: '/backfills', ready: 'regional' },
    { path: `/backfills/${backfill}`, ready: 'apac' },
    { path: '/deployment/concurrency', ready: 'warehouse' },
    { path: '/deployment/concurrency/warehouse', ready: 'warehouse' },
    { path: '/deployment/configuration', ready: 'max_concurrent_runs' },
    { path: '/sign-in', ready: 'API token' },
    { path: '/no-such-page', ready: 'Runs' },
  ];
});

afterAll(async () => {
  await browser?.close();
  await server?.server.stop();
  await engine?.cleanup();
});

/** How far the page scrolls sideways, and the main navigation's links that are hidden or cut off. */
function layoutOf(page: Page) {
  return page.evaluate(() => {
    const scroller = document.scrollingElement!;
    const links = [...document.querySelectorAll<HTMLElement>('nav[aria-label="Main"] a')];
    const cutOff = links.filter((link) => {
      const box = link.getBoundingClientRect();
      return box.width === 0 || box.height === 0 || box.left < 0 || box.right > window.innerWidth || box.top < 0;
    });
    return {
      overflow: Math.max(0, scroller.scrollWidth - window.innerWidth),
      links: links.length,
      cutOff: cutOff.map((link) => link.textContent),
    };
  });
}

// The sizes are independent: each in its own tab, at the same time.
describe.concurrent('the console at a laptop and a wide screen size', () => {
  for (const viewport of VIEWPORTS) {
    it(
      `fits every page in ${viewport.width}×${viewport.height} without sideways scrolling, nav visible`,
      { timeout: 60_000 },
      async ({ expect }) => {
        const page = await browser.newPage({ viewport });
        const found: Record<string, unknown> = {};
        for (const { path, ready } of pages) {
          await page.goto(origin + path);
          await page.getByText(ready).first().waitFor();
          await expect.poll(() => page.locator('[role="status"]').count()).toBe(0);
          const layout = await layoutOf(page);
          if (layout.overflow > 0 || layout.links !== 7 || layout.cutOff.length > 0) found[path] = layout;
        }
        await page.close();
        expect(found).toEqual({});
      },
    );
  }
});
