/**
 * Where each searchable field lives in PostgreSQL: an SQL expression over the `workflows` row (alias `w`) or the
 * `tasks` row (alias `t`, its workflow `w`), and its type, which says how a value is bound and compared. The
 * records are typed by the protocol's field catalogs, so a field the protocol lets through always has a column.
 */
import type { TaskSearchField, WorkflowSearchField } from '@baton/protocol';

export interface Column {
  sql: string;
  /** `integer`: an INTEGER/BIGINT column; `number`: a JSON number (numeric); `text`. */
  type: 'text' | 'integer' | 'number';
  /** The expression can be NULL (it sorts first, as in SQLite). */
  nullable?: boolean;
  /** `''` stands for "none" on the wire (parentWorkflowId): `= ''` means IS NULL. */
  emptyIsNull?: boolean;
  /** True when the expression reads the workflow `w` of a task row (task search joins it then). */
  workflowJoin?: boolean;
}

const text = (sql: string, nullable = false): Column => ({ sql, type: 'text', nullable });
const integer = (sql: string, nullable = false): Column => ({ sql, type: 'integer', nullable });
const jsonText = (alias: string, key: string): Column => text(`(${alias}.json::json ->> '${key}')`, true);
const jsonNumber = (alias: string, key: string): string => `(${alias}.json::json ->> '${key}')::numeric`;

export const workflowColumns: Record<WorkflowSearchField, Column> = {
  workflowId: text('w.workflow_id'),
  workflowType: text('w.workflow_name'),
  version: integer('w.workflow_version'),
  correlationId: text('w.correlation_id', true),
  status: text('w.status'),
  startTime: integer('w.start_time'),
  updateTime: integer('w.update_time', true),
  // 0 while the execution runs.
  endTime: integer('NULLIF(w.end_time, 0)', true),
  priority: integer('w.priority'),
  executionTime: integer('CASE WHEN w.end_time > 0 THEN w.end_time - w.start_time ELSE 0 END'),
  parentWorkflowId: { ...text('w.parent_workflow_id', true), emptyIsNull: true },
  reasonForIncompletion: jsonText('w', 'reasonForIncompletion'),
  event: jsonText('w', 'event'),
  createdBy: jsonText('w', 'createdBy'),
  idempotencyKey: jsonText('w', 'idempotencyKey'),
  classifier: jsonText('w', 'classifier'),
};

const taskNumber = (key: string): Column => ({ sql: jsonNumber('t', key), type: 'number', nullable: true });
const taskTime = (key: string): Column => ({ ...taskNumber(key), sql: `NULLIF(${jsonNumber('t', key)}, 0)` });

export const taskColumns: Record<TaskSearchField, Column> = {
  taskId: text('t.task_id'),
  taskDefName: text('t.task_def_name'),
  taskType: text('t.task_type'),
  referenceTaskName: text('t.reference_task_name'),
  status: text('t.status'),
  workflowId: text('t.workflow_id'),
  workflowType: { ...text('w.workflow_name'), workflowJoin: true },
  correlationId: { ...text('w.correlation_id', true), workflowJoin: true },
  workflowPriority: taskNumber('workflowPriority'),
  scheduledTime: taskTime('scheduledTime'),
  startTime: taskTime('startTime'),
  updateTime: taskTime('updateTime'),
  endTime: taskTime('endTime'),
  executionTime: {
    sql: `CASE WHEN ${jsonNumber('t', 'endTime')} > 0 THEN ${jsonNumber('t', 'endTime')} - ${jsonNumber('t', 'startTime')} ELSE 0 END`,
    type: 'number',
  },
  queueWaitTime: taskNumber('queueWaitTime'),
  reasonForIncompletion: jsonText('t', 'reasonForIncompletion'),
  domain: jsonText('t', 'domain'),
  workerId: jsonText('t', 'workerId'),
};
