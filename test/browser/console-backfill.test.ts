// The console's backfill page in real Chromium against a real server, engine, backfill daemon and Postgres:
// a backfill launched through GraphQL is opened from the Backfills list while its runs are held in the queue
// (a pool limit of 0), then its partitions reach SUCCESS live once the limit is raised; a backfill whose runs
// hold until canceled is canceled from its page and resumed; on a server in auth.mode tokens a viewer is not
// offered Cancel, an editor is. Every state is waited for on the page (the API's
// answers shown), never by sleeping; each page passes the axe-core check.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { createToken } from '../../src/auth/tokens.js';
import { buildConsole, launchChromium, seriousViolations } from '../support/browser.js';
import { startEngine, type EngineHarness } from '../support/engine.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { GATED_PARTITIONS, HELD_PARTITIONS } from '../fixtures/console-backfill/index.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/console-backfill/index.ts', import.meta.url));

let browser: Browser;
let context: BrowserContext;
let engine: EngineHarness;
let server: TestServer;
let origin: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  buildConsole();
  [browser, engine] = await Promise.all([
    launchChromium(),
    startEngine({ definitions: FIXTURE, parts: { backfills: true, automation: false, worker: { pollIntervalMs: 200 } } }),
  ]);
  server = await startTestServer(engine.instance, engine.location);
  origin = new URL(server.url).origin;
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  await server?.server.stop();
  await engine?.cleanup();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
async function gql(query: string, variables: Record<string, unknown> = {}, { url = server.url, token = '' } = {}): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Launches a backfill of every partition of the job, through the public API; its id. */
async function launchBackfill(jobName: string, title: string, target: { url?: string; token?: string } = {}): Promise<string> {
  const data = await gql(
    `mutation($params: LaunchBackfillParams!) {
      launchPartitionBackfill(backfillParams: $params) { __typename ... on LaunchBackfillSuccess { backfillId } ... on Error { message } }
    }`,
    {
      params: {
        selector: {
          partitionSetName: `${jobName}_partition_set`,
          repositorySelector: { repositoryName: '__repository__', repositoryLocationName: 'console-backfill' },
        },
        allPartitions: true,
        title,
      },
    },
    target,
  );
  const result = data.launchPartitionBackfill;
  if (result.__typename !== 'LaunchBackfillSuccess') throw new Error(`${result.__typename}: ${result.message}`);
  return result.backfillId as string;
}

async function open(path: string, base = origin): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(`${path}: ${message.text()}`));
  await page.goto(base + path);
  return page;
}

/** Polls what the elements show (all of them, joined) until the assertion chained on it holds. */
function shows(locator: Locator) {
  return expect.poll(async () => (await locator.allInnerTexts()).join(' ').trim(), { timeout: 15_000 });
}

