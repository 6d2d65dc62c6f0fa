/**
 * Where each searchable field lives: an SQL expression over the `workflows` row (alias `w`) or the `tasks` row
 * (alias `t`, its workflow `w`). The records are typed by the protocol's field catalogs, so a field the protocol
 * lets through always has a column here.
 */
import type { TaskSearchField, WorkflowSearchField } from '@baton/protocol';

export interface Column {
  sql: string;
  /** `''` stands for "none" on the wire (parentWorkflowId): `= ''` means IS NULL. */
  emptyIsNull?: boolean;
  /** True when the expression reads the workflow `w` of a task row (task search joins it then). */
  workflowJoin?: boolean;
}

const json = (alias: string, path: string): string => `json_extract(${alias}.json, '$.${path}')`;

export const workflowColumns: Record<WorkflowSearchField, Column> = {
  workflowId: { sql: 'w.workflow_id' },
  workflowType: { sql: 'w.workflow_name' },
  version: { sql: 'w.workflow_version' },
  correlationId: { sql: 'w.correlation_id' },
  status: { sql: 'w.status' },
  startTime: { sql: 'w.start_time' },
  updateTime: { sql: 'w.update_time' },
  // 0 while the execution runs.
  endTime: { sql: 'NULLIF(w.end_time, 0)' },
  priority: { sql: 'w.priority' },
  executionTime: { sql: 'CASE WHEN w.end_time > 0 THEN w.end_time - w.start_time ELSE 0 END' },
  parentWorkflowId: { sql: 'w.parent_workflow_id', emptyIsNull: true },
  reasonForIncompletion: { sql: json('w', 'reasonForIncompletion') },
  event: { sql: json('w', 'event') },
  createdBy: { sql: json('w', 'createdBy') },
  idempotencyKey: { sql: json('w', 'idempotencyKey') },
  classifier: { sql: json('w', 'classifier') },
};

const taskTime = (path: string): Column => ({ sql: `NULLIF(${json('t', path)}, 0)` });

export const taskColumns: Record<TaskSearchField, Column> = {
  taskId: { sql: 't.task_id' },
  taskDefName: { sql: 't.task_def_name' },
  taskType: { sql: 't.task_type' },
  referenceTaskName: { sql: 't.reference_task_name' },
  status: { sql: 't.status' },
  workflowId: { sql: 't.workflow_id' },
  workflowType: { sql: 'w.workflow_name', workflowJoin: true },
  correlationId: { sql: 'w.correlation_id', workflowJoin: true },
  workflowPriority: { sql: json('t', 'workflowPriority') },
  scheduledTime: taskTime('scheduledTime'),
  startTime: taskTime('startTime'),
  updateTime: taskTime('updateTime'),
  endTime: taskTime('endTime'),
  executionTime: {
    sql: `CASE WHEN ${json('t', 'endTime')} > 0 THEN ${json('t', 'endTime')} - ${json('t', 'startTime')} ELSE 0 END`,
  },
  queueWaitTime: { sql: json('t', 'queueWaitTime') },
  reasonForIncompletion: { sql: json('t', 'reasonForIncompletion') },
  domain: { sql: json('t', 'domain') },
  workerId: { sql: json('t', 'workerId') },
};
