// The run's steps in the order they started, each with its status and how long it ran.
import type { RunDetailFragment } from '../generated/graphql';
import { formatDuration, formatTime } from '../format';
import { Empty } from './states';

export function StepList({ steps }: { steps: RunDetailFragment['stepStats'] }) {
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
            </tr>
          </thead>
          <tbody>
            {steps.map((step) => (
              <tr key={step.stepKey}>
                <td className="mono">{step.stepKey}</td>
                <td>{step.status ?? 'IN_PROGRESS'}</td>
                <td>{formatTime(step.startTime)}</td>
                <td>{formatDuration(step.startTime, step.endTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
