/**
 * Task search (`/tasks`): every task of every run, found by free text (ids, types, reference names, input
 * and output) and by query (§6) over task fields, filtered by status, paged. A row opens its run.
 */
import type { FormEvent } from 'react';
import { searchTasks } from '../api/tasks.js';
import type { Task } from '../api/types.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { Pager } from '../components/executions/Pager.js';
import { Empty, Loading } from '../components/States.js';
import { StatusChips, TextSearchRow, useTextDrafts } from '../components/search/TextSearch.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { Time } from '../components/Time.js';
import { formatDuration, spanMs } from '../format.js';
import { useAsync } from '../hooks/useAsync.js';
import { Link, navigate, withQuery, type Location } from '../router.js';
import { paths } from '../routes.js';
import {
  taskFiltersFromUrl,
  taskFiltersToUrl,
  toTaskSearchParams,
  type TaskFilters,
} from '../search/task-filters.js';
import { TASK_STATUSES } from '../status.js';

export function TaskSearchPage({ location }: { location: Location }) {
  const filters = taskFiltersFromUrl(location.query);
  const key = JSON.stringify(filters);
  const results = useAsync((signal) => searchTasks(toTaskSearchParams(filters), signal), [key]);
  const apply = (next: Partial<TaskFilters>): void =>
    navigate(withQuery(paths.tasks, taskFiltersToUrl({ ...filters, start: 0, ...next })));

  return (
    <div className="page">
      <header className="page-header">
        <h1>Tasks</h1>
        <button type="button" onClick={() => void results.reload()} disabled={results.loading}>
          Refresh
        </button>
      </header>
      <TaskSearchForm filters={filters} onApply={apply} />
      <ErrorBox error={results.error} title="Search failed" />
      {results.data === undefined ? (
        !results.error && <Loading what="tasks" />
      ) : results.data.results.length === 0 ? (
        <Empty>No tasks match.</Empty>
      ) : (
        <>
          <TaskTable tasks={results.data.results} />
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

function TaskSearchForm({
  filters,
  onApply,
}: {
  filters: TaskFilters;
  onApply: (f: Partial<TaskFilters>) => void;
}) {
  const drafts = useTextDrafts(filters.freeText, filters.query);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply({ freeText: drafts.freeText, query: drafts.query });
  };
  return (
    <form className="search-form" onSubmit={submit} role="search">
      <TextSearchRow
        drafts={drafts}
        freeTextHint="task ids, types, reference names, values in input or output"
        queryHint='taskType = "WAIT" AND workflowType = "orders"'
      />
      <StatusChips
        statuses={TASK_STATUSES}
        selected={filters.statuses}
        onChange={(statuses) => onApply({ statuses })}
      />
    </form>
  );
}

function TaskTable({ tasks }: { tasks: Task[] }) {
  return (
    <table className="table tasks-table">
      <thead>
        <tr>
          <th>Task</th>
          <th>Type</th>
          <th>Status</th>
          <th>Run</th>
          <th className="time-cell">Scheduled</th>
          <th>Ran for</th>
          <th>Worker</th>
          <th className="reason-cell">Reason</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.taskId} data-task-id={task.taskId}>
            <td className="mono">{task.referenceTaskName}</td>
            <td>{task.taskType}</td>
            <td>
              <StatusBadge status={task.status} />
            </td>
            <td className="id-cell">
              {task.workflowType} <span className="muted">·</span>{' '}
              <Link to={paths.execution(task.workflowInstanceId)} className="mono">
                {task.workflowInstanceId}
              </Link>
            </td>
            <td className="time-cell">
              <Time value={task.scheduledTime} />
            </td>
            <td>{task.startTime ? formatDuration(spanMs(task.startTime, task.endTime)) : '—'}</td>
            <td className="mono">{task.workerId ?? '—'}</td>
            <td className="reason-cell">{task.reasonForIncompletion ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
