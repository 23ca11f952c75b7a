// The step gate for op granularity: a step with a pool claims a slot before it runs and gives it back when
// it ends, however it ends. Steps without a pool pass straight through, and so do steps of pools without a
// limit (their claim is granted at once, but recorded so it shows as an active slot).
//
// Waiting follows the notifier's rule, NOTIFY is a hint, with one exception argued below. A waiting step is
// woken by a 'pool' hint for its pool (and after a LISTEN reconnect, and by a slow fallback poll):
//  - a hint from a statement that ran the pool's grant (grant-slots.ts) names the claims it granted: the
//    named waiters run at once, unread; the others keep waiting and run no grant (see letThrough);
//  - any other hint (a run ended and only deleted its claims, a slot freed by hand), a reconnect or the
//    poll makes this process
//    1. read the state of ALL its waiting claims of that pool with one query and let the granted ones run;
//    2. if some still wait, run the grant for the pool itself (whoever freed the slot may not have), then
//       read again; at most one such round in flight per pool per process, coalescing the hints that
//       arrive meanwhile into one more round.
// Hints are heard from before a step's request: one that arrives before its waiter is registered is kept
// for it (HeardDuringRequest), so no hint is lost between the request's commit and the registration, and the
// gate never has to run a grant "just in case" after registering.
// A waiting claim that vanished (freed by hand) is requested again, as Dagster does; if its run has ended
// meanwhile, the step fails with the reason. Aborting a waiting step deletes its claim (granting the slot
// onward if it had just been granted) and rejects with the signal's reason.
//
// Metrics: the wait of every gated step (tidepool_slot_wait_seconds, near 0 when granted at once), and for a
// step that waited, the hand-off: how long its slot sat granted in the database before the step learned of
// it (tidepool_slot_handoff_seconds: from claimed_at by the database clock after a read; from the grant's
// time in the hint, database clock, to this process's clock when a hint let it through — the two clocks
// are assumed in step, as on one host or under NTP, and a negative difference counts as 0).
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Db } from '../db/database.js';
import type { Hint, Notifier } from '../db/notifier.js';
import type { StepSpec } from '../definitions/index.js';
import { recording } from '../metrics/instruments.js';
import { logger } from '../log/index.js';
import { priorityOf } from '../runs/vocabulary.js';
import { claimPriority, grantWaiting, releaseSlot, requestSlot, type ClaimRef, type SlotAnswer } from './claim-slot.js';
import { concurrencyKeyInfo } from './pool-info.js';

/** The run a gated step belongs to. */
export interface GateRun {
  runId: string;
  tags: Readonly<Record<string, string>>;
}

/** What a gated step needs of its StepSpec. */
export type GatedStep = Pick<StepSpec, 'key' | 'pool' | 'tags'>;

/**
 * Waits until the step may run (it holds a slot of its pool), then returns the release. Rejects with the
 * signal's reason when aborted while waiting. This is the StepGate of src/execution/execute-run.ts with
 * the run as a third argument.
 */
export type SlotGate = (
  step: GatedStep,
  signal: AbortSignal,
  run: GateRun,
  /** Told, before the step waits, that its pool is at its limit (the run's events say so: execution/pool-wait-events.ts). */
  onBlocked?: (blocked: { pool: string; limit: number }) => void,
) => Promise<() => Promise<void>>;

export interface SlotGateOptions {
  db: Db;
  config: InstanceConfig;
  notifier: Pick<Notifier, 'subscribe'>;
  /** Fallback poll while steps wait, in case a hint was lost. */
  pollMs?: number;
}

interface Waiter extends ClaimRef {
  priority: number;
  /** The claim row's seq, as 'pool' hints name it (a request made again gets a new one). */
  seq: string;
  granted(): void;
  failed(error: Error): void;
}

type PoolHint = Extract<Hint, { topic: 'pool' }>;

/** What the hints of a pool said while a request of ours on it was in flight, before its waiter was registered. */
interface HeardDuringRequest {
  /** Claims named as granted, with the grant's time (epoch seconds, database clock). */
  granted: Map<string, number | undefined>;
  /** A hint that leaves the grant to waiters, or a reconnect: the waiter, once registered, checks its pool. */
  needsCheck: boolean;
  /** Stops recording (idempotent). */
  stop(): void;
}

