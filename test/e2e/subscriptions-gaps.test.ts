// The gap/duplicate proof of the live event feed (src/subscriptions/settled-events.ts): eight writer
// processes' worth of pools transition runs concurrently, holding some transactions open so that commits
// land out of id order — including the interleaving that defeats `tx_id < xmin` (a transaction that took
// its xid early commits a later id while a younger one still holds an earlier id) — while a subscriber
// disconnects and resumes by its last cursor again and again. At the end it has received exactly the
// status changes in run_events: no gap, no duplicate, in id order.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstanceConfig, resolveSettings } from '../../src/config/index.js';
import { queryRows, type Executor } from '../../src/db/database.js';
import { openInstance, type Instance } from '../../src/instance/instance.js';
import { createRuns } from '../../src/runs/create-runs.js';
import { transitionRuns } from '../../src/runs/transition.js';
import { appendEvent } from '../../src/runs/append-event.js';
import type { RunStatus } from '../../src/runs/vocabulary.js';
import { Notifier } from '../../src/db/notifier.js';
import { SubscriptionHub } from '../../src/subscriptions/hub.js';
import { readHubPage, SettledWatermark } from '../../src/subscriptions/settled-events.js';
import { StatusChangeFilter, statusChangeFeed } from '../../src/subscriptions/status-feed.js';
import { RunStatusChangedDocument } from '../generated/graphql.js';
import { createTestInstance, startTestServer, type TestInstance, type TestServer } from '../support/instance.js';
import { waitFor } from '../support/wait.js';
import { openWsClient, subscribeWs } from '../support/ws-client.js';

const WRITERS = 8;
const RUNS_PER_WRITER = 12;
const STEPS: [RunStatus, RunStatus][] = [
  ['QUEUED', 'STARTING'],
  ['STARTING', 'STARTED'],
  ['STARTED', 'SUCCESS'],
];

let test: TestInstance;
let server: TestServer;
let home: string;
const writers: Instance[] = [];

