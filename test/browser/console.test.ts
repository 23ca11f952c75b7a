// The web console in real Chromium against a real server, engine and Postgres, through the concurrency
// guide's flows: add a pool limit of 1 in the dialog (a bad value first, whose typed error shows next to the
// field) and see two runs of that pool take turns; open the queued one and read why it waits; watch it go
// QUEUED → STARTED → SUCCESS live while the other is terminated from its own page; with
// max_concurrent_runs 0 see the troubleshooting hint on Configuration; see an asset's pool on Assets; list
// schedules, sensors and backfills, and open a backfill's page. Every
// page passes an axe-core check (no serious or critical violation). Tests wait on what the page shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { CLI_ACTOR } from '../../src/audit/actor.js';
import { createToken } from '../../src/auth/tokens.js';
import { loadDefinitions } from '../../src/definitions/index.js';
import { buildConsole, launchChromium, seriousViolations } from '../support/browser.js';
import { eventsOf, launch, startEngine, waitForStatus, type EngineHarness } from '../support/engine.js';
import { waitFor } from '../support/wait.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';

const AUTOMATION_FIXTURE = fileURLToPath(new URL('../fixtures/automation/guide.ts', import.meta.url));
const BACKFILL_FIXTURE = fileURLToPath(new URL('../fixtures/console-backfill/index.ts', import.meta.url));

let browser: Browser;
let context: BrowserContext;
let engine: EngineHarness;
let server: TestServer;
let origin: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  buildConsole();
  [browser, engine] = await Promise.all([launchChromium(), startEngine()]);
  server = await startTestServer(engine.instance, engine.location);
  origin = new URL(server.url).origin;
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  await server?.server.stop();
  await engine?.cleanup();
});

/** A new tab at the path; its script errors and failed requests are collected (unless expected, e.g. a 401). */
async function open(path: string, base = origin, { expectErrors = false } = {}): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expectErrors) pageErrors.push(`${path}: ${message.text()}`);
  });
  await page.goto(base + path);
  return page;
}

/** What the located elements show now (all of them, joined; '' when there are none): never waits. */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join(' ').trim();
}

/** Polls what the elements show until the assertion chained on it holds. */
function shows(locator: Locator) {
  return expect.poll(() => textOf(locator), { timeout: 15_000 });
}

/** Polls an attribute of the (first) element. */
function attribute(locator: Locator, name: string) {
  return expect.poll(() => locator.evaluateAll((elements, key) => elements[0]?.getAttribute(key) ?? null, name), { timeout: 15_000 });
}

/** A run of the fixture's wait_job, whose one step holds the `waitpool` pool for `ms`. */
function launchWait(ms: number): Promise<string> {
  return launch(engine, 'wait_job', { runConfigData: { ops: { wait: { config: { ms } } } } });
}

