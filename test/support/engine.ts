// Engine test helpers: an instance with its background parts running, launching by job name, and
// reading a run's status and events straight from the tables.
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/config/index.js';
import { asc, eq } from 'drizzle-orm';
import { startBackground, type Background, type BackgroundParts } from '../../src/daemon/background.js';
import { runEvents } from '../../src/db/schema.js';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { launchRuns } from '../../src/queue/launch.js';
import type { ExecutionParams } from '../../src/runs/plan-run.js';
import { getRun } from '../../src/runs/run-record.js';
import type { Instance } from '../../src/instance/instance.js';
import { createTestInstance, type TestInstance } from './instance.js';
import { waitFor } from './wait.js';

export const ENGINE_FIXTURE = fileURLToPath(new URL('../fixtures/engine/index.ts', import.meta.url));

export interface EngineHarness extends TestInstance {
  location: LoadedDefinitions;
  background: Background;
}

export async function startEngine(
  options: { configYaml?: string; parts?: Partial<BackgroundParts>; definitions?: string; clock?: Clock } = {},
): Promise<EngineHarness> {
  const test = await createTestInstance({ configYaml: options.configYaml, clock: options.clock });
  const location = await loadDefinitions(options.definitions ?? ENGINE_FIXTURE);
  const background = await startBackground(test.instance, location, {
    coordinator: true,
    monitor: true,
    worker: { pollIntervalMs: 500 },
    ...options.parts,
  });
  return {
    ...test,
    location,
    background,
    async cleanup() {
      await background.stop();
      await test.cleanup();
    },
  };
}

export async function launch(
  harness: { instance: Instance; location: LoadedDefinitions },
  jobName: string,
  extra: Partial<ExecutionParams> & { tags?: Record<string, string> } = {},
): Promise<string> {
  const { tags, ...params } = extra;
  const [result] = await launchRuns(harness.instance, harness.location, [
    {
      selector: { jobName },
      executionMetadata: { tags: Object.entries(tags ?? {}).map(([key, value]) => ({ key, value })) },
      ...params,
    },
  ]);
  if (!result!.ok) throw result!.error;
  return result!.runId;
}

export async function statusOf(instance: Instance, runId: string): Promise<string> {
  return (await getRun(instance.database.db, runId))!.status;
}

export function waitForStatus(instance: Instance, runId: string, statuses: string[], timeoutMs = 15_000): Promise<string> {
  return waitFor(
    async () => {
      const status = await statusOf(instance, runId);
      return statuses.includes(status) ? status : undefined;
    },
    { timeoutMs, what: `run ${runId} to reach ${statuses.join('/')}` },
  );
}

export async function eventsOf(instance: Instance, runId: string) {
  return instance.database.db.select().from(runEvents).where(eq(runEvents.runId, runId)).orderBy(asc(runEvents.id));
}