beforeAll(async () => {
  test = await createTestInstance();
  server = await startTestServer(test.instance);
  home = await mkdtemp(join(tmpdir(), 'tidepool-writers-'));
  const settings = resolveSettings({}, { DATABASE_URL: test.testDatabase.url, TIDEPOOL_HOME: home }, home);
  for (let i = 0; i < WRITERS; i++) {
    writers.push(
      await openInstance(settings, {
        migrate: false,
        config: parseInstanceConfig('', null),
        applicationName: `tidepool:writer-${i}`,
        maxConnections: 3,
      }),
    );
  }
});
afterAll(async () => {
  for (const writer of writers) await writer.close();
  await server?.server.stop();
  await test?.cleanup();
  if (home) await rm(home, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function makeRuns(executor: Executor, n: number, tag: string): Promise<string[]> {
  return createRuns(
    executor,
    Array.from({ length: n }, () => ({
      jobName: 'gap_job',
      repositoryName: '__repository__',
      locationName: 'test',
      tags: { gap: tag },
      runConfig: {},
      stepKeysToExecute: null,
      assetSelection: null,
      allPools: [],
      rootPools: [],
      hasUnconstrainedRootNodes: true,
      snapshot: null,
    })),
    'QUEUED',
  );
}

async function maxEventId(): Promise<number> {
  const [row] = await queryRows<{ id: string | null }>(test.instance.database.db, sql`select max(id) as id from run_events`);
  return Number(row?.id ?? 0);
}

/**
 * The interleaving `tx_id < xmin` gets wrong: `early` takes its xid first, `late` then draws id N and
 * stays open, `early` draws N+1 and commits; `late` commits only after `whileHeld` (which a naive reader
 * would use to hand out N+1 and move its cursor past N).
 */
async function crossedCommits(
  early: Instance,
  late: Instance,
  runA: string,
  runB: string,
  step: [RunStatus, RunStatus],
  whileHeld: () => Promise<void>,
) {
  let releaseLate!: () => void;
  const lateHeld = new Promise<void>((resolve) => (releaseLate = resolve));
  let lateWrote!: () => void;
  const lateHasWritten = new Promise<void>((resolve) => (lateWrote = resolve));
  let earlyHasXid!: () => void;
  const earlyXid = new Promise<void>((resolve) => (earlyHasXid = resolve));
  const transition = { from: [step[0]], to: step[1], message: `crossed ${step[1]}` };
  const earlyTx = early.database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_current_xact_id()`);
    earlyHasXid();
    await lateHasWritten;
    await transitionRuns(tx, [runA], transition);
  });
  const lateTx = late.database.db.transaction(async (tx) => {
    await earlyXid;
    await transitionRuns(tx, [runB], transition);
    lateWrote();
    await lateHeld;
  });
  await earlyTx;
  await whileHeld();
  releaseLate();
  await lateTx;
}

describe('the settled watermark', () => {
  it('holds back a later id committed by an older transaction while a younger one holds an earlier id', async () => {
    const [runA, runB] = await makeRuns(test.instance.database.db, 2, randomUUID());
    const watermark = new SettledWatermark();
    const db = test.instance.database.db;
    const before = (await watermark.advance(db)).settled!;
    let heldBack: number | null = null;
    await crossedCommits(writers[0]!, writers[1]!, runA!, runB!, ['QUEUED', 'STARTING'], async () => {
      // early's event (the higher id) is committed and its xid is older than late's, but late still
      // holds the lower id: nothing past `before` may be handed out yet.
      const step = await watermark.advance(db);
      heldBack = step.settled;
      expect(step.waiting).toBe(true);
    });
    expect(heldBack).toBe(before);
    const after = await watermark.advance(db);
    const page = await readHubPage(db, { after: before, upTo: after.settled!, statusChanges: true, runIds: [], limit: 100 });
    expect(page.map((event) => event.runId)).toEqual([runB, runA]);
    expect(page.map((event) => event.id)).toEqual([...page.map((event) => event.id)].sort((a, b) => a - b));
  });
});

describe('logsForRun and Run.eventConnection pages', () => {
  // A pager resumes from the last id it was handed. `late` draws id N for the run and stays open while
  // `early` commits N+1 for the same run: a page read then must not hand out N+1 (its cursor would pass N,
  // which commits afterwards). The page asked while N is held either waits for it or comes back empty.
  it('never pass an event that drew a lower id and commits later', async () => {
    const [runId] = await makeRuns(test.instance.database.db, 1, randomUUID());
    const query = `query Page($runId: ID!, $after: String) {
      logsForRun(runId: $runId, afterCursor: $after) { __typename ... on EventConnection { cursor hasMore events { __typename ... on MessageEvent { message } } } }
      runOrError(runId: $runId) { ... on Run { eventConnection(afterCursor: $after) { cursor events { ... on MessageEvent { message } } } } }
    }`;
    type Page = { cursor: string; hasMore?: boolean; events: { message?: string }[] };
    type Reply = { logsForRun: Page; runOrError: { eventConnection: Page } };
    const page = async (after: string | null): Promise<Reply> => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { runId, after } }),
      });
      return ((await response.json()) as { data: Reply }).data;
    };
    const start = (await page(null)).logsForRun.cursor;

    let releaseLate!: () => void;
    const lateHeld = new Promise<void>((resolve) => (releaseLate = resolve));
    let lateWrote!: () => void;
    const lateHasWritten = new Promise<void>((resolve) => (lateWrote = resolve));
    const lateTx = writers[3]!.database.db.transaction(async (tx) => {
      await appendEvent(tx, { runId: runId!, eventType: 'ENGINE_EVENT', message: 'late (lower id)' });
      lateWrote();
      await lateHeld;
    });
    await lateHasWritten;
    await appendEvent(writers[4]!.database.db, { runId: runId!, eventType: 'ENGINE_EVENT', message: 'early (higher id)' });

    // Asked while `late` still holds its id (it commits only after the answer): nothing past the cursor
    // can be handed out, so the page comes back empty, saying more may follow, after its wait (settled-events.ts).
    const first = await page(start);
    expect(first.logsForRun).toMatchObject({ cursor: start, hasMore: true, events: [] });
    expect(first.runOrError.eventConnection).toMatchObject({ cursor: start, events: [] });
    releaseLate();
    await lateTx;
    const walk = async (pick: (reply: Reply) => Page): Promise<string[]> => {
      const messages = pick(first).events.map((event) => event.message!);
      let cursor = pick(first).cursor;
      for (let i = 0; i < 5; i++) {
        const next = pick(await page(cursor));
        messages.push(...next.events.map((event) => event.message!));
        cursor = next.cursor;
      }
      return messages;
    };
    expect(await walk((reply) => reply.logsForRun)).toEqual(['late (lower id)', 'early (higher id)']);
    expect(await walk((reply) => reply.runOrError.eventConnection)).toEqual(['late (lower id)', 'early (higher id)']);
  });
});

describe('the hub without any hint', () => {
  it('still delivers through its fallback poll, and closing it completes the feeds', async () => {
    const [runId] = await makeRuns(test.instance.database.db, 1, randomUUID());
    // A notifier that is never started: no hint ever arrives.
    const hub = new SubscriptionHub({
      database: test.instance.database,
      notifier: new Notifier(test.instance.database),
      fallbackPollMs: 100,
    });
    const feed = statusChangeFeed(hub, new StatusChangeFilter({ runIds: [runId!] }), null);
    const first = feed.next();
    await waitFor(() => hub.stats().attachedStatusListeners === 1, { what: 'the feed to attach' });
    await transitionRuns(writers[2]!.database.db, [runId!], { from: ['QUEUED'], to: 'STARTING', message: 'to STARTING' });
    const { value } = await first;
    expect(value).toMatchObject({ fromStatus: 'QUEUED', toStatus: 'STARTING', run: { id: runId, status: 'STARTING' } });
    const second = feed.next();
    await hub.close();
    expect(await second).toEqual({ done: true, value: undefined });
    expect(hub.stats()).toMatchObject({ subscriptions: 0, attachedStatusListeners: 0, bufferedEvents: 0 });
  });
});

describe('runStatusChanged under concurrent writers with reconnecting subscribers', () => {
  it('delivers every status change exactly once, in id order, across many resumes', { timeout: 120_000 }, async () => {
    const tag = randomUUID();
    const runsByWriter = await Promise.all(writers.map((writer) => makeRuns(writer.database.db, RUNS_PER_WRITER, tag)));
    const crossingRuns = await Promise.all(writers.map((writer) => makeRuns(writer.database.db, 2, tag)));
    const start = await maxEventId();

    // The subscriber: resumes from its last cursor after each disconnect (graceful or abrupt).
    const received: { cursor: number; runId: string; toStatus: string }[] = [];
    let resumes = 0;
    let stopped = false;
    const subscriber = (async () => {
      let cursor = String(start);
      for (let session = 0; !stopped; session++) {
        const client = openWsClient(server.wsUrl);
        const sub = subscribeWs(client.client, RunStatusChangedDocument, { filter: { tags: [{ key: 'gap', value: tag }] }, cursor });
        const target = received.length + 15 + (session % 4) * 10;
        let seen = 0;
        await sub.until(
          () => {
            for (const data of sub.data.slice(seen)) {
              const change = data.runStatusChanged;
              received.push({ cursor: Number(change.cursor), runId: change.run.runId, toStatus: change.toStatus });
              cursor = change.cursor;
            }
            seen = sub.data.length;
            return received.length >= target || stopped;
          },
          `session ${session} to receive changes`,
          110_000,
        );
        if (session % 2 === 0) client.socket()?.terminate();
        await client.dispose();
        if (!stopped) resumes++;
      }
    })();

    // A subscriber that never disconnects, for comparison.
    const steady = openWsClient(server.wsUrl);
    const steadySub = subscribeWs(steady.client, RunStatusChangedDocument, {
      filter: { tags: [{ key: 'gap', value: tag }] },
      cursor: String(start),
    });

    await Promise.all(
      writers.map(async (writer, w) => {
        const runIds = runsByWriter[w]!;
        for (const step of STEPS) {
          // Half of each writer's runs move one by one, the rest in one multi-run transaction.
          const half = Math.ceil(runIds.length / 2);
          for (const runId of runIds.slice(0, half)) {
            await writer.database.db.transaction(async (tx) => {
              if (Math.random() < 0.3) await tx.execute(sql`select pg_current_xact_id()`); // xid before id
              if (Math.random() < 0.3) await pause(Math.random() * 10);
              await transitionRuns(tx, [runId], { from: [step[0]], to: step[1], message: `to ${step[1]}` });
              if (Math.random() < 0.5) await pause(Math.random() * 15); // commit later than younger ids
            });
          }
          await writer.database.db.transaction(async (tx) => {
            await transitionRuns(tx, runIds.slice(half), { from: [step[0]], to: step[1], message: `to ${step[1]}` });
            await pause(Math.random() * 20);
          });
        }
        // Writers in pairs also produce the deterministic crossing, on runs of their own.
        if (w % 2 === 0) {
          const [a, b] = crossingRuns[w]!;
          for (const step of STEPS) await crossedCommits(writer, writers[w + 1]!, a!, b!, step, () => pause(30));
        }
      }),
    );

    const expected = (
      await queryRows<{ id: string }>(
        test.instance.database.db,
        sql`select e.id from run_events e join run_tags t on t.run_id = e.run_id and t.key = 'gap' and t.value = ${tag}
            where e.run_status is not null and e.id > ${start} order by e.id`,
      )
    ).map((row) => Number(row.id));
    expect(expected.length).toBe(WRITERS * RUNS_PER_WRITER * STEPS.length + (WRITERS / 2) * 2 * STEPS.length);

    // Bounded waits for delivery; the comparisons below are the test (a gap would show as a missing id).
    await waitFor(() => received.length >= expected.length && steadySub.data.length >= expected.length, {
      timeoutMs: 30_000,
      what: 'both subscribers to receive every change',
    }).catch(() => undefined);
    stopped = true;
    await subscriber;
    const steadyIds = steadySub.data.map((d) => Number(d.runStatusChanged.cursor));
    await steady.dispose();

    expect(resumes).toBeGreaterThanOrEqual(3);
    expect(received.map((change) => change.cursor)).toEqual(expected);
    expect(steadyIds).toEqual(expected);
    // Each run's own changes arrive in its lifecycle order.
    const byRun = new Map<string, string[]>();
    for (const change of received) byRun.set(change.runId, [...(byRun.get(change.runId) ?? []), change.toStatus]);
    for (const statuses of byRun.values()) expect(statuses).toEqual(['STARTING', 'STARTED', 'SUCCESS']);
  });
});
