// Schedules and sensors of the loaded code location: each with its target job, whether it is running, and
// its latest ticks.
import { useQuery } from '../api/use-query';
import { usePageTitle } from '../components/page-title';
import { RecentTicks } from '../components/recent-ticks';
import { Empty, ErrorState, Loading } from '../components/states';
import { AutomationPageDocument } from '../generated/graphql';

export function AutomationPage() {
  usePageTitle('Automation');
  const query = useQuery(AutomationPageDocument, {});
  if (query.error) return <ErrorState error={query.error} what="schedules and sensors" />;
  if (!query.data) return <Loading what="schedules and sensors" />;
  const answer = query.data.repositoriesOrError;
  if (answer.__typename !== 'RepositoryConnection') {
    return <ErrorState error={new Error('message' in answer ? answer.message : 'No repository.')} what="schedules and sensors" />;
  }
  const schedules = answer.nodes.flatMap((repository) => repository.schedules);
  const sensors = answer.nodes.flatMap((repository) => repository.sensors);
  return (
    <>
      <h1>Automation</h1>
      <section aria-labelledby="schedules">
        <h2 id="schedules">Schedules</h2>
        {schedules.length === 0 ? (
          <Empty>No schedules.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">Job</th>
                <th scope="col">Cron</th>
                <th scope="col">Status</th>
                <th scope="col">Latest ticks</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((schedule) => (
                <tr key={schedule.id} data-schedule={schedule.name}>
                  <th scope="row" className="mono">
                    {schedule.name}
                  </th>
                  <td>{schedule.pipelineName}</td>
                  <td className="mono">
                    {schedule.cronSchedule} ({schedule.executionTimezone ?? 'UTC'})
                  </td>
                  <td data-cell="status">{schedule.scheduleState.status}</td>
                  <td>
                    <RecentTicks ticks={schedule.scheduleState.ticks} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="sensors">
        <h2 id="sensors">Sensors</h2>
        {sensors.length === 0 ? (
          <Empty>No sensors.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Sensor</th>
                <th scope="col">Jobs</th>
                <th scope="col">Interval</th>
                <th scope="col">Status</th>
                <th scope="col">Latest ticks</th>
              </tr>
            </thead>
            <tbody>
              {sensors.map((sensor) => (
                <tr key={sensor.id} data-sensor={sensor.name}>
                  <th scope="row" className="mono">
                    {sensor.name}
                  </th>
                  <td>{(sensor.targets ?? []).map((target) => target.pipelineName).join(', ')}</td>
                  <td>{sensor.minIntervalSeconds} s</td>
                  <td data-cell="status">{sensor.sensorState.status}</td>
                  <td>
                    <RecentTicks ticks={sensor.sensorState.ticks} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
