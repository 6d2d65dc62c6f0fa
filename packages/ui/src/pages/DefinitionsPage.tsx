/** Definitions (`/definitions`): workflow definitions (latest version of each name) and task definitions. */
import { useState } from 'react';
import type { TaskDef, WorkflowDef } from '../api/types.js';
import { listTaskDefs, listWorkflowDefs } from '../api/metadata.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { Empty, Loading } from '../components/States.js';
import { Tabs } from '../components/Tabs.js';

import { useAsync } from '../hooks/useAsync.js';
import { Link, navigate, type Location } from '../router.js';
import { paths } from '../routes.js';
import { Time } from '../components/Time.js';

type Tab = 'workflows' | 'tasks';

export function DefinitionsPage({ location }: { location: Location }) {
  const tab: Tab = location.query.get('tab') === 'tasks' ? 'tasks' : 'workflows';
  const [filter, setFilter] = useState('');
  return (
    <div className="page">
      <header className="page-header">
        <h1>Definitions</h1>
        <div className="button-row">
          <Link to={paths.newWorkflowDef} className="button">
            New workflow definition
          </Link>
          <Link to={paths.newTaskDef} className="button">
            New task definition
          </Link>
        </div>
      </header>
      <div className="toolbar">
        <Tabs
          active={tab}
          onChange={(next) =>
            navigate(next === 'tasks' ? paths.taskDefinitions : paths.definitions, { replace: true })
          }
          tabs={[
            { id: 'workflows', label: 'Workflows' },
            { id: 'tasks', label: 'Task definitions' },
          ]}
        />
        <input
          className="filter-input"
          aria-label="Filter by name"
          placeholder="Filter by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {tab === 'workflows' ? <WorkflowDefList filter={filter} /> : <TaskDefList filter={filter} />}
    </div>
  );
}

function WorkflowDefList({ filter }: { filter: string }) {
  const defs = useAsync((signal) => listWorkflowDefs(signal), []);
  if (defs.error) return <ErrorBox error={defs.error} title="Could not load the workflow definitions" />;
  if (!defs.data) return <Loading what="workflow definitions" />;
  const latest = latestVersions(defs.data).filter((d) =>
    d.def.name.toLowerCase().includes(filter.toLowerCase()),
  );
  if (latest.length === 0) {
    return (
      <Empty>{filter ? 'No workflow definition matches.' : 'No workflow definitions registered yet.'}</Empty>
    );
  }
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Latest version</th>
          <th>Versions</th>
          <th>Tasks</th>
          <th>Description</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {latest.map(({ def, versions }) => (
          <tr key={def.name}>
            <td>
              <Link to={paths.workflowDef(def.name)}>{def.name}</Link>
            </td>
            <td>{def.version ?? 1}</td>
            <td>{versions}</td>
            <td>{def.tasks.length}</td>
            <td className="muted">{def.description ?? ''}</td>
            <td>
              <Time value={def.updateTime ?? def.createTime} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function latestVersions(defs: WorkflowDef[]): Array<{ def: WorkflowDef; versions: number }> {
  const byName = new Map<string, { def: WorkflowDef; versions: number }>();
  for (const def of defs) {
    const seen = byName.get(def.name);
    if (!seen) byName.set(def.name, { def, versions: 1 });
    else {
      seen.versions += 1;
      if ((def.version ?? 1) > (seen.def.version ?? 1)) seen.def = def;
    }
  }
  return [...byName.values()].sort((a, b) => a.def.name.localeCompare(b.def.name));
}

function TaskDefList({ filter }: { filter: string }) {
  const defs = useAsync((signal) => listTaskDefs(signal), []);
  if (defs.error) return <ErrorBox error={defs.error} title="Could not load the task definitions" />;
  if (!defs.data) return <Loading what="task definitions" />;
  const shown = defs.data
    .filter((d) => d.name.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (shown.length === 0) {
    return <Empty>{filter ? 'No task definition matches.' : 'No task definitions registered yet.'}</Empty>;
  }
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Retries</th>
          <th>Timeout</th>
          <th>Response timeout</th>
          <th>Limits</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((def) => (
          <tr key={def.name}>
            <td>
              <Link to={paths.taskDef(def.name)}>{def.name}</Link>
            </td>
            <td>{retries(def)}</td>
            <td>
              {def.timeoutSeconds
                ? `${def.timeoutSeconds} s (${def.timeoutPolicy ?? 'TIME_OUT_WF'})`
                : 'none'}
            </td>
            <td>{def.responseTimeoutSeconds ?? 3600} s</td>
            <td>{limits(def)}</td>
            <td className="muted">{def.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const retries = (def: TaskDef): string =>
  `${def.retryCount ?? 3} × ${def.retryLogic ?? 'FIXED'} ${def.retryDelaySeconds ?? 60} s`;

function limits(def: TaskDef): string {
  const parts: string[] = [];
  if (def.concurrentExecLimit) parts.push(`${def.concurrentExecLimit} at a time`);
  if (def.rateLimitPerFrequency)
    parts.push(`${def.rateLimitPerFrequency} per ${def.rateLimitFrequencyInSeconds ?? 1} s`);
  return parts.join(', ') || '—';
}
