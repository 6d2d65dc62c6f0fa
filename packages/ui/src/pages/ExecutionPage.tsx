/**
 * One run (`/execution/{workflowId}`, where the SDK's links point): its definition drawn as a graph with the
 * tasks' statuses, a timeline, input and output, and the operations. While the run can still change it is
 * re-read every 1.5 s; once it has ended the page stops asking.
 */
import { useMemo, useState } from 'react';
import type { Task, Workflow } from '../api/types.js';
import { getWorkflow } from '../api/workflows.js';
import { ErrorBox } from '../components/ErrorBox.js';
import { ExecutionActions } from '../components/ExecutionActions.js';
import { JsonView } from '../components/JsonView.js';
import { Loading } from '../components/States.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { StatusLegend } from '../components/StatusLegend.js';
import { Tabs } from '../components/Tabs.js';
import { TaskPanel } from '../components/TaskPanel.js';
import { Timeline } from '../components/Timeline.js';
import { WorkflowGraph } from '../components/WorkflowGraph.js';
import { formatDuration, spanMs } from '../format.js';
import { buildWorkflowGraph, nodeIdOf } from '../graph/model.js';
import { baseRefOf, TaskIndex } from '../graph/task-index.js';
import { useAsync, useInterval } from '../hooks/useAsync.js';
import { Link } from '../router.js';
import { paths } from '../routes.js';
import { isWorkflowActive } from '../status.js';
import { Time } from '../components/Time.js';

export const LIVE_REFRESH_MS = 1500;

type Tab = 'graph' | 'timeline' | 'io' | 'json';

interface Selection {
  nodeId: string;
  taskId?: string;
}

export function ExecutionPage({ workflowId }: { workflowId: string }) {
  const run = useAsync((signal) => getWorkflow(workflowId, signal), [workflowId]);
  const workflow = run.data;
  const live = workflow !== undefined && isWorkflowActive(workflow.status);
  // A slow answer is waited for rather than aborted by the next tick.
  useInterval(
    () => {
      if (!run.loading) void run.reload();
    },
    LIVE_REFRESH_MS,
    live,
  );

  if (!workflow) {
    return run.error ? (
      <div className="page">
        <h1>Run {workflowId}</h1>
        <ErrorBox error={run.error} title="Could not load this run" />
      </div>
    ) : (
      <Loading what="the run" />
    );
  }
  return <ExecutionView workflow={workflow} live={live} staleError={run.error} reload={run.reload} />;
}

interface ExecutionViewProps {
  workflow: Workflow;
  live: boolean;
  staleError: unknown;
  reload: () => Promise<void>;
}

function ExecutionView({ workflow, live, staleError, reload }: ExecutionViewProps) {
  const [tab, setTab] = useState<Tab>('graph');
  const [selection, setSelection] = useState<Selection | undefined>(undefined);
  const graph = useMemo(
    () => buildWorkflowGraph(workflow.workflowDefinition, { status: workflow.status, tasks: workflow.tasks }),
    [workflow],
  );
  const index = useMemo(() => new TaskIndex(workflow.tasks), [workflow]);
  const selectedNode = selection && graph.nodes.find((n) => n.id === selection.nodeId);
  const selectTask = (task: Task): void =>
    setSelection({ nodeId: nodeIdOf(baseRefOf(task.referenceTaskName)), taskId: task.taskId });

  return (
    <div className="page execution-page">
      <ExecutionHeader workflow={workflow} live={live} reload={reload} />
      {staleError !== undefined && (
        <ErrorBox error={staleError} title="Live updates failed; showing the last state" />
      )}
      <Tabs
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'graph', label: 'Graph' },
          { id: 'timeline', label: 'Timeline' },
          { id: 'io', label: 'Input / output' },
          { id: 'json', label: 'JSON' },
        ]}
      />
      <div className="execution-body">
        <div className="execution-main">
          {tab === 'graph' && (
            <>
              <WorkflowGraph
                graph={graph}
                mode="execution"
                selectedId={selection?.nodeId}
                onSelect={(node) => setSelection({ nodeId: node.id })}
              />
              <StatusLegend />
            </>
          )}
          {tab === 'timeline' && (
            <Timeline
              tasks={workflow.tasks}
              now={Date.now()}
              selectedTaskId={selection?.taskId}
              onSelect={selectTask}
            />
          )}
          {tab === 'io' && (
            <div className="io-columns">
              <section>
                <h3>Input</h3>
                <JsonView value={workflow.input} label="Workflow input" />
              </section>
              <section>
                <h3>Output</h3>
                <JsonView value={workflow.output} label="Workflow output" />
              </section>
              {Object.keys(workflow.variables ?? {}).length > 0 && (
                <section>
                  <h3>Variables</h3>
                  <JsonView value={workflow.variables} label="Workflow variables" />
                </section>
              )}
            </div>
          )}
          {tab === 'json' && <JsonView value={workflow} label="Workflow JSON" />}
        </div>
        {selectedNode?.ref !== undefined && (
          <TaskPanel
            key={selectedNode.id}
            workflow={workflow}
            node={selectedNode}
            attempts={index.attempts(selectedNode.ref)}
            taskId={selection?.taskId}
            onSelectAttempt={(taskId) => setSelection({ nodeId: selectedNode.id, taskId })}
            onClose={() => setSelection(undefined)}
            onChanged={() => void reload()}
          />
        )}
      </div>
    </div>
  );
}

function ExecutionHeader({
  workflow,
  live,
  reload,
}: {
  workflow: Workflow;
  live: boolean;
  reload: () => Promise<void>;
}) {
  const def = workflow.workflowDefinition;
  return (
    <header className="page-header execution-header">
      <div className="execution-title">
        <h1>
          <Link to={paths.workflowDef(def.name, def.version)}>{def.name}</Link>
          <span className="version">v{def.version ?? workflow.workflowVersion}</span>
          <StatusBadge status={workflow.status} />
          {live && (
            <span
              className="live"
              title={`Refreshing every ${LIVE_REFRESH_MS / 1000} s while the run can change`}
            >
              live
            </span>
          )}
        </h1>
        <ExecutionActions workflow={workflow} onChanged={() => void reload()} />
      </div>
      <dl className="facts inline">
        <div>
          <dt>Workflow id</dt>
          <dd>
            <code data-testid="workflow-id">{workflow.workflowId}</code>
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <Time value={workflow.startTime} />
          </dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>
            <Time value={workflow.endTime} />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(spanMs(workflow.startTime, workflow.endTime))}</dd>
        </div>
        {workflow.correlationId && (
          <div>
            <dt>Correlation id</dt>
            <dd>{workflow.correlationId}</dd>
          </div>
        )}
        {workflow.parentWorkflowId && (
          <div>
            <dt>Parent run</dt>
            <dd>
              <Link to={paths.execution(workflow.parentWorkflowId)}>{workflow.parentWorkflowId}</Link>
            </dd>
          </div>
        )}
      </dl>
      {workflow.reasonForIncompletion && (
        <div className="reason" role="note">
          <strong>Reason</strong> {workflow.reasonForIncompletion}
        </div>
      )}
    </header>
  );
}
