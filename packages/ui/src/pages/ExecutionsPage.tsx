/**
 * The executions list (`/` and `/executions`): search by free text and by query (§6), filter by status,
 * workflow type and start time, sort by a column, page through `totalHits`. The filters live in the URL.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { WorkflowSummary } from '../api/types.js';
import { listWorkflowDefs } from '../api/metadata.js';
import { searchWorkflows } from '../api/workflows.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { Empty, Loading } from '../components/States.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatDuration, formatTime } from '../format.js';
import { useAsync } from '../hooks/useAsync.js';
import { Link, navigate, withQuery, type Location } from '../router.js';
import { paths } from '../routes.js';
import {
  filtersFromUrl,
  filtersToUrl,
  nextSort,
  PAGE_SIZES,
  toSearchParams,
  type ExecutionFilters,
} from '../search/filters.js';
import { statusLabel, WORKFLOW_STATUSES } from '../status.js';

export function ExecutionsPage({ location }: { location: Location }) {
  const filters = filtersFromUrl(location.query);
  const key = JSON.stringify(filters);
  const results = useAsync((signal) => searchWorkflows(toSearchParams(filters), signal), [key]);
  const names = useAsync(
    async (signal) => [...new Set((await listWorkflowDefs(signal)).map((d) => d.name))].sort(),
    [],
  );
  const apply = (next: Partial<ExecutionFilters>): void =>
    navigate(withQuery(paths.executions, filtersToUrl({ ...filters, start: 0, ...next })));

  return (
    <div className="page">
      <header className="page-header">
        <h1>Executions</h1>
        <button type="button" onClick={() => void results.reload()} disabled={results.loading}>
          Refresh
        </button>
      </header>
      <SearchForm filters={filters} workflowTypes={names.data ?? []} onApply={apply} />
      <ErrorBox error={results.error} title="Search failed" />
      {results.data === undefined ? (
        !results.error && <Loading what="executions" />
      ) : results.data.results.length === 0 ? (
        <Empty>
          No executions match.{' '}
          {(names.data?.length ?? 0) === 0 && (
            <>
              Register a workflow under <Link to={paths.definitions}>Definitions</Link> and run it.
            </>
          )}
        </Empty>
      ) : (
        <>
          <ResultsTable rows={results.data.results} sort={filters.sort} onSort={(sort) => apply({ sort })} />
          <Pager
            start={filters.start}
            size={filters.size}
            total={results.data.totalHits}
            onPage={(start) => apply({ start })}
            onSize={(size) => apply({ size })}
          />
        </>
      )}
    </div>
  );
}

interface SearchFormProps {
  filters: ExecutionFilters;
  workflowTypes: string[];
  onApply: (next: Partial<ExecutionFilters>) => void;
}

function SearchForm({ filters, workflowTypes, onApply }: SearchFormProps) {
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
          Started after
          <input
            type="datetime-local"
            value={filters.from}
            onChange={(e) => onApply({ from: e.target.value })}
          />
        </label>
        <label className="field">
          Started before
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

const COLUMNS: Array<{ label: string; field?: string }> = [
  { label: 'Workflow', field: 'workflowType' },
  { label: 'Workflow id' },
  { label: 'Status', field: 'status' },
  { label: 'Started', field: 'startTime' },
  { label: 'Ended', field: 'endTime' },
  { label: 'Duration' },
  { label: 'Correlation id' },
  { label: 'Reason' },
];

function ResultsTable({
  rows,
  sort,
  onSort,
}: {
  rows: WorkflowSummary[];
  sort: string;
  onSort: (s: string) => void;
}) {
  const [sortField, order] = sort.split(':');
  return (
    <table className="table executions-table">
      <thead>
        <tr>
          {COLUMNS.map(({ label, field }) => (
            <th
              key={label}
              aria-sort={field === sortField ? (order === 'ASC' ? 'ascending' : 'descending') : undefined}
            >
              {field ? (
                <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, field))}>
                  {label}
                  {field === sortField && <span className="sort-mark">{order === 'ASC' ? ' ▲' : ' ▼'}</span>}
                </button>
              ) : (
                label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.workflowId} data-workflow-id={row.workflowId}>
            <td>
              {row.workflowType} <span className="muted">v{row.version}</span>
            </td>
            <td>
              <Link to={paths.execution(row.workflowId)} className="mono">
                {row.workflowId}
              </Link>
            </td>
            <td>
              <StatusBadge status={row.status} />
            </td>
            <td>{formatTime(row.startTime)}</td>
            <td>{formatTime(row.endTime)}</td>
            <td>{row.endTime ? formatDuration(row.executionTime) : '—'}</td>
            <td className="mono">{row.correlationId ?? ''}</td>
            <td className="reason-cell" title={row.reasonForIncompletion}>
              {row.reasonForIncompletion ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface PagerProps {
  start: number;
  size: number;
  total: number;
  onPage: (start: number) => void;
  onSize: (size: number) => void;
}

function Pager({ start, size, total, onPage, onSize }: PagerProps) {
  const last = Math.min(start + size, total);
  return (
    <div className="pager">
      <span data-testid="result-count">
        {total === 0 ? 'No results' : `${start + 1}–${last} of ${total}`}
      </span>
      <button type="button" onClick={() => onPage(Math.max(0, start - size))} disabled={start === 0}>
        ← Previous
      </button>
      <button type="button" onClick={() => onPage(start + size)} disabled={last >= total}>
        Next →
      </button>
      <label className="inline-field">
        Per page
        <select value={size} onChange={(e) => onSize(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
