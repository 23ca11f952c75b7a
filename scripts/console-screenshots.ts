// Regenerates docs/screenshots/: one PNG of every console page, taken in Debian's Chromium from a real
// `tidepool serve` of the examples (embedded PGlite in a temporary folder), after setting up through the
// public API what the pages are about: a finished run, a run queued behind a pool limit of 0, pool limits, a
// completed backfill of a partitioned asset.
// Run with `npm run console:screenshots` (it builds the console first).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs', 'screenshots');
const PORT = 3917;
const origin = `http://127.0.0.1:${PORT}`;

async function graphql(query: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

async function launchRun(selector: string): Promise<string> {
  const data = await graphql(`mutation { launchRun(executionParams: { selector: ${selector} }) {
    __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message } } }`);
  const result = data.launchRun as { __typename: string; run?: { runId: string }; message?: string };
  if (!result.run) throw new Error(`launchRun: ${result.__typename} ${result.message ?? ''}`);
  return result.run.runId;
}

async function statusOf(runId: string): Promise<string> {
  const data = await graphql(`{ runOrError(runId: "${runId}") { ... on Run { status } } }`);
  return (data.runOrError as { status: string }).status;
}

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the page and waits until nothing on it is loading (and `ready`, when given, is shown). */
async function shoot(page: Page, path: string, name: string, ready?: string): Promise<void> {
  await page.goto(origin + path);
  await page.locator('main h1').waitFor();
  if (ready) await page.getByText(ready, { exact: true }).first().waitFor();
  await until(`${path} to load`, async () => (await page.locator('[role="status"]').count()) === 0);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}

const home = await mkdtemp(join(tmpdir(), 'tidepool-screenshots-'));
const server = spawn(process.execPath, ['bin/tidepool.js', 'serve', '--definitions', 'examples/index.ts', '--port', String(PORT)], {
  cwd: root,
  env: { ...process.env, TIDEPOOL_HOME: home, DATABASE_URL: '' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  await new Promise<void>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`tidepool serve exited with ${code}`)));
    server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('The web console is at') && resolve());
  });
  await graphql(
    'mutation { a: setConcurrencyLimit(concurrencyKey: "warehouse", limit: 1) b: setConcurrencyLimit(concurrencyKey: "foo", limit: 0) }',
  );
  const finished = await launchRun('{ jobName: "etl_job" }');
  await until('etl_job to finish', async () => (await statusOf(finished)) === 'SUCCESS');
  const queued = await launchRun('{ jobName: "__ASSET_JOB", assetSelection: [{ path: ["my_asset"] }] }');
  const launched = await graphql(`
    mutation {
      launchPartitionBackfill(backfillParams: { assetSelection: [{ path: ["regional"] }], allPartitions: true, title: "regional-all" }) {
        __typename
        ... on LaunchBackfillSuccess {
          backfillId
        }
        ... on Error {
          message
        }
      }
    }
  `);
  const backfill = (launched.launchPartitionBackfill as { backfillId?: string }).backfillId;
  if (!backfill) throw new Error(`launchPartitionBackfill: ${JSON.stringify(launched)}`);
  await until('the backfill to complete', async () => {
    const data = await graphql(`{ partitionBackfillOrError(backfillId: "${backfill}") { ... on PartitionBackfill { status } } }`);
    return (data.partitionBackfillOrError as { status: string }).status === 'COMPLETED';
  });

  await mkdir(out, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await shoot(page, '/runs', 'runs');
  await shoot(page, `/runs/${queued}`, 'run-queued');
  await shoot(page, `/runs/${finished}`, 'run-finished', 'RUN_SUCCESS');
  await shoot(page, '/jobs', 'jobs');
  await page.getByRole('link', { name: 'etl_job' }).click();
  await shoot(page, page.url().slice(origin.length), 'job');
  await shoot(page, '/assets', 'assets');
  await shoot(page, '/automation', 'automation');
  await shoot(page, '/backfills', 'backfills');
  await shoot(page, `/backfills/${backfill}`, 'backfill', 'apac');
  await shoot(page, '/deployment/concurrency/warehouse', 'pool');
  await shoot(page, '/sign-in', 'sign-in');
  await shoot(page, '/deployment/concurrency', 'concurrency');
  await page.getByRole('button', { name: 'Add pool limit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add pool limit' });
  await dialog.getByLabel('Pool').fill('database');
  await dialog.getByLabel('Limit').fill('5000');
  await dialog.getByRole('button', { name: 'Save limit' }).click();
  await page.locator('#pool-limit-error').waitFor();
  await page.screenshot({ path: join(out, 'concurrency-add-pool-limit.png') });
  console.log('docs/screenshots/concurrency-add-pool-limit.png');
  await shoot(page, '/deployment/configuration', 'configuration');
  await browser.close();
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await rm(home, { recursive: true, force: true });
}
