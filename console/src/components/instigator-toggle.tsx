// Start or stop a schedule or sensor, offered as the caller's permissions allow; the API's error, if any,
// is shown beside the button.
import { useState } from 'react';

interface Props {
  name: string;
  running: boolean;
  mayStart: boolean;
  mayStop: boolean;
  /** Resolves to the API's error message, or null when the change was made. */
  change: (start: boolean) => Promise<string | null>;
  onChanged: () => void;
}

export function InstigatorToggle({ name, running, mayStart, mayStop, change, onChanged }: Props) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (running ? !mayStop : !mayStart) return null;
  const toggle = () => {
    setBusy(true);
    setError(undefined);
    change(!running).then(
      (message) => {
        setBusy(false);
        if (message === null) onChanged();
        else setError(message);
      },
      (failure: Error) => {
        setBusy(false);
        setError(failure.message);
      },
    );
  };
  return (
    <>
      <button type="button" onClick={toggle} disabled={busy} aria-label={`${running ? 'Stop' : 'Start'} ${name}`}>
        {running ? 'Stop' : 'Start'}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      ) : null}
    </>
  );
}
