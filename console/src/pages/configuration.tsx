// Deployment > Configuration: the effective instance config as YAML and the daemons' health, with the
// guide's troubleshooting hints when runs would stay queued (the run coordinator down, or the queue paused
// by max_concurrent_runs: 0).
import { useQuery } from '../api/use-query';
import { usePageTitle } from '../components/page-title';
import { ErrorState, Loading } from '../components/states';
import { formatTime } from '../format';
import { ConfigurationPageDocument, type ConfigurationPageQuery } from '../generated/graphql';

type Instance = ConfigurationPageQuery['instance'];

/** The hints of the guide's "runs stay queued" troubleshooting that apply to this instance now. */
function queueHints(instance: Instance): string[] {
  const hints: string[] = [];
  const coordinator = instance.daemonHealth.allDaemonStatuses.find((daemon) => daemon.daemonType === 'QUEUED_RUN_COORDINATOR');
  if (coordinator?.required && !coordinator.healthy) {
    hints.push(
      'The run coordinator is not running, so queued runs stay QUEUED. Start `tidepool serve` or `tidepool daemon` against this database.',
    );
  }
  if (instance.runQueueConfig?.maxConcurrentRuns === 0) {
    hints.push(
      'concurrency.runs.max_concurrent_runs is 0, which pauses the queue: no run leaves QUEUED. Raise it (or set -1 for no limit) in the instance config and restart.',
    );
  }
  return hints;
}

export function ConfigurationPage() {
  usePageTitle('Configuration');
  const query = useQuery(ConfigurationPageDocument, {});
  if (query.error) return <ErrorState error={query.error} what="the configuration" />;
  if (!query.data) return <Loading what="the configuration" />;
  const { instance } = query.data;
  const hints = queueHints(instance);

  return (
    <>
      <h1>Configuration</h1>
      {hints.length > 0 ? (
        <section className="hints" aria-labelledby="hints">
          <h2 id="hints">Why runs stay queued</h2>
          <ul>
            {hints.map((hint) => (
              <li key={hint}>{hint}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="daemons">
        <h2 id="daemons">Daemons</h2>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Daemon</th>
                <th scope="col">Health</th>
                <th scope="col">Processes</th>
                <th scope="col">Last heartbeat</th>
                <th scope="col">Last errors</th>
              </tr>
            </thead>
            <tbody>
              {instance.daemonHealth.allDaemonStatuses.map((daemon) => (
                <tr key={daemon.id} data-daemon={daemon.daemonType}>
                  <th scope="row" className="mono">
                    {daemon.daemonType}
                  </th>
                  <td>{!daemon.required ? 'not required' : daemon.healthy ? 'healthy' : 'not running'}</td>
                  <td>{daemon.instanceCount}</td>
                  <td>{formatTime(daemon.lastHeartbeatTime)}</td>
                  <td>{daemon.lastHeartbeatErrors.map((error) => error.message).join('; ') || 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="config">
        <h2 id="config">Instance config</h2>
        {instance.info ? (
          <pre className="yaml" tabIndex={0} aria-label="Instance config YAML">
            {instance.info}
          </pre>
        ) : (
          <p>The server does not show its config.</p>
        )}
      </section>
    </>
  );
}
