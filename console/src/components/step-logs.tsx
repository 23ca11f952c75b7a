// What a step wrote to stdout and stderr (its context.log lines are in stderr, as in Dagster), live: the
// capturedLogs subscription sends what is stored, then each new chunk as the step writes it, from whichever
// server's worker runs the step. A reconnected feed starts again from the beginning: a chunk that starts at
// byte 0 of its stream (its end offset, from the cursor "<stdout bytes>:<stderr bytes>", minus its length)
// replaces the text instead of adding to it.
import { useState } from 'react';
import { useSubscription } from '../api/use-subscription';
import { StepLogsDocument } from '../generated/graphql';
import { ErrorState } from './states';

type Stream = 'stdout' | 'stderr';

const encoder = new TextEncoder();

/** The text after a chunk: appended, or the chunk alone when it starts the stream. */
function follow(previous: string, chunk: string | null | undefined, endOffset: number): string {
  if (!chunk) return previous;
  return endOffset - encoder.encode(chunk).length === 0 ? chunk : previous + chunk;
}

export function StepLogs({ runId, stepKey }: { runId: string; stepKey: string }) {
  const [text, setText] = useState<Record<Stream, string>>({ stdout: '', stderr: '' });
  const [stream, setStream] = useState<Stream>('stdout');
  const error = useSubscription(StepLogsDocument, { logKey: [runId, 'compute_logs', stepKey] }, ({ capturedLogs }) =>
    setText((previous) => {
      const [stdoutEnd = 0, stderrEnd = 0] = (capturedLogs.cursor ?? '').split(':').map(Number);
      return {
        stdout: follow(previous.stdout, capturedLogs.stdout, stdoutEnd),
        stderr: follow(previous.stderr, capturedLogs.stderr, stderrEnd),
      };
    }),
  );
  return (
    <section aria-labelledby="step-logs">
      <h2 id="step-logs">
        Logs of <span className="mono">{stepKey}</span>
      </h2>
      <div role="tablist" aria-label="Stream" className="tabs">
        {(['stdout', 'stderr'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={stream === name} onClick={() => setStream(name)}>
            {name}
          </button>
        ))}
      </div>
      {error ? <ErrorState error={error} what="the step's logs" /> : null}
      <pre className="captured-log" role="tabpanel" aria-label={`${stepKey} ${stream}`} tabIndex={0} data-stream={stream}>
        {text[stream] || `Nothing on ${stream} yet.`}
      </pre>
    </section>
  );
}
