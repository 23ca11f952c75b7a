// Narrowing the runs list by job and by tags ("key=value", several separated by spaces), applied on submit.
import { useState, type FormEvent } from 'react';
import { parseTags } from '../tags';

interface Props {
  job: string;
  tags: string;
  onApply: (job: string, tags: string) => void;
}

export function RunFilters({ job, tags, onApply }: Props) {
  const [jobText, setJobText] = useState(job);
  const [tagText, setTagText] = useState(tags);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseTags(tagText);
    if ('bad' in parsed) {
      setError(`"${parsed.bad}" is not key=value.`);
      return;
    }
    setError(undefined);
    onApply(jobText.trim(), tagText.trim());
  };
  return (
    <form className="filters" onSubmit={submit} role="search" aria-label="Filter runs">
      <div className="field">
        <label htmlFor="filter-job">Job</label>
        <input id="filter-job" value={jobText} onChange={(event) => setJobText(event.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="filter-tags">Tags</label>
        <input
          id="filter-tags"
          value={tagText}
          placeholder="key=value"
          onChange={(event) => setTagText(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'filter-tags-error' : undefined}
          autoComplete="off"
        />
        {error ? (
          <p id="filter-tags-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit">Filter</button>
    </form>
  );
}
