/**
 * Pause, resume, terminate or retry every selected run at once (`/api/workflow/bulk/*`), each behind a
 * confirmation; the server's answer is shown per run, since each succeeds or fails on its own.
 */
import { useState } from 'react';
import type { BulkResponse } from '../../api/types.js';
import { bulkOperation, type BulkOperation } from '../../api/workflows.js';
import { ConfirmDialog } from '../ConfirmDialog.js';

const OPERATIONS: Array<{ operation: BulkOperation; label: string; explanation: string }> = [
  {
    operation: 'pause',
    label: 'Pause',
    explanation: 'No new tasks are scheduled until each run is resumed.',
  },
  { operation: 'resume', label: 'Resume', explanation: 'Each paused run continues scheduling tasks.' },
  {
    operation: 'terminate',
    label: 'Terminate',
    explanation: 'Each run ends as TERMINATED and its unfinished tasks are canceled. This cannot be undone.',
  },
  {
    operation: 'retry',
    label: 'Retry',
    explanation: 'The failed tasks of each run are scheduled again and the run continues from them.',
  },
];

export interface BulkOutcome {
  label: string;
  response: BulkResponse;
}

interface BulkActionsProps {
  selected: string[];
  onDone: (outcome: BulkOutcome) => void;
  onClear: () => void;
}

export function BulkActions({ selected, onDone, onClear }: BulkActionsProps) {
  const [open, setOpen] = useState<(typeof OPERATIONS)[number] | undefined>(undefined);
  const [reason, setReason] = useState('');
  if (selected.length === 0) return null;
  const runs = selected.length === 1 ? '1 run' : `${selected.length} runs`;

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions" data-needs="workflow:manage">
      <strong>{runs} selected</strong>
      {OPERATIONS.map((op) => (
        <button
          key={op.operation}
          type="button"
          className={op.operation === 'terminate' ? 'danger-outline' : undefined}
          onClick={() => setOpen(op)}
        >
          {op.label}
        </button>
      ))}
      <button type="button" className="link-button" onClick={onClear}>
        Clear selection
      </button>
      {open && (
        <ConfirmDialog
          title={`${open.label} ${runs}?`}
          confirmLabel={`${open.label} ${runs}`}
          danger={open.operation === 'terminate'}
          onConfirm={async () => {
            const response = await bulkOperation(open.operation, selected, reason);
            onDone({ label: open.label, response });
          }}
          onClose={() => setOpen(undefined)}
        >
          <p>{open.explanation}</p>
          {open.operation === 'terminate' && (
            <label className="field">
              Reason
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="Why they are stopped"
              />
            </label>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Which runs the last bulk operation changed, and why the others refused. */
export function BulkResults({ outcome, onDismiss }: { outcome: BulkOutcome; onDismiss: () => void }) {
  const { bulkSuccessfulResults: done, bulkErrorResults: failed } = outcome.response;
  const failures = Object.entries(failed);
  return (
    <section className={failures.length > 0 ? 'bulk-results error-box' : 'bulk-results success-box'}>
      <div className="section-header">
        <strong>
          {outcome.label}: {done.length} succeeded, {failures.length} failed
        </strong>
        <button type="button" className="icon-button" aria-label="Dismiss the results" onClick={onDismiss}>
          ×
        </button>
      </div>
      <ul className="bulk-result-list">
        {done.map((id) => (
          <li key={id} data-workflow-id={id} data-outcome="ok">
            <code>{id}</code> ✓
          </li>
        ))}
        {failures.map(([id, why]) => (
          <li key={id} data-workflow-id={id} data-outcome="failed">
            <code>{id}</code>: {why}
          </li>
        ))}
      </ul>
    </section>
  );
}
