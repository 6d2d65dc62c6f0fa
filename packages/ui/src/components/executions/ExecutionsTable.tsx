/**
 * One page of runs: sortable columns, a checkbox per row for the bulk operations, and a layout that fits a
 * 1280 px window (ids and times wrap, the reason gets a readable share of the width and wraps too).
 */
import type { WorkflowSummary } from '../../api/types.js';
import { formatDuration } from '../../format.js';
import { Link } from '../../router.js';
import { paths } from '../../routes.js';
import { nextSort } from '../../search/filters.js';
import { StatusBadge } from '../StatusBadge.js';
import { Time } from '../Time.js';

const COLUMNS: Array<{ label: string; field?: string; className?: string }> = [
  { label: 'Workflow', field: 'workflowType' },
  { label: 'Workflow id', className: 'id-cell' },
  { label: 'Status', field: 'status' },
  { label: 'Started', field: 'startTime', className: 'time-cell' },
  { label: 'Ended', field: 'endTime', className: 'time-cell' },
  { label: 'Duration' },
  { label: 'Correlation id' },
  { label: 'Reason', className: 'reason-cell' },
];

interface ExecutionsTableProps {
  rows: WorkflowSummary[];
  sort: string;
  onSort: (sort: string) => void;
  selected: ReadonlySet<string>;
  onSelect: (workflowIds: string[], on: boolean) => void;
}

export function ExecutionsTable({ rows, sort, onSort, selected, onSelect }: ExecutionsTableProps) {
  const [sortField, order] = sort.split(':');
  const ids = rows.map((r) => r.workflowId);
  const allOn = ids.length > 0 && ids.every((id) => selected.has(id));
  return (
    <table className="table executions-table">
      <thead>
        <tr>
          <th className="select-cell">
            <input
              type="checkbox"
              aria-label="Select every run on this page"
              checked={allOn}
              onChange={() => onSelect(ids, !allOn)}
            />
          </th>
          {COLUMNS.map(({ label, field, className }) => (
            <th
              key={label}
              className={className}
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
            <td className="select-cell">
              <input
                type="checkbox"
                aria-label={`Select ${row.workflowId}`}
                checked={selected.has(row.workflowId)}
                onChange={(e) => onSelect([row.workflowId], e.target.checked)}
              />
            </td>
            <td>
              {row.workflowType} <span className="muted">v{row.version}</span>
            </td>
            <td className="id-cell">
              <Link to={paths.execution(row.workflowId)} className="mono">
                {row.workflowId}
              </Link>
            </td>
            <td>
              <StatusBadge status={row.status} />
            </td>
            <td className="time-cell">
              <Time value={row.startTime} />
            </td>
            <td className="time-cell">
              <Time value={row.endTime} />
            </td>
            <td>{row.endTime ? formatDuration(row.executionTime) : '—'}</td>
            <td className="mono">{row.correlationId ?? ''}</td>
            <td className="reason-cell">{row.reasonForIncompletion ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
