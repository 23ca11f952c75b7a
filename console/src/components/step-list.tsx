// The run's steps in the order they started, each with its status, how long it ran, how long it waited for
// its pool slot (the engine events opening and closing its pool_wait marker), and a link to its logs (the
// run page shows the step named by ?logs=).
import type { RunDetailFragment } from '../generated/graphql';
import { Link } from 'react-router';
import { formatDuration, formatTime } from '../format';
import type { LogEvent } from './event-log';
import { Empty } from './states';

/** The engine events' marker for a step's wait for a pool slot (src/execution/pool-wait-events.ts). */
const POOL_WAIT = 'pool_wait';

interface Wait {
  start: number;
  end: number | null;
}

/** Each step's pool-slot wait, from the run's events (timestamps are epoch milliseconds as text). */
export function poolWaits(events: LogEvent[]): Map<string, Wait> {
  const waits = new Map<string, Wait>();
  for (const event of events) {
    if (!event.stepKey || !('markerStart' in event)) continue;
    const at = Number(event.timestamp) / 1000;
    if (event.markerStart === POOL_WAIT) waits.set(event.stepKey, { start: at, end: null });
    const open = waits.get(event.stepKey);
    if (event.markerEnd === POOL_WAIT && open) open.end = at;
  }
  return waits;
}

export function StepList({
  steps,
  waits,
  logsOf,
}: {
  steps: RunDetailFragment['stepStats'];
  waits: Map<string, Wait>;
  logsOf: string | null;
}) {
  return (
    <section aria-labelledby="steps">
      <h2 id="steps">Steps</h2>
      {steps.length === 0 ? (
        <Empty>No step has started.</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">Waited for pool</th>
                <th scope="col">Logs</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step.stepKey} data-step-key={step.stepKey}>
                  <td className="mono">{step.stepKey}</td>
                  <td>{step.status ?? 'IN_PROGRESS'}</td>
                  <td>{formatTime(step.startTime)}</td>
                  <td>{formatDuration(step.startTime, step.endTime)}</td>
                  <td data-cell="pool-wait">
                    {waits.has(step.stepKey) ? formatDuration(waits.get(step.stepKey)!.start, waits.get(step.stepKey)!.end) : '—'}
                  </td>
                  <td>
                    <Link
                      to={{ search: `?logs=${encodeURIComponent(step.stepKey)}` }}
                      aria-current={logsOf === step.stepKey ? 'true' : undefined}
                    >
                      Logs<span className="visually-hidden"> of {step.stepKey}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
