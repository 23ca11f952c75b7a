// Deleting a pool limit, confirmed in a modal <dialog>; what happens next is said before it is done.
import { useEffect, useRef, useState } from 'react';
import { request } from '../api/client';
import { DeletePoolLimitDocument } from '../generated/graphql';

export function DeletePoolDialog({ concurrencyKey, onClose }: { concurrencyKey: string; onClose: (changed: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const remove = () =>
    request(DeletePoolLimitDocument, { concurrencyKey }).then(
      () => onClose(true),
      (failure: Error) => setError(failure.message),
    );
  return (
    <dialog ref={dialog} aria-labelledby="delete-pool-title" onClose={() => onClose(false)}>
      <h2 id="delete-pool-title">Delete the limit of {concurrencyKey}?</h2>
      <p>The pool becomes unlimited, or follows the default pool limit when one is configured.</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void remove()}>
          Delete limit
        </button>
      </div>
    </dialog>
  );
}
