// One pass of the sensor daemon: every running sensor whose `minimumIntervalSeconds` has passed since its
// last tick is evaluated once across all daemons. A sensor's tick key is its position in its own sequence
// (the instant of the tick before it), so two daemons that see the same last tick claim the same key and
// only one evaluates it.
import { readInstigatorStates } from './instigator-state.js';
import { runTicks, type AutomationPass, type DueTick } from './tick-runner.js';

export async function runSensorPass(pass: AutomationPass): Promise<void> {
  const { instance } = pass;
  const sensors = pass.location.definitions.sensors;
  if (sensors.length === 0) return;
  const now = instance.clock.now();
  const states = await readInstigatorStates(instance.database.db, sensors);
  const due: DueTick[] = sensors.flatMap((def, index) => {
    const state = states[index]!;
    if (state.status !== 'RUNNING') return [];
    const last = state.lastTickAt;
    if (last !== null && now.getTime() - last.getTime() < def.minimumIntervalSeconds * 1000) return [];
    return [
      { def, state, instigatorName: def.name, instigatorType: 'SENSOR', tickKey: `after:${last?.toISOString() ?? 'start'}`, tickAt: now },
    ];
  });
  await runTicks(pass, due, instance.config.sensors.tickLeaseSeconds);
}
