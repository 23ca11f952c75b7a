// Schedules and sensors of the loaded code location: each with its target job, whether it is running (with
// Start or Stop when the caller may), and its latest ticks.
import { request } from '../api/client';
import { useQuery } from '../api/use-query';
import { InstigatorToggle } from '../components/instigator-toggle';
import { usePageTitle } from '../components/page-title';
import { RecentTicks } from '../components/recent-ticks';
import { Empty, ErrorState, Loading } from '../components/states';
import {
  AutomationPageDocument,
  StartScheduleDocument,
  StartSensorDocument,
  StopScheduleDocument,
  StopSensorDocument,
} from '../generated/graphql';

interface Named {
  name: string;
  repositoryName: string;
  repositoryLocationName: string;
}

/** The API's error message of a mutation result, or null when it succeeded. */
function messageOf(result: { __typename: string; message?: string }): string | null {
  return result.message ?? null;
}

async function changeSchedule(schedule: Named & { scheduleState: { id: string } }, start: boolean): Promise<string | null> {
  if (!start) return messageOf((await request(StopScheduleDocument, { id: schedule.scheduleState.id })).stopRunningSchedule);
  const { repositoryLocationName, repositoryName, name: scheduleName } = schedule;
  return messageOf(
    (await request(StartScheduleDocument, { selector: { repositoryLocationName, repositoryName, scheduleName } })).startSchedule,
  );
}

async function changeSensor(sensor: Named & { sensorState: { id: string } }, start: boolean): Promise<string | null> {
  if (!start) return messageOf((await request(StopSensorDocument, { id: sensor.sensorState.id })).stopSensor);
  const { repositoryLocationName, repositoryName, name: sensorName } = sensor;
  return messageOf((await request(StartSensorDocument, { selector: { repositoryLocationName, repositoryName, sensorName } })).startSensor);
}

export function AutomationPage() {
  usePageTitle('Automation');
  const query = useQuery(AutomationPageDocument, {});
  if (query.error) return <ErrorState error={query.error} what="schedules and sensors" />;
  if (!query.data) return <Loading what="schedules and sensors" />;
  const answer = query.data.repositoriesOrError;
  if (answer.__typename !== 'RepositoryConnection') {
    return <ErrorState error={new Error('message' in answer ? answer.message : 'No repository.')} what="schedules and sensors" />;
  }
  const schedules = answer.nodes.flatMap((repository) =>
    repository.schedules.map((schedule) => ({
      ...schedule,
      repositoryName: repository.name,
      repositoryLocationName: repository.location.name,
    })),
  );
  const sensors = answer.nodes.flatMap((repository) =>
    repository.sensors.map((sensor) => ({ ...sensor, repositoryName: repository.name, repositoryLocationName: repository.location.name })),
  );
  return (
    <>
      <h1>Automation</h1>
      <section aria-labelledby="schedules">
        <h2 id="schedules">Schedules</h2>
        {schedules.length === 0 ? (
          <Empty>No schedules.</Empty>
        ) : (
          <div className="table-scroll">
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
                    <td>
                      <span data-cell="status">{schedule.scheduleState.status}</span>{' '}
                      <InstigatorToggle
                        name={schedule.name}
                        running={schedule.scheduleState.status === 'RUNNING'}
                        mayStart={schedule.scheduleState.hasStartPermission}
                        mayStop={schedule.scheduleState.hasStopPermission}
                        change={(start) => changeSchedule(schedule, start)}
                        onChanged={query.refetch}
                      />
                    </td>
                    <td>
                      <RecentTicks ticks={schedule.scheduleState.ticks} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="sensors">
        <h2 id="sensors">Sensors</h2>
        {sensors.length === 0 ? (
          <Empty>No sensors.</Empty>
        ) : (
          <div className="table-scroll">
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
                    <td>
                      <span data-cell="status">{sensor.sensorState.status}</span>{' '}
                      <InstigatorToggle
                        name={sensor.name}
                        running={sensor.sensorState.status === 'RUNNING'}
                        mayStart={sensor.sensorState.hasStartPermission}
                        mayStop={sensor.sensorState.hasStopPermission}
                        change={(start) => changeSensor(sensor, start)}
                        onChanged={query.refetch}
                      />
                    </td>
                    <td>
                      <RecentTicks ticks={sensor.sensorState.ticks} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
