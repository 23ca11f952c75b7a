// Claims, evaluates and ends a batch of ticks: the part the scheduler and the sensor daemon share.
import pLimit from 'p-limit';
import type { LoadedDefinitions } from '../definitions/index.js';
import type { Instance } from '../instance/instance.js';
import { completeTick, type TickResultSummary } from './complete-tick.js';
import { evaluateTick } from './evaluate-tick.js';
import type { InstigatorDef } from './instigators.js';
import type { InstigatorState } from './instigator-state.js';
import { claimTicks, type ClaimedTick, type TickClaim } from './ticks.js';

/** Ticks evaluated at once by one daemon: user functions mostly wait on I/O, ends each take a connection. */
const EVALUATION_CONCURRENCY = 8;

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
 * Claims the due ticks (one statement), then evaluates and ends each claimed one. Returns the names whose
 * tick this daemon ended, with the result; ticks another daemon holds are left to it.
 */
export async function runTicks(
  pass: AutomationPass,
  due: readonly DueTick[],
  leaseSeconds: number,
): Promise<Map<string, TickResultSummary | null>> {
  const claimed = await claimTicks(pass.instance.database.db, due, pass.daemonId, leaseSeconds);
  const byKey = new Map(due.map((tick) => [`${tick.instigatorName}\u0000${tick.tickKey}`, tick]));
  const limit = pLimit(EVALUATION_CONCURRENCY);
  const ended = new Map<string, TickResultSummary | null>();
  await Promise.all(
    claimed.map((tick: ClaimedTick) =>
      limit(async () => {
        const { def, state } = byKey.get(`${tick.instigatorName}\u0000${tick.tickKey}`)!;
        const outcome = await evaluateTick(pass.instance, pass.location, def, state, tick, leaseSeconds);
        ended.set(tick.instigatorName, await completeTick(pass.instance, tick, outcome));
      }),
    ),
  );
  return ended;
}
