// One pass of the scheduler: every running schedule's ticks that fell due since its last tick (at most
// `schedules.max_catchup_runs` of them, newest kept, when ticks were missed while no scheduler ran), in
// time order, each claimed, evaluated and ended once across all daemons (ticks.ts).
//
// A schedule whose next tick another daemon holds is left alone for this pass: its later ticks wait for that
// one, so a schedule's last tick never moves past a tick that has not ended (which would lose it if its
// daemon died).
import { latestCronTicks, nextCronTicks, type ScheduleDef } from '../definitions/index.js';
import { ensureStartPoints, readInstigatorStates, type InstigatorState } from './instigator-state.js';
import { runTicks, type AutomationPass, type DueTick } from './tick-runner.js';

/** Runs the due ticks; returns when the next tick of a running schedule falls due (null: none runs). */
export async function runSchedulerPass(pass: AutomationPass): Promise<Date | null> {
  const { instance } = pass;
  const schedules = pass.location.definitions.schedules;
  if (schedules.length === 0) return null;
  const now = instance.clock.now();
  const states = await readInstigatorStates(instance.database.db, schedules);
  await ensureStartPoints(instance.database.db, states, now);

  const pending = new Map<string, { def: ScheduleDef; state: InstigatorState; ticks: Date[] }>();
  let nextTickAt = Infinity;
  schedules.forEach((def, index) => {
    const state = states[index]!;
    if (state.status !== 'RUNNING') return;
    const next = nextTickAfter(def, state.lastTickAt!);
    if (next > now.getTime()) {
      nextTickAt = Math.min(nextTickAt, next);
      return;
    }
    const ticks = latestCronTicks(
      def.cronSchedule,
      def.executionTimezone,
      state.lastTickAt!,
      now,
      instance.config.schedules.maxCatchupRuns,
    );
    pending.set(def.name, { def, state, ticks });
    nextTickAt = Math.min(nextTickAt, nextTickAfter(def, ticks.at(-1)!));
  });
  while (pending.size > 0) {
    const due: DueTick[] = [...pending.values()].map(({ def, state, ticks }) => ({
      def,
      state,
      instigatorName: def.name,
      instigatorType: 'SCHEDULE',
      tickKey: ticks[0]!.toISOString(),
      tickAt: ticks[0]!,
    }));
    const ended = await runTicks(pass, due, instance.config.schedules.tickLeaseSeconds);
    for (const [name, entry] of pending) {
      // Not ended here (held elsewhere, ended elsewhere, or the claim was lost): the next pass re-reads.
      if (ended.get(name) == null) pending.delete(name);
      else if (entry.ticks.shift() !== undefined && entry.ticks.length === 0) pending.delete(name);
    }
  }
  return Number.isFinite(nextTickAt) ? new Date(nextTickAt) : null;
}

/**
 * The instant of a schedule's first tick after `after`, remembered per schedule: a pass over a thousand
 * schedules then costs a lookup each until one falls due, rather than a cron computation each.
 */
const nextTicks = new WeakMap<ScheduleDef, { after: number; next: number }>();

function nextTickAfter(def: ScheduleDef, after: Date): number {
  const known = nextTicks.get(def);
  if (known?.after === after.getTime()) return known.next;
  const next = nextCronTicks(def.cronSchedule, def.executionTimezone, after, 1)[0]!.getTime();
  nextTicks.set(def, { after: after.getTime(), next });
  return next;
}
