/**
 * The fields a search may name (§6): WorkflowSummary fields for workflow search, TaskSummary fields for task
 * search (§2.9). `time` fields hold epoch milliseconds; a query may also give them as ISO-8601 strings.
 * `sortable` fields are backed by a column of their own; the others are read out of the stored JSON.
 */

export type SearchFieldType = 'text' | 'number' | 'time';

export interface SearchField {
  type: SearchFieldType;
  sortable: boolean;
}

const text = { type: 'text', sortable: true } as const;
const number = { type: 'number', sortable: true } as const;
const time = { type: 'time', sortable: true } as const;
const unsortable = <T extends SearchField>(field: T): T & { sortable: false } => ({
  ...field,
  sortable: false,
});

export const WORKFLOW_SEARCH_FIELDS = {
  workflowId: text,
  workflowType: text,
  version: number,
  correlationId: text,
  status: text,
  startTime: time,
  updateTime: time,
  endTime: time,
  priority: number,
  executionTime: number,
  parentWorkflowId: text,
  reasonForIncompletion: unsortable(text),
  event: unsortable(text),
  createdBy: unsortable(text),
  idempotencyKey: unsortable(text),
  classifier: unsortable(text),
} as const satisfies Record<string, SearchField>;

export type WorkflowSearchField = keyof typeof WORKFLOW_SEARCH_FIELDS;

export const TASK_SEARCH_FIELDS = {
  taskId: text,
  taskDefName: text,
  taskType: text,
  referenceTaskName: text,
  status: text,
  workflowId: text,
  workflowType: text,
  correlationId: text,
  workflowPriority: unsortable(number),
  scheduledTime: unsortable(time),
  startTime: unsortable(time),
  updateTime: unsortable(time),
  endTime: unsortable(time),
  executionTime: unsortable(number),
  queueWaitTime: unsortable(number),
  reasonForIncompletion: unsortable(text),
  domain: unsortable(text),
  workerId: unsortable(text),
} as const satisfies Record<string, SearchField>;

export type TaskSearchField = keyof typeof TASK_SEARCH_FIELDS;

export type SearchFields = Readonly<Record<string, SearchField>>;
