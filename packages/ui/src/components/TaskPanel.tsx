/**
 * Everything about one node of a run: its attempts (retries and loop iterations), and for the chosen attempt
 * the timings, worker, reason, input, output and logs; plus the task-level operations (rerun from here,
 * skip) behind a confirmation.
 */
import { useState, type ReactNode } from 'react';
import type { Task, Workflow } from '../api/types.js';
import { getTaskLogs } from '../api/tasks.js';
import { rerunWorkflow, skipTask } from '../api/workflows.js';
import { formatDuration, spanMs, toJson } from '../format.js';
import type { GraphNode } from '../graph/model.js';
import { useAsync } from '../hooks/useAsync.js';
import { parseJsonObject } from '../json-text.js';
import { Link } from '../router.js';
import { paths } from '../routes.js';
import { isWorkflowActive, statusLabel } from '../status.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ErrorBox } from './ErrorBox.js';
import { JsonEditor } from './JsonEditor.js';
import { JsonView } from './JsonView.js';
import { Empty, Loading } from './States.js';
import { StatusBadge } from './StatusBadge.js';
import { Tabs } from './Tabs.js';
import { TaskResultActions, canReportResult } from './TaskResultActions.js';
import { Time } from './Time.js';
import { waitWakesAt } from '../wait.js';

type Tab = 'summary' | 'input' | 'output' | 'logs' | 'definition';

interface TaskPanelProps {
  workflow: Workflow;
  node: GraphNode;
  attempts: Task[];
  /** The attempt to open (defaults to the latest). */
  taskId?: string;
  onSelectAttempt: (taskId: string) => void;
  onClose: () => void;
  /** After an operation changed the run. */
  onChanged: () => void;
}

export function TaskPanel(props: TaskPanelProps) {
  const { workflow, node, attempts, onClose } = props;
  const [tab, setTab] = useState<Tab>('summary');
  const attempt = attempts.find((t) => t.taskId === props.taskId) ?? attempts.at(-1);

  return (
    <aside className="task-panel" aria-label="Task details" data-ref={node.ref}>
      <header className="task-panel-header">
        <div>
          <h2>{node.label}</h2>
          <div className="muted">
            {node.ref} · {attempt?.taskType ?? node.type}
          </div>
        </div>
        <div className="task-panel-header-right">
          <StatusBadge status={attempt?.status} />
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close task details">
            ×
          </button>
        </div>
      </header>
      {attempts.length > 1 && (
        <AttemptList attempts={attempts} selected={attempt?.taskId} onSelect={props.onSelectAttempt} />
      )}
      <Tabs
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'summary', label: 'Summary' },
          { id: 'input', label: 'Input' },
          { id: 'output', label: 'Output' },
          { id: 'logs', label: 'Logs' },
          { id: 'definition', label: 'Definition' },
        ]}
      />
      <div className="task-panel-body">
        {tab === 'definition' ? (
          <JsonView value={node.definition ?? attempt?.workflowTask} label="Task definition" />
        ) : !attempt ? (
          <Empty>This task has not been scheduled in this run.</Empty>
        ) : tab === 'summary' ? (
          <AttemptSummary task={attempt} />
        ) : tab === 'input' ? (
          <JsonView value={attempt.inputData} label="Task input" />
        ) : tab === 'output' ? (
          <JsonView value={attempt.outputData} label="Task output" />
        ) : (
          <TaskLogs taskId={attempt.taskId} />
        )}
      </div>
      <TaskActions {...props} attempt={attempt} workflow={workflow} />
    </aside>
  );
}

function AttemptList({
  attempts,
  selected,
  onSelect,
}: {
  attempts: Task[];
  selected: string | undefined;
  onSelect: (taskId: string) => void;
}) {
  return (
    <div className="attempts" aria-label="Attempts">
      {attempts.map((t, i) => (
        <button
          type="button"
          key={t.taskId}
          className={`attempt${t.taskId === selected ? ' selected' : ''}`}
          onClick={() => onSelect(t.taskId)}
          title={t.referenceTaskName}
        >
          <span className={`legend-swatch status-${t.status}`} />#{i + 1}
          {t.iteration > 0 && <span className="muted"> it.{t.iteration}</span>}
          {t.retryCount > 0 && <span className="muted"> retry {t.retryCount}</span>}
        </button>
      ))}
    </div>
  );
}