describe("the console's backfill page", () => {
  it('is opened from the list and follows the partitions to SUCCESS live', { timeout: 60_000 }, async () => {
    expect((await gql('mutation { setConcurrencyLimit(concurrencyKey: "gate", limit: 0) }')).setConcurrencyLimit).toBe(true);
    const id = await launchBackfill('gated_job', 'gated-north-south-east');

    const list = await open('/backfills');
    await list.getByRole('link', { name: 'gated-north-south-east' }).click();
    await expect.poll(() => new URL(list.url()).pathname).toBe(`/backfills/${id}`);
    const page = list;
    await page.getByRole('heading', { name: 'Backfill gated-north-south-east', level: 1 }).waitFor();
    await shows(page.locator('.facts')).toContain('gated_job (gated_job_partition_set)');
    await shows(page.locator('.facts')).toMatch(/Launched\s+\S/);
    // The runs wait in the queue for the pool's slot: every partition has a queued run, the backfill runs on.
    for (const partition of GATED_PARTITIONS) {
      await shows(page.locator(`tr[data-partition="${partition}"] [data-cell="status"]`)).toBe('QUEUED');
    }
    await shows(page.getByTestId('backfill-status')).toBe('REQUESTED');
    await shows(page.getByTestId('partition-counts')).toBe('QUEUED 3');
    await page.getByRole('button', { name: 'Cancel backfill' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Raised through the API: the open page follows the runs to SUCCESS and the backfill to COMPLETED.
    await gql('mutation { setConcurrencyLimit(concurrencyKey: "gate", limit: 3) }');
    await shows(page.getByTestId('backfill-status')).toBe('COMPLETED');
    await shows(page.getByTestId('partition-counts')).toBe('SUCCESS 3');
    expect(await page.getByRole('button', { name: 'Cancel backfill' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resume backfill' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Each partition links its latest run.
    const run = page.locator('tr[data-partition="south"] [data-cell="run"] a');
    const runPath = await run.getAttribute('href');
    expect(runPath).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
    await run.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(runPath);
    await shows(page.getByTestId('run-status')).toBe('SUCCESS');
  });

  it('cancels a backfill in progress from its page, then resumes it', { timeout: 60_000 }, async () => {
    const id = await launchBackfill('held_job', 'held');
    const page = await open(`/backfills/${id}`);
    for (const partition of HELD_PARTITIONS) {
      await shows(page.locator(`tr[data-partition="${partition}"] [data-cell="status"]`)).toBe('STARTED');
    }
    await page.getByRole('button', { name: 'Cancel backfill' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel backfill held?' });
    await shows(dialog).toContain('its 2 unfinished partitions are stopped');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel backfill' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await shows(page.getByTestId('backfill-status')).toBe('CANCELED');
    await shows(page.getByTestId('partition-counts')).toBe('CANCELED 2');
    expect(await page.getByRole('button', { name: 'Cancel backfill' }).count()).toBe(0);

    // Resumed: its canceled partitions are submitted again, live on the same page.
    await page.getByRole('button', { name: 'Resume backfill' }).click();
    await shows(page.getByTestId('backfill-status')).toBe('REQUESTED');
    await shows(page.getByTestId('partition-counts')).toBe('STARTED 2');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel backfill' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel backfill' }).click();
    await shows(page.getByTestId('backfill-status')).toBe('CANCELED');
  });

  it('says so when there is no such backfill', async () => {
    const page = await open('/backfills/no-such-backfill');
    await shows(page.getByRole('alert')).toContain('Could not load the backfill.');
    expect(await seriousViolations(page)).toEqual([]);
  });

  describe('in auth.mode tokens', () => {
    let secured: TestInstance;
    let securedServer: TestServer;
    const secrets: Record<'viewer' | 'editor', string> = { viewer: '', editor: '' };
    beforeAll(async () => {
      secured = await createTestInstance({ configYaml: 'auth: {mode: tokens}' });
      securedServer = await startTestServer(secured.instance, engine.location);
      for (const role of ['viewer', 'editor'] as const) {
        secrets[role] = (
          await createToken(secured.instance.database.db, { name: `backfill-${role}`, role, expiresAt: null }, CLI_ACTOR)
        ).secret;
      }
    });
    afterAll(async () => {
      await securedServer?.server.stop();
      await secured?.cleanup();
    });

    it('offers Cancel to an editor, not to a viewer', async () => {
      // No backfill daemon runs on this instance: the backfill stays REQUESTED, which Cancel is offered in.
      const id = await launchBackfill('gated_job', 'secured', { url: securedServer.url, token: secrets.editor });
      const base = new URL(securedServer.url).origin;
      const page = await open('/sign-in', base);
      for (const role of ['viewer', 'editor'] as const) {
        await page.goto(`${base}/sign-in`);
        await page.getByLabel('API token').fill(secrets[role]);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        await page.goto(`${base}/backfills/${id}`);
        await shows(page.getByTestId('backfill-status')).toBe('REQUESTED');
        await shows(page.locator('tr[data-partition="north"] [data-cell="status"]')).toBe('not submitted');
        expect(await page.getByRole('button', { name: 'Cancel backfill' }).count(), role).toBe(role === 'editor' ? 1 : 0);
      }
      await page.close(); // it re-queries while the backfill is in progress, and its server stops first
    });
  });

  it('logged no page error and no failed request', () => {
    expect(pageErrors).toEqual([]);
  });
});