const RELEASE_ATTEMPTS = 3;
/** A wait for a slot at least this long is logged (at debug): shorter ones are the gate working as meant. */
const LOGGED_WAIT_MS = 1_000;

export function createSlotGate(options: SlotGateOptions): SlotGate {
  const { db, config, notifier } = options;
  const pollMs = options.pollMs ?? 1_000;
  /** This process's waiting claims, by pool, then by run and step. */
  const waiting = new Map<string, Map<string, Waiter>>();
  /** Requests in flight, by pool: what they heard before their waiter was registered. */
  const requesting = new Map<string, Set<HeardDuringRequest>>();
  const checking = new Set<string>();
  const checkAgain = new Set<string>();
  let unsubscribe: (() => void) | null = null;
  let poll: NodeJS.Timeout | null = null;

  const checkAll = () => {
    for (const key of waiting.keys()) check(key);
  };

  const onHint = (hint: PoolHint) => {
    for (const heard of requesting.get(hint.key) ?? []) {
      if (hint.granted == null) heard.needsCheck = true;
      else for (const seq of hint.granted) heard.granted.set(seq, hint.grantedAt);
    }
    if (hint.granted == null) check(hint.key);
    else letThrough(hint.key, hint.granted, hint.grantedAt);
  };
  const onReconnect = () => {
    for (const set of requesting.values()) for (const heard of set) heard.needsCheck = true;
    checkAll();
  };

  // Listens only while something waits or asks, so an idle gate holds no timer and no subscription.
  const watch = () => {
    if (unsubscribe) return;
    unsubscribe = notifier.subscribe('pool', onHint, onReconnect);
    poll = setInterval(checkAll, pollMs);
    poll.unref();
  };
  const unwatchIfIdle = () => {
    if (waiting.size > 0 || requesting.size > 0 || !unsubscribe) return;
    unsubscribe();
    unsubscribe = null;
    if (poll) clearInterval(poll);
    poll = null;
  };

  /** Starts recording the hints of `key` for a request about to be made (and listening, if not yet). */
  const hear = (key: string): HeardDuringRequest => {
    let set = requesting.get(key);
    if (!set) requesting.set(key, (set = new Set()));
    const heard: HeardDuringRequest = {
      granted: new Map(),
      needsCheck: false,
      stop: () => {
        if (!set.delete(heard)) return;
        if (set.size === 0 && requesting.get(key) === set) requesting.delete(key);
        unwatchIfIdle();
      },
    };
    set.add(heard);
    watch();
    return heard;
  };

  /**
   * Lets our waiters of `key` whose claims a hint names as granted run, without reading their claims.
   *
   * Why no read is needed: the hint is sent by the statement that set those claims' claimed_at, inside its
   * transaction, and NOTIFY delivers only when that transaction commits; so each named claim held a slot,
   * committed, when the hint arrived. The hint names claims by seq, unique per claim row, so it cannot be
   * taken for a later claim of the same step (a retry, a request made again). What could take a granted
   * slot away before its step runs — the step's abort, its run ending, a free by hand — equally follows a
   * read that saw it held: an abort removes the waiter first (granted() then does nothing), and the other
   * two are handled by the step's run as they are after a read.
   *
   * Why the waiters not named run no grant: the statement ran the pool's grant under the pool lock, so any
   * slot free at that moment went to a waiter ahead of them; every later freeing hints again (a release
   * with its own grant, a run's end or a free by hand without one, which makes us check). A lost hint is
   * made up for as before: after a LISTEN reconnect every pool is checked, and the fallback poll reads. The
   * one case left to the poll: a waiter the grant passed over (SKIP LOCKED) because a transaction deleting
   * its claim held it, and that transaction then rolled back.
   */
  const letThrough = (key: string, seqs: readonly string[], grantedAt: number | undefined): void => {
    if (seqs.length === 0) return;
    const named = new Set(seqs);
    for (const waiter of [...(waiting.get(key)?.values() ?? [])]) {
      if (!named.has(waiter.seq)) continue;
      observeHandoff(grantedAt);
      waiter.granted();
    }
  };

  const check = (key: string): void => {
    if (!waiting.has(key)) return;
    if (checking.has(key)) {
      checkAgain.add(key);
      return;
    }
    checking.add(key);
    serve(key)
      .catch((error: unknown) =>
        logger().error({ pool: key, err: error }, 'could not serve the steps waiting on a pool; retrying on the next hint or poll'),
      )
      .finally(() => {
        checking.delete(key);
        if (checkAgain.delete(key)) check(key);
      });
  };

  // After a hint that did not say the grant ran (a run ending deletes its claims without knowing the
  // config), a reconnect or the poll: one read settles the waiters a grant already served; only when some
  // of ours still wait do we run the grant ourselves.
  const serve = async (key: string): Promise<void> => {
    if ((await settle(key)) === 0) return;
    await grantWaiting(db, config, key);
    await settle(key);
  };

  /** Resolves our waiters of `key` that hold their slot now; returns how many still wait. */
  const settle = async (key: string): Promise<number> => {
    const waiters = [...(waiting.get(key)?.values() ?? [])];
    if (waiters.length === 0) return 0;
    let stillWaiting = 0;
    const rows = await queryRows<{ ord: number; state: 'held' | 'waiting' | 'missing'; held_seconds: number | null }>(
      db,
      sql`select t.ord::int as ord,
                 case when c.seq is null then 'missing' when c.claimed_at is null then 'waiting' else 'held' end as state,
                 extract(epoch from now() - c.claimed_at)::float8 as held_seconds
          from unnest(${sql.param(waiters.map((w) => w.runId))}::uuid[], ${sql.param(waiters.map((w) => w.stepKey))}::text[])
               with ordinality as t(run_id, step_key, ord)
          left join concurrency_claims c
            on c.concurrency_key = ${key} and c.run_id = t.run_id and c.step_key = t.step_key`,
    );
    for (const row of rows) {
      const waiter = waiters[row.ord - 1]!;
      // Let through by a hint while the read was in flight: what the read saw of its claim is stale (the
      // step may even have run and released it already).
      if (!isWaiting(waiter)) continue;
      if (row.state === 'held') {
        recording()?.slotHandoff.observe(Math.max(0, row.held_seconds ?? 0));
        waiter.granted();
      } else if (row.state === 'missing') await requestAgain(waiter);
      else stillWaiting++;
    }
    return stillWaiting;
  };

  const isWaiting = (waiter: Waiter) => waiting.get(waiter.key)?.get(claimId(waiter)) === waiter;

  const requestAgain = async (waiter: Waiter): Promise<void> => {
    const heard = hear(waiter.key);
    let answer: SlotAnswer;
    try {
      answer = await requestSlot(db, config, waiter);
    } catch (error) {
      heard.stop();
      waiter.failed(error as Error);
      return;
    }
    heard.stop();
    // Aborted meanwhile: the abort deleted the claim before this request re-created it.
    if (!isWaiting(waiter)) {
      await releaseSlot(db, config, waiter);
      return;
    }
    waiter.seq = answer.seq;
    if (answer.granted) waiter.granted();
    else actOnHeard(waiter, heard);
  };

  /** Acts for a just (re-)registered waiter on the hints its request heard. */
  const actOnHeard = (waiter: Waiter, heard: HeardDuringRequest): void => {
    if (heard.granted.has(waiter.seq)) {
      observeHandoff(heard.granted.get(waiter.seq));
      waiter.granted();
    } else if (heard.needsCheck) check(waiter.key);
  };

  const waitForGrant = (claim: ClaimRef, seq: string, priority: number, signal: AbortSignal, heard: HeardDuringRequest): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const id = claimId(claim);
      let stopWatchingAbort = () => {};
      /** Takes the waiter out of the registry; false when something else settled it first. */
      const remove = (): boolean => {
        const forKey = waiting.get(claim.key);
        if (forKey?.get(id) !== waiter) return false;
        forKey.delete(id);
        if (forKey.size === 0) waiting.delete(claim.key);
        stopWatchingAbort();
        unwatchIfIdle();
        return true;
      };
      const waiter: Waiter = {
        ...claim,
        priority,
        seq,
        granted: () => {
          if (remove()) resolve();
        },
        failed: (error) => {
          if (remove()) reject(error);
        },
      };
      let forKey = waiting.get(claim.key);
      if (!forKey) waiting.set(claim.key, (forKey = new Map()));
      forKey.set(id, waiter);
      stopWatchingAbort = onAbortOf(signal, () => {
        if (!remove()) return;
        // Deletes the claim whether it still waits or was granted a moment ago (then the slot goes onward).
        releaseSlot(db, config, claim)
          .catch((error: unknown) =>
            logger().error(
              { pool: claim.key, runId: claim.runId, stepKey: claim.stepKey, err: error },
              'could not delete the waiting claim of a step; it is deleted when the run ends',
            ),
          )
          .finally(() => reject(signal.reason as Error));
      });
      // Registered: from now on hints reach the waiter itself; the ones heard before are acted on here.
      heard.stop();
      actOnHeard(waiter, heard);
    });

  const releaseOnce = (claim: ClaimRef) => {
    let released: Promise<void> | null = null;
    return () => (released ??= releaseWithRetry(db, config, claim));
  };

  return async (step, signal, run, onBlocked) => {
    if (step.pool === null) return async () => {};
    signal.throwIfAborted();
    const waitStarted = performance.now();
    const claim: ClaimRef = { key: step.pool, runId: run.runId, stepKey: step.key };
    const priority = claimPriority(priorityOf(run.tags), priorityOf(step.tags));
    const heard = hear(claim.key);
    try {
      const { granted, seq } = await requestSlot(db, config, { ...claim, priority });
      if (!granted) {
        if (signal.aborted) {
          await releaseSlot(db, config, claim);
          throw signal.reason;
        }
        if (onBlocked) onBlocked({ pool: step.pool, limit: (await concurrencyKeyInfo(db, config, step.pool)).slotCount ?? 0 });
        await waitForGrant(claim, seq, priority, signal, heard);
        const waitedMs = Math.round(performance.now() - waitStarted);
        if (waitedMs >= LOGGED_WAIT_MS)
          logger().debug({ pool: step.pool, runId: run.runId, stepKey: step.key, waitedMs }, 'step waited for a pool slot');
      }
    } finally {
      heard.stop();
    }
    recording()?.slotWait.observe((performance.now() - waitStarted) / 1000);
    return releaseOnce(claim);
  };
}

