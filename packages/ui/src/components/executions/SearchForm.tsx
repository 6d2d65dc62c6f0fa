/** The executions list's search: free text, a raw query, status chips, workflow and start-time bounds. */
import type { FormEvent } from 'react';
import type { ExecutionFilters } from '../../search/filters.js';
import { WORKFLOW_STATUSES } from '../../status.js';
import { StatusChips, TextSearchRow, useTextDrafts } from '../search/TextSearch.js';
import { useTimeZoneMode } from '../../preferences/store.js';

export interface SearchFormProps {
  filters: ExecutionFilters;
  workflowTypes: string[];
  onApply: (next: Partial<ExecutionFilters>) => void;
}

export function SearchForm({ filters, workflowTypes, onApply }: SearchFormProps) {
  const zoneNote = useTimeZoneMode() === 'utc' ? ' (UTC)' : '';
  const drafts = useTextDrafts(filters.freeText, filters.query);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply({ freeText: drafts.freeText, query: drafts.query });
  };

  return (
    <form className="search-form" onSubmit={submit} role="search">
      <TextSearchRow
        drafts={drafts}
        freeTextHint='ids, correlation ids, values in input or output, workflowType:"orders"'
        queryHint='status IN (FAILED,TIMED_OUT) AND correlationId = "order-42"'
      />
      <div className="search-row">
        <StatusChips
          statuses={WORKFLOW_STATUSES}
          selected={filters.statuses}
          onChange={(statuses) => onApply({ statuses })}
        />
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
            drafts.setFreeText('');
            drafts.setQuery('');
            onApply({ freeText: '', query: '', statuses: [], workflowType: '', from: '', to: '' });
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
