// The background parts of a Tidepool process, started together around one notifier (one LISTEN
// connection per process): the queued run coordinator, the run monitor and a run worker. `serve` runs
// all of them by default; `daemon` runs coordinator + monitor; `worker` runs a worker.
import { Notifier } from '../db/notifier.js';
import { CodeLocation, type LocationSource } from '../definitions/index.js';
import { RunWorker, type RunWorkerOptions } from '../execution/run-worker.js';
import type { Instance } from '../instance/instance.js';
import { createSlotGate } from '../pools/slot-gate.js';
import { followLocation, type LocationFollower } from '../locations/follow-location.js';
import { instanceApi } from '../runs/queries.js';
import { createScheduler, createSensorDaemon } from './automation-daemons.js';
import { BackfillDaemon } from './backfill-daemon.js';
import { Coordinator } from './coordinator.js';
import { DAEMON_TYPES, type DaemonType } from './daemon-types.js';
import { createMonitor } from './monitor.js';
import { RunRetryDaemon } from './run-retry-daemon.js';

export interface BackgroundParts {
  coordinator: boolean;
  monitor: boolean;
  /** The scheduler and the sensor daemon (they need the definitions: none run without a location). */
  automation?: boolean;
  /** The backfill daemon (it plans runs from the definitions: none runs without a location). */
  backfills?: boolean;
  /** The run retry daemon, when `run_retries.enabled` (it re-executes from the definitions: none runs without a location). */
  runRetries?: boolean;
  worker: RunWorkerOptions | false;
}

export interface Background {
  notifier: Notifier;
  worker: RunWorker | null;
  /** The daemon loops this process runs (its readiness requires each to be heartbeating). */
  daemonTypes: readonly DaemonType[];
  /**
   * Stops every part. The worker stops claiming at once and gives its runs `workerGraceMs` to finish (see
   * RunWorker.stop); meanwhile the loops stop, so this process dequeues and launches nothing more.
   */
  stop(workerGraceMs?: number): Promise<void>;
}

export async function startBackground(instance: Instance, location: LocationSource | null, parts: BackgroundParts): Promise<Background> {
  const notifier = new Notifier(instance.database);
  await notifier.start();
  // A location loaded from a file follows reload requests (src/locations), whatever parts this process runs.
  const follower: LocationFollower | null =
    location instanceof CodeLocation && location.reloadable ? await followLocation(instance.database.db, notifier, location) : null;
  const loopStops: (() => Promise<void>)[] = [];
  const daemonTypes: DaemonType[] = [];

  // Without the queued run coordinator runs never enter QUEUED, so there is nothing to dequeue.
  if (parts.coordinator && instance.config.runCoordinator.class === 'QueuedRunCoordinator') {
    const coordinator = new Coordinator(instance, notifier);
    coordinator.start();
    loopStops.push(() => coordinator.stop());
    daemonTypes.push(DAEMON_TYPES.queuedRunCoordinator);
  }
  if (parts.monitor) {
    const monitor = createMonitor(instance);
    monitor.start();
    loopStops.push(() => monitor.stop());
    daemonTypes.push(DAEMON_TYPES.monitoring);
  }
  if (parts.automation && location !== null) {
    for (const loop of [createScheduler(instance, location), createSensorDaemon(instance, location)]) {
      loop.start();
      loopStops.push(() => loop.stop());
    }
    daemonTypes.push(DAEMON_TYPES.scheduler, DAEMON_TYPES.sensor);
  }
  if (parts.backfills && location !== null) {
    const backfills = new BackfillDaemon(instance, location, notifier);
    backfills.start();
    loopStops.push(() => backfills.stop());
    daemonTypes.push(DAEMON_TYPES.backfill);
  }
  if (parts.runRetries && instance.config.runRetries.enabled && location !== null) {
    const retries = new RunRetryDaemon(instance, location, notifier);
    retries.start();
    loopStops.push(() => retries.stop());
    daemonTypes.push(DAEMON_TYPES.runRetries);
  }
  let worker: RunWorker | null = null;
  if (parts.worker) {
    // Op granularity: each step with a pool waits for a slot. Run granularity: the coordinator claimed
    // the run's slots at dequeue, so steps claim nothing.
    const gate =
      instance.config.concurrency.pools.granularity === 'op'
        ? createSlotGate({ db: instance.database.db, config: instance.config, notifier })
        : undefined;
    worker = new RunWorker(instance, location, notifier, instanceApi(instance.database.db), { gate, ...parts.worker });
    await worker.start();
  }
  return {
    notifier,
    worker,
    daemonTypes,
    async stop(workerGraceMs = 0) {
      const workerStopped = worker?.stop(workerGraceMs);
      // Reverse order of starting: the coordinator last. Then, once the worker's runs ended, the LISTEN connection.
      for (const stop of loopStops.reverse()) await stop();
      await workerStopped;
      follower?.stop();
      await notifier.stop();
    },
  };
}