/**
 * Calls `callback` when the signal aborts; returns the unsubscribe. One 'abort' listener per signal however
 * many steps wait on it (a run's steps share its signal; many listeners would trip Node's leak warning).
 */
const abortCallbacks = new WeakMap<AbortSignal, Set<() => void>>();
function onAbortOf(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = abortCallbacks.get(signal);
  if (!callbacks) {
    const set = (callbacks = new Set());
    abortCallbacks.set(signal, set);
    const onAbort = () => {
      abortCallbacks.delete(signal);
      for (const call of set) call();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  }
  callbacks.add(callback);
  return () => void callbacks.delete(callback);
}

function observeHandoff(grantedAt: number | undefined): void {
  if (grantedAt !== undefined) recording()?.slotHandoff.observe(Math.max(0, Date.now() / 1000 - grantedAt));
}

function claimId(claim: ClaimRef): string {
  return `${claim.runId}\u0000${claim.stepKey}`;
}

/**
 * Releases a slot when its step ends. A failure here must not fail the step or its run: after a few
 * attempts the claim is left for the run's terminal transition, which deletes it (no slot outlives its run).
 */
async function releaseWithRetry(db: Db, config: InstanceConfig, claim: ClaimRef): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await releaseSlot(db, config, claim);
      return;
    } catch (error) {
      if (attempt >= RELEASE_ATTEMPTS) {
        logger().error(
          { pool: claim.key, runId: claim.runId, stepKey: claim.stepKey, err: error },
          'could not release the slot of a step; it is freed when the run ends',
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
