// The step gate for op granularity: a step with a pool claims a slot before it runs and gives it back when
// it ends, however it ends. Steps without a pool pass straight through, and so do steps of pools without a
// limit (their claim is granted at once, but recorded so it shows as an active slot).
//
// Waiting follows the notifier's rule, NOTIFY is a hint: a waiting step is woken by a 'pool' hint for its
// pool (and after a LISTEN reconnect, and by a slow fallback poll), and then this process
//  1. runs the grant for the pool itself (whoever freed the slot may not have: terminal run transitions
//     only delete claims and hint), at most one grant in flight per pool per process, coalescing the
//     hints that arrive meanwhile into one more round;
//  2. reads the state of ALL its waiting claims of that pool with one query and lets the granted ones run.
// A waiting claim that vanished (freed by hand) is requested again, as Dagster does; if its run has ended
// meanwhile, the step fails with the reason. Aborting a waiting step deletes its claim (granting the slot
// onward if it had just been granted) and rejects with the signal's reason.
//
// Metrics: the wait of every gated step (tidepool_slot_wait_seconds, near 0 when granted at once), and for a
// step that waited, the hand-off: how long its slot sat granted in the database before the step learned of
// it (tidepool_slot_handoff_seconds, from claimed_at by the database clock).
import { sql } from 'drizzle-orm';
import type { InstanceConfig } from '../config/index.js';
import { queryRows, type Db } from '../db/database.js';
import type { Notifier } from '../db/notifier.js';
import type { StepSpec } from '../definitions/index.js';
import { recording } from '../metrics/instruments.js';
import { logger } from '../log/index.js';
import { priorityOf } from '../runs/vocabulary.js';
import { claimPriority, grantWaiting, releaseSlot, requestSlot, type ClaimRef } from './claim-slot.js';
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
  granted(): void;
  failed(error: Error): void;
}

const RELEASE_ATTEMPTS = 3;
/** A wait for a slot at least this long is logged (at debug): shorter ones are the gate working as meant. */
const LOGGED_WAIT_MS = 1_000;

export function createSlotGate(options: SlotGateOptions): SlotGate {
  const { db, config, notifier } = options;
  const pollMs = options.pollMs ?? 1_000;
  /** This process's waiting claims, by pool, then by run and step. */
  const waiting = new Map<string, Map<string, Waiter>>();
  const checking = new Set<string>();
  const checkAgain = new Set<string>();
  let unsubscribe: (() => void) | null = null;
  let poll: NodeJS.Timeout | null = null;

  const checkAll = () => {
    for (const key of waiting.keys()) check(key);
  };

  // Listens only while something waits, so an idle gate holds no timer and no subscription.
  const watch = () => {
    if (unsubscribe) return;
    unsubscribe = notifier.subscribe('pool', (hint) => check(hint.key), checkAll);
    poll = setInterval(checkAll, pollMs);
    poll.unref();
  };
  const unwatchIfIdle = () => {
    if (waiting.size > 0 || !unsubscribe) return;
    unsubscribe();
    unsubscribe = null;
    if (poll) clearInterval(poll);
    poll = null;
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

  // Fast path first: most hints follow a release that already granted the next waiters (releaseSlot and
  // limit changes grant in their own transaction), so one read settles them. Only when some of ours still
  // wait do we run the grant ourselves — needed after releases that do not grant (a run ending deletes
  // its claims without knowing the config), and harmless otherwise.
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
      if (row.state === 'held') {
        if (isWaiting(waiter)) recording()?.slotHandoff.observe(Math.max(0, row.held_seconds ?? 0));
        waiter.granted();
      } else if (row.state === 'missing') await requestAgain(waiter);
      else stillWaiting++;
    }
    return stillWaiting;
  };

  const isWaiting = (waiter: Waiter) => waiting.get(waiter.key)?.get(claimId(waiter)) === waiter;

  const requestAgain = async (waiter: Waiter): Promise<void> => {
    let granted: boolean;
    try {
      ({ granted } = await requestSlot(db, config, waiter));
    } catch (error) {
      waiter.failed(error as Error);
      return;
    }
    // Aborted meanwhile: the abort deleted the claim before this request re-created it.
    if (!isWaiting(waiter)) await releaseSlot(db, config, waiter);
    else if (granted) waiter.granted();
  };

  const waitForGrant = (claim: ClaimRef, priority: number, signal: AbortSignal): Promise<void> =>
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
      watch();
      // A hint sent between the request's commit and this registration is lost to us: look once now.
      check(claim.key);
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
    const { granted } = await requestSlot(db, config, { ...claim, priority });
    if (!granted) {
      if (signal.aborted) {
        await releaseSlot(db, config, claim);
        throw signal.reason;
      }
      if (onBlocked) onBlocked({ pool: step.pool, limit: (await concurrencyKeyInfo(db, config, step.pool)).slotCount ?? 0 });
      await waitForGrant(claim, priority, signal);
      const waitedMs = Math.round(performance.now() - waitStarted);
      if (waitedMs >= LOGGED_WAIT_MS)
        logger().debug({ pool: step.pool, runId: run.runId, stepKey: step.key, waitedMs }, 'step waited for a pool slot');
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
