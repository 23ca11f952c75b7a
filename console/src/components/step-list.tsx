// The run's steps in the order they started, each with its status, how long it ran, and a link to its logs
// (the run page shows the step named by ?logs=).
import type { RunDetailFragment } from '../generated/graphql';
import { Link } from 'react-router';
import { formatDuration, formatTime } from '../format';
import { Empty } from './states';

export function StepList({ steps, logsOf }: { steps: RunDetailFragment['stepStats']; logsOf: string | null }) {
  return (
    <section aria-labelledby="steps">
      <h2 id="steps">Steps</h2>
      {steps.length === 0 ? (
        <Empty>No step has started.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Logs</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step) => (
              <tr key={step.stepKey}>
                <td className="mono">{step.stepKey}</td>
                <td>{step.status ?? 'IN_PROGRESS'}</td>
                <td>{formatTime(step.startTime)}</td>
                <td>{formatDuration(step.startTime, step.endTime)}</td>
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
      )}
    </section>
  );
}
