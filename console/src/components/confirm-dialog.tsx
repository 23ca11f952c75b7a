// A change that cannot be undone, confirmed in a modal <dialog> (focus trapped, Escape cancels) that says
// what will happen; the API's error, if any, is shown in the dialog.
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  action: () => Promise<unknown>;
  onClose: (changed: boolean) => void;
}

export function ConfirmDialog({ title, children, confirmLabel, action, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const confirm = () => {
    setBusy(true);
    action().then(
      () => onClose(true),
      (failure: Error) => {
        setBusy(false);
        setError(failure.message);
      },
    );
  };
  return (
    <dialog ref={dialog} aria-labelledby="confirm-title" onClose={() => onClose(false)}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={confirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
