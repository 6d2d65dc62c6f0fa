/**
 * The run-level operations, each behind a confirmation that shows the server's answer when it refuses.
 * Buttons follow the run's status (§3.1); the server stays the judge of what is allowed.
 */
import { useState } from 'react';
import type { Workflow } from '../api/types.js';
import {
  pauseWorkflow,
  restartWorkflow,
  resumeWorkflow,
  retryWorkflow,
  terminateWorkflow,
} from '../api/workflows.js';
import { isWorkflowActive } from '../status.js';
import { ConfirmDialog } from './ConfirmDialog.js';

type Action = 'pause' | 'resume' | 'terminate' | 'retry' | 'restart';

interface ExecutionActionsProps {
  workflow: Workflow;
  onChanged: () => void;
}

export function ExecutionActions({ workflow, onChanged }: ExecutionActionsProps) {
  const [open, setOpen] = useState<Action | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [useLatest, setUseLatest] = useState(false);
  const { status, workflowId } = workflow;
  const active = isWorkflowActive(status);

  const available: Array<{ action: Action; label: string; show: boolean; danger?: boolean }> = [
    { action: 'pause', label: 'Pause', show: status === 'RUNNING' },
    { action: 'resume', label: 'Resume', show: status === 'PAUSED' },
    { action: 'terminate', label: 'Terminate', show: active, danger: true },
    { action: 'retry', label: 'Retry', show: !active && status !== 'COMPLETED' },
    { action: 'restart', label: 'Restart', show: !active },
  ];

  const run = async (action: Action): Promise<void> => {
    switch (action) {
      case 'pause':
        return pauseWorkflow(workflowId);
      case 'resume':
        return resumeWorkflow(workflowId);
      case 'terminate':
        return terminateWorkflow(workflowId, reason);
      case 'retry':
        return retryWorkflow(workflowId);
      case 'restart':
        return restartWorkflow(workflowId, useLatest);
    }
  };

  const explanations: Record<Action, string> = {
    pause: 'No new tasks are scheduled until the run is resumed; tasks already handed out can still finish.',
    resume: 'The run continues scheduling tasks.',
    terminate: 'The run ends as TERMINATED and its unfinished tasks are canceled. This cannot be undone.',
    retry: 'The failed tasks are scheduled again and the run continues from them.',
    restart: 'The run starts over from its first task with the same input and the same workflow id.',
  };

  return (
    <div className="actions" aria-label="Run actions" data-needs="workflow:manage">
      {available
        .filter((a) => a.show)
        .map(({ action, label, danger }) => (
          <button
            key={action}
            type="button"
            className={danger ? 'danger-outline' : undefined}
            onClick={() => setOpen(action)}
          >
            {label}
          </button>
        ))}
      {open && (
        <ConfirmDialog
          title={`${available.find((a) => a.action === open)?.label} this run?`}
          confirmLabel={available.find((a) => a.action === open)?.label ?? 'Confirm'}
          danger={open === 'terminate'}
          onConfirm={async () => {
            await run(open);
            onChanged();
          }}
          onClose={() => setOpen(undefined)}
        >
          <p>{explanations[open]}</p>
          {open === 'terminate' && (
            <label className="field">
              Reason
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="Why it is stopped"
              />
            </label>
          )}
          {open === 'restart' && (
            <label className="checkbox">
              <input type="checkbox" checked={useLatest} onChange={(e) => setUseLatest(e.target.checked)} />
              Use the latest version of the definition
            </label>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
