// The run's event log as it arrives, with a toggle per log level.
import { useState } from 'react';
import type { LogLevel, RunLogsSubscription } from '../generated/graphql';
import { Empty } from './states';

type Success = Extract<RunLogsSubscription['pipelineRunLogs'], { __typename: 'PipelineRunLogsSubscriptionSuccess' }>;
export type LogEvent = Extract<Success['messages'][number], { cursor: string }>;

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

export function EventLog({ events, error }: { events: LogEvent[]; error: Error | undefined }) {
  const [shown, setShown] = useState<ReadonlySet<LogLevel>>(new Set(LEVELS));
  const toggle = (level: LogLevel) =>
    setShown((previous) => {
      const next = new Set(previous);
      if (next.has(level)) next.delete(level);
      else next.add(level);
      return next;
    });
  const visible = events.filter((event) => shown.has(event.level));
  return (
    <section aria-labelledby="events">
      <h2 id="events">Event log</h2>
      <fieldset className="levels">
        <legend>Levels</legend>
        {LEVELS.map((level) => (
          <label key={level}>
            <input type="checkbox" checked={shown.has(level)} onChange={() => toggle(level)} /> {level}
          </label>
        ))}
      </fieldset>
      {error ? (
        <p role="alert" className="state error">
          Live log stopped: {error.message}
        </p>
      ) : null}
      {visible.length === 0 ? (
        <Empty>{events.length === 0 ? 'No events yet.' : 'No events at the levels shown.'}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Level</th>
                <th scope="col">Event</th>
                <th scope="col">Step</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((event) => (
                <tr key={event.cursor} className={`level-${event.level.toLowerCase()}`}>
                  <td>{new Date(Number(event.timestamp)).toLocaleTimeString()}</td>
                  <td>{event.level}</td>
                  <td className="mono">{event.eventType ?? 'LOG'}</td>
                  <td className="mono">{event.stepKey ?? ''}</td>
                  <td>{event.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
