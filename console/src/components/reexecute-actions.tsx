// Re-execute a finished run: every step again, or only what failed (its failed steps and what they did not
// let run; the steps that succeeded are not run again, their stored outputs are loaded). Offered when the
// caller may launch re-executions; "from failure" only for a run that failed or was canceled. The API's
// refusal (e.g. a missing stored output) is shown beside the buttons; on success the new run's page opens.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { request } from '../api/client';
import { ReexecuteRunDocument, type ReexecutionStrategy } from '../generated/graphql';

const FAILED = new Set(['FAILURE', 'CANCELED']);

export function ReexecuteActions({ runId, status }: { runId: string; status: string }) {
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  const reexecute = async (strategy: ReexecutionStrategy) => {
    setPending(true);
    setError(undefined);
    try {
      const { launchRunReexecution: result } = await request(ReexecuteRunDocument, { parentRunId: runId, strategy });
      if (result.__typename === 'LaunchRunSuccess') return void navigate(`/runs/${result.run.runId}`);
      setError('message' in result ? result.message : `The re-execution was refused (${result.__typename}).`);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setPending(false);
    }
  };

  return (
    <p className="actions">
      <button type="button" disabled={pending} onClick={() => void reexecute('ALL_STEPS')}>
        Re-execute all
      </button>
      {FAILED.has(status) ? (
        <button type="button" disabled={pending} onClick={() => void reexecute('FROM_FAILURE')}>
          Re-execute from failure
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </p>
  );
}