describe('the console in Chromium', () => {
  it(
    'adds a pool limit in the dialog, shows the typed error next to the field, and two runs take turns live',
    { timeout: 60_000 },
    async () => {
      const pools = await open('/deployment/concurrency');
      await pools.getByRole('heading', { name: 'Concurrency', level: 1 }).waitFor();
      await pools.getByRole('button', { name: 'Add pool limit' }).click();
      const dialog = pools.getByRole('dialog', { name: 'Add pool limit' });
      await dialog.getByLabel('Pool').fill('waitpool');
      await dialog.getByLabel('Limit').fill('5000');
      await dialog.getByRole('button', { name: 'Save limit' }).click();
      // The API's INVALID_CONCURRENCY_LIMIT error, tied to the Limit field.
      await attribute(dialog.getByLabel('Limit'), 'aria-invalid').toBe('true');
      await shows(dialog.locator('#pool-limit-error')).toContain('1000');
      expect(await seriousViolations(pools)).toEqual([]);
      await dialog.getByLabel('Limit').fill('1');
      await dialog.getByRole('button', { name: 'Save limit' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = pools.locator('tr[data-pool="waitpool"]');
      await shows(row.locator('[data-cell="limit"]')).toBe('1');
      expect(await seriousViolations(pools)).toEqual([]);

      // The first run takes the pool's one slot, shown live on the open page.
      const first = await launchWait(60_000);
      await shows(row.locator('[data-cell="in-use"]')).toBe('1');
      // The pool's page names the step holding the slot.
      const pool = await open('/deployment/concurrency/waitpool');
      await shows(pool.locator(`tr[data-run-id="${first}"]`)).toContain('wait');
      expect(await seriousViolations(pool)).toEqual([]);

      // The second waits in the queue, and its page says why: the pool's limit, held by the first run.
      const second = await launchWait(1_500);
      const watched = await open(`/runs/${second}`);
      const status = watched.getByTestId('run-status');
      await shows(status).toBe('QUEUED');
      const why = watched.getByRole('region', { name: 'Why is it still queued?' });
      await shows(why.locator('[data-kind="POOL_LIMIT"]')).toContain('waitpool');
      await why.getByRole('link', { name: first.slice(0, 8) }).waitFor();
      expect(await why.getByRole('link', { name: 'See the limit' }).getAttribute('href')).toBe('/deployment/concurrency/waitpool');
      expect(await seriousViolations(watched)).toEqual([]);

      // Terminate the first from its own page; the second, watched without reloading, takes its turn.
      const holder = await open(`/runs/${first}`);
      await shows(holder.getByTestId('run-status')).toBe('STARTED');
      expect(await seriousViolations(holder)).toEqual([]);
      await holder.getByRole('button', { name: 'Terminate' }).click();
      await shows(holder.getByTestId('run-status')).toBe('CANCELED');
      await shows(status).toBe('STARTED');
      await shows(status).toBe('SUCCESS');
      await watched.getByRole('cell', { name: 'RUN_SUCCESS' }).waitFor();
      await shows(row.locator('[data-cell="in-use"]')).toBe('0');

      // The runs list counts both as done.
      const runs = await open('/runs?status=done');
      await attribute(runs.getByRole('tab', { name: /Done/ }), 'aria-selected').toBe('true');
      await shows(runs.locator(`tr[data-run-id="${second}"]`)).toContain('SUCCESS');
      await shows(runs.locator(`tr[data-run-id="${first}"]`)).toContain('CANCELED');
      expect(await seriousViolations(runs)).toEqual([]);

      // The pool's page follows: nothing held any more.
      await shows(pool.getByRole('region', { name: 'Steps holding a slot' })).toContain('No step holds a slot.');

      // A finished run can be deleted from its page, after confirming.
      await holder.getByRole('button', { name: 'Delete run' }).click();
      await holder.getByRole('dialog').getByRole('button', { name: 'Delete run' }).click();
      await expect.poll(() => new URL(holder.url()).pathname).toBe('/runs');
      await shows(holder.locator('.summary')).toMatch(/runs?$/);
      expect(await holder.locator(`tr[data-run-id="${first}"]`).count()).toBe(0);
    },
  );

  it('shows runs change status live on the runs list, filtered by job and tab from the keyboard', async () => {
    const runs = await open('/runs');
    // The page has loaded its list before the run exists: the run appears and ends by runStatusChanged.
    await shows(runs.locator('.summary')).toMatch(/^\d+ runs?$/);
    const runId = await launch(engine, 'quick_job');
    await shows(runs.locator(`tr[data-run-id="${runId}"]`)).toContain('SUCCESS');

    // Narrowed to one job, by the keyboard: its runs only, and the counts follow the filter.
    await runs.getByLabel('Job').fill('wait_job');
    await runs.getByLabel('Job').press('Enter');
    await shows(runs.locator('.summary')).toBe('1 run'); // the first test's second run (its first was deleted)
    expect(await runs.locator(`tr[data-run-id="${runId}"]`).count()).toBe(0);
    await shows(runs.getByRole('tab', { name: /Done/ })).toBe('Done1');
    await runs.getByRole('tab', { name: 'All' }).focus();
    await runs.keyboard.press('ArrowRight');
    await attribute(runs.getByRole('tab', { name: /Queued/ }), 'aria-selected').toBe('true');
    await expect.poll(() => new URL(runs.url()).search).toBe('?status=queued&job=wait_job');
    await shows(runs.locator('main')).toContain('No runs match.');
    expect(await seriousViolations(runs)).toEqual([]);
  });

  it('re-executes a failed run from failure on its page, and shows the run group on both runs', async () => {
    // failing_job: one → boom (throws) → after, and one → sibling. From failure re-runs boom and what it held
    // back; one and sibling succeeded and are not run again (one's stored output feeds boom).
    const parent = await launch(engine, 'failing_job');
    await waitForStatus(engine.instance, parent, ['FAILURE']);
    const page = await open(`/runs/${parent}`);
    await shows(page.getByTestId('run-status')).toBe('FAILURE');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Re-execute from failure' }).click();
    await expect.poll(() => new URL(page.url()).pathname).not.toBe(`/runs/${parent}`);
    const child = new URL(page.url()).pathname.split('/').at(-1)!;
    await shows(page.getByTestId('run-status')).toBe('FAILURE');
    await shows(page.locator('dd a', { hasText: parent.slice(0, 8) })).toBe(parent.slice(0, 8));
    const steps = page.getByRole('region', { name: 'Steps' });
    await shows(steps.locator('td.mono')).toContain('boom');
    expect(await textOf(steps.locator('td.mono'))).not.toMatch(/\b(one|sibling)\b/);
    const group = page.getByRole('region', { name: 'Run group' });
    await shows(group.locator(`li[data-run-id="${parent}"]`)).toContain('root');
    await shows(group.locator(`li[data-run-id="${child}"]`)).toContain(`re-executes ${parent.slice(0, 8)}`);
    expect(await seriousViolations(page)).toEqual([]);
    // The parent's page lists the group too, and links to its re-execution.
    await page.goto(`${origin}/runs/${parent}`);
    await page
      .getByRole('region', { name: 'Run group' })
      .getByRole('link', { name: child.slice(0, 8) })
      .waitFor();
  });

  it("shows a step's captured stdout and stderr on the run page", async () => {
    const runId = await launch(engine, 'shout_job');
    await waitForStatus(engine.instance, runId, ['SUCCESS']);
    const page = await open(`/runs/${runId}`);
    await page.getByRole('link', { name: 'Logs of shout' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?logs=shout');
    const logs = page.getByRole('region', { name: 'Logs of shout' });
    await shows(logs.getByRole('tabpanel')).toContain('shout to stdout');
    await logs.getByRole('tab', { name: 'stderr' }).click();
    await shows(logs.getByRole('tabpanel')).toContain('shout to stderr');
    await shows(logs.getByRole('tabpanel')).toContain('shout via context.log');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows how long a step waited for its pool slot', async () => {
    // barbar at 0: the run starts (its root pools foo and bar are free) and my_downstream_op waits for a
    // slot until the limit is raised; its row then shows the wait, my_op's shows none.
    const setBarbar = (limit: number) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation { setConcurrencyLimit(concurrencyKey: "barbar", limit: ${limit}) }` }),
      });
    expect((await setBarbar(0)).ok).toBe(true);
    const runId = await launch(engine, '__ASSET_JOB', {
      selector: { jobName: '__ASSET_JOB', assetSelection: [{ path: ['my_graph_asset'] }] },
    });
    await waitFor(
      async () => (await eventsOf(engine.instance, runId)).some((e) => e.eventType === 'ENGINE_EVENT' && e.payload.poolWait === 'blocked'),
      { timeoutMs: 30_000, what: 'my_downstream_op to wait for barbar' },
    );
    const page = await open(`/runs/${runId}`);
    await shows(page.getByTestId('run-status')).toBe('STARTED');
    expect((await setBarbar(1)).ok).toBe(true);
    await shows(page.getByTestId('run-status')).toBe('SUCCESS');
    const waited = page.locator('tr[data-step-key="my_graph_asset.my_downstream_op"] [data-cell="pool-wait"]');
    await shows(waited).toMatch(/^\d+(\.\d)? (ms|s)$|min/);
    expect(await textOf(page.locator('tr[data-step-key="my_graph_asset.my_op"] [data-cell="pool-wait"]'))).toBe('—');
    expect(await seriousViolations(page)).toEqual([]);
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { deleteConcurrencyLimit(concurrencyKey: "barbar") }' }),
    });
  });

  it("shows each asset's pools and each job's, and launches a job with tags", async () => {
    const assets = await open('/assets');
    await shows(assets.locator('tr[data-asset="my_asset"] [data-cell="pools"]')).toBe('foo');
    await shows(assets.locator('tr[data-asset="my_graph_asset"] [data-cell="pools"]')).toContain('barbar');
    expect(await seriousViolations(assets)).toEqual([]);
    const jobs = await open('/jobs');
    await shows(jobs.locator('tr[data-job="wait_job"]')).toContain('waitpool');
    expect(await seriousViolations(jobs)).toEqual([]);

    // A job's page draws its ops with their pools.
    await jobs.getByRole('link', { name: 'wait_job' }).click();
    await shows(jobs.locator('tr[data-op="wait"] [data-cell="pool"]')).toBe('waitpool');
    await shows(jobs.locator('tr[data-op="after_wait"]')).toContain('wait');
    expect(await jobs.locator('svg[role="img"] rect').count()).toBe(2);
    expect(await seriousViolations(jobs)).toEqual([]);
    await jobs.goBack();

    // Launch a job with tags: a bad tag and a bad run config are explained next to their fields, then the run
    // opens and succeeds.
    await jobs.getByRole('button', { name: 'Launch quick_job' }).click();
    const dialog = jobs.getByRole('dialog', { name: 'Launch quick_job' });
    await dialog.getByLabel('Tags').fill('oops');
    await dialog.getByRole('button', { name: 'Launch run' }).click();
    await shows(dialog.locator('#launch-tags-error')).toContain('"oops" is not key=value.');
    expect(await seriousViolations(jobs)).toEqual([]);
    await dialog.getByLabel('Tags').fill('team=data');
    await dialog.getByLabel('Run config (YAML, optional)').fill('ops:\n  no_such_op: {}\n');
    await dialog.getByRole('button', { name: 'Launch run' }).click();
    // The API's RunConfigValidationInvalid, under the run config.
    await shows(dialog.locator('#launch-config-error')).toContain('no_such_op');
    await dialog.getByLabel('Run config (YAML, optional)').fill('');
    await dialog.getByRole('button', { name: 'Launch run' }).click();
    await expect.poll(() => new URL(jobs.url()).pathname).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
    await shows(jobs.getByTestId('run-status')).toBe('SUCCESS');
    await shows(jobs.locator('.facts')).toContain('team=data');
  });

  it('shows the instance config and healthy daemons on Configuration, with no hint', async () => {
    const page = await open('/deployment/configuration');
    await shows(page.locator('tr[data-daemon="QUEUED_RUN_COORDINATOR"]')).toContain('healthy');
    await shows(page.getByLabel('Instance config YAML')).toContain('max_concurrent_runs');
    expect(await page.getByRole('region', { name: 'Why runs stay queued' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lists backfills (none yet)', async () => {
    const page = await open('/backfills');
    await shows(page.locator('main')).toContain('No backfills.');
    expect(await seriousViolations(page)).toEqual([]);
  });

  describe("with a partitioned job's backfill", () => {
    let partitioned: TestInstance;
    let partitionedServer: TestServer;
    beforeAll(async () => {
      partitioned = await createTestInstance();
      partitionedServer = await startTestServer(partitioned.instance, await loadDefinitions(BACKFILL_FIXTURE));
    });
    afterAll(async () => {
      await partitionedServer?.server.stop();
      await partitioned?.cleanup();
    });

    // Its partitions, live updates, Cancel and Resume are test/browser/console-backfill.test.ts's.
    it("opens the backfill's page from the list", async () => {
      const response = await fetch(partitionedServer.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { launchPartitionBackfill(backfillParams: { allPartitions: true, title: "axe-checked",
            selector: { partitionSetName: "gated_job_partition_set", repositorySelector: { repositoryName: "__repository__", repositoryLocationName: "console-backfill" } } }) { __typename } }`,
        }),
      });
      expect(await response.json()).toEqual({ data: { launchPartitionBackfill: { __typename: 'LaunchBackfillSuccess' } } });
      const page = await open('/backfills', new URL(partitionedServer.url).origin);
      await page.getByRole('link', { name: 'axe-checked' }).click();
      await page.getByRole('heading', { name: 'Backfill axe-checked', level: 1 }).waitFor();
      await shows(page.locator('tr[data-partition="north"]')).toContain('north');
      expect(await seriousViolations(page)).toEqual([]);
      await page.close(); // it re-queries while the backfill is in progress, and its server stops before the others
    });
  });

  describe("with the guide's schedules and sensors", () => {
    let automation: TestInstance;
    let automationServer: TestServer;
    beforeAll(async () => {
      automation = await createTestInstance();
      automationServer = await startTestServer(automation.instance, await loadDefinitions(AUTOMATION_FIXTURE));
    });
    afterAll(async () => {
      await automationServer?.server.stop();
      await automation?.cleanup();
    });

    it('lists each with its job, status and latest ticks, and stops and starts them', async () => {
      const page = await open('/automation', new URL(automationServer.url).origin);
      const schedule = page.locator('tr[data-schedule="guide_schedule"]');
      await shows(schedule.locator('[data-cell="status"]')).toBe('RUNNING');
      await shows(schedule).toContain('guide_job');
      await shows(page.locator('tr[data-sensor="keyed_sensor"] [data-cell="status"]')).toBe('STOPPED');
      await shows(schedule).toContain('No ticks yet.');
      expect(await seriousViolations(page)).toEqual([]);

      // Stopped and started from the page, as the API reports them after.
      await page.getByRole('button', { name: 'Stop guide_schedule' }).click();
      await shows(schedule.locator('[data-cell="status"]')).toBe('STOPPED');
      await page.getByRole('button', { name: 'Start keyed_sensor' }).click();
      await shows(page.locator('tr[data-sensor="keyed_sensor"] [data-cell="status"]')).toBe('RUNNING');
    });
  });

  describe('in auth.mode tokens', () => {
    let secured: TestInstance;
    let securedServer: TestServer;
    let viewerToken: string;
    beforeAll(async () => {
      secured = await createTestInstance({ configYaml: 'auth: {mode: tokens}' });
      securedServer = await startTestServer(secured.instance, engine.location);
      const token = await createToken(secured.instance.database.db, { name: 'console-viewer', role: 'viewer', expiresAt: null }, CLI_ACTOR);
      viewerToken = token.secret;
    });
    afterAll(async () => {
      await securedServer?.server.stop();
      await secured?.cleanup();
    });

    it('asks for a token, refuses a wrong one next to the field, and hides what a viewer may not do', async () => {
      const base = new URL(securedServer.url).origin;
      const page = await open('/runs', base, { expectErrors: true });
      await page.getByRole('link', { name: 'Sign in with an API token' }).click();
      await page.getByLabel('API token').fill('not-a-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await attribute(page.getByLabel('API token'), 'aria-invalid').toBe('true');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel('API token').fill(viewerToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await shows(page.locator('main')).toContain('No runs match.');
      await page.goto(`${base}/jobs`);
      await shows(page.locator('tr[data-job="quick_job"]')).toContain('quick_job');
      expect(await page.getByRole('button', { name: /^Launch/ }).count()).toBe(0);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    });
  });

  describe('with max_concurrent_runs 0', () => {
    let paused: TestInstance;
    let pausedServer: TestServer;
    beforeAll(async () => {
      paused = await createTestInstance({ configYaml: 'concurrency:\n  runs:\n    max_concurrent_runs: 0\n' });
      pausedServer = await startTestServer(paused.instance, null);
    });
    afterAll(async () => {
      await pausedServer?.server.stop();
      await paused?.cleanup();
    });

    it('explains on Configuration why runs stay queued', async () => {
      const page = await open('/deployment/configuration', new URL(pausedServer.url).origin);
      const hints = page.getByRole('region', { name: 'Why runs stay queued' });
      await shows(hints).toContain('max_concurrent_runs is 0');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('logged no page error and no failed request', () => {
    expect(pageErrors).toEqual([]);
  });
});
