// The scheduler and sensor daemons: loops over src/automation's passes, each with its heartbeat
// (SCHEDULER, SENSOR). Any number may run, in any processes: ticks are claimed in Postgres (src/automation).
import { definitionsOf, type LocationSource } from '../definitions/index.js';
import { runSchedulerPass } from '../automation/scheduler.js';
import { runSensorPass } from '../automation/sensors.js';
import { purgeTicks } from '../automation/ticks.js';
import type { Instance } from '../instance/instance.js';
import { DAEMON_TYPES } from './daemon-types.js';
import { DaemonLoop } from './loop.js';

/** Schedules tick on minute boundaries and sensors every few seconds: a pass a second keeps both on time. */
const PASS_INTERVAL_MS = 1_000;
/** Old ticks are purged about this often (real time), by every daemon; a purge finding nothing is cheap. */
const PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * A pass a second, and (when the pass says when the next tick falls due) another at that instant, so a
 * tick is claimed within milliseconds of its scheduled time rather than up to a second later.
 */
function automationLoop(
  instance: Instance,
  daemonType: typeof DAEMON_TYPES.scheduler | typeof DAEMON_TYPES.sensor,
  pass: (daemonId: string) => Promise<Date | null | void>,
  purge: () => Promise<unknown>,
): DaemonLoop {
  let lastPurgeAt = 0;
  let wakeTimer: NodeJS.Timeout | undefined;
  const loop: DaemonLoop = new DaemonLoop({
    db: instance.database.db,
    daemonType,
    intervalMs: PASS_INTERVAL_MS,
    tick: async () => {
      const next = await pass(loop.daemonId);
      const delay = next ? next.getTime() - instance.clock.now().getTime() : Infinity;
      if (delay < PASS_INTERVAL_MS) {
        clearTimeout(wakeTimer);
        wakeTimer = setTimeout(() => loop.wake(), Math.max(0, delay)).unref();
      }
      if (Date.now() - lastPurgeAt >= PURGE_INTERVAL_MS) {
        lastPurgeAt = Date.now();
        await purge();
      }
    },
  });
  return loop;
}

// Each pass reads the location once: a reload between passes is picked up by the next.
export function createScheduler(instance: Instance, location: LocationSource): DaemonLoop {
  return automationLoop(
    instance,
    DAEMON_TYPES.scheduler,
    (daemonId) => runSchedulerPass({ instance, location: definitionsOf(location)!, daemonId }),
    () => purgeTicks(instance.database.db, 'SCHEDULE', instance.config.retention.schedule, instance.clock.now()),
  );
}

export function createSensorDaemon(instance: Instance, location: LocationSource): DaemonLoop {
  return automationLoop(
    instance,
    DAEMON_TYPES.sensor,
    (daemonId) => runSensorPass({ instance, location: definitionsOf(location)!, daemonId }),
    () => purgeTicks(instance.database.db, 'SENSOR', instance.config.retention.sensor, instance.clock.now()),
  );
}
