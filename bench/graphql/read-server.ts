// The server side of the graphql-read benchmark, run as a child process so the load generator
// (autocannon, in the parent) and the server do not share one event loop:
//   read-server.ts tidepool <DATABASE_URL>  — Tidepool's API server (buildServer) on that database
//   read-server.ts tidepool-tokens <URL>    — the same with auth.mode: tokens (every request's token looked up)
//   read-server.ts reference                — a plain graphql-yoga server (the settings buildServer gives
//                                             Tidepool's: endpoint, no landing page, no logging) answering
//                                             `{ hello }` (the baseline) and the same runsOrError query as
//                                             Tidepool's from a list of 50 objects in memory
// The child reports `{ type: 'ready', port }` and exits on 'stop'.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { parseInstanceConfig, resolveSettings } from '../../src/config/index.js';
import { openInstance } from '../../src/instance/instance.js';
import { buildServer } from '../../src/server/build-server.js';

export type ReadServerMode = 'tidepool' | 'tidepool-tokens' | 'reference';
export type ReadServerReply = { type: 'ready'; port: number };

/** A run as the runs list returns it, for the in-memory reference. */
interface MemoryRun {
  runId: string;
  status: string;
  jobName: string;
  tags: { key: string; value: string }[];
  creationTime: number;
  startTime: number | null;
  endTime: number | null;
}

function memoryRuns(): MemoryRun[] {
  const base = Date.now() / 1000;
  return Array.from({ length: 50 }, (_, i) => ({
    runId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    status: i % 8 === 0 ? 'FAILURE' : 'SUCCESS',
    jobName: 'quick_job',
    tags: [
      { key: 'team', value: `team-${i % 20}` },
      { key: 'env', value: i % 3 === 0 ? 'staging' : 'prod' },
      { key: 'customer', value: `customer-${i * 97}` },
      { key: 'dagster/schedule_name', value: `schedule-${i}` },
    ],
    creationTime: base - i * 60,
    startTime: base - i * 60 + 5,
    endTime: base - i * 60 + 65,
  }));
}

function referenceServer(): Server {
  const runs = memoryRuns();
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      type PipelineTag {
        key: String!
        value: String!
      }
      type Run {
        runId: String!
        status: String!
        jobName: String!
        tags: [PipelineTag!]!
        creationTime: Float!
        startTime: Float
        endTime: Float
      }
      type Runs {
        results: [Run!]!
      }
      union RunsOrError = Runs
      type Query {
        hello: String!
        runsOrError(limit: Int): RunsOrError!
      }
    `,
    resolvers: {
      RunsOrError: { __resolveType: () => 'Runs' },
      Query: {
        hello: () => 'world',
        runsOrError: (_root: unknown, args: { limit?: number | null }) => ({ results: runs.slice(0, args.limit ?? runs.length) }),
      },
    },
  });
  const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, logging: false });
  return createServer((req, res) => void yoga(req, res));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function start(mode: ReadServerMode, databaseUrl: string | undefined): Promise<{ port: number; stop(): Promise<void> }> {
  if (mode === 'tidepool' || mode === 'tidepool-tokens') {
    const home = await mkdtemp(join(tmpdir(), 'tidepool-bench-read-'));
    const settings = resolveSettings({}, { DATABASE_URL: databaseUrl!, TIDEPOOL_HOME: home }, home);
    const instance = await openInstance(settings, {
      migrate: false,
      config: parseInstanceConfig(mode === 'tidepool-tokens' ? 'auth: {mode: tokens}' : '', null),
      applicationName: 'bench:read-server',
    });
    const server = buildServer({ instance, location: null, port: 0, host: '127.0.0.1' });
    const { port } = await server.start();
    return {
      port,
      async stop() {
        await server.stop();
        await instance.close();
        await rm(home, { recursive: true, force: true });
      },
    };
  }
  const server = referenceServer();
  const port = await listen(server);
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const [mode, databaseUrl] = process.argv.slice(2) as [ReadServerMode, string | undefined];
const running = await start(mode, databaseUrl);
process.on('message', (message: string) => {
  if (message !== 'stop') return;
  void running.stop().then(() => process.exit(0));
});
process.send!({ type: 'ready', port: running.port } satisfies ReadServerReply);
