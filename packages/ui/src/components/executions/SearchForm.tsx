/** The executions list's search: free text, a raw query, status chips, workflow and start-time bounds. */
import { useEffect, useState, type FormEvent } from 'react';
import type { ExecutionFilters } from '../../search/filters.js';
import { statusLabel, WORKFLOW_STATUSES } from '../../status.js';
import { useTimeZoneMode } from '../../preferences/store.js';

export interface SearchFormProps {
  filters: ExecutionFilters;
  workflowTypes: string[];
  onApply: (next: Partial<ExecutionFilters>) => void;
}

export function SearchForm({ filters, workflowTypes, onApply }: SearchFormProps) {
  const zoneNote = useTimeZoneMode() === 'utc' ? ' (UTC)' : '';
  const [freeText, setFreeText] = useState(filters.freeText);
  const [query, setQuery] = useState(filters.query);
  // Follow the URL when it changes under the form (Back, a link).
  useEffect(() => setFreeText(filters.freeText), [filters.freeText]);
  useEffect(() => setQuery(filters.query), [filters.query]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply({ freeText, query });
  };
  const toggle = (status: ExecutionFilters['statuses'][number]): void =>
    onApply({
      statuses: filters.statuses.includes(status)
        ? filters.statuses.filter((s) => s !== status)
        : [...filters.statuses, status],
    });

  return (
    <form className="search-form" onSubmit={submit} role="search">
      <div className="search-row">
        <label className="field grow">
          Free text
          <input
            name="freeText"
            value={freeText}
            onChange={(e) => setFreeText(e.target.value)}
            placeholder='ids, correlation ids, values in input or output, workflowType:"orders"'
          />
        </label>
        <label className="field grow">
          Query
          <input
            name="query"
            className="mono"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder='status IN (FAILED,TIMED_OUT) AND correlationId = "order-42"'
          />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </div>
      <div className="search-row">
        <div className="field">
          Status
          <div className="chips">
            {WORKFLOW_STATUSES.map((status) => (
              <button
                key={status}
                type="button"
                className={`chip status-${status}${filters.statuses.includes(status) ? ' on' : ''}`}
                aria-pressed={filters.statuses.includes(status)}
                onClick={() => toggle(status)}
              >
                {statusLabel(status)}
              </button>
            ))}
          </div>
        </div>
        <label className="field">
          Workflow
          <select value={filters.workflowType} onChange={(e) => onApply({ workflowType: e.target.value })}>
            <option value="">any</option>
            {workflowTypes.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Started after{zoneNote}
          <input
            type="datetime-local"
            value={filters.from}
            onChange={(e) => onApply({ from: e.target.value })}
          />
        </label>
        <label className="field">
          Started before{zoneNote}
          <input type="datetime-local" value={filters.to} onChange={(e) => onApply({ to: e.target.value })} />
        </label>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setFreeText('');
            setQuery('');
            onApply({ freeText: '', query: '', statuses: [], workflowType: '', from: '', to: '' });
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
