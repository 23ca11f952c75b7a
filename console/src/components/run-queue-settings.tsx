// The run queue's settings as the instance reports them: how many runs may be in progress, tag limits and
// how pools are granted.
import type { ConcurrencyPageQuery } from '../generated/graphql';

export function RunQueueSettings({ instance }: { instance: ConcurrencyPageQuery['instance'] }) {
  const queue = instance.runQueueConfig;
  const pools = instance.poolConfig;
  return (
    <section aria-labelledby="run-queue">
      <h2 id="run-queue">Run queue</h2>
      {!instance.runQueuingSupported || !queue ? (
        <p>Runs skip the queue: the run coordinator is not the QueuedRunCoordinator.</p>
      ) : (
        <dl className="facts">
          <dt>Max concurrent runs</dt>
          <dd data-testid="max-concurrent-runs">{queue.maxConcurrentRuns === -1 ? 'unlimited' : queue.maxConcurrentRuns}</dd>
          <dt>Tag concurrency limits</dt>
          <dd>{queue.tagConcurrencyLimitsYaml ? <pre>{queue.tagConcurrencyLimitsYaml}</pre> : 'none'}</dd>
          <dt>Pool granularity</dt>
          <dd>{pools?.poolGranularity ?? '—'}</dd>
          <dt>Default pool limit</dt>
          <dd>{pools?.defaultPoolLimit ?? 'none (unlimited)'}</dd>
          <dt>Op granularity run buffer</dt>
          <dd>{pools?.opGranularityRunBuffer ?? '—'}</dd>
        </dl>
      )}
    </section>
  );
}
