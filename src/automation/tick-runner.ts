// Claims, evaluates and ends a batch of ticks: the part the scheduler and the sensor daemon share.
import pLimit from 'p-limit';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { completeTicks, type EvaluatedTick } from './complete-tick.js';
import { evaluateTick, tickError } from './evaluate-tick.js';
import type { InstigatorDef } from './instigators.js';
import type { InstigatorState } from './instigator-state.js';
import { claimTicks, type ClaimedTick, type TickClaim, type TickEnd } from './ticks.js';

/** Ticks evaluated at once by one daemon: user functions mostly wait on I/O (their reads of runs). */
const EVALUATION_CONCURRENCY = 16;
/**
 * Ticks ended per transaction, and transactions at once: a thousand schedules due at one minute end in a
 * few concurrent transactions rather than a thousand. Batches hold disjoint instigators and ticks, so
 * concurrent ones never wait for each other's rows.
 */
const END_BATCH = 125;
const END_CONCURRENCY = 4;

export interface DueTick extends TickClaim {
  def: InstigatorDef;
  state: InstigatorState;
}

export interface AutomationPass {
  instance: Instance;
  location: LoadedDefinitions;
  daemonId: string;
}

/**
 * Claims the due ticks (one statement), evaluates the claimed ones, and ends them in batches. Returns the
 * end of each tick this daemon ended, by instigator name; ticks another daemon holds are left to it.
 */
export async function runTicks(pass: AutomationPass, due: readonly DueTick[], leaseSeconds: number): Promise<Map<string, TickEnd>> {
  const claimed = await claimTicks(pass.instance.database.db, due, pass.daemonId, leaseSeconds);
  const byKey = new Map(due.map((tick) => [`${tick.instigatorName}\u0000${tick.tickKey}`, tick]));
  const limit = pLimit(EVALUATION_CONCURRENCY);
  const evaluated: EvaluatedTick[] = await Promise.all(
    claimed.map((tick: ClaimedTick) =>
      limit(async () => {
        const { def, state } = byKey.get(`${tick.instigatorName}\u0000${tick.tickKey}`)!;
        return { tick, outcome: await evaluateTick(pass.instance, pass.location, def, state, tick, leaseSeconds) };
      }),
    ),
  );
  const ended = new Map<string, TickEnd>();
  const batches = Array.from({ length: Math.ceil(evaluated.length / END_BATCH) }, (_, i) =>
    evaluated.slice(i * END_BATCH, (i + 1) * END_BATCH),
  );
  const endLimit = pLimit(END_CONCURRENCY);
  await Promise.all(
    batches.map((batch) =>
      endLimit(async () => {
        const ends = await completeTicks(pass.instance, batch).catch(() => completeOneByOne(pass, batch));
        for (const { tick } of batch) {
          const end = ends.get(tick.id);
          if (end !== undefined) ended.set(tick.instigatorName, end);
        }
      }),
    ),
  );
  return ended;
}

/**
 * A batch whose end failed (say, one tick's runs could not be created) is ended tick by tick, so one bad
 * tick cannot hold up the others; a tick whose own end fails is recorded as a FAILURE with that error.
 */
async function completeOneByOne(pass: AutomationPass, batch: readonly EvaluatedTick[]): Promise<Map<number, TickEnd>> {
  const ends = new Map<number, TickEnd>();
  for (const item of batch) {
    const one = await completeTicks(pass.instance, [item]).catch((error: unknown) =>
      completeTicks(pass.instance, [{ tick: item.tick, outcome: { kind: 'failed', error: tickError(error) } }]),
    );
    for (const [id, end] of one) ends.set(id, end);
  }
  return ends;
}
