// "Add pool limit" and "Edit limit": a modal <dialog> (the browser traps focus and closes it on Escape) whose
// errors appear next to the field they concern: a whole number is checked here, everything else (range, pool
// name) by the API, whose typed errors name their argument (extensions.argument).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, request } from '../api/client';
import { SetPoolLimitDocument } from '../generated/graphql';

interface Props {
  /** The pool being edited; null to add a limit for a pool named in the dialog. */
  pool: { concurrencyKey: string; limit: number | null } | null;
  range: { min: number; max: number };
  onClose: (changed: boolean) => void;
}

export function PoolLimitDialog({ pool, range, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(pool?.concurrencyKey ?? '');
  const [limit, setLimit] = useState(pool?.limit != null ? String(pool.limit) : '');
  const [errors, setErrors] = useState<{ concurrencyKey?: string; limit?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = key.trim();
    const value = Number(limit);
    const found: typeof errors = {};
    if (name === '') found.concurrencyKey = 'Enter the name of the pool.';
    if (limit.trim() === '' || !Number.isInteger(value)) found.limit = 'Enter a whole number.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    request(SetPoolLimitDocument, { concurrencyKey: name, limit: value }).then(
      () => onClose(true),
      (error: Error) => {
        setSaving(false);
        const argument = error instanceof ApiError ? error.argument : undefined;
        if (argument === 'limit' || argument === 'concurrencyKey') setErrors({ [argument]: error.message });
        else setErrors({ form: error.message });
      },
    );
  };

  const title = pool ? `Edit the limit of ${pool.concurrencyKey}` : 'Add pool limit';
  return (
    <dialog ref={dialog} aria-labelledby="pool-dialog-title" onClose={() => onClose(false)}>
      <form onSubmit={submit} noValidate>
        <h2 id="pool-dialog-title">{title}</h2>
        <div className="field">
          <label htmlFor="pool-key">Pool</label>
          <input
            id="pool-key"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            readOnly={pool !== null}
            aria-invalid={errors.concurrencyKey ? true : undefined}
            aria-describedby={errors.concurrencyKey ? 'pool-key-error' : undefined}
            autoComplete="off"
          />
          {errors.concurrencyKey ? (
            <p id="pool-key-error" className="field-error" role="alert">
              {errors.concurrencyKey}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="pool-limit">Limit</label>
          <input
            id="pool-limit"
            type="number"
            inputMode="numeric"
            step={1}
            value={limit}
            onChange={(event) => setLimit(event.target.value)}
            aria-invalid={errors.limit ? true : undefined}
            aria-describedby={errors.limit ? 'pool-limit-error pool-limit-hint' : 'pool-limit-hint'}
            autoFocus={pool !== null}
          />
          <p id="pool-limit-hint" className="hint">
            Steps of this pool that may run at once, {range.min} to {range.max}.
          </p>
          {errors.limit ? (
            <p id="pool-limit-error" className="field-error" role="alert">
              {errors.limit}
            </p>
          ) : null}
        </div>
        {errors.form ? (
          <p className="field-error" role="alert">
            {errors.form}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save limit'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
