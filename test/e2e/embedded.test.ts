// The `npm start` path: no DATABASE_URL, so `tidepool serve` runs on embedded PGlite in its home folder.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InstanceOverviewDocument } from '../generated/graphql.js';
import { executeOk } from '../support/graphql-http.js';
import { startServe, type ServeProcess } from '../support/cli.js';

let home: string;
let serve: ServeProcess | null = null;
afterAll(async () => {
  await serve?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('embedded PGlite', () => {
  it('serves the instance API from a data folder, with no database server configured', { timeout: 120_000 }, async () => {
    home = await mkdtemp(join(tmpdir(), 'tidepool-embedded-'));
    serve = await startServe([], { env: { TIDEPOOL_HOME: home }, cwd: home });
    expect(serve.output()).toContain(`embedded PGlite in ${join(home, 'db')}`);
    expect((await stat(join(home, 'db'))).isDirectory()).toBe(true);

    const data = await executeOk(serve.url, InstanceOverviewDocument);
    expect(data.instance.runQueuingSupported).toBe(true);
    expect(data.instance.runQueueConfig?.maxConcurrentRuns).toBe(10);
    expect(data.instance.poolConfig?.poolGranularity).toBe('op');
    expect(data.instance.info).toContain('max_concurrent_runs: 10');

    // Stopping and starting again reopens the same data folder (migrations already applied).
    expect(await serve.stop()).toBe(0);
    serve = await startServe([], { env: { TIDEPOOL_HOME: home }, cwd: home });
    const again = await executeOk(serve.url, InstanceOverviewDocument);
    expect(again.instance.poolConfig?.poolGranularity).toBe('op');
  });
});