function AttemptSummary({ task }: { task: Task }) {
  const now = Date.now();
  const rows: Array<[string, ReactNode]> = [
    ['Status', statusLabel(task.status)],
    ['Task id', <code key="id">{task.taskId}</code>],
    ['Reference', task.referenceTaskName],
    ['Worker', task.workerId ?? '—'],
    ['Retry count', task.retryCount],
    ['Poll count', task.pollCount],
    ['Scheduled', <Time key="scheduled" value={task.scheduledTime} />],
    ['Started', <Time key="started" value={task.startTime} />],
    ['Ended', <Time key="ended" value={task.endTime} />],
    ['Waited in queue', formatDuration(spanMs(task.scheduledTime, task.startTime || task.endTime, now))],
    ['Ran for', formatDuration(spanMs(task.startTime, task.endTime, now))],
  ];
  if (task.iteration > 0) rows.push(['Iteration', task.iteration]);
  if (task.domain) rows.push(['Domain', task.domain]);
  const wakeAt = waitWakesAt(task);
  if (wakeAt !== undefined) {
    rows.push(['Wakes', <WakeUp key="wake" at={wakeAt} now={now} />]);
  } else if (task.callbackAfterSeconds > 0) {
    rows.push(['Callback after', `${task.callbackAfterSeconds} s`]);
  }
  if (task.retriedTaskId) rows.push(['Retry of', <code key="retried">{task.retriedTaskId}</code>]);
  if (task.subWorkflowId) {
    rows.push([
      'Child run',
      <Link key="child" to={paths.execution(task.subWorkflowId)}>
        {task.subWorkflowId}
      </Link>,
    ]);
  }
  return (
    <>
      {task.reasonForIncompletion && (
        <div className="reason" role="note">
          <strong>Reason</strong> {task.reasonForIncompletion}
        </div>
      )}
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function WakeUp({ at, now }: { at: number | null; now: number }) {
  if (at === null) return <>when a task update completes it</>;
  return (
    <span data-testid="wait-wakes-at">
      <Time value={at} /> <span className="muted">(in {formatDuration(Math.max(0, at - now))})</span>
    </span>
  );
}

function TaskLogs({ taskId }: { taskId: string }) {
  const logs = useAsync((signal) => getTaskLogs(taskId, signal), [taskId]);
  if (logs.error) return <ErrorBox error={logs.error} title="Could not load the logs" />;
  if (!logs.data) return <Loading what="logs" />;
  if (logs.data.length === 0) return <Empty>No log lines for this attempt.</Empty>;
  return (
    <ol className="task-logs">
      {logs.data.map((line, i) => (
        <li key={i}>
          <Time value={line.createdTime} /> <span>{line.log}</span>
        </li>
      ))}
    </ol>
  );
}

type Dialog = 'rerun' | 'skip' | undefined;

function TaskActions({ workflow, node, attempt, onChanged }: TaskPanelProps & { attempt: Task | undefined }) {
  const [dialog, setDialog] = useState<Dialog>(undefined);
  const [taskInput, setTaskInput] = useState('');
  const canRerun = attempt !== undefined && !isWorkflowActive(workflow.status);
  const canSkip = !node.reached && workflow.status === 'RUNNING' && node.ref !== undefined;
  const canReport = canReportResult(attempt) && isWorkflowActive(workflow.status);
  if (!canRerun && !canSkip && !canReport) return null;

  const rerun = async (): Promise<void> => {
    const parsed = parseJsonObject(taskInput);
    if (!parsed.ok) throw new Error(`Task input: ${parsed.message}`);
    await rerunWorkflow(workflow.workflowId, attempt!.taskId, parsed.value as Record<string, unknown>);
    onChanged();
  };
  const skip = async (): Promise<void> => {
    await skipTask(workflow.workflowId, node.ref!);
    onChanged();
  };

  return (
    <div className="task-panel-actions">
      {canReport && <TaskResultActions task={attempt} onChanged={onChanged} />}
      {canRerun && (
        <button
          type="button"
          onClick={() => {
            setTaskInput(toJson(attempt.inputData));
            setDialog('rerun');
          }}
        >
          Rerun from this task
        </button>
      )}
      {canSkip && (
        <button type="button" onClick={() => setDialog('skip')}>
          Skip this task
        </button>
      )}
      {dialog === 'rerun' && (
        <ConfirmDialog
          title={`Rerun from ${node.ref}`}
          confirmLabel="Rerun"
          onConfirm={rerun}
          onClose={() => setDialog(undefined)}
        >
          <p>
            Every task after this one is dropped and the run continues from here with the input below (the
            same workflow id).
          </p>
          <JsonEditor label="Task input for the rerun" value={taskInput} onChange={setTaskInput} rows={12} />
        </ConfirmDialog>
      )}
      {dialog === 'skip' && (
        <ConfirmDialog
          title={`Skip ${node.ref}`}
          confirmLabel="Skip"
          onConfirm={skip}
          onClose={() => setDialog(undefined)}
        >
          <p>The task is recorded as SKIPPED when the run reaches it, and the run goes on past it.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
