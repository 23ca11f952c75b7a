// The runs list's status tabs (a WAI-ARIA tab list: arrow keys move between tabs), each with its count.
import type { RunCountsQuery, RunStatus } from '../generated/graphql';

export interface StatusTab {
  id: string;
  label: string;
  statuses: RunStatus[] | null;
  count: keyof RunCountsQuery;
}

export const STATUS_TABS: StatusTab[] = [
  { id: 'all', label: 'All', statuses: null, count: 'all' },
  { id: 'queued', label: 'Queued', statuses: ['QUEUED'], count: 'queued' },
  { id: 'in-progress', label: 'In progress', statuses: ['STARTING', 'STARTED', 'CANCELING'], count: 'inProgress' },
  { id: 'done', label: 'Done', statuses: ['SUCCESS', 'FAILURE', 'CANCELED'], count: 'done' },
];

interface Props {
  selected: StatusTab;
  counts: RunCountsQuery | undefined;
  onSelect: (tab: StatusTab) => void;
}

export function StatusTabs({ selected, counts, onSelect }: Props) {
  return (
    <div role="tablist" aria-label="Run status" className="tabs">
      {STATUS_TABS.map((tab, index) => {
        const count = counts?.[tab.count];
        const isSelected = tab.id === selected.id;
        return (
          <button
            key={tab.id}
            id={`tab-${tab.id}`}
            role="tab"
            aria-selected={isSelected}
            aria-controls="runs-panel"
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab)}
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (step === 0) return;
              const next = STATUS_TABS[(index + step + STATUS_TABS.length) % STATUS_TABS.length]!;
              onSelect(next);
              document.getElementById(`tab-${next.id}`)?.focus();
            }}
          >
            {tab.label}
            {count && 'count' in count ? <span className="count">{count.count}</span> : null}
          </button>
        );
      })}
    </div>
  );
}
