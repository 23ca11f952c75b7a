// Launching a job, or an asset selection, with tags and optional run config (YAML), in a modal <dialog>.
// Tags are checked here; everything else by the API, whose typed errors are shown next to the field they
// concern (InvalidTagsError under Tags, RunConfigValidationInvalid under Run config). A launched run opens.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { request } from '../api/client';
import { LaunchRunDocument, type JobOrPipelineSelector } from '../generated/graphql';
import { parseTags } from '../tags';

type Field = 'tags' | 'config' | 'form';

/** Which field an unsuccessful launch's result concerns. */
const FIELD_OF: Record<string, Field> = { InvalidTagsError: 'tags', RunConfigValidationInvalid: 'config' };

export function LaunchDialog({ title, selector, onClose }: { title: string; selector: JobOrPipelineSelector; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const [tags, setTags] = useState('');
  const [config, setConfig] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseTags(tags);
    if ('bad' in parsed) {
      setErrors({ tags: `"${parsed.bad}" is not key=value.` });
      return;
    }
    setErrors({});
    setBusy(true);
    const executionParams = {
      selector,
      executionMetadata: { tags: parsed.tags },
      runConfigData: config.trim() === '' ? undefined : config,
    };
    request(LaunchRunDocument, { executionParams }).then(
      ({ launchRun }) => {
        setBusy(false);
        if (launchRun.__typename === 'LaunchRunSuccess') void navigate(`/runs/${launchRun.run.runId}`);
        else {
          // InvalidStepError and InvalidOutputError carry no message in Dagster's schema: name the refusal.
          const message = 'message' in launchRun ? launchRun.message : `The launch was refused (${launchRun.__typename}).`;
          setErrors({ [FIELD_OF[launchRun.__typename] ?? 'form']: message });
        }
      },
      (error: Error) => {
        setBusy(false);
        setErrors({ form: error.message });
      },
    );
  };

  return (
    <dialog ref={dialog} aria-labelledby="launch-title" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="launch-title">{title}</h2>
        <div className="field">
          <label htmlFor="launch-tags">Tags</label>
          <input
            id="launch-tags"
            value={tags}
            placeholder="key=value"
            onChange={(event) => setTags(event.target.value)}
            aria-invalid={errors.tags ? true : undefined}
            aria-describedby={errors.tags ? 'launch-tags-error' : undefined}
            autoComplete="off"
          />
          {errors.tags ? (
            <p id="launch-tags-error" className="field-error" role="alert">
              {errors.tags}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="launch-config">Run config (YAML, optional)</label>
          <textarea
            id="launch-config"
            rows={5}
            value={config}
            onChange={(event) => setConfig(event.target.value)}
            aria-invalid={errors.config ? true : undefined}
            aria-describedby={errors.config ? 'launch-config-error' : undefined}
          />
          {errors.config ? (
            <p id="launch-config-error" className="field-error" role="alert">
              {errors.config}
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
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Launching…' : 'Launch run'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
