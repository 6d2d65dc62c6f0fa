/**
 * Completes or fails a WAIT or HUMAN task as its worker would (`POST /api/tasks`), with output JSON and, for a
 * failure, a reason: these tasks wait for exactly that from a person or another system.
 */
import { useState } from 'react';
import { reportTaskResult } from '../api/tasks.js';
import type { JsonObject, Task } from '../api/types.js';
import { parseJsonObject } from '../json-text.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { JsonEditor } from './JsonEditor.js';

/** The task types that wait for an outside result. */
const WAITING_TYPES = new Set(['WAIT', 'HUMAN']);

export const canReportResult = (task: Task | undefined): task is Task =>
  task !== undefined &&
  WAITING_TYPES.has(task.taskType) &&
  (task.status === 'IN_PROGRESS' || task.status === 'SCHEDULED');

type Outcome = 'COMPLETED' | 'FAILED';

export function TaskResultActions({ task, onChanged }: { task: Task; onChanged: () => void }) {
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [output, setOutput] = useState('{}');
  const [reason, setReason] = useState('');

  const report = async (status: Outcome): Promise<void> => {
    const parsed = parseJsonObject(output);
    if (!parsed.ok) throw new Error(`Output: ${parsed.message}`);
    await reportTaskResult({
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status,
      outputData: parsed.value as JsonObject,
      ...(status === 'FAILED' && { reasonForIncompletion: reason }),
    });
    onChanged();
  };

  return (
    <span data-needs="task:work">
      <button type="button" className="primary" onClick={() => setOutcome('COMPLETED')}>
        Complete…
      </button>
      <button type="button" className="danger-outline" onClick={() => setOutcome('FAILED')}>
        Fail…
      </button>
      {outcome && (
        <ConfirmDialog
          title={`${outcome === 'COMPLETED' ? 'Complete' : 'Fail'} ${task.referenceTaskName}`}
          confirmLabel={outcome === 'COMPLETED' ? 'Complete the task' : 'Fail the task'}
          danger={outcome === 'FAILED'}
          onConfirm={() => report(outcome)}
          onClose={() => setOutcome(undefined)}
        >
          <p>
            {outcome === 'COMPLETED'
              ? 'The task completes with this output and the run goes on from it.'
              : 'The task fails with this output and reason; the run retries it or fails as its definition says.'}
          </p>
          <JsonEditor label="Task output" value={output} onChange={setOutput} rows={8} />
          {outcome === 'FAILED' && (
            <label className="field">
              Reason
              <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why it failed" />
            </label>
          )}
        </ConfirmDialog>
      )}
    </span>
  );
}
